using NodaTime.Text;

namespace Guichet.Features.Shared;

/// <summary>
/// A period typed on a statistics page ("du … au …", ISO dates from the date inputs): read with its default, its
/// bounds put in order and at most three years long; what was corrected is said in French rather than refused.
/// </summary>
internal static class PeriodInput
{
    /// <summary>The period to show and, when the input was corrected, the sentence that says how (else null).</summary>
    public static (LocalDate From, LocalDate To, string? Error) Read(string? from, string? to, LocalDate today, int defaultMonths)
    {
        var defaultFrom = today.PlusMonths(-defaultMonths).PlusDays(1);
        var (start, end) = (Parse(from), Parse(to));
        if ((from is { Length: > 0 } && start is null) || (to is { Length: > 0 } && end is null))
        {
            return (defaultFrom, today, "Saisissez des dates valides (jj/mm/aaaa).");
        }

        var (f, t) = (start ?? defaultFrom, end ?? today);
        if (t < f)
        {
            return (t, f, "La fin de la période précède son début : les dates ont été inversées.");
        }

        return Period.Between(f, t, PeriodUnits.Days).Days > 3 * 366
            ? (t.PlusYears(-3), t, "La période est limitée à trois ans : elle a été raccourcie.")
            : (f, t, null);
    }

    /// <summary>The ISO text of a date, as the date inputs take it back.</summary>
    public static string Format(LocalDate date) => LocalDatePattern.Iso.Format(date);

    // Statistics cover the years tickets can have: a date far outside them (year 9999) is not a valid date here.
    private static LocalDate? Parse(string? text) =>
        text is { Length: > 0 } && LocalDatePattern.Iso.Parse(text.Trim()) is { Success: true } r && r.Value.Year is >= 1900 and <= 2200 ? r.Value : null;
}
