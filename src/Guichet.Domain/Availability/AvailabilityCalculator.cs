using Guichet.Domain.Calendars;
using NodaTime;

namespace Guichet.Domain.Availability;

/// <summary>
/// A month's availability by interval arithmetic on the measurement calendar: each outage clipped to the month (and to
/// "now" while it lasts), cut by the measured period and the recurring maintenance windows, then counted or excluded by
/// its cause. Pure: the same log gives the same figures, so a month can always be recomputed from the stored entries.
/// </summary>
public static class AvailabilityCalculator
{
    /// <summary>The availability of <paramref name="month"/> for a client of <paramref name="client"/>.</summary>
    /// <param name="objective">The commitment.</param>
    /// <param name="client">The client's territory (zone and holidays of calendars that follow the client).</param>
    /// <param name="month">The month, read in the measurement calendar's zone.</param>
    /// <param name="outages">The service's outage log (entries outside the month are ignored).</param>
    /// <param name="now">The present: an open outage lasts until then, a later one is not known yet.</param>
    public static MonthAvailability Month(AvailabilityObjective objective, Territory client, YearMonth month, IEnumerable<Outage> outages, Instant now)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(outages);
        var measurement = Resolved(objective.Measurement, client);
        var zone = measurement.Zone;
        var start = month.OnDayOfMonth(1).AtStartOfDayInZone(zone).ToInstant();
        var end = month.PlusMonths(1).OnDayOfMonth(1).AtStartOfDayInZone(zone).ToInstant();
        var measured = Spans.Of(measurement.OpenIntervals(start, end));
        var serviceHours = objective.ServiceHours is { } hours ? Resolved(hours, client) : null;

        var lines = new List<OutageLine>();
        foreach (var outage in outages.OrderBy(o => o.Start))
        {
            var from = Instant.Max(outage.Start, start);
            var to = Instant.Min(Instant.Min(outage.End ?? now, now), end);
            if (to <= from)
            {
                continue;
            }

            // A recurring window first (ES26's nights, Sundays and holidays say so, though they are outside its PRT
            // too), then what is outside the measured period, then the rest by the outage's cause.
            var whole = Spans.Of([new Interval(from, to)]);
            var parts = new List<OutagePart>();
            var served = whole;
            if (serviceHours is not null)
            {
                served = Spans.Intersect(whole, Spans.Of(serviceHours.OpenIntervals(from, to)));
                parts.AddRange(Spans.Subtract(whole, served).Select(i => new OutagePart(i, PartReason.MaintenanceWindow)));
            }

            var inside = Spans.Intersect(served, measured);
            parts.AddRange(Spans.Subtract(served, inside).Select(i => new OutagePart(i, PartReason.OutsideMeasurement)));
            var reason = ReasonOf(outage, objective.MinimumNotice);
            parts.AddRange(inside.Select(i => new OutagePart(i, reason)));
            lines.Add(new OutageLine(outage, [.. parts.OrderBy(p => p.Period.Start)]));
        }

        var deducted = Spans.Intersect(Spans.Of(lines.SelectMany(l => l.Parts).Where(p => p.Deductible).Select(p => p.Period)), measured);
        var counted = Spans.Subtract(Spans.Of(lines.SelectMany(l => l.Parts).Where(p => p.Counted).Select(p => p.Period)), deducted);
        var period = Spans.Length(measured);
        var deductedTime = Spans.Length(deducted);
        var unavailable = Spans.Length(counted);
        var basis = objective.Formula == AvailabilityFormula.DeductedHours ? period - deductedTime : period;
        var rate = basis <= Duration.Zero ? 100m : (decimal)(basis - unavailable).BclCompatibleTicks * 100m / basis.BclCompatibleTicks;
        return new MonthAvailability(objective, month, new Interval(start, end), period, deductedTime, unavailable, rate, now < end, lines);
    }

    /// <summary>
    /// The measured intervals of <paramref name="objective"/> between two instants for a client of
    /// <paramref name="client"/> (sorted, disjoint): what a month's rate is measured on, and the only time a probe's
    /// samples count against its response-time objectives.
    /// </summary>
    public static IReadOnlyList<Interval> MeasuredIntervals(AvailabilityObjective objective, Territory client, Instant from, Instant to)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(client);
        return to <= from ? [] : Spans.Of(Resolved(objective.Measurement, client).OpenIntervals(from, to));
    }

    /// <summary>Calendars resolved once per spec and territory: their yearly tables are then built once and reused.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CalendarSpec, System.Collections.Concurrent.ConcurrentDictionary<string, BusinessCalendar>> Calendars = [];

    private static BusinessCalendar Resolved(CalendarSpec spec, Territory client) =>
        Calendars.GetValue(spec, _ => new(StringComparer.Ordinal)).GetOrAdd(client.Id, _ => spec.Resolve(client));

    private static PartReason ReasonOf(Outage outage, Duration notice) => outage.Cause switch
    {
        OutageCause.Unplanned => PartReason.Counted,
        OutageCause.PlannedMaintenance => outage.AnnouncedAt is { } announced && outage.Start - announced >= notice
            ? PartReason.AnnouncedMaintenance
            : PartReason.CountedLateNotice,
        OutageCause.UrgentMaintenance => PartReason.UrgentMaintenance,
        OutageCause.ForceMajeure => PartReason.ForceMajeure,
        OutageCause.ClientEquipment => PartReason.ClientEquipment,
        OutageCause.OutsidePerimeter => PartReason.OutsidePerimeter,
        OutageCause.ThirdParty => PartReason.ThirdParty,
        _ => PartReason.MonitoringGap,
    };

    /// <summary>Sorted, disjoint, non-empty intervals.</summary>
    private static class Spans
    {
        public static List<Interval> Of(IEnumerable<Interval> intervals)
        {
            var merged = new List<Interval>();
            foreach (var i in intervals.Where(i => i.HasStart && i.HasEnd && i.Start < i.End).OrderBy(i => i.Start))
            {
                if (merged.Count > 0 && i.Start <= merged[^1].End)
                {
                    merged[^1] = new Interval(merged[^1].Start, Instant.Max(merged[^1].End, i.End));
                }
                else
                {
                    merged.Add(i);
                }
            }

            return merged;
        }

        public static List<Interval> Intersect(List<Interval> a, List<Interval> b)
        {
            var result = new List<Interval>();
            for (int i = 0, j = 0; i < a.Count && j < b.Count;)
            {
                var s = Instant.Max(a[i].Start, b[j].Start);
                var e = Instant.Min(a[i].End, b[j].End);
                if (s < e)
                {
                    result.Add(new Interval(s, e));
                }

                if (a[i].End < b[j].End)
                {
                    i++;
                }
                else
                {
                    j++;
                }
            }

            return result;
        }

        public static List<Interval> Subtract(List<Interval> a, List<Interval> b)
        {
            var result = new List<Interval>();
            var j = 0;
            foreach (var interval in a)
            {
                var cursor = interval.Start;
                while (j < b.Count && b[j].End <= cursor)
                {
                    j++;
                }

                for (var k = j; k < b.Count && b[k].Start < interval.End; k++)
                {
                    if (b[k].Start > cursor)
                    {
                        result.Add(new Interval(cursor, b[k].Start));
                    }

                    cursor = Instant.Max(cursor, b[k].End);
                }

                if (cursor < interval.End)
                {
                    result.Add(new Interval(cursor, interval.End));
                }
            }

            return result;
        }

        public static Duration Length(List<Interval> spans) => spans.Aggregate(Duration.Zero, (sum, i) => sum + i.Duration);
    }
}
