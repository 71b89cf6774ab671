using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guichet.Features.Accounts.Pages;

/// <summary>
/// Base of the pages a mailed link opens to choose a password (a reset, an invitation): the link carries the
/// address and the single-use code, the form adds the new password; success sends the person to sign in.
/// </summary>
internal abstract class PasswordLinkPageModel : PageModel
{
    [BindProperty(SupportsGet = true, Name = "email")]
    public string? Email { get; set; }

    [BindProperty(SupportsGet = true, Name = "code")]
    public string? Code { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    /// <summary>After the password is saved: <paramref name="message"/> shown on the sign-in page.</summary>
    protected RedirectResult ToSignIn(string message)
    {
        TempData["Flash"] = message;
        return Redirect("/connexion");
    }
}
