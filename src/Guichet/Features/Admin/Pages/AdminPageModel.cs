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
        if (ReadFilled(field, text, required, what) is not { } value)
        {
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

    /// <summary>
    /// Reads the name of a reference row (product, queue): required, 200 characters at most, and not already
    /// taken (<paramref name="taken"/> asks the table; its message goes next to the field).
    /// </summary>
    protected async Task<string?> ReadUniqueNameAsync(string field, string? text, string what, Func<string, Task<bool>> taken, string takenMessage)
    {
        var name = ReadText(field, text, 200, required: true, what);
        if (name is not null && await taken(name))
        {
            ModelState.AddModelError(field, takenMessage);
        }

        return name;
    }

    /// <summary>
    /// Reads an optional whole number from 1 to <paramref name="max"/> (digits only): empty is null, anything else
    /// out of range puts <paramref name="message"/> next to the field.
    /// </summary>
    protected int? ReadOptionalCount(string field, string? text, int max, string message)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (int.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= max)
        {
            return value;
        }

        ModelState.AddModelError(field, message);
        return null;
    }

    private static readonly LocalDatePattern FrenchDate = LocalDatePattern.Create("d MMMM yyyy", Web.Pages.Display.French);

    /// <summary>A date as French readers write it (3 mars 2026).</summary>
    public static string DateText(LocalDate date) => FrenchDate.Format(date);

    /// <summary>
    /// The fingerprint (<see cref="Fingerprint"/>) of what an edit form was opened on, sent back in a hidden field
    /// and checked by <see cref="StillAsRead"/>; pages that edit no stored row leave it empty.
    /// </summary>
    [BindProperty]
    public string? Stamp { get; set; }

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
    /// <param name="current">The fingerprint of what is stored now; it becomes <see cref="Stamp"/> when it differs.</param>
    /// <param name="changed">The start of the message, e.g. "Cette organisation a été modifiée".</param>
    protected bool StillAsRead(string current, string changed)
    {
        if (Stamp == current)
        {
            return true;
        }

        Stamp = current;
        ModelState.AddModelError("", $"{changed} par quelqu'un d'autre depuis l'ouverture de cette page. Vos saisies sont conservées : vérifiez-les, puis enregistrez de nouveau pour remplacer ses modifications.");
        return false;
    }
}
