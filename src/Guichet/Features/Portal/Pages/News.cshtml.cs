using Guichet.Features.Tickets.Pages;
using Microsoft.Extensions.Caching.Memory;

namespace Guichet.Features.Portal.Pages;

/// <summary>
/// "Informations" [LS 6.2.2]: the live news (ongoing or upcoming incidents and interventions), then the history,
/// limited to what the caller may see (<see cref="PortalRules.VisibleNews"/>).
/// </summary>
internal sealed class NewsModel(GuichetDbContext db, IMemoryCache cache, IClock clock) : PortalPageModel
{
    public const int HistorySize = 50;

    public Instant Now { get; private set; }

    public IReadOnlyList<NewsView> Live { get; private set; } = [];

    public IReadOnlyList<NewsView> History { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Now = clock.GetCurrentInstant();
        var now = Now;
        var names = await Lookups.LoadAsync(db, cache, ct);
        var visible = PortalRules.VisibleNews(db, Caller).AsNoTracking().Include(n => n.Products);

        // Not ended yet (an information without end is history at once), soonest first; then the others, latest first.
        var live = await visible.Where(n => n.EndsAt > now || (n.EndsAt == null && n.Kind != NewsKind.Information))
            .OrderBy(n => n.StartsAt).ToListAsync(ct);
        var past = await visible.Where(n => n.EndsAt <= now || (n.EndsAt == null && n.Kind == NewsKind.Information))
            .OrderByDescending(n => n.StartsAt).Take(HistorySize).ToListAsync(ct);
        Live = [.. live.Select(n => NewsView.From(n, names))];
        History = [.. past.Select(n => NewsView.From(n, names))];
        return Page();
    }
}
