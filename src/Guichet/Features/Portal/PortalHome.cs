using Guichet.Features.Tickets.Pages;

namespace Guichet.Features.Portal;

/// <summary>
/// The portal home's blocks of this feature [LS 6.2.1]: top news (the 3 latest and the pinned ones), the user's
/// favourites, the organisation's commercial contact and the number of scheduled services in the next 4 months.
/// </summary>
internal sealed class PortalHome
{
    /// <summary>How many of the latest news the home shows besides the pinned ones.</summary>
    public const int LatestNews = 3;

    public IReadOnlyList<NewsView> TopNews { get; private init; } = [];

    public IReadOnlyList<Favourite> Favourites { get; private init; } = [];

    public (string Name, string Email)? Contact { get; private init; }

    /// <summary>Scheduled services starting in the next 4 months; null for a simple user (référents only [LS 6.4]).</summary>
    public int? UpcomingServices { get; private init; }

    public Instant Now { get; private init; }

    public static async Task<PortalHome> LoadAsync(GuichetDbContext db, Lookups names, Caller caller, Instant now, DateTimeZone zone, CancellationToken ct)
    {
        var news = PortalRules.VisibleNews(db, caller).AsNoTracking().Include(n => n.Products);
        var latest = await news.OrderByDescending(n => n.PublishedAt).Take(LatestNews).ToListAsync(ct);
        var pinned = await news.Where(n => n.Pinned).OrderByDescending(n => n.PublishedAt).Take(10).ToListAsync(ct);
        var user = caller.Id;
        var org = caller.User.OrganisationId;
        var contact = await db.Organisations.AsNoTracking().Where(o => o.Id == org && o.AccountManagerId != null)
            .Join(db.Users, o => o.AccountManagerId, u => u.Id, (o, u) => new { u.DisplayName, u.Email }).FirstOrDefaultAsync(ct);
        int? upcoming = null;
        if (caller.User.IsReferent)
        {
            var until = zone.AtStartOfDay(now.InZone(zone).Date.PlusMonths(PortalRules.CalendarMonths)).ToInstant();
            upcoming = await PortalRules.VisibleServices(db, caller).CountAsync(s => s.EndsAt > now && s.StartsAt < until, ct);
        }

        return new PortalHome
        {
            Now = now,
            TopNews = [.. pinned.Concat(latest).DistinctBy(n => n.Id).Select(n => NewsView.From(n, names))],
            Favourites = await db.Set<Favourite>().AsNoTracking().Where(f => f.UserId == user).OrderBy(f => f.Name).ToListAsync(ct),
            Contact = contact is null ? null : (contact.DisplayName, contact.Email ?? ""),
            UpcomingServices = upcoming,
        };
    }
}
