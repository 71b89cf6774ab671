namespace Guichet.Features.Admin.Pages;

/// <summary>
/// Users: the list (each row links to the account's page) and the creation form. The administrator sets an
/// initial password that Identity's validators check (length and strength); the person must choose their own at
/// first sign-in.
/// </summary>
internal sealed class UsersModel(GuichetDbContext db, UserManager<User> users, IClock clock) : UserFormModel
{
    public const string StaffKind = "staff";
    public const string ClientKind = "client";

    [BindProperty]
    public string? Kind { get; set; }

    [BindProperty]
    public Guid? OrganisationId { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public sealed record Row(Guid Id, string Name, string Email, bool IsStaff, string Roles, string? Organisation, bool Deactivated, bool EmailFails = false);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Kind = ClientKind;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var email = await ReadEmailAsync(users, self: null);
        var name = ReadText(nameof(DisplayName), DisplayName, 200, required: true, "Le nom");
        var isStaff = Kind == StaffKind;
        if (Kind is not (StaffKind or ClientKind))
        {
            ModelState.AddModelError(nameof(Kind), "Choisissez le type de compte : client ou personnel.");
        }

        var roles = StaffRoles.None;
        var served = ServedOrganisationIds.Distinct().ToList();
        var declared = ProductIds.Distinct().ToList();
        if (Kind == ClientKind)
        {
            if (OrganisationId is not { } orgId || !await db.Organisations.AnyAsync(o => o.Id == orgId, ct))
            {
                ModelState.AddModelError(nameof(OrganisationId), "Choisissez l'organisation de l'utilisateur.");
            }
            else
            {
                await CheckDeclaredProductsAsync(db, orgId, declared, ct);
            }
        }
        else if (isStaff)
        {
            roles = await ReadStaffAsync(db, served, ct);
        }

        CheckInitialPassword(nameof(Password), Password);
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }

        var user = new User
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = name!,
            Kind = isStaff ? UserKind.Staff : UserKind.Client,
            Roles = roles,
            OrganisationId = isStaff ? null : OrganisationId,
            IsReferent = !isStaff && IsReferent,
            MustChangePassword = true,
            CreatedAt = clock.GetCurrentInstant(),
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var created = await users.CreateAsync(user, Password!);
        if (!created.Succeeded)
        {
            AddIdentityErrors(created, nameof(Password), "Le compte n'a pas pu être créé.");

            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            await LoadAsync(ct);
            return Page();
        }

        if (isStaff)
        {
            db.StaffOrganisations.AddRange(served.Select(o => new StaffOrganisation { UserId = user.Id, OrganisationId = o }));
        }
        else
        {
            db.UserProducts.AddRange(declared.Select(p => new UserProduct { UserId = user.Id, ProductId = p }));
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return Done($"Le compte de {name} ({email}) est créé ; à sa première connexion, il choisira son propre mot de passe.");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        await LoadChoicesAsync(db, ct);
        var all = await db.Users.AsNoTracking()
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.Kind, u.Roles, u.IsReferent, u.OrganisationId, u.LockoutEnd, u.EmailUndeliverableAt })
            .ToListAsync(ct);
        var french = Web.Pages.Display.FrenchOrder;
        Rows = [.. all
            .Select(u => new Row(
                u.Id,
                u.DisplayName,
                u.Email ?? "",
                u.Kind == UserKind.Staff,
                u.Kind == UserKind.Staff ? RoleNames(u.Roles) : u.IsReferent ? "référent" : "simple",
                u.OrganisationId is { } o ? Organisations.GetValueOrDefault(o) : null,
                u.LockoutEnd >= AccountStatus.DeactivatedUntil,
                u.EmailUndeliverableAt is not null))
            .OrderBy(r => r.IsStaff ? 0 : 1)
            .ThenBy(r => r.Organisation ?? "", french)
            .ThenBy(r => r.Name, french)];
    }
}
