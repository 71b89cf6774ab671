namespace Guichet.Web;

/// <summary>
/// Checks free text from users before it reaches the database: trimmed, bounded, and without control characters
/// other than tab and line breaks (PostgreSQL refuses NUL in text; none of them belongs in a message).
/// </summary>
internal static class TextInput
{
    public static bool IsClean(string value) => !value.Any(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n'));

    /// <summary>The trimmed text, or an error in French when it is required and missing, too long or not clean.</summary>
    public static (string? Value, string? Error) Read(string? text, int max, bool required, string what)
    {
        var value = text?.Trim() ?? "";
        if (value.Length == 0)
        {
            return required ? (null, $"{what} est requis.") : (null, null);
        }

        if (value.Length > max)
        {
            return (null, $"{what} dépasse {max} caractères.");
        }

        return IsClean(value) ? (value, null) : (null, $"{what} contient des caractères de contrôle non permis.");
    }
}
