namespace Guichet.Features.Admin.Pages;

/// <summary>Client organisations: the list (each row links to its edit page) and the creation form.</summary>
internal sealed class OrganisationsModel(GuichetDbContext db) : OrganisationFormModel
{
    public sealed record Row(Guid Id, string Name, string Siret, string Territory, int Users);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await ReadOrganisationAsync(db, self: null, ct) is not { } values)
        {
            await LoadAsync(ct);
            return Page();
        }

        db.Organisations.Add(values.WriteTo(new Organisation()));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another administrator created the same SIRET meanwhile (unique index).
            ModelState.AddModelError(nameof(Siret), DuplicateSiret);
            db.ChangeTracker.Clear();
            await LoadAsync(ct);
            return Page();
        }

        return Done($"L'organisation « {values.Name} » est créée.");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Territory ??= Domain.Calendars.Territory.Metropole.Id;
        var rows = await db.Organisations.AsNoTracking().OrderBy(o => o.Name)
            .Select(o => new { o.Id, o.Name, o.Siret, o.Territory, Users = db.Users.Count(u => u.OrganisationId == o.Id) })
            .ToListAsync(ct);
        Rows = [.. rows.Select(r => new Row(r.Id, r.Name, r.Siret, TerritoryName(r.Territory), r.Users))];
    }
}
