using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Memory;

namespace Guichet.Features.Portal;

/// <summary>
/// Who sees what of the portal's news and scheduled services. Every page and feed starts from here: an
/// organisation's client sees the news that concern every product or a product of one of its contracts, and only its
/// own scheduled services; staff see everything.
/// </summary>
internal static class PortalRules
{
    /// <summary>
    /// News an organisation may see: no product (every product) or a product of one of its contracts, and not meant
    /// for another organisation only (a maintenance of its hosted services).
    /// </summary>
    public static IQueryable<NewsItem> NewsOf(GuichetDbContext db, Guid organisationId)
    {
        var products = db.Contracts.Where(c => c.OrganisationId == organisationId).SelectMany(c => c.Products).Select(p => p.ProductId);
        return db.Set<NewsItem>().Where(n => (n.OrganisationId == null || n.OrganisationId == organisationId)
            && (!n.Products.Any() || n.Products.Any(p => products.Contains(p.ProductId))));
    }

    /// <summary>News the caller may see: their organisation's for a client, all for staff.</summary>
    public static IQueryable<NewsItem> VisibleNews(GuichetDbContext db, Caller caller) =>
        caller.IsClient ? NewsOf(db, caller.User.OrganisationId!.Value) : db.Set<NewsItem>();

    /// <summary>Scheduled services the caller may see: their organisation's for a référent, none for a simple user, all for staff.</summary>
    public static IQueryable<ScheduledService> VisibleServices(GuichetDbContext db, Caller caller)
    {
        var services = db.Set<ScheduledService>().AsQueryable();
        if (!caller.IsClient)
        {
            return services;
        }

        var org = caller.User.OrganisationId;
        return caller.User.IsReferent ? services.Where(s => s.OrganisationId == org) : services.Where(s => false);
    }

    /// <summary>Staff who publish news and schedule services: administrators, pole managers and account managers.</summary>
    public static bool IsEditor(Caller? caller) =>
        caller is { IsStaff: true } && (caller.User.Roles & (StaffRoles.Admin | StaffRoles.PoleManager | StaffRoles.AccountManager)) != 0;

    /// <summary>How many months the scheduled services page shows from its first month [LS 6.4].</summary>
    public const int CalendarMonths = 4;

    // --- Ongoing incidents (the banner of every client page) -----------------------------------------------------

    /// <summary>How long an organisation's ongoing incidents are reused (every page of its clients shows them).</summary>
    public static readonly TimeSpan BannerLifetime = TimeSpan.FromSeconds(30);

    // Read again after every news change on this server, so that the banner shows a new incident or its end at once
    // here; other instances see it within BannerLifetime.
    private static readonly Web.KeptUntilChanged<IReadOnlyList<Incident>> Incidents = new(BannerLifetime);

    public static void NewsChanged() => Incidents.Changed();

    /// <param name="Maintenance">A maintenance of the organisation's hosted services (an intervention news item), not an incident.</param>
    public sealed record Incident(Guid Id, string Title, Instant StartsAt, Instant? EndsAt, bool Maintenance = false);

    /// <summary>
    /// The incidents running at <paramref name="now"/> that the organisation may see, latest first, with the
    /// maintenances of its hosted services while they run (their intervention news items, docs/availability.md).
    /// </summary>
    public static async Task<IReadOnlyList<Incident>> OngoingIncidentsAsync(GuichetDbContext db, IMemoryCache cache, Guid organisationId, Instant now, CancellationToken ct)
    {
        // Those not ended yet, including the ones that start within the lifetime they are kept; filtered at each use, so
        // that a kept incident whose end has passed is dropped without reading again.
        var kept = await Incidents.GetAsync(cache, organisationId, async () =>
        {
            var horizon = now + Duration.FromTimeSpan(BannerLifetime);
            var maintenances = db.Set<Availability.PlannedMaintenance>().Where(m => m.NewsItemId != null && m.CancelledAt == null).Select(m => m.NewsItemId);
            return await NewsOf(db, organisationId).AsNoTracking()
                .Where(n => (n.Kind == NewsKind.Incident || (n.Kind == NewsKind.Intervention && maintenances.Contains(n.Id)))
                    && n.StartsAt <= horizon && (n.EndsAt == null || n.EndsAt > now))
                .OrderByDescending(n => n.StartsAt).Take(5)
                .Select(n => new Incident(n.Id, n.Title, n.StartsAt, n.EndsAt, n.Kind == NewsKind.Intervention)).ToListAsync(ct);
        });
        return [.. kept.Where(i => i.StartsAt <= now && (i.EndsAt is not { } end || now < end))];
    }

