using Guichet.Web.Pages;
using NodaTime.Text;

namespace Guichet.Features.Admin.Pages;

/// <summary>
/// Base of the administration pages (their gate, <see cref="Web.PageGates"/>, lets only administrators in): the form
/// helpers the pages share (errors next to fields, text checks, dates, concurrent edits).
/// </summary>
internal abstract class AdminPageModel : FormPageModel
{
    /// <summary>Reads an optional date typed in an <c>input type="date"</c> (sent as yyyy-MM-dd).</summary>
    protected LocalDate? ReadDate(string field, string? text, bool required, string what)
    {
        var value = text?.Trim() ?? "";
        if (value.Length == 0)
        {
            if (required)
            {
                ModelState.AddModelError(field, $"{what} est requise.");
            }

            return null;
        }

        var parsed = LocalDatePattern.Iso.Parse(value);
        if (!parsed.Success)
        {
            ModelState.AddModelError(field, $"{what} n'est pas une date valide (jj/mm/aaaa).");
            return null;
        }

        return parsed.Value;
    }

    private static readonly LocalDatePattern FrenchDate = LocalDatePattern.Create("d MMMM yyyy", Web.Pages.Display.French);

    /// <summary>A date as French readers write it (3 mars 2026).</summary>
    public static string DateText(LocalDate date) => FrenchDate.Format(date);

    /// <summary>After a success: a message for the next page, and a fresh form (post, redirect, get).</summary>
    protected RedirectResult Done(string message) => Done(message, HttpContext.Request.Path);

    /// <summary>After a success: a message, shown on <paramref name="path"/> (the list the edited row is in).</summary>
    protected RedirectResult Done(string message, string path)
    {
        TempData["Flash"] = message;
        return Redirect(path);
    }

    /// <summary>
    /// A digest of the values an edit form shows, sent back with the form: if they changed in the database
    /// meanwhile, someone else saved first (the reference tables have no version column).
    /// </summary>
    public static string Fingerprint(params object?[] values)
    {
        var text = string.Join('\u001f', values.Select(v => v switch
        {
            null => "\u0000",
            System.Collections.IEnumerable many and not string => string.Join('\u001e', many.Cast<object?>().Select(x => Convert.ToString(x, System.Globalization.CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal)),
            _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture),
        }));
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..32];
    }

    /// <summary>
    /// Refuses a save when what the form was opened on has changed since (another administrator saved first): the
    /// form comes back with what was typed and <paramref name="current"/> as its new reference, so saving again
    /// is a deliberate overwrite. Check and save are not one transaction: two saves in the same instant still end
    /// with the last one's values, as documented in docs/ui.md.
    /// </summary>
    /// <param name="changed">The start of the message, e.g. "Cette organisation a été modifiée".</param>
    protected bool StillAsRead(string? posted, string current, string changed)
    {
        if (posted == current)
        {
            return true;
        }

        ModelState.AddModelError("", $"{changed} par quelqu'un d'autre depuis l'ouverture de cette page. Vos saisies sont conservées : vérifiez-les, puis enregistrez de nouveau pour remplacer ses modifications.");
        return false;
    }
}
