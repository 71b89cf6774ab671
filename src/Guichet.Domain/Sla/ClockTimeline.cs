using Guichet.Domain.Calendars;
using NodaTime;

namespace Guichet.Domain.Sla;

/// <summary>One row of a clock's explanation: a calendar day, or several days on which nothing was counted.</summary>
/// <param name="From">The first local date of the row.</param>
/// <param name="To">The last local date of the row (equal to <paramref name="From"/> for a single day).</param>
/// <param name="Counted">Business time counted over the row's days.</param>
/// <param name="Total">Business time counted from the clock's start to the end of the row.</param>
/// <param name="Periods">The counted periods (local times of the row's zone); empty for folded rows.</param>
/// <param name="Reasons">Why time was not counted: week-end, holiday (named), closure, suspension (with its reason), outside opening hours.</param>
/// <param name="CrossedAt">When the target was exceeded, if it happened during the row.</param>
public sealed record ClockTimelineRow(
    LocalDate From,
    LocalDate To,
    Duration Counted,
    Duration Total,
    IReadOnlyList<(LocalDateTime Start, LocalDateTime End)> Periods,
    IReadOnlyList<string> Reasons,
    Instant? CrossedAt)
{
    /// <summary>Whether the row covers more than one day.</summary>
    public bool IsRange => From != To;
}

/// <summary>A clock's explanation folded by day: what was counted each day, the running total and the crossing.</summary>
/// <param name="Rows">The rows, in date order; by week when a day per row would exceed the limit.</param>
/// <param name="ByWeek">Whether rows were folded by week (a long history).</param>
/// <param name="Zone">The zone whose days and times the rows give.</param>
/// <param name="CountingStarts">When counting starts or started (the first counted instant, or the next opening), if known.</param>
/// <param name="CrossedAt">When the target was exceeded, if it was.</param>
public sealed record ClockTimeline(IReadOnlyList<ClockTimelineRow> Rows, bool ByWeek, DateTimeZone Zone, Instant? CountingStarts, Instant? CrossedAt);

/// <summary>Folds a clock's counted segments and frozen periods into one row per calendar day.</summary>
/// <remarks>
/// Days on which nothing was counted and that follow each other are folded into one row naming every reason
/// (week-end, public holiday by name, closure, suspension with its reason, outside opening hours). When a day per
/// row would still give more than <c>maxRows</c> rows, rows are folded by week (Monday to Sunday), so a ticket
/// open for months keeps a short explanation. Days are read in the clock calendar's zone (the
/// <c>fallbackZone</c> for a wall-clock calendar, which is in UTC).
/// </remarks>
public static class ClockTimelines
{
    /// <summary>The explanation of <paramref name="clock"/>, evaluated with explanation, up to <paramref name="end"/>.</summary>
    /// <param name="clock">A clock result whose segments and frozen periods were listed.</param>
    /// <param name="end">Where the timeline stops when the clock has not stopped: now, or the ticket's closure.</param>
    /// <param name="fallbackZone">The zone of the days when the clock's calendar is the wall clock.</param>
    /// <param name="frozenReason">Why the clock was frozen at an instant, in French (e.g. "en attente du client").</param>
    /// <param name="maxRows">Above this many day rows, rows are folded by week.</param>
    public static ClockTimeline Fold(ClockResult clock, Instant end, DateTimeZone fallbackZone, Func<Instant, string> frozenReason, int maxRows = 100)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(fallbackZone);
        ArgumentNullException.ThrowIfNull(frozenReason);
        var calendar = clock.Calendar;
        var zone = calendar is null || ReferenceEquals(calendar, BusinessCalendar.WallClock) ? fallbackZone : calendar.Zone;
        Instant? crossed = clock.Status == ClockStatus.Breached ? clock.Due : null;
        if (clock.Start is not { } start)
        {
            return new ClockTimeline([], false, zone, null, null);
        }

        var stop = clock.Stop ?? end;
        if (stop < start)
        {
            stop = start;
        }

        Instant? countingStarts = clock.Segments.Count > 0 ? clock.Segments[0].Start : null;
        if (countingStarts is null && calendar is not null && clock.Stop is null && clock.Status is ClockStatus.Running or ClockStatus.Frozen)
        {
            var from = clock.Frozen.Count > 0 && clock.Frozen[^1].End > start ? clock.Frozen[^1].End : start;
            countingStarts = clock.Status == ClockStatus.Frozen ? null : calendar.NextOpening(from);
        }

