using NodaTime;

namespace Guichet.Domain.Calendars;

/// <summary>
/// The opening time of one local year of a calendar, precomputed as instants so that every calendar
/// operation is a binary search and some arithmetic, whatever the size of the target.
/// </summary>
/// <remarks>
/// Instants are stored as nanoseconds since the Unix epoch (a <see cref="long"/> covers 1678–2262).
/// Pieces are sorted, disjoint and half-open. <c>Prefix[i]</c> is the opening time of the year before
/// piece <c>i</c>; <c>DayPieces</c> lists each day-of-year's pieces (0-based days, offsets in
/// <c>DayFirstPiece</c>), and <c>BusinessDaysBefore[d]</c> is the number of business days before day <c>d</c>.
/// </remarks>
internal sealed class CalendarYear
{
    private CalendarYear(int year, LocalDate firstDay, long[] starts, long[] ends, long[] prefix, int[] dayFirstPiece, int[] dayPieces, int[] businessDaysBefore)
    {
        DayPieces = dayPieces;
        Year = year;
        FirstDay = firstDay;
        Starts = starts;
        Ends = ends;
        Prefix = prefix;
        DayFirstPiece = dayFirstPiece;
        BusinessDaysBefore = businessDaysBefore;
        Total = starts.Length == 0 ? 0 : prefix[^1] + (ends[^1] - starts[^1]);
    }

    public int Year { get; }

    public LocalDate FirstDay { get; }

    public long[] Starts { get; }

    public long[] Ends { get; }

    public long[] Prefix { get; }

    /// <summary>Offsets into <see cref="DayPieces"/>: day <c>d</c>'s pieces are <c>DayPieces[DayFirstPiece[d] .. DayFirstPiece[d + 1]]</c>.</summary>
    public int[] DayFirstPiece { get; }

    /// <summary>Piece indices grouped by day, each day's in instant order.</summary>
    public int[] DayPieces { get; }

    public int[] BusinessDaysBefore { get; }

    /// <summary>Total opening time of the year, in nanoseconds.</summary>
    public long Total { get; }

    public int DayCount => DayFirstPiece.Length - 1;

    public int BusinessDayCount => BusinessDaysBefore[^1];

    public long PieceLength(int i) => Ends[i] - Starts[i];

    /// <summary>Opening time of the year strictly before <paramref name="t"/> (nanoseconds).</summary>
    public long CumulativeAt(long t)
    {
        var i = LastStartAtOrBefore(t);
        if (i < 0)
        {
            return 0;
        }

        return Prefix[i] + (Math.Min(t, Ends[i]) - Starts[i]);
    }

    /// <summary>Index of the last piece starting at or before <paramref name="t"/>, or -1.</summary>
    public int LastStartAtOrBefore(long t)
    {
        var i = Array.BinarySearch(Starts, t);
        return i >= 0 ? i : ~i - 1;
    }

    /// <summary>
    /// The earliest instant at which the year's cumulative opening time reaches <paramref name="target"/>
    /// (0 &lt; target ≤ Total).
    /// </summary>
    public long InstantAtCumulative(long target)
    {
        // First piece whose end-cumulative (Prefix + length) reaches the target.
        int lo = 0, hi = Starts.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (Prefix[mid] + PieceLength(mid) >= target)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return Starts[lo] + (target - Prefix[lo]);
    }

    /// <summary>
    /// Index of the day holding the <paramref name="n"/>-th business day of the year (1-based), or -1 when the
    /// year has fewer.
    /// </summary>
    public int DayOfNthBusinessDay(int n)
    {
        if (n < 1 || n > BusinessDayCount)
        {
            return -1;
        }

        // Smallest d with BusinessDaysBefore[d + 1] >= n.
        int lo = 0, hi = DayCount - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (BusinessDaysBefore[mid + 1] >= n)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }

    public static CalendarYear Build(int year, DateTimeZone zone, Func<LocalDate, IReadOnlyList<OpeningInterval>> openingsOf)
    {
        var firstDay = new LocalDate(year, 1, 1);
        var dayCount = CalendarSystem.Iso.GetDaysInYear(year);

        // Zone intervals covering the whole local year, with a day of margin on each side for any offset.
        var from = firstDay.PlusDays(-1).AtMidnight().InUtc().ToInstant();
        var to = firstDay.PlusDays(dayCount + 1).AtMidnight().InUtc().ToInstant();
        var zoneIntervals = zone.GetZoneIntervals(new Interval(from, to)).ToArray();

        var pieces = new List<(long Start, long End, int Day)>(dayCount * 2);
        var businessDaysBefore = new int[dayCount + 1];
        for (var d = 0; d < dayCount; d++)
        {
            var date = firstDay.PlusDays(d);
            var localMidnight = ToNanos(date.AtMidnight().InUtc().ToInstant());
            var added = 0;
            foreach (var opening in openingsOf(date))
            {
                var localStart = localMidnight + opening.Start.ToInt64Nanoseconds();
                var localEnd = localMidnight + opening.End.ToInt64Nanoseconds();
                foreach (var zi in zoneIntervals)
                {
                    // Instants of this zone interval whose local time lies in [localStart, localEnd).
                    var offset = zi.WallOffset.Nanoseconds;
                    var s = localStart - offset;
                    var e = localEnd - offset;
                    if (zi.HasStart)
                    {
                        s = Math.Max(s, ToNanos(zi.Start));
                    }

                    if (zi.HasEnd)
                    {
                        e = Math.Min(e, ToNanos(zi.End));
                    }

                    if (s < e)
                    {
                        pieces.Add((s, e, d));
                        added++;
                    }
                }
            }

            businessDaysBefore[d + 1] = businessDaysBefore[d] + (added > 0 ? 1 : 0);
        }

        // Each instant has one local time, so pieces never overlap; but where clocks go back across midnight
        // a day's pieces interleave with the next day's: order them by instant, and index each day's pieces.
        pieces.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        var starts = new long[pieces.Count];
        var ends = new long[pieces.Count];
        var prefix = new long[pieces.Count];
        long sum = 0;
        for (var i = 0; i < pieces.Count; i++)
        {
            (starts[i], ends[i], _) = pieces[i];
            prefix[i] = sum;
            sum += ends[i] - starts[i];
        }

        var dayPieces = Enumerable.Range(0, pieces.Count).OrderBy(i => pieces[i].Day).ThenBy(i => pieces[i].Start).ToArray();
        var dayFirstPiece = new int[dayCount + 1];
        for (int d = 0, k = 0; d <= dayCount; d++)
        {
            while (k < dayPieces.Length && pieces[dayPieces[k]].Day < d)
            {
                k++;
            }

            dayFirstPiece[d] = k;
        }

        return new CalendarYear(year, firstDay, starts, ends, prefix, dayFirstPiece, dayPieces, businessDaysBefore);
    }

    public static long ToNanos(Instant instant) => (instant - NodaConstants.UnixEpoch).ToInt64Nanoseconds();

    public static Instant FromNanos(long nanos) => NodaConstants.UnixEpoch + Duration.FromNanoseconds(nanos);
}
