namespace Guichet.Features.Calls;

/// <summary>
/// French phone numbers in one written form, to match a caller to a person and a called number to a line:
/// E.164 (<c>+33123456789</c>). A national number (<c>01 23 45 67 89</c>, <c>01.23.45.67.89</c>) becomes
/// <c>+33…</c>, or the overseas department's code for its prefixes (<c>0262…</c> → <c>+262262…</c>); <c>0033…</c>
/// and <c>+33 (0)1…</c> are read too. Anything else keeps its digits (and a leading <c>+</c>).
/// </summary>
internal static class PhoneNumbers
{
    /// <summary>Overseas national prefixes and their country codes (Réunion and Mayotte, Guadeloupe, Martinique, Guyane).</summary>
    private static readonly (string Prefix, string Code)[] Overseas =
    [
        ("0262", "262"), ("0263", "262"), ("0692", "262"), ("0693", "262"), ("0269", "262"), ("0639", "262"),
        ("0590", "590"), ("0690", "590"), ("0691", "590"),
        ("0596", "596"), ("0696", "596"), ("0697", "596"),
        ("0594", "594"), ("0694", "594"),
    ];

    /// <summary>The normalised number, or null when nothing that looks like a number was given (withheld, empty).</summary>
    public static string? Normalise(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var plus = text.TrimStart().StartsWith('+');
        var trimmed = text.Replace("(0)", "", StringComparison.Ordinal);
        var digits = new string([.. trimmed.Where(char.IsAsciiDigit)]);
        if (digits.Length is < 3 or > 20)
        {
            return null;
        }

        if (!plus && digits.StartsWith("00", StringComparison.Ordinal))
        {
            return "+" + digits[2..];
        }

        if (!plus && digits.Length == 10 && digits[0] == '0')
        {
            foreach (var (prefix, code) in Overseas)
            {
                if (digits.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return "+" + code + digits[1..];
                }
            }

            return "+33" + digits[1..];
        }

        if (!plus && digits.Length == 11 && digits.StartsWith("33", StringComparison.Ordinal))
        {
            return "+" + digits;
        }

        return plus ? "+" + digits : digits;
    }
}
