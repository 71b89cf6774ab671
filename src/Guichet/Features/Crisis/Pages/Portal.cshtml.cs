namespace Guichet.Features.Crisis.Pages;

/// <summary>
/// A référent: their organisation's crisis, read only — the next point due, the status points with the plan of each
/// period, the steps of the log, and the post-mortem once published. Another organisation's crisis is a 404.
/// </summary>
internal sealed class PortalModel(CrisisCells crises, IClock clock) : CrisisPageModel(crises, clock)
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();
}
