using NodaTime;

namespace Guichet.Domain.Availability;

/// <summary>
/// A response-time objective of a check: at least <paramref name="Percent"/> % of the samples answer within
/// <paramref name="ThresholdMs"/> milliseconds (AT 10.2.2: "Accueil entreprise &lt; 2 s" for 80 %).
/// </summary>
/// <param name="Percent">The share of samples that must be under the threshold, in (0, 100].</param>
/// <param name="ThresholdMs">The threshold in milliseconds.</param>
public sealed record ResponseTimeObjective(decimal Percent, int ThresholdMs);

/// <summary>
/// A check a contract names with its response-time objectives (AT 10.2.2: the home page, the submission page, the
/// authentication…). A probe made from it starts with these objectives.
/// </summary>
/// <param name="Id">Stable id within the preset, e.g. <c>accueil</c>.</param>
/// <param name="Name">French name of the page checked.</param>
/// <param name="Source">The contract clause.</param>
/// <param name="Objectives">Its objectives, in the order of the contract.</param>
public sealed record ResponseTimeCheck(string Id, string Name, string Source, IReadOnlyList<ResponseTimeObjective> Objectives);

/// <summary>What a set of samples reached against one <see cref="ResponseTimeObjective"/>.</summary>
/// <param name="Objective">The objective.</param>
/// <param name="Samples">The samples counted.</param>
/// <param name="Under">The samples that succeeded within the threshold.</param>
/// <param name="MeasuredMs">
/// The objective's percentile of the durations (nearest rank), a failed sample counting as infinitely slow: null when
/// there is no sample or when the percentile falls among the failures.
/// </param>
public sealed record ResponseTimeResult(ResponseTimeObjective Objective, int Samples, int Under, int? MeasuredMs)
{
    /// <summary>The share of samples within the threshold, in percent (null without samples).</summary>
    public decimal? SharePercent => Samples == 0 ? null : Math.Round(Under * 100m / Samples, 2);

    /// <summary>Null without samples; otherwise whether the share reaches the objective's percent.</summary>
    public bool? Met => Samples == 0 ? null : Under * 100m >= Objective.Percent * Samples;
}

/// <summary>
/// Response times against their objectives: the nearest-rank percentile and the share of samples under the threshold,
/// counting only the samples taken inside the measurement calendar. Pure, so figures can always be recomputed.
/// </summary>
public static class ResponseTimes
{
    /// <summary>The nearest-rank percentile <paramref name="percent"/> of sorted durations (failures as null, last).</summary>
    public static int? Percentile(IReadOnlyList<int?> sortedDurations, decimal percent)
    {
        ArgumentNullException.ThrowIfNull(sortedDurations);
        if (sortedDurations.Count == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(percent / 100m * sortedDurations.Count);
        return sortedDurations[Math.Clamp(rank, 1, sortedDurations.Count) - 1];
    }

    /// <summary>
    /// Each objective against the samples (<paramref name="samples"/>: duration in ms and success), already limited
    /// to the measurement calendar.
    /// </summary>
    public static IReadOnlyList<ResponseTimeResult> Evaluate(IEnumerable<ResponseTimeObjective> objectives, IReadOnlyList<(int DurationMs, bool Ok)> samples)
    {
        ArgumentNullException.ThrowIfNull(objectives);
        ArgumentNullException.ThrowIfNull(samples);
        var sorted = samples.Where(s => s.Ok).Select(s => (int?)s.DurationMs).Order()
            .Concat(samples.Where(s => !s.Ok).Select(_ => (int?)null)).ToList();
        return [.. objectives.Select(o => new ResponseTimeResult(o, samples.Count, samples.Count(s => s.Ok && s.DurationMs <= o.ThresholdMs), Percentile(sorted, o.Percent)))];
    }

    /// <summary>Whether <paramref name="at"/> lies in one of the sorted, disjoint <paramref name="intervals"/>.</summary>
    public static bool Inside(IReadOnlyList<Interval> intervals, Instant at)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        int lo = 0, hi = intervals.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (at < intervals[mid].Start)
            {
                hi = mid - 1;
            }
            else if (at >= intervals[mid].End)
            {
                lo = mid + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }
}
