using Guichet.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Guichet.Features.Admin.Pages;

/// <summary>
/// Users: the list and the creation form. The administrator sets an initial password that Identity's validators
/// check (length and strength); the person must choose their own at first sign-in.
/// </summary>
internal sealed class UsersModel(GuichetDbContext db, UserManager<User> users, IClock clock) : AdminPageModel
{
    public const string StaffKind = "staff";
    public const string ClientKind = "client";

    /// <summary>The roles offered, in the order of the form, with their French names.</summary>
    public static readonly IReadOnlyList<(StaffRoles Role, string Label)> RoleChoices =
    [
        (StaffRoles.Agent, "Agent"),
        (StaffRoles.PoleManager, "Responsable de pôle"),
        (StaffRoles.AccountManager, "Chargé d'affaires"),
        (StaffRoles.Supervisor, "Superviseur"),
        (StaffRoles.Admin, "Administrateur"),
    ];

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty]
    public string? Kind { get; set; }

    [BindProperty]
    public Guid? OrganisationId { get; set; }

    [BindProperty]
    public bool IsReferent { get; set; }

    [BindProperty]
    public List<Guid> ProductIds { get; set; } = [];

    [BindProperty]
    public List<StaffRoles> Roles { get; set; } = [];

    [BindProperty]
    public List<Guid> ServedOrganisationIds { get; set; } = [];

    [BindProperty]
    public string? Password { get; set; }

    public sealed record Row(string Name, string Email, bool IsStaff, string Roles, string? Organisation);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public IReadOnlyDictionary<Guid, string> Organisations { get; private set; } = new Dictionary<Guid, string>();

    public IReadOnlyDictionary<Guid, string> Products { get; private set; } = new Dictionary<Guid, string>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Kind = ClientKind;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var email = ReadText(nameof(Email), Email, 256, required: true, "L'adresse e-mail");
        if (email is not null)
        {
            if (!Emails.IsValid(email))
            {
                ModelState.AddModelError(nameof(Email), "L'adresse e-mail n'est pas valide (exemple : prenom.nom@commune.fr).");
                email = null;
            }
            else if (Emails.IsGeneric(email))
            {
                ModelState.AddModelError(nameof(Email), "L'adresse e-mail doit être nominative (celle d'une personne, pas une adresse partagée comme contact@ ou accueil@).");
                email = null;
            }
            else if (await users.FindByEmailAsync(email) is not null)
            {
                ModelState.AddModelError(nameof(Email), "Un compte existe déjà avec cette adresse e-mail.");
                email = null;
            }
        }

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
            else if (declared.Count > 0)
            {
                var covered = await (from cp in db.ContractProducts
                                     join c in db.Contracts on cp.ContractId equals c.Id
                                     where c.OrganisationId == orgId && declared.Contains(cp.ProductId)
                                     select cp.ProductId).Distinct().ToListAsync(ct);
                var uncovered = declared.Except(covered).ToList();
                if (uncovered.Count > 0)
                {
                    var names = await db.Products.Where(p => uncovered.Contains(p.Id)).OrderBy(p => p.Name).Select(p => p.Name).ToListAsync(ct);
                    ModelState.AddModelError(nameof(ProductIds), names.Count == 0
                        ? "Un des produits cochés n'existe plus."
                        : $"Aucun contrat de l'organisation ne couvre : {string.Join(", ", names)}.");
                }
            }
        }
        else if (isStaff)
        {
            roles = Roles.Where(r => RoleChoices.Any(c => c.Role == r)).Aggregate(StaffRoles.None, (all, r) => all | r);
            if (roles == StaffRoles.None)
            {
                ModelState.AddModelError(nameof(Roles), "Cochez au moins un rôle pour un membre du personnel.");
            }

            if (served.Count > 0 && await db.Organisations.CountAsync(o => served.Contains(o.Id), ct) != served.Count)
            {
                ModelState.AddModelError(nameof(ServedOrganisationIds), "Une des organisations cochées n'existe plus.");
            }
        }

        if (string.IsNullOrEmpty(Password))
        {
            ModelState.AddModelError(nameof(Password), "Le mot de passe initial est requis.");
        }
        else if (Password.Length < Accounts.PasswordStrength.MinimumLength)
        {
            // Identity's own length check answers in English: this one comes first.
            ModelState.AddModelError(nameof(Password), $"Le mot de passe doit comporter au moins {Accounts.PasswordStrength.MinimumLength} caractères.");
        }

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
            foreach (var error in created.Errors)
            {
                var (field, message) = French(error);
                ModelState.AddModelError(field, message);
            }

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

    /// <summary>Identity's errors in French, on their field (the password validator's are French already).</summary>
    private static (string Field, string Message) French(IdentityError error) => error.Code switch
    {
        "DuplicateUserName" or "DuplicateEmail" => (nameof(Email), "Un compte existe déjà avec cette adresse e-mail."),
        "InvalidUserName" or "InvalidEmail" => (nameof(Email), "L'adresse e-mail contient des caractères non permis."),
        "PasswordTooShort" => (nameof(Password), $"Le mot de passe doit comporter au moins {Accounts.PasswordStrength.MinimumLength} caractères."),
        _ when error.Code.StartsWith("password_", StringComparison.Ordinal) => (nameof(Password), error.Description),
        _ when error.Code.StartsWith("Password", StringComparison.Ordinal) => (nameof(Password), "Ce mot de passe n'est pas accepté."),
        _ => ("", "Le compte n'a pas pu être créé."),
    };

    public static string RoleNames(StaffRoles roles) =>
        string.Join(", ", RoleChoices.Where(c => roles.HasFlag(c.Role)).Select(c => c.Label.ToLowerInvariant()));

    private async Task LoadAsync(CancellationToken ct)
    {
        Organisations = await db.Organisations.AsNoTracking().OrderBy(o => o.Name).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        Products = await db.Products.AsNoTracking().OrderBy(p => p.Name).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var all = await db.Users.AsNoTracking()
            .Select(u => new { u.DisplayName, u.Email, u.Kind, u.Roles, u.IsReferent, u.OrganisationId })
            .ToListAsync(ct);
        var french = StringComparer.Create(Web.Pages.Display.French, false);
        Rows = [.. all
            .Select(u => new Row(
                u.DisplayName,
                u.Email ?? "",
                u.Kind == UserKind.Staff,
                u.Kind == UserKind.Staff ? RoleNames(u.Roles) : u.IsReferent ? "référent" : "simple",
                u.OrganisationId is { } o ? Organisations.GetValueOrDefault(o) : null))
            .OrderBy(r => r.IsStaff ? 0 : 1)
            .ThenBy(r => r.Organisation ?? "", french)
            .ThenBy(r => r.Name, french)];
    }
}
