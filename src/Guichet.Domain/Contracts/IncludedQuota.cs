using NodaTime;

namespace Guichet.Domain.Contracts;

/// <summary>
/// A number of requests of one kind included per contract year, e.g. 5 legal-assistance tickets [AT 9.3.7.4]. The
/// count restarts on each anniversary (contract years, not calendar years).
/// </summary>
public sealed record IncludedQuota
{
    /// <summary>Creates a quota.</summary>
    /// <param name="label">What is counted, in French and singular: "ticket d'assistance juridique".</param>
    /// <param name="perContractYear">How many per contract year, at least 1.</param>
    /// <param name="pluralLabel">The plural when it is not the label with an s (e.g. "tickets d'assistance juridique").</param>
    public IncludedQuota(string label, int perContractYear, string? pluralLabel = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        if (perContractYear is < 1 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(perContractYear), perContractYear, "A quota must be between 1 and 100000 per contract year.");
        }

        Label = label;
        PluralLabel = pluralLabel ?? label + "s";
        PerContractYear = perContractYear;
    }

    /// <summary>AT: 5 legal-assistance tickets a year [AT 9.3.7.4].</summary>
    public static IncludedQuota AtLegalAssistance { get; } = new("ticket d'assistance juridique", 5, "tickets d'assistance juridique");

    /// <summary>Singular French label.</summary>
    public string Label { get; }

    /// <summary>Plural French label.</summary>
    public string PluralLabel { get; }

    /// <summary>How many per contract year.</summary>
    public int PerContractYear { get; }

    /// <summary>
    /// The use of the quota in the contract year containing <paramref name="on"/>: <paramref name="uses"/> are the
    /// dates of the counted requests (any date; those outside that year are ignored).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="on"/> is outside the contract.</exception>
    public QuotaUsage UsageOn(ContractTerms terms, IEnumerable<LocalDate> uses, LocalDate on)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(uses);
        var year = terms.PeriodOn(on)
            ?? throw new ArgumentOutOfRangeException(nameof(on), on, $"{French.Date(on)} is outside the contract.");
        var used = uses.Count(d => d >= year.Start && d <= year.End);
        return new QuotaUsage(this, year, used);
    }
}

/// <summary>How much of a quota a contract year has used.</summary>
/// <param name="Quota">The quota.</param>
/// <param name="Year">The contract year.</param>
/// <param name="Used">Requests counted in that year.</param>
public sealed record QuotaUsage(IncludedQuota Quota, ContractPeriod Year, int Used)
{
    /// <summary>Requests still included this year (never negative).</summary>
    public int Remaining => Math.Max(0, Quota.PerContractYear - Used);

    /// <summary>Requests beyond the quota this year.</summary>
    public int Excess => Math.Max(0, Used - Quota.PerContractYear);

    /// <summary>
    /// French, in words that agree with any label: "3 tickets d'assistance juridique disponibles sur 5 jusqu'au
    /// 30/04/2027", "1 ticket … disponible sur 5 …", "quota de 5 … épuisé …", "quota de 5 … dépassé de 2 …".
    /// </summary>
    public string Describe()
    {
        var total = Quota.PerContractYear;
        var until = $" jusqu'au {French.Date(Year.End)}";
        return Remaining switch
        {
            _ when Excess > 0 => $"quota de {total} {Label(total)} dépassé de {Excess}{until}",
            0 => $"quota de {total} {Label(total)} épuisé{until}",
            1 => $"1 {Quota.Label} disponible sur {total}{until}",
            var n => $"{n} {Quota.PluralLabel} disponibles sur {total}{until}",
        };
    }

    private string Label(int count) => count >= 2 ? Quota.PluralLabel : Quota.Label;
}
