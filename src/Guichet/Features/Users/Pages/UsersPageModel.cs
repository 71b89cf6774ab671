using Guichet.Features.Accounts;
using Guichet.Web.Pages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guichet.Features.Users.Pages;

/// <summary>The form helpers of the user-management pages (errors next to fields, as the administration's).</summary>
internal abstract class UsersPageModel : FormPageModel
{
    /// <summary>The caller, loaded by the page's gate before any handler.</summary>
    protected Caller Me => Caller;

    protected void AddErrors(UserRequests.Errors errors, string? prefix = null)
    {
        foreach (var (field, message) in errors)
        {
            ModelState.AddModelError(field.Length == 0 || prefix is null ? field : prefix + field, message);
        }
    }

    protected RedirectResult Done(string message, string path)
    {
        TempData["Flash"] = message;
        return Redirect(path);
    }

    /// <summary>A date and time in the viewer's zone, as on the ticket pages.</summary>
    public string When(NodaTime.Instant at) => Display.ShortWhen(at, Tickets.Pages.Lookups.Zone(Me));
}
