using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guichet.Features.Accounts.Pages;

/// <summary>
/// Sign-out is a form post (with its antiforgery token), never a link a third party could trigger. It ends the
/// session on the server too: the account's security stamp changes, so the cookie (or any copy of it, and the
/// user's sessions on other devices) no longer opens anything.
/// </summary>
[AllowAnonymous]
[BeforeAccountSetup]
internal sealed class SignOutModel(UserManager<User> users) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        if (await Caller.BindAsync(HttpContext) is { } caller && await users.FindByIdAsync(caller.Id.ToString()) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
        }

        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Redirect("/connexion");
    }
}
