using NodaTime;
using NodaTime.TimeZones;

namespace Guichet.Domain.Calendars;

/// <summary>
/// A business calendar: a time zone, weekly opening windows, public holidays of a territory, one-off closures
/// and exceptional opening days. It answers the questions an SLA clock asks: is it open, when does it next
/// open, how much opening time lies between two instants, and when will N business hours or days have
/// elapsed.
/// </summary>
/// <remarks>
/// <para>
/// Opening time is counted in real elapsed time (an <see cref="Instant"/> difference), computed from local
/// wall-clock windows in <see cref="Zone"/>. Every window includes its start and excludes its end. On a
/// day whose offset changes, a window covers exactly the instants whose local time on that date lies in the
/// window (see <see cref="OpeningInterval"/>).
/// </para>
/// <para>
/// A day is a <em>business day</em> when the calendar has opening time on it. A date's windows are, in order
/// of precedence: none if it is a one-off closure; the exceptional opening windows if it has some (even on a
/// holiday or a weekend); none if it is a holiday; otherwise the weekly windows of its weekday.
/// </para>
/// <para>
/// Each local year's opening time is computed once, on first use, into sorted arrays with prefix sums; all
/// operations are then binary searches, independent of the size of the duration or day count involved.
/// Instances are immutable and safe to share between threads. Instants must fall in local years
/// 1900–2200.
/// </para>
/// </remarks>
public sealed class BusinessCalendar
{
    private readonly CalendarYear?[] _years = new CalendarYear?[FrenchHolidays.MaxYear - FrenchHolidays.MinYear + 1];
    private readonly HashSet<LocalDate> _closures;
    private readonly Dictionary<LocalDate, OpeningInterval[]> _exceptionalOpenings;

    /// <summary>Creates a calendar.</summary>
    /// <param name="name">Name of the calendar within its policy, e.g. <c>support</c>.</param>
    /// <param name="zone">Time zone in which windows and dates are read.</param>
    /// <param name="week">Weekly opening windows.</param>
    /// <param name="holidays">Territory whose public holidays close the calendar, or null for none.</param>
    /// <param name="includeWhitMonday">Whether Whit Monday counts as a holiday (default true).</param>
    /// <param name="closures">One-off whole-day closures.</param>
    /// <param name="exceptionalOpenings">Dates opened with their own windows, overriding weekday, holiday and weekend.</param>
    public BusinessCalendar(
        string name,
        DateTimeZone zone,
        WeeklySchedule week,
        Territory? holidays,
        bool includeWhitMonday = true,
        IEnumerable<LocalDate>? closures = null,
        IReadOnlyDictionary<LocalDate, IReadOnlyList<OpeningInterval>>? exceptionalOpenings = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(week);
        Name = name;
        Zone = zone;
        Week = week;
        HolidayTerritory = holidays;
        IncludeWhitMonday = includeWhitMonday;
        _closures = closures is null ? [] : [.. closures];
        _exceptionalOpenings = exceptionalOpenings?.ToDictionary(
            p => p.Key,
            p => WeeklySchedule.Normalise(p.Value, p.Key.ToString("yyyy-MM-dd", null))) ?? [];
        if (!week.HasAnyOpening && _exceptionalOpenings.Count == 0)
        {
            throw new ArgumentException($"Calendar \"{name}\" never opens: give it at least one opening interval.", nameof(week));
        }
    }

    /// <summary>A calendar that is always open, in UTC: business time is wall-clock time.</summary>
    public static BusinessCalendar WallClock { get; } = new("wall-clock", DateTimeZone.Utc, WeeklySchedule.AlwaysOpen, holidays: null);

    /// <summary>Name of the calendar within its policy.</summary>
    public string Name { get; }

    /// <summary>Time zone in which windows and dates are read.</summary>
    public DateTimeZone Zone { get; }

    /// <summary>Weekly opening windows.</summary>
    public WeeklySchedule Week { get; }

    /// <summary>Territory whose holidays close the calendar, or null when holidays are not observed.</summary>
    public Territory? HolidayTerritory { get; }

    /// <summary>Whether Whit Monday is observed as a holiday.</summary>
    public bool IncludeWhitMonday { get; }

    /// <summary>Whether <paramref name="t"/> lies inside an opening window.</summary>
    public bool IsOpen(Instant t)
    {
        var year = YearTable(LocalYear(t));
        var n = CalendarYear.ToNanos(t);
        var i = year.LastStartAtOrBefore(n);
        return i >= 0 && n < year.Ends[i];
    }

