using Microsoft.AspNetCore.DataProtection;

namespace Guichet.Features.Portal.Pages;

/// <summary>The référent's feed addresses: shown, regenerated (the old ones stop at once) or revoked.</summary>
internal sealed class FeedsModel(GuichetDbContext db, IDataProtectionProvider protection, IClock clock) : PortalPageModel
{
    public string? Token { get; private set; }

    public Instant CreatedAt { get; private set; }

    public string NewsUrl => $"{PortalRules.PublicBase(HttpContext)}/flux/{Token}/actualites.xml";

    public string CalendarUrl => $"{PortalRules.PublicBase(HttpContext)}/flux/{Token}/prestations.ics";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await PortalRules.CurrentFeedTokenAsync(db, PortalRules.FeedProtector(protection), Caller.User.OrganisationId!.Value, ct) is { } current)
        {
            (Token, CreatedAt) = current;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostGenerateAsync(CancellationToken ct)
    {
        await PortalRules.NewFeedTokenAsync(db, PortalRules.FeedProtector(protection), Caller.User.OrganisationId!.Value, Caller.Id, clock.GetCurrentInstant(), ct);
        return Done("De nouvelles adresses de flux sont créées ; les précédentes ne fonctionnent plus.");
    }

    public async Task<IActionResult> OnPostRevokeAsync(CancellationToken ct)
    {
        await PortalRules.RevokeFeedTokensAsync(db, Caller.User.OrganisationId!.Value, clock.GetCurrentInstant(), ct);
        return Done("Les adresses des flux sont révoquées.");
    }
}
