using System.Globalization;

namespace Guichet.Web;

/// <summary>
/// Checks free text from users before it reaches the database: trimmed, bounded, and without control characters
/// other than tab and line breaks (PostgreSQL refuses NUL in text; none of them belongs in a message).
/// A field of at most <see cref="LineMax"/> characters is one line (names, subjects, phone numbers, labels,
/// titles): a line break is refused there (such fields reach mail headers and staff mails), and Unicode format
/// characters (category Cf: bidirectional overrides such as U+202E, zero-width characters) are removed, so that no
/// name shows other than it reads.
/// </summary>
internal static class TextInput
{
    /// <summary>Longest field read as a single line; longer ones (messages, descriptions, notes) keep their lines.</summary>
    public const int LineMax = 300;

    public static bool IsClean(string value) => !value.Any(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n'));

    /// <summary>The text without Unicode format characters (category Cf, bidirectional controls included).</summary>
    public static string StripInvisible(string value) =>
        value.Any(c => char.GetUnicodeCategory(c) == UnicodeCategory.Format)
            ? string.Concat(value.Where(c => char.GetUnicodeCategory(c) != UnicodeCategory.Format))
            : value;

    /// <summary>
    /// The message for a required field left empty, whatever the gender of its name: "Indiquez la description.",
    /// "Indiquez le libellé." (<paramref name="what"/> names the field with its article: "La description").
    /// </summary>
    public static string Missing(string what) =>
        "Indiquez " + (what.Length > 1 && char.IsUpper(what[0]) && !char.IsUpper(what[1]) ? char.ToLower(what[0], CultureInfo.GetCultureInfo("fr-FR")) + what[1..] : what) + ".";

    /// <summary>The trimmed text, or an error in French when it is required and missing, too long or not clean.</summary>
    public static (string? Value, string? Error) Read(string? text, int max, bool required, string what)
    {
        var singleLine = max <= LineMax;
        var value = (singleLine && text is not null ? StripInvisible(text) : text)?.Trim() ?? "";
        if (value.Length == 0)
        {
            return required ? (null, Missing(what)) : (null, null);
        }

        if (value.Length > max)
        {
            return (null, $"{what} dépasse {max} caractères.");
        }

        if (singleLine && value.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            return (null, $"{what} doit tenir sur une seule ligne (sans retour à la ligne).");
        }

        return IsClean(value) ? (value, null) : (null, $"{what} contient des caractères de contrôle non permis.");
    }
}
