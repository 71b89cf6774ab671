namespace Guichet.Features.Shared;

/// <summary>
/// Base of the pages of figures over a period chosen as « du … au … » (<c>?du=…&amp;au=…</c>, ISO dates from the date
/// inputs), and the sentence that says how a period typed was corrected.
/// </summary>
internal abstract class PeriodPageModel : GatedPageModel
{
    [BindProperty(SupportsGet = true, Name = "du")]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "au")]
    public string? To { get; set; }

    /// <summary>How the period typed was corrected (in French), or null.</summary>
    public string? Error { get; protected set; }

    /// <summary>
    /// The period typed, read by <see cref="PeriodInput"/> (by default the <paramref name="defaultMonths"/> months up to
    /// <paramref name="today"/>); the form shows it back as read, with what was corrected.
    /// </summary>
    protected (LocalDate From, LocalDate To) ReadPeriod(LocalDate today, int defaultMonths)
    {
        var (from, to, error) = PeriodInput.Read(From, To, today, defaultMonths);
        Error = error;
        (From, To) = (PeriodInput.Format(from), PeriodInput.Format(to));
        return (from, to);
    }
}
