using Guichet.Web.Pages;

namespace Guichet.Features.Releases.Pages;

/// <summary>« Prochaines versions »: the releases planned from today for the products the person may see (a client: their organisation's contracts').</summary>
internal sealed class UpcomingModel(GuichetDbContext db, IClock clock) : GatedPageModel
{
    public IReadOnlyList<ReleaseView> Releases { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var today = clock.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Europe/Paris"]).Date;
        Releases = await PlannedReleases.ListAsync(db, Caller, null, today, ct);
        return Page();
    }
}