    /// <summary>
    /// The site's address for the links of feeds and the feed addresses: <c>Guichet:PublicUrl</c> (as for mails),
    /// never the request's Host header, which whoever sends the request chooses.
    /// </summary>
    public static string PublicBase(HttpContext http) =>
        http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Mail.MailOptions>>().Value.PublicUrl.Trim().TrimEnd('/');

    // --- Links (tools, favourites) -------------------------------------------------------------------------------

    /// <summary>
    /// An absolute http or https address, or a French error. Anything else (<c>javascript:</c>, <c>data:</c>,
    /// <c>file:</c>, a relative path) is refused: the address becomes a link on a page.
    /// </summary>
    public static (string? Url, string? Error) ReadLink(string? text, string what)
    {
        var (value, error) = Web.TextInput.Read(text, 2000, required: true, what);
        if (value is null)
        {
            return (null, error);
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || string.IsNullOrEmpty(uri.Host))
        {
            return (null, $"{what} doit être une adresse web complète commençant par http:// ou https:// (les adresses javascript:, data: ou de fichier sont refusées).");
        }

        return (uri.AbsoluteUri, null);
    }

    // --- Feed tokens -----------------------------------------------------------------------------------------------

    /// <summary>
    /// A new feed token for the organisation (256 random bits, base64url), replacing any other: the previous address
    /// stops working. Stored as its hash (to find it) and encrypted by <paramref name="protector"/> (to show it again).
    /// </summary>
    public static async Task<string> NewFeedTokenAsync(GuichetDbContext db, IDataProtector protector, Guid organisationId, Guid userId, Instant now, CancellationToken ct)
    {
        await RevokeFeedTokensAsync(db, organisationId, now, ct);
        var token = HashedToken.NewSecret();
        db.Add(new FeedToken { OrganisationId = organisationId, Hash = HashedToken.HashOf(token), Protected = protector.Protect(token), CreatedAt = now, CreatedById = userId });
        await db.SaveChangesAsync(ct);
        return token;
    }

    /// <summary>The data protector of feed tokens.</summary>
    public static IDataProtector FeedProtector(IDataProtectionProvider provider) => provider.CreateProtector("Guichet.Feeds");

    /// <summary>The organisation's current feed token and when it was made, or null when it has none.</summary>
    public static async Task<(string Token, Instant CreatedAt)?> CurrentFeedTokenAsync(GuichetDbContext db, IDataProtector protector, Guid organisationId, CancellationToken ct)
    {
        var row = await db.Set<FeedToken>().AsNoTracking().Where(t => t.OrganisationId == organisationId && t.RevokedAt == null)
            .OrderByDescending(t => t.CreatedAt).FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        try
        {
            return (protector.Unprotect(row.Protected), row.CreatedAt);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // The keys were lost (a new data directory): the référent makes a new address.
            return null;
        }
    }

    public static async Task RevokeFeedTokensAsync(GuichetDbContext db, Guid organisationId, Instant now, CancellationToken ct)
    {
        foreach (var token in await db.Set<FeedToken>().Where(t => t.OrganisationId == organisationId && t.RevokedAt == null).ToListAsync(ct))
        {
            token.RevokedAt = now;
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The organisation a feed token opens, or null (unknown, revoked, malformed). The token is looked up by its
    /// SHA-256: nothing secret is compared character by character.
    /// </summary>
    public static async Task<Guid?> OrganisationOfFeedAsync(GuichetDbContext db, string? token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }

        var hash = HashedToken.HashOf(token);
        return await db.Set<FeedToken>().AsNoTracking().Where(t => t.Hash == hash && t.RevokedAt == null).Select(t => (Guid?)t.OrganisationId).FirstOrDefaultAsync(ct);
    }
}
