using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace Guichet.Domain.Contracts;

/// <summary>
/// French text for the contract explanations, built by hand rather than through the fr-FR culture so that the
/// output does not depend on the ICU version of the machine: decimal comma, narrow no-break space (U+202F)
/// between thousands, no-break space (U+00A0) before the euro sign, dates as <c>dd/MM/yyyy</c>.
/// </summary>
internal static class French
{
    /// <summary>No-break space, before "€".</summary>
    public const char NoBreakSpace = '\u00A0';

    /// <summary>Narrow no-break space, between groups of thousands.</summary>
    public const char ThousandsSeparator = '\u202F';

    private static readonly LocalDatePattern DatePattern = LocalDatePattern.CreateWithInvariantCulture("dd'/'MM'/'uuuu");

    private static readonly string[] MonthNames =
    [
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ];

    /// <summary>"6 300,00 €".</summary>
    public static string Euros(decimal amount) => Format(amount, "#,##0.00") + NoBreakSpace + "€";

    /// <summary>A number with as many decimals as it has, e.g. "286,4", "0,97975", "1,026".</summary>
    public static string Number(decimal value) => Format(value, "#,##0.############################");

    /// <summary>"01/08/2024".</summary>
    public static string Date(LocalDate date) => DatePattern.Format(date);

    /// <summary>"novembre 2024".</summary>
    public static string Month(YearMonth month) =>
        string.Create(CultureInfo.InvariantCulture, $"{MonthNames[month.Month - 1]} {month.Year}");

    /// <summary>"1 mois", "2 mois" (invariable), used for notice periods.</summary>
    public static string Months(int months) => string.Create(CultureInfo.InvariantCulture, $"{months} mois");

    private static string Format(decimal value, string format)
    {
        var invariant = value.ToString(format, CultureInfo.InvariantCulture);
        return invariant.Replace(',', ThousandsSeparator).Replace('.', ',');
    }
}