        var days = new List<ClockTimelineRow>();
        var total = Duration.Zero;
        var first = start.InZone(zone).Date;
        var last = stop.InZone(zone).Date;
        for (var date = first; date <= last; date = date.PlusDays(1))
        {
            var dayStart = zone.AtStartOfDay(date).ToInstant();
            var dayEnd = zone.AtStartOfDay(date.PlusDays(1)).ToInstant();
            var counted = Duration.Zero;
            var periods = new List<(LocalDateTime, LocalDateTime)>();
            foreach (var s in clock.Segments)
            {
                var a = Max(s.Start, dayStart);
                var b = Min(s.End, dayEnd);
                if (a < b)
                {
                    counted += b - a;
                    periods.Add((a.InZone(zone).LocalDateTime, b.InZone(zone).LocalDateTime));
                }
            }

            total += counted;
            var reasons = new List<string>();
            if (calendar is not null)
            {
                if (calendar.HolidaysIn(date.Year).FirstOrDefault(h => h.Date == date) is { Name: { } holiday })
                {
                    reasons.Add($"jour férié ({holiday})");
                }
                else if (calendar.Week.For(date.DayOfWeek).Count == 0 && !calendar.IsBusinessDay(date))
                {
                    reasons.Add(date.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday ? "week-end" : "jour non ouvré");
                }
                else if (!calendar.IsBusinessDay(date))
                {
                    reasons.Add("fermeture exceptionnelle");
                }
            }

            foreach (var f in clock.Frozen)
            {
                if (f.Start < dayEnd && f.End > dayStart)
                {
                    var reason = "suspendu — " + frozenReason(f.Start);
                    if (!reasons.Contains(reason))
                    {
                        reasons.Add(reason);
                    }
                }
            }

            if (counted == Duration.Zero && reasons.Count == 0)
            {
                reasons.Add(date == first && clock.Segments.Count == 0 && countingStarts is { } cs && cs >= dayEnd
                    ? "hors des heures ouvrées : le décompte commence à l'ouverture suivante"
                    : "hors des heures ouvrées");
            }

            Instant? crossedToday = crossed is { } c && c >= dayStart && c < dayEnd ? c : null;
            days.Add(new ClockTimelineRow(date, date, counted, total, periods, reasons, crossedToday));
        }

        var rows = FoldEmptyDays(days);
        var byWeek = false;
        if (rows.Count > maxRows)
        {
            rows = FoldWeeks(days);
            byWeek = true;
        }

        return new ClockTimeline(rows, byWeek, zone, countingStarts, crossed);
    }

    private static List<ClockTimelineRow> FoldEmptyDays(List<ClockTimelineRow> days)
    {
        var rows = new List<ClockTimelineRow>();
        foreach (var d in days)
        {
            if (rows.Count > 0 && d.Counted == Duration.Zero && d.CrossedAt is null
                && rows[^1] is { CrossedAt: null } previous && previous.Counted == Duration.Zero)
            {
                rows[^1] = previous with { To = d.To, Reasons = Union(previous.Reasons, d.Reasons) };
            }
            else
            {
                rows.Add(d);
            }
        }

        return rows;
    }

    private static List<ClockTimelineRow> FoldWeeks(List<ClockTimelineRow> days)
    {
        var rows = new List<ClockTimelineRow>();
        foreach (var week in days.GroupBy(d => d.From.PlusDays(1 - (int)d.From.DayOfWeek)))
        {
            var list = week.ToList();
            var reasons = list.Where(d => d.Counted == Duration.Zero).Aggregate((IReadOnlyList<string>)[], (acc, d) => Union(acc, d.Reasons));
            rows.Add(new ClockTimelineRow(
                list[0].From,
                list[^1].To,
                list.Aggregate(Duration.Zero, (sum, d) => sum + d.Counted),
                list[^1].Total,
                [],
                reasons,
                list.Select(d => d.CrossedAt).FirstOrDefault(c => c is not null)));
        }

        return rows;
    }

    private static List<string> Union(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var result = new List<string>(a);
        foreach (var r in b)
        {
            if (!result.Contains(r))
            {
                result.Add(r);
            }
        }

        return result;
    }

    private static Instant Max(Instant a, Instant b) => a > b ? a : b;

    private static Instant Min(Instant a, Instant b) => a < b ? a : b;
}
