namespace Guichet.Features.Admin.Pages;

/// <summary>
/// An account's page: its information (the creation form's checks), for staff what they serve; a new initial
/// password; deactivation and reactivation (<see cref="AccountStatus"/>). What a staff member serves is read by
/// every request (<see cref="Caller"/>), so a change applies at their next page or API call: the tickets they see
/// and may be assigned, the organisations of the desk's filter.
/// </summary>
internal sealed class UserEditModel(GuichetDbContext db, UserManager<User> users, IClock clock) : UserFormModel
{
    [FromRoute]
    public Guid Id { get; set; }

    [BindProperty]
    public List<Guid> QueueIds { get; set; } = [];

    [BindProperty]
    public string? NewPassword { get; set; }

    /// <summary>The account as stored (the form may hold other values).</summary>
    public User Account { get; private set; } = null!;

    public string? OrganisationName { get; private set; }

    public bool IsSelf { get; private set; }

    public bool Deactivated => AccountStatus.IsDeactivated(Account);

    public IReadOnlyDictionary<Guid, string> Queues { get; private set; } = new Dictionary<Guid, string>();

    public string Path => $"/admin/utilisateurs/{Id}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await FindAsync(ct))
        {
            return NotFound();
        }

        await FillFormAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await FindAsync(ct))
        {
            return NotFound();
        }

        var user = Account;
        var email = await ReadEmailAsync(users, user.Id);
        var name = ReadText(nameof(DisplayName), DisplayName, 200, required: true, "Le nom");
        var declared = ProductIds.Distinct().ToList();
        var served = ServedOrganisationIds.Distinct().ToList();
        var queues = QueueIds.Distinct().ToList();
        var roles = StaffRoles.None;
        if (user.Kind == UserKind.Staff)
        {
            roles = await ReadStaffAsync(db, served, ct);
            if (queues.Count > 0 && await db.Queues.CountAsync(q => queues.Contains(q.Id), ct) != queues.Count)
            {
                ModelState.AddModelError(nameof(QueueIds), "Une des files cochées n'existe plus.");
            }

            if (IsSelf && user.Roles.HasFlag(StaffRoles.Admin) && !roles.HasFlag(StaffRoles.Admin) && roles != StaffRoles.None)
            {
                ModelState.AddModelError(nameof(Roles), "Vous ne pouvez pas retirer votre propre rôle d'administrateur : demandez-le à un autre administrateur.");
            }
        }
        else if (user.OrganisationId is { } organisationId)
        {
            await CheckDeclaredProductsAsync(db, organisationId, declared, ct);
        }

        var links = await LinksAsync(ct);
        StillAsRead(FingerprintOf(user, links), "Ce compte a été modifié");

        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!string.Equals(user.Email, email, StringComparison.OrdinalIgnoreCase))
        {
            // A new address: the delivery failure reported for the old one no longer applies.
            user.EmailUndeliverableAt = null;
            user.EmailUndeliverableReason = null;
        }

        user.Email = email;
        user.UserName = email;
        user.DisplayName = name!;
        if (user.Kind == UserKind.Staff)
        {
            // Roles the form does not offer (the telephony system's) are kept as they are.
            var offered = RoleChoices.Aggregate(StaffRoles.None, (all, c) => all | c.Role);
            user.Roles = roles | (user.Roles & ~offered);
        }
        else
        {
            user.IsReferent = IsReferent;
        }

        // Identity checks the address is still free and keeps its normalised forms in step.
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded)
        {
            AddIdentityErrors(updated, nameof(Email), "Le compte n'a pas pu être enregistré.");

            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            await FindAsync(ct);
            await LoadAsync(ct);
            return Page();
        }

        if (user.Kind == UserKind.Staff)
        {
            await db.StaffOrganisations.Where(s => s.UserId == user.Id).ExecuteDeleteAsync(ct);
            await db.StaffQueues.Where(s => s.UserId == user.Id).ExecuteDeleteAsync(ct);
            db.StaffOrganisations.AddRange(served.Select(o => new StaffOrganisation { UserId = user.Id, OrganisationId = o }));
            db.StaffQueues.AddRange(queues.Select(q => new StaffQueue { UserId = user.Id, QueueId = q }));
        }
        else
        {
            await db.UserProducts.Where(p => p.UserId == user.Id).ExecuteDeleteAsync(ct);
            db.UserProducts.AddRange(declared.Select(p => new UserProduct { UserId = user.Id, ProductId = p }));
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return Done($"Le compte de {name} ({email}) est enregistré.", "/admin/utilisateurs");
    }

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken ct)
    {
        if (!await FindAsync(ct))
        {
            return NotFound();
        }

        if (IsSelf)
        {
            ModelState.AddModelError(nameof(NewPassword), "Pour votre propre compte, utilisez la page « Changer de mot de passe ».");
        }
        else
        {
            CheckInitialPassword(nameof(NewPassword), NewPassword);
        }

        if (ModelState.IsValid)
        {
            var result = await AccountStatus.SetInitialPasswordAsync(users, db, Account, NewPassword!, clock.GetCurrentInstant(), ct);
            if (result.Succeeded)
            {
                return Done($"Le mot de passe de {Account.DisplayName} est remplacé par le mot de passe initial saisi ; à sa prochaine connexion, il devra en choisir un nouveau. Ses sessions ouvertes et ses jetons d'API sont fermés.", Path);
            }

            AddIdentityErrors(result, nameof(NewPassword), "Le mot de passe n'a pas pu être remplacé.");
        }

        await FillFormAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDeactivateAsync(CancellationToken ct)
    {
        if (!await FindAsync(ct))
        {
            return NotFound();
        }

        if (IsSelf)
        {
            ModelState.AddModelError("", "Vous ne pouvez pas désactiver votre propre compte.");
        }
        else if (!Deactivated)
        {
            var result = await AccountStatus.DeactivateAsync(users, db, Account, clock.GetCurrentInstant(), ct);
            if (!result.Succeeded)
            {
                ModelState.AddModelError("", "Le compte n'a pas pu être désactivé : recommencez.");
            }
        }

        if (!ModelState.IsValid)
        {
            await FillFormAsync(ct);
            return Page();
        }

        return Done($"Le compte de {Account.DisplayName} est désactivé : la connexion lui est refusée, ses sessions ouvertes et ses jetons d'API sont fermés.", Path);
    }

    public async Task<IActionResult> OnPostReactivateAsync(CancellationToken ct)
    {
        if (!await FindAsync(ct))
        {
            return NotFound();
        }

        if (Deactivated && !(await AccountStatus.ReactivateAsync(users, Account)).Succeeded)
        {
            ModelState.AddModelError("", "Le compte n'a pas pu être réactivé : recommencez.");
            await FillFormAsync(ct);
            return Page();
        }

        return Done($"Le compte de {Account.DisplayName} est réactivé : il peut de nouveau se connecter avec son mot de passe.", Path);
    }

    private async Task<bool> FindAsync(CancellationToken ct)
    {
        if (await db.Users.SingleOrDefaultAsync(u => u.Id == Id, ct) is not { } user)
        {
            return false;
        }

        Account = user;
        IsSelf = Caller.Id == user.Id;
        return true;
    }

    private sealed record Links(List<Guid> Products, List<Guid> Organisations, List<Guid> Queues);

    private async Task<Links> LinksAsync(CancellationToken ct) => new(
        await db.UserProducts.AsNoTracking().Where(p => p.UserId == Id).Select(p => p.ProductId).ToListAsync(ct),
        await db.StaffOrganisations.AsNoTracking().Where(s => s.UserId == Id).Select(s => s.OrganisationId).ToListAsync(ct),
        await db.StaffQueues.AsNoTracking().Where(s => s.UserId == Id).Select(s => s.QueueId).ToListAsync(ct));

    private static string FingerprintOf(User user, Links links) =>
        Fingerprint(user.Email, user.DisplayName, user.IsReferent, (int)user.Roles, links.Products, links.Organisations, links.Queues);

    /// <summary>The information form as stored (on opening, and after an action of another form of the page).</summary>
    private async Task FillFormAsync(CancellationToken ct)
    {
        var links = await LinksAsync(ct);
        (Email, DisplayName, IsReferent) = (Account.Email, Account.DisplayName, Account.IsReferent);
        Roles = [.. RoleChoices.Select(c => c.Role).Where(r => Account.Roles.HasFlag(r))];
        (ProductIds, ServedOrganisationIds, QueueIds) = (links.Products, links.Organisations, links.Queues);
        Stamp = FingerprintOf(Account, links);
        await LoadAsync(ct);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        await LoadChoicesAsync(db, ct);
        Queues = await db.Queues.AsNoTracking().OrderBy(q => q.Name).ToDictionaryAsync(q => q.Id, q => q.Name, ct);
        OrganisationName = Account.OrganisationId is { } o ? Organisations.GetValueOrDefault(o) : null;
    }
}
