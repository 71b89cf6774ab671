using Guichet.Features;
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

    /// <summary>
    /// A use case's refusal on this page: a 404 when the thing is not found (or not the caller's, which looks the same);
    /// else its French messages next to the fields (<paramref name="fields"/>: the request's names to the form's) and
    /// the page again, with what was typed.
    /// </summary>
    protected IActionResult Refused(Failure failure, IReadOnlyDictionary<string, string>? fields = null)
    {
        if (failure.Kind == FailureKind.NotFound)
        {
            return NotFound();
        }

        ModelState.AddFailure(failure, fields);
        return Page();
    }

    /// <summary><see cref="Refused"/> for a page that reads its data again before it is shown (<paramref name="show"/>).</summary>
    protected async Task<IActionResult> RefusedAsync(Failure failure, IReadOnlyDictionary<string, string>? fields, Func<Task<IActionResult>> show)
    {
        if (failure.Kind == FailureKind.NotFound)
        {
            return NotFound();
        }

        ModelState.AddFailure(failure, fields);
        return await show();
    }
}
