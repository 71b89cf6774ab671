using Guichet.Features;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Guichet.Web.Pages;

/// <summary>The one mapping of a use case's <see cref="Failure"/> to a page's form errors.</summary>
internal static class OutcomePages
{
    /// <summary>
    /// Adds the failure's French messages to the form: field errors on the field they name (through
    /// <paramref name="fields"/> when the page names it differently), anything else in the summary.
    /// </summary>
    public static void AddFailure(this ModelStateDictionary state, Failure failure, IReadOnlyDictionary<string, string>? fields = null)
    {
        if (failure.Errors is { Count: > 0 } errors)
        {
            foreach (var (field, messages) in errors)
            {
                var key = fields is not null && fields.TryGetValue(field, out var mapped) ? mapped : "";
                foreach (var message in messages)
                {
                    state.AddModelError(key, message);
                }
            }

            return;
        }

        state.AddModelError("", failure.Describe());
    }

    /// <summary>The value of a field's <c>aria-invalid</c> attribute: "true" when the form has an error for it, else none.</summary>
    public static string? AriaInvalid(this ModelStateDictionary state, string field) =>
        state.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? "true" : null;
}
