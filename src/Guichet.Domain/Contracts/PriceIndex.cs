using NodaTime;

namespace Guichet.Domain.Contracts;

/// <summary>
/// A series of a price index. When an index is rebased, values of the old series are brought to the new one by
/// multiplying them by the <see cref="LinkingCoefficient"/> (value in <see cref="Successor"/> = value here ×
/// coefficient). Syntec was revised in August 2022: a July 2022 value of 286,4 in the old series is 280,6 in the new
/// one, a coefficient of 0,97975 [LS 1.11].
/// </summary>
public sealed record IndexSeries
{
    /// <summary>Creates a series.</summary>
    /// <param name="indexName">The index, e.g. "Syntec".</param>
    /// <param name="id">Stable id within the index, e.g. "2022".</param>
    /// <param name="label">French label, e.g. "série révisée d'août 2022".</param>
    /// <param name="successor">The series that replaced this one, if any.</param>
    /// <param name="linkingCoefficient">Value in <paramref name="successor"/> per unit here; required with a successor.</param>
    /// <exception cref="ArgumentException">A name is empty, or the successor and coefficient do not go together.</exception>
    public IndexSeries(string indexName, string id, string label, IndexSeries? successor = null, decimal? linkingCoefficient = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(indexName);
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        if ((successor is null) != (linkingCoefficient is null))
        {
            throw new ArgumentException("A successor series and a linking coefficient go together.", nameof(linkingCoefficient));
        }

        if (linkingCoefficient is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(linkingCoefficient), linkingCoefficient, "A linking coefficient must be positive.");
        }

        if (successor is not null && successor.IndexName != indexName)
        {
            throw new ArgumentException($"The successor of a {indexName} series must be a {indexName} series, not {successor.IndexName}.", nameof(successor));
        }

        IndexName = indexName;
        Id = id;
        Label = label;
        Successor = successor;
        LinkingCoefficient = linkingCoefficient;
    }

    /// <summary>The Syntec linking coefficient of August 2022 (280,6 / 286,4).</summary>
    public const decimal SyntecLinkingCoefficient = 0.97975m;

    /// <summary>The first month of the revised Syntec series.</summary>
    public static YearMonth SyntecRevisionMonth { get; } = new(2022, 8);

    /// <summary>Syntec from August 2022.</summary>
    public static IndexSeries SyntecRevised { get; } = new("Syntec", "2022", "série révisée d'août 2022");

    /// <summary>Syntec up to July 2022.</summary>
    public static IndexSeries SyntecHistorical { get; } = new("Syntec", "historique", "série d'avant août 2022", SyntecRevised, SyntecLinkingCoefficient);

    /// <summary>The index, e.g. "Syntec".</summary>
    public string IndexName { get; }

    /// <summary>Stable id within the index.</summary>
    public string Id { get; }

    /// <summary>French label.</summary>
    public string Label { get; }

    /// <summary>The series that replaced this one.</summary>
    public IndexSeries? Successor { get; }

    /// <summary>Value in <see cref="Successor"/> per unit in this series.</summary>
    public decimal? LinkingCoefficient { get; }

    /// <summary>The Syntec series a month's value belongs to: historical up to July 2022, revised from August 2022.</summary>
    public static IndexSeries SyntecFor(YearMonth month) => month < SyntecRevisionMonth ? SyntecHistorical : SyntecRevised;

    /// <summary>
    /// The factor that brings a value of this series to <paramref name="target"/> (1 for the same series), following
    /// successors, or null when <paramref name="target"/> is not this series or a later one.
    /// </summary>
    public decimal? FactorTo(IndexSeries target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var factor = 1m;
        for (var series = this; series is not null; series = series.Successor)
        {
            if (series == target)
            {
                return factor;
            }

            factor *= series.LinkingCoefficient ?? 1m;
        }

        return null;
    }
}

/// <summary>The value of an index for a month, in a series.</summary>
public sealed record IndexValue
{
    /// <summary>Creates a value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative.</exception>
    public IndexValue(YearMonth month, decimal value, IndexSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"An index value must be positive ({series.IndexName} {French.Month(month)}: {value}).");
        }

        Month = month;
        Value = value;
        Series = series;
    }

    /// <summary>A Syntec value, in the series of its month (see <see cref="IndexSeries.SyntecFor"/>).</summary>
    public static IndexValue Syntec(int year, int month, decimal value)
    {
        var yearMonth = new YearMonth(year, month);
        return new IndexValue(yearMonth, value, IndexSeries.SyntecFor(yearMonth));
    }

    /// <summary>The month the value measures.</summary>
    public YearMonth Month { get; }

    /// <summary>The value, positive.</summary>
    public decimal Value { get; }

    /// <summary>The series the value belongs to.</summary>
    public IndexSeries Series { get; }

    /// <summary>The index, e.g. "Syntec".</summary>
    public string IndexName => Series.IndexName;
}

/// <summary>
/// The monthly values of one index, as published. The value of month M is deemed known from the first day of month
/// M + <see cref="PublicationLagMonths"/> (2 by default: Syntec publishes a month's value during the following
/// month, so November's value is known on 1 January).
/// </summary>
public sealed class PriceIndexTable
{
    private readonly SortedDictionary<YearMonth, IndexValue> _values = [];

    /// <summary>Creates the table.</summary>
    /// <exception cref="ArgumentException">A value belongs to another index or a month appears twice.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The lag is not between 0 and 12 months.</exception>
    public PriceIndexTable(string indexName, IEnumerable<IndexValue> values, int publicationLagMonths = 2)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(indexName);
        ArgumentNullException.ThrowIfNull(values);
        if (publicationLagMonths is < 0 or > 12)
        {
            throw new ArgumentOutOfRangeException(nameof(publicationLagMonths), publicationLagMonths, "The publication lag must be between 0 and 12 months.");
        }

        foreach (var value in values)
        {
            ArgumentNullException.ThrowIfNull(value, nameof(values));
            if (value.IndexName != indexName)
            {
                throw new ArgumentException($"The {indexName} table cannot hold a {value.IndexName} value.", nameof(values));
            }

            if (!_values.TryAdd(value.Month, value))
            {
                throw new ArgumentException($"{indexName}: {French.Month(value.Month)} appears twice.", nameof(values));
            }
        }

        IndexName = indexName;
        PublicationLagMonths = publicationLagMonths;
    }

    /// <summary>The index, e.g. "Syntec".</summary>
    public string IndexName { get; }

    /// <summary>Months between a value's month and the first day it is known.</summary>
    public int PublicationLagMonths { get; }

    /// <summary>The values by month, oldest first.</summary>
    public IReadOnlyList<IndexValue> Values => [.. _values.Values];

    /// <summary>The value of <paramref name="month"/>, or null when not in the table.</summary>
    public IndexValue? ForMonth(YearMonth month) => _values.GetValueOrDefault(month);

    /// <summary>The latest month whose value is deemed published on <paramref name="date"/>.</summary>
    public YearMonth LatestPublishableMonth(LocalDate date) => date.ToYearMonth().PlusMonths(-PublicationLagMonths);

    /// <summary>
    /// "L'indice connu / publié à la date": the value of the latest month of the table deemed published on
    /// <paramref name="date"/>, or null when there is none. The month is part of the answer so that a page can show
    /// it (and notice a table that is behind).
    /// </summary>
    public IndexValue? LatestKnownOn(LocalDate date)
    {
        var cutoff = LatestPublishableMonth(date);
        return _values.Values.LastOrDefault(v => v.Month <= cutoff);
    }
}
