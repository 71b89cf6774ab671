using Guichet.Features.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guichet.Features.Home;

/// <summary>The home address sends each user to their own start: the portal for clients, the desk for staff.</summary>
internal sealed class IndexModel : PageModel
{
    public async Task<IActionResult> OnGetAsync()
    {
        var caller = await Caller.BindAsync(HttpContext);
        return Redirect(caller is { IsClient: true } ? "/demandes" : "/bureau");
    }
}
