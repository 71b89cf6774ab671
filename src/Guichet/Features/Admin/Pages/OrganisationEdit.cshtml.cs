namespace Guichet.Features.Admin.Pages;

/// <summary>
/// An organisation's page: its fields (the creation form's checks) and its account manager, with its contracts and
/// users. A new territory re-dates the organisation's open tickets (holidays and time zone of their clocks).
/// </summary>
internal sealed class OrganisationEditModel(GuichetDbContext db, IClock clock) : OrganisationFormModel
{
    [FromRoute]
    public Guid Id { get; set; }

    [BindProperty]
    public Guid? AccountManagerId { get; set; }

    public string Title { get; private set; } = "";

    public IReadOnlyDictionary<Guid, string> AccountManagers { get; private set; } = new Dictionary<Guid, string>();

    public IReadOnlyList<(Guid Id, string Name)> Contracts { get; private set; } = [];

    public int Users { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == Id, ct) is not { } organisation)
        {
            return NotFound();
        }

        (Name, Siret, Address, Territory, DpoName, DpoEmail, AccountManagerId) =
            (organisation.Name, organisation.Siret, organisation.Address, organisation.Territory, organisation.DpoName, organisation.DpoEmail, organisation.AccountManagerId);
        Stamp = FingerprintOf(organisation);
        Title = organisation.Name;
        await LoadAsync(organisation, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await db.Organisations.SingleOrDefaultAsync(o => o.Id == Id, ct) is not { } organisation)
        {
            return NotFound();
        }

        Title = organisation.Name;
        var values = await ReadOrganisationAsync(db, organisation.Id, ct);
        if (AccountManagerId is { } managerId && managerId != organisation.AccountManagerId
            && !(await AccountManagerChoicesAsync(ct)).ContainsKey(managerId))
        {
            ModelState.AddModelError(nameof(AccountManagerId), "Choisissez un chargé d'affaires dans la liste.");
        }

        StillAsRead(FingerprintOf(organisation), "Cette organisation a été modifiée");

        if (values is null || !ModelState.IsValid)
        {
            await LoadAsync(organisation, ct);
            return Page();
        }

        var territoryChanged = organisation.Territory != values.Territory;
        values.WriteTo(organisation).AccountManagerId = AccountManagerId;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another organisation took this SIRET meanwhile (unique index).
            db.ChangeTracker.Clear();
            ModelState.AddModelError(nameof(Siret), DuplicateSiret);
            await LoadAsync(organisation, ct);
            return Page();
        }

        if (territoryChanged)
        {
            var id = organisation.Id;
            await TicketSummaries.RefreshOpenAsync(db, t => t.OrganisationId == id, clock.GetCurrentInstant(), ct);
        }

        return Done($"L'organisation « {values.Name} » est enregistrée.", "/admin/organisations");
    }

    private static string FingerprintOf(Organisation o) =>
        Fingerprint(o.Name, o.Siret, o.Address, o.Territory, o.DpoName, o.DpoEmail, o.AccountManagerId);

    /// <summary>Active staff with the account manager role, by name.</summary>
    private async Task<Dictionary<Guid, string>> AccountManagerChoicesAsync(CancellationToken ct)
    {
        // Deactivation is read in memory: SQLite cannot compare DateTimeOffset values (and staff are few).
        var staff = await db.Users.AsNoTracking().Where(u => u.Kind == UserKind.Staff).OrderBy(u => u.DisplayName).ToListAsync(ct);
        return staff.Where(u => u.Roles.HasFlag(StaffRoles.AccountManager) && !AccountStatus.IsDeactivated(u)).ToDictionary(u => u.Id, u => u.DisplayName);
    }

    private async Task LoadAsync(Organisation organisation, CancellationToken ct)
    {
        var managers = await AccountManagerChoicesAsync(ct);

        // The one in place stays offered even if they no longer hold the role.
        if (organisation.AccountManagerId is { } current && !managers.ContainsKey(current)
            && await db.Users.AsNoTracking().Where(u => u.Id == current).Select(u => u.DisplayName).SingleOrDefaultAsync(ct) is { } name)
        {
            managers[current] = name;
        }

        AccountManagers = managers;
        var contracts = await db.Contracts.AsNoTracking().Where(c => c.OrganisationId == organisation.Id).OrderByDescending(c => c.StartsOn).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        Contracts = [.. contracts.Select(c => (c.Id, c.Name))];
        Users = await db.Users.CountAsync(u => u.OrganisationId == organisation.Id, ct);
    }
}
