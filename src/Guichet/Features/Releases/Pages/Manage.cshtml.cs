using Guichet.Web.Pages;

namespace Guichet.Features.Releases.Pages;

/// <summary>
/// « Versions prévues » for staff: the planned releases of every product, added, moved and removed through the use
/// cases of <c>/api/v1/releases</c> (the open tickets whose due depends on a release follow it).
/// </summary>
internal sealed class ManageModel(GuichetDbContext db, IClock clock) : FormPageModel
{
    [BindProperty] public Guid? ProductId { get; set; }

    [BindProperty] public string? Kind { get; set; } = "quarterly";

    [BindProperty] public string? Name { get; set; }

    [BindProperty] public string? PlannedOn { get; set; }

    /// <summary>The release being moved (its form is filled with it), if any.</summary>
    [BindProperty(SupportsGet = true)] public Guid? Edit { get; set; }

    public IReadOnlyList<ReleaseView> Releases { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Name)> Products { get; private set; } = [];

    public bool MayEdit => Caller.IsTechnicalStaff;

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => LoadAsync(fill: true, ct);

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        var request = new PlannedReleases.ReleaseRequest(ProductId, Kind, Name, PlannedOn);
        var outcome = Edit is { } id
            ? await PlannedReleases.UpdateAsync(db, clock, Caller, id, request, ct)
            : await PlannedReleases.CreateAsync(db, clock, Caller, request, ct);
        if (!outcome.TryGet(out var changed, out var failure))
        {
            return await RefusedAsync(failure, Fields, () => LoadAsync(fill: false, ct));
        }

        TempData["Flash"] = $"Version {changed.Release.Name} ({changed.Release.KindLabel}) enregistrée pour le {changed.Release.PlannedOn.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture)}"
            + (changed.TicketsMoved > 0 ? $" ; l'échéance de {changed.TicketsMoved} demande(s) ouverte(s) a suivi." : ".");
        return Redirect("/bureau/versions");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        if (!(await PlannedReleases.DeleteAsync(db, clock, Caller, id, ct)).TryGet(out var changed, out var failure))
        {
            return await RefusedAsync(failure, null, () => LoadAsync(fill: false, ct));
        }

        TempData["Flash"] = $"Version {changed.Release.Name} supprimée"
            + (changed.TicketsMoved > 0 ? $" ; {changed.TicketsMoved} demande(s) ouverte(s) dépendent désormais de la suivante." : ".");
        return Redirect("/bureau/versions");
    }

    private static readonly Dictionary<string, string> Fields = new()
    {
        ["productId"] = nameof(ProductId),
        ["kind"] = nameof(Kind),
        ["name"] = nameof(Name),
        ["plannedOn"] = nameof(PlannedOn),
    };

    private async Task<IActionResult> LoadAsync(bool fill, CancellationToken ct)
    {
        Releases = await PlannedReleases.ListAsync(db, Caller, null, null, ct);
        Products = [.. (await db.Products.AsNoTracking().OrderBy(p => p.Name).Select(p => new { p.Id, p.Name }).ToListAsync(ct)).Select(p => (p.Id, p.Name))];
        if (Edit is { } id)
        {
            if (Releases.FirstOrDefault(r => r.Id == id) is not { } edited)
            {
                return NotFound();
            }

            if (fill)
            {
                (ProductId, Kind, Name, PlannedOn) = (edited.ProductId, edited.Kind, edited.Name, edited.PlannedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return Page();
    }
}
