namespace Guichet.Web.Pages;

/// <summary>
/// Base of the pages with forms: a field's error shown next to it and announced with it (RGAA 11.10), and the reading
/// of text fields with the API's checks.
/// </summary>
internal abstract class FormPageModel : GatedPageModel
{
    /// <summary>The field's <c>aria-invalid</c> value: "true" when it has an error, else none.</summary>
    public string? Invalid(string field) => ModelState.AriaInvalid(field);

    /// <summary>The first error on a field, shown next to it.</summary>
    public string? ErrorOf(string field) =>
        ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    /// <summary>The ids describing a field: its hint(s), and its error message when it has one.</summary>
    public string? Describe(string field, params string[] hints)
    {
        var ids = hints.ToList();
        if (ErrorOf(field) is not null)
        {
            ids.Add(field + "-error");
        }

        return ids.Count == 0 ? null : string.Join(' ', ids);
    }

    /// <summary>Reads a text field (trimmed, bounded, clean); its error goes to the form.</summary>
    protected string? ReadText(string field, string? text, int max, bool required, string what)
    {
        var (value, error) = TextInput.Read(text, max, required, what);
        if (error is not null)
        {
            ModelState.AddModelError(field, error);
        }

        return value;
    }

    /// <summary>
    /// The trimmed text of a field that a page parses next (a date, a time), or null when it is empty; an empty
    /// required field gets "Indiquez …" (<see cref="TextInput.Missing"/>) next to it.
    /// </summary>
    protected string? ReadFilled(string field, string? text, bool required, string what)
    {
        var value = text?.Trim() ?? "";
        if (value.Length > 0)
        {
            return value;
        }

        if (required)
        {
            ModelState.AddModelError(field, TextInput.Missing(what));
        }

        return null;
    }

    /// <summary>After a success: a message shown on <paramref name="path"/> (by default this page, a fresh form: post, redirect, get).</summary>
    protected RedirectResult Done(string message, string? path = null)
    {
        TempData["Flash"] = message;
        return Redirect(path ?? HttpContext.Request.Path);
    }
}
