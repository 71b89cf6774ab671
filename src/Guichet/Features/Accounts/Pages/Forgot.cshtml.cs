using Guichet.Features.Mail;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guichet.Features.Accounts.Pages;

/// <summary>Forgotten password: the API's use case (the same answer whether or not the address has an account).</summary>
[AllowAnonymous]
[BeforeAccountSetup]
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(RateLimits.PasswordReset)]
internal sealed class ForgotModel(UserManager<User> users, GuichetDbContext db, IClock clock, IOptions<MailOptions> mail, ResetMailLimiter limiter) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    public bool Sent { get; private set; }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if ((await Passwords.ForgotAsync(new Passwords.ForgotRequest(Email), users, db, clock, mail, limiter, HttpContext, ct)).Failure is { } failure)
        {
            ModelState.AddFailure(failure, new Dictionary<string, string> { ["email"] = "Email" });
            return Page();
        }

        Sent = true;
        return Page();
    }
}
