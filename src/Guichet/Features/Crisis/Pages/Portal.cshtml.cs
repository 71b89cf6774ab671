namespace Guichet.Features.Crisis.Pages;

/// <summary>
/// A référent: their organisation's crisis, read only — the next point due, the status points with the plan of each
/// period, the steps of the log, and the post-mortem once published. Another organisation's crisis is a 404.
/// </summary>
internal sealed class PortalModel(CrisisCells crises, IClock clock) : GatedPageModel
{
    public CrisisView Crisis { get; private set; } = null!;

    public DateTimeZone Zone { get; private set; } = DateTimeZone.Utc;

    public Instant Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!(await crises.GetAsync(Caller, id, ct)).TryGet(out var crisis, out _))
        {
            return NotFound();
        }

        Crisis = crisis;
        Zone = await crises.ZoneAsync(crisis.OrganisationId, ct);
        Now = clock.GetCurrentInstant();
        return Page();
    }

    public string When(string iso) => CrisisDisplay.When(iso, Zone);

    public string Due(CrisisDueView due) => CrisisDisplay.Due(due, Zone, Now);
}
