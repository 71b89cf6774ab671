using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guichet.Web.Pages;

/// <summary>
/// Base of the pages for signed-in users: the caller, loaded once by the page's gate (<see cref="PageGates"/>) before
/// any handler, which has also refused whoever may not open the page.
/// </summary>
internal abstract class GatedPageModel : PageModel
{
    public Caller Caller => HttpContext.Items.TryGetValue(typeof(Caller), out var caller) && caller is Caller loaded
        ? loaded
        : throw new InvalidOperationException($"{GetType().Name} reads the caller, but no gate loaded one: is the page for signed-in users in {nameof(PageGates)}?");
}
