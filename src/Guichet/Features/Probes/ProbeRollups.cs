using System.Globalization;
using Guichet.Domain.Availability;

namespace Guichet.Features.Probes;

/// <summary>
/// The hourly roll-ups of the samples (<see cref="ProbeHour"/>), derived data: <see cref="RollClosedHoursAsync"/> adds
/// each UTC hour once it is over (the incremental path, run by the retention job), <see cref="RebuildAsync"/>
/// recomputes every hour whose samples are still kept; both go through <see cref="Of"/>, and a test proves they agree.
/// </summary>
internal static class ProbeRollups
{
    /// <summary>The upper bounds of the histogram's buckets (ms); a last bucket takes the rest.</summary>
    public static readonly int[] Buckets = [100, 200, 300, 500, 750, 1000, 1500, 2000, 2500, 3000, 4000, 5000, 6000, 8000, 10000, 15000, 20000, 30000, 60000];

    /// <summary>An hour is rolled up once it ended this long ago (more than the longest timeout a probe may have).</summary>
    public static readonly Duration Settle = Duration.FromMinutes(3);

    public static Instant HourOf(Instant at) => Instant.FromUnixTimeSeconds(at.ToUnixTimeSeconds() / 3600 * 3600);

    /// <summary>The roll-up of one hour's samples.</summary>
    public static ProbeHour Of(Guid probeId, Instant hour, IReadOnlyList<(int DurationMs, bool Ok)> samples)
    {
        var ok = samples.Where(s => s.Ok).Select(s => s.DurationMs).ToList();
        var sorted = ok.Order().Select(d => (int?)d).Concat(samples.Where(s => !s.Ok).Select(_ => (int?)null)).ToList();
        var histogram = new int[Buckets.Length + 1];
        foreach (var d in ok)
        {
            histogram[BucketOf(d)]++;
        }

        return new ProbeHour
        {
            ProbeId = probeId,
            Hour = hour,
            Count = samples.Count,
            Failures = samples.Count - ok.Count,
            SumMs = ok.Sum(d => (long)d),
            MaxMs = ok.Count == 0 ? null : ok.Max(),
            P80Ms = ResponseTimes.Percentile(sorted, 80),
            P95Ms = ResponseTimes.Percentile(sorted, 95),
            Histogram = string.Join(',', histogram),
        };
    }

    public static int BucketOf(int durationMs)
    {
        var i = Array.BinarySearch(Buckets, durationMs);
        return i >= 0 ? i : ~i;
    }

    public static int[] Read(string histogram)
    {
        var counts = new int[Buckets.Length + 1];
        var parts = histogram.Split(',', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < Math.Min(parts.Length, counts.Length); i++)
        {
            counts[i] = int.Parse(parts[i], CultureInfo.InvariantCulture);
        }

        return counts;
    }

    /// <summary>
    /// The successful samples of a merged histogram under <paramref name="thresholdMs"/>: exact when the threshold is
    /// a bucket's bound (every AT threshold is), otherwise the buckets wholly under it.
    /// </summary>
    public static int Under(int[] histogram, int thresholdMs)
    {
        var under = 0;
        for (var i = 0; i < Buckets.Length && Buckets[i] <= thresholdMs; i++)
        {
            under += histogram[i];
        }

        return under;
    }

    /// <summary>The nearest-rank percentile of a merged histogram (its bucket's upper bound), failures last.</summary>
    public static int? Percentile(int[] histogram, int failures, decimal percent)
    {
        var total = histogram.Sum() + failures;
        if (total == 0)
        {
            return null;
        }

        var rank = Math.Clamp((int)Math.Ceiling(percent / 100m * total), 1, total);
        var seen = 0;
        for (var i = 0; i < histogram.Length; i++)
        {
            seen += histogram[i];
            if (seen >= rank)
            {
                return i < Buckets.Length ? Buckets[i] : Buckets[^1] * 2;
            }
        }

        return null;
    }

    /// <summary>
    /// Rolls up every hour over (<see cref="Settle"/> past its end) after each probe's last roll-up; returns the hours
    /// added. Hours without samples leave no row.
    /// </summary>
    public static async Task<int> RollClosedHoursAsync(GuichetDbContext db, Instant now, CancellationToken ct)
    {
        var limit = HourOf(now - Settle);
        var last = await db.Set<ProbeHour>().GroupBy(h => h.ProbeId).Select(g => new { ProbeId = g.Key, Hour = g.Max(h => h.Hour) }).ToDictionaryAsync(x => x.ProbeId, x => x.Hour, ct);
        var probes = await db.Set<Probe>().Select(p => p.Id).ToListAsync(ct);
        var added = 0;
        foreach (var probeId in probes)
        {
            var from = last.TryGetValue(probeId, out var rolled) ? rolled + Duration.FromHours(1) : Instant.FromUtc(2000, 1, 1, 0, 0);
            added += await RollAsync(db, probeId, from, limit, ct);
        }

        return added;
    }

    /// <summary>
    /// Recomputes the roll-ups of every hour whose samples are kept (from the hour of the oldest sample on, up to the
    /// last hour over): what <see cref="RollClosedHoursAsync"/> wrote is replaced by the same rows.
    /// </summary>
    public static async Task<int> RebuildAsync(GuichetDbContext db, Instant now, CancellationToken ct)
    {
        var limit = HourOf(now - Settle);
        var rebuilt = 0;
        foreach (var probeId in await db.Set<Probe>().Select(p => p.Id).ToListAsync(ct))
        {
            var oldest = await db.Set<ProbeSample>().Where(s => s.ProbeId == probeId).OrderBy(s => s.At).Select(s => (Instant?)s.At).FirstOrDefaultAsync(ct);
            if (oldest is not { } first)
            {
                continue;
            }

            var from = HourOf(first);
            await db.Set<ProbeHour>().Where(h => h.ProbeId == probeId && h.Hour >= from && h.Hour < limit).ExecuteDeleteAsync(ct);
            rebuilt += await RollAsync(db, probeId, from, limit, ct);
        }

        return rebuilt;
    }

    private static async Task<int> RollAsync(GuichetDbContext db, Guid probeId, Instant from, Instant limit, CancellationToken ct)
    {
        if (from >= limit)
        {
            return 0;
        }

        var samples = await db.Set<ProbeSample>().AsNoTracking()
            .Where(s => s.ProbeId == probeId && s.At >= from && s.At < limit)
            .Select(s => new { s.At, s.DurationMs, s.Ok }).ToListAsync(ct);
        if (samples.Count == 0)
        {
            return 0;
        }

        var hours = samples.GroupBy(s => HourOf(s.At)).OrderBy(g => g.Key)
            .Select(g => Of(probeId, g.Key, [.. g.Select(s => (s.DurationMs, s.Ok))])).ToList();
        db.AddRange(hours);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return hours.Count;
    }
}
