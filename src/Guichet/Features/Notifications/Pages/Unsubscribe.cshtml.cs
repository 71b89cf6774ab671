using Guichet.Data;
using Guichet.Features.Mail;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Guichet.Features.Notifications.Pages;

/// <summary>
/// The unsubscribe link of every notification (<c>List-Unsubscribe</c>): opening it asks for a confirmation; a POST to
/// it turns the kind off, with nothing else to send (RFC 8058 one-click, which is why it has no antiforgery token: the
/// signature in the link is the proof). A bad signature changes nothing and says so.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
internal sealed class UnsubscribeModel(GuichetDbContext db, MailSigning signing) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "u")]
    public string? UserKey { get; set; }

    [BindProperty(SupportsGet = true, Name = "k")]
    public string? KindId { get; set; }

    [BindProperty(SupportsGet = true, Name = "s")]
    public string? Signature { get; set; }

    public NotificationKind? Kind { get; private set; }

    public bool Done { get; private set; }

    public IActionResult OnGet()
    {
        Kind = Valid(out _) ? NotificationKind.Find(KindId) : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!Valid(out var userId))
        {
            return Page();
        }

        Kind = NotificationKind.Find(KindId)!;
        if (await db.Users.AnyAsync(u => u.Id == userId, ct))
        {
            await NotificationPreferenceStore.SetAsync(db, userId, Kind.Id, enabled: false, digest: null, digestHour: null, ct);
        }

        Done = true;
        return Page();
    }

    private bool Valid(out Guid userId)
    {
        userId = Guid.Empty;
        return Guid.TryParseExact(UserKey, "N", out userId)
            && NotificationKind.Find(KindId) is not null
            && NotificationPreferences.VerifyUnsubscribe(signing, userId, KindId!, Signature);
    }
}
