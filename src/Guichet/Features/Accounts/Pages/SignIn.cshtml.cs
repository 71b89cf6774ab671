using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guichet.Features.Accounts.Pages;

/// <summary>Sign-in with the same checks as the API (lockout, one answer for every failure).</summary>
[AllowAnonymous]
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Web.RateLimits.SignIn)]
internal sealed class SignInModel(UserManager<User> users, GuichetDbContext db, IClock clock) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true, Name = "retour")]
    public string? Retour { get; set; }

    public bool Failed { get; private set; }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await Passwords.CheckCredentialsAsync(Email, Password, users, db, clock.GetCurrentInstant());
        if (user is null)
        {
            Failed = true;
            ModelState.AddModelError("Email", Passwords.SignInFailed);
            return Page();
        }

        await SessionCookie.SignInAsync(HttpContext, user);
        return LocalRedirect(Url.IsLocalUrl(Retour) ? Retour : "/");
    }
}
