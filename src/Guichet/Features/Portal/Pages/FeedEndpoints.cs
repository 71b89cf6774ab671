using Guichet.Features.Tickets.Pages;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Caching.Memory;

namespace Guichet.Features.Portal.Pages;

/// <summary>The RSS feed of an organisation's news: the token of the address is the only credential; unknown or revoked → 404.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
internal sealed class FeedNewsModel(GuichetDbContext db, IMemoryCache cache) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        if (await PortalRules.OrganisationOfFeedAsync(db, token, ct) is not { } organisation)
        {
            return NotFound();
        }

        var names = await Lookups.LoadAsync(db, cache, ct);
        return File(await Feeds.NewsRssAsync(db, names, organisation, PortalRules.PublicBase(HttpContext), ct), "application/rss+xml; charset=utf-8");
    }
}

/// <summary>The iCalendar feed of an organisation's scheduled services, with the same token.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
internal sealed class FeedServicesModel(GuichetDbContext db, IMemoryCache cache, IClock clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        if (await PortalRules.OrganisationOfFeedAsync(db, token, ct) is not { } organisation)
        {
            return NotFound();
        }

        var names = await Lookups.LoadAsync(db, cache, ct);
        var ical = await Feeds.ServicesICalAsync(db, names, organisation, clock.GetCurrentInstant(), PortalRules.PublicBase(HttpContext), ct);
        return Content(ical, "text/calendar; charset=utf-8");
    }
}
