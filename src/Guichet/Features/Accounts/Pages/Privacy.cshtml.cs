using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guichet.Features.Accounts.Pages;

/// <summary>The privacy notice every user acknowledges at first sign-in [SPEC §5].</summary>
[BeforeAccountSetup]
internal sealed class PrivacyModel(GuichetDbContext db, IClock clock) : GatedPageModel
{
    public bool Acknowledged { get; private set; }

    public string? AcknowledgedOn { get; private set; }

    public async Task OnGetAsync()
    {
        var caller = Caller;
        if (caller.User.PrivacyAcknowledgedAt is { } at)
        {
            Acknowledged = true;
            AcknowledgedOn = Display.When(at, DateTimeZoneProviders.Tzdb["Europe/Paris"]);
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var caller = Caller;
        var now = clock.GetCurrentInstant();
        await db.Users.Where(u => u.Id == caller.Id && u.PrivacyAcknowledgedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.PrivacyAcknowledgedAt, now), ct);
        return Redirect("/");
    }
}

/// <summary>The same text, for anyone, linked from every page's footer.</summary>
[AllowAnonymous]
[BeforeAccountSetup]
internal sealed class PrivacyPolicyModel : PageModel;
