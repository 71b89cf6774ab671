using Guichet.Features.Tickets.Pages;
using Microsoft.Extensions.Caching.Memory;

namespace Guichet.Features.Portal.Pages;

/// <summary>Staff: the news published (latest first) and the form to publish one.</summary>
internal sealed class AdminNewsModel(GuichetDbContext db, IMemoryCache cache, IClock clock) : NewsFormModel(db)
{
    public Instant Now { get; private set; }

    public IReadOnlyList<NewsView> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Start = Typing(clock.GetCurrentInstant());
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var item = new NewsItem { PublishedAt = now, AuthorId = Caller.Id };
        if (!await ReadIntoAsync(item, now, ct))
        {
            await LoadAsync(ct);
            return Page();
        }

        Db.Add(item);
        await Db.SaveChangesAsync(ct);
        PortalRules.NewsChanged();
        return Done($"L'information « {item.Title} » est publiée.");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Now = clock.GetCurrentInstant();
        await LoadChoicesAsync(ct);
        var names = await Lookups.LoadAsync(Db, cache, ct);
        Rows = [.. (await Db.Set<NewsItem>().AsNoTracking().Include(n => n.Products).OrderByDescending(n => n.StartsAt).Take(200).ToListAsync(ct)).Select(n => NewsView.From(n, names))];
    }
}