    /// <summary>
    /// The next opening instant: <paramref name="t"/> itself when the calendar is open at <paramref name="t"/>,
    /// otherwise the start of the next opening window.
    /// </summary>
    /// <exception cref="InvalidOperationException">The calendar does not open again before the end of 2200.</exception>
    public Instant NextOpening(Instant t)
    {
        var y = LocalYear(t);
        var n = CalendarYear.ToNanos(t);
        var year = YearTable(y);
        var i = year.LastStartAtOrBefore(n);
        if (i >= 0 && n < year.Ends[i])
        {
            return t;
        }

        if (i + 1 < year.Starts.Length)
        {
            return CalendarYear.FromNanos(year.Starts[i + 1]);
        }

        for (y++; y <= FrenchHolidays.MaxYear; y++)
        {
            year = YearTable(y);
            if (year.Starts.Length > 0)
            {
                return CalendarYear.FromNanos(year.Starts[0]);
            }
        }

        throw NoOpeningBefore(FrenchHolidays.MaxYear);
    }

    /// <summary>
    /// The opening time between <paramref name="from"/> and <paramref name="to"/>: the total length of the
    /// opening windows' parts inside <c>[from, to)</c>. Negative when <paramref name="to"/> precedes
    /// <paramref name="from"/>.
    /// </summary>
    public Duration BusinessTimeBetween(Instant from, Instant to)
    {
        if (to < from)
        {
            return -BusinessTimeBetween(to, from);
        }

        int ya = LocalYear(from), yb = LocalYear(to);
        long a = CalendarYear.ToNanos(from), b = CalendarYear.ToNanos(to);
        var first = YearTable(ya);
        if (ya == yb)
        {
            return Duration.FromNanoseconds(first.CumulativeAt(b) - first.CumulativeAt(a));
        }

        var total = first.Total - first.CumulativeAt(a);
        for (var y = ya + 1; y < yb; y++)
        {
            total += YearTable(y).Total;
        }

        total += YearTable(yb).CumulativeAt(b);
        return Duration.FromNanoseconds(total);
    }

    /// <summary>
    /// <em>N business hours from t</em>: the earliest instant at which <paramref name="amount"/> of opening
    /// time has elapsed since <paramref name="from"/>. A zero amount gives <paramref name="from"/>. When the
    /// amount runs out exactly at a closing, the result is that closing (e.g. 18:00), not the next opening.
    /// </summary>
    /// <example>LS calendar (Mon–Fri 09:00–12:00, 14:00–18:00): Monday 11:00 + 4 h = Monday 17:00;
    /// Friday 17:00 + 2 h = next Monday 10:00.</example>
    /// <exception cref="ArgumentOutOfRangeException">The amount is negative.</exception>
    public Instant AddBusinessTime(Instant from, Duration amount)
    {
        if (amount < Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "A business duration cannot be negative.");
        }

        if (amount == Duration.Zero)
        {
            return from;
        }

        var y = LocalYear(from);
        var year = YearTable(y);
        var target = year.CumulativeAt(CalendarYear.ToNanos(from)) + amount.ToInt64Nanoseconds();
        while (target > year.Total)
        {
            target -= year.Total;
            if (++y > FrenchHolidays.MaxYear)
            {
                throw NoOpeningBefore(FrenchHolidays.MaxYear);
            }

            year = YearTable(y);
        }

        return CalendarYear.FromNanos(year.InstantAtCumulative(target));
    }

    /// <summary>Adds <paramref name="hours"/> business hours (see <see cref="AddBusinessTime"/>).</summary>
    public Instant AddBusinessHours(Instant from, decimal hours) =>
        AddBusinessTime(from, Duration.FromNanoseconds(decimal.ToInt64(decimal.Round(hours * NodaConstants.NanosecondsPerHour))));

    /// <summary>
    /// <em>N business days from t</em>: <paramref name="from"/> is first moved to the next opening instant; the
    /// result is the same local time on the <paramref name="days"/>-th following business day. When that local
    /// time is not inside an opening window of that day, it is clamped into the day: to the closing of the
    /// last window that ends at or before it, or, if it is before the day's first window, to that window's
    /// opening. A local time skipped by a DST change is read as the first instant after the gap; a repeated
    /// one as its first occurrence. Zero days gives the next opening instant.
    /// </summary>
    /// <example>LS calendar: Monday 10:30 + 3 days = Thursday 10:30; Friday 19:00 + 1 day = Tuesday 09:00
    /// (moved to Monday 09:00 first). MN calendar (Thursday closes at 18:00, Friday at 17:00): Thursday 17:30
    /// + 1 day = Friday 17:00 (17:30 clamped to the closing); Thursday 12:30 (lunch) + 0 days = Thursday 13:30.</example>
    /// <exception cref="ArgumentOutOfRangeException">The day count is negative.</exception>
    public Instant AddBusinessDays(Instant from, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var start = NextOpening(from);
        if (days == 0)
        {
            return start;
        }
        var local = start.InZone(Zone).LocalDateTime;
        var y = local.Year;
        var year = YearTable(y);
        var d = local.Date.DayOfYear - 1;
        var n = year.BusinessDaysBefore[d + 1] + days;
        var dayIndex = year.DayOfNthBusinessDay(n);
        while (dayIndex < 0)
        {
            n -= year.BusinessDayCount;
            if (++y > FrenchHolidays.MaxYear)
            {
                throw NoOpeningBefore(FrenchHolidays.MaxYear);
            }

            year = YearTable(y);
            dayIndex = year.DayOfNthBusinessDay(n);
        }

        var targetDate = year.FirstDay.PlusDays(dayIndex);
        var candidate = CalendarYear.ToNanos(Zone.ResolveLocal(targetDate + local.TimeOfDay, SkippedAfterRepeatedEarlier).ToInstant());
        // Clamp into the day: the candidate if open, else the latest closing before it, else the first opening.
        int first = year.DayFirstPiece[dayIndex], end = year.DayFirstPiece[dayIndex + 1];
        var result = year.Starts[year.DayPieces[first]];
        for (var k = first; k < end; k++)
        {
            var i = year.DayPieces[k];
            if (candidate >= year.Starts[i] && candidate < year.Ends[i])
            {
                return CalendarYear.FromNanos(candidate);
            }

            if (year.Ends[i] <= candidate)
            {
                result = year.Ends[i];
            }
        }

        return CalendarYear.FromNanos(result);
    }

    /// <summary>The parts of opening windows inside <c>[from, to)</c>, in order.</summary>
    public IReadOnlyList<Interval> OpenIntervals(Instant from, Instant to)
    {
        var result = new List<Interval>();
        if (to <= from)
        {
            return result;
        }

        int firstYear = LocalYear(from), last = LocalYear(to);
        long a = CalendarYear.ToNanos(from), b = CalendarYear.ToNanos(to);
        for (var y = firstYear; y <= last; y++)
        {
            var year = YearTable(y);
            var i = Math.Max(0, year.LastStartAtOrBefore(a));
            for (; i < year.Starts.Length && year.Starts[i] < b; i++)
            {
                var s = Math.Max(a, year.Starts[i]);
                var e = Math.Min(b, year.Ends[i]);
                if (s < e)
                {
                    result.Add(new Interval(CalendarYear.FromNanos(s), CalendarYear.FromNanos(e)));
                }
            }
        }

        return result;
    }

    /// <summary>Whether the calendar has opening time on <paramref name="date"/>.</summary>
    public bool IsBusinessDay(LocalDate date) => OpeningsOn(date).Count > 0;

    /// <summary>The local opening windows of <paramref name="date"/>, after closures, exceptions and holidays.</summary>
    public IReadOnlyList<OpeningInterval> OpeningsOn(LocalDate date)
    {
        var holidays = HolidaysIn(date.Year);
        return Openings(date, d => holidays.Any(h => h.Date == d));
    }

    /// <summary>The holidays this calendar observes in <paramref name="year"/>.</summary>
    public IReadOnlyList<Holiday> HolidaysIn(int year) =>
        HolidayTerritory is null ? [] : FrenchHolidays.For(HolidayTerritory, year, IncludeWhitMonday);

    /// <inheritdoc />
    public override string ToString() => Name;

    private static readonly ZoneLocalMappingResolver SkippedAfterRepeatedEarlier =
        Resolvers.CreateMappingResolver(Resolvers.ReturnEarlier, Resolvers.ReturnStartOfIntervalAfter);

    private int LocalYear(Instant t)
    {
        var year = t.WithOffset(Zone.GetUtcOffset(t)).Year;
        if (year is < FrenchHolidays.MinYear or > FrenchHolidays.MaxYear)
        {
            throw new ArgumentOutOfRangeException(nameof(t), t, $"Calendars cover the years {FrenchHolidays.MinYear} to {FrenchHolidays.MaxYear}.");
        }

        return year;
    }

    private CalendarYear YearTable(int year)
    {
        var slot = year - FrenchHolidays.MinYear;
        var table = Volatile.Read(ref _years[slot]);
        if (table is not null)
        {
            return table;
        }

        var holidays = HolidaysIn(year).Select(h => h.Date).ToHashSet();
        table = CalendarYear.Build(year, Zone, date => Openings(date, holidays.Contains));
        return Interlocked.CompareExchange(ref _years[slot], table, null) ?? table;
    }

    private IReadOnlyList<OpeningInterval> Openings(LocalDate date, Func<LocalDate, bool> isHoliday)
    {
        if (_closures.Contains(date))
        {
            return [];
        }

        if (_exceptionalOpenings.TryGetValue(date, out var exceptional))
        {
            return exceptional;
        }

        return isHoliday(date) ? [] : Week.For(date.DayOfWeek);
    }

    private static InvalidOperationException NoOpeningBefore(int year) =>
        new($"The calendar has no further opening time before the end of {year}.");
}
