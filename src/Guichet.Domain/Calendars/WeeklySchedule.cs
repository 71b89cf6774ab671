using NodaTime;

namespace Guichet.Domain.Calendars;

/// <summary>
/// Opening windows for each day of the week: several per day, different per weekday, sorted and
/// non-overlapping.
/// </summary>
public sealed class WeeklySchedule
{
    private readonly OpeningInterval[][] _days = new OpeningInterval[8][];

    /// <summary>Builds a schedule; days not in <paramref name="days"/> are closed.</summary>
    /// <exception cref="ArgumentException">Two windows of one day overlap.</exception>
    public WeeklySchedule(IReadOnlyDictionary<IsoDayOfWeek, IReadOnlyList<OpeningInterval>> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        for (var i = 0; i < _days.Length; i++)
        {
            _days[i] = [];
        }

        foreach (var (day, intervals) in days)
        {
            if (day == IsoDayOfWeek.None)
            {
                throw new ArgumentException("IsoDayOfWeek.None is not a day.", nameof(days));
            }

            _days[(int)day] = Normalise(intervals, day.ToString());
        }
    }

    /// <summary>Open every day of the week, all day: wall-clock time.</summary>
    public static WeeklySchedule AlwaysOpen { get; } = Uniform(
        [IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday, IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday],
        new OpeningInterval(Duration.Zero, Duration.FromDays(1)));

    /// <summary>The same windows on each of <paramref name="days"/>.</summary>
    public static WeeklySchedule Uniform(IEnumerable<IsoDayOfWeek> days, params OpeningInterval[] intervals)
    {
        ArgumentNullException.ThrowIfNull(days);
        return new WeeklySchedule(days.ToDictionary(d => d, _ => (IReadOnlyList<OpeningInterval>)intervals));
    }

    /// <summary>The windows of one weekday, sorted by start.</summary>
    public IReadOnlyList<OpeningInterval> For(IsoDayOfWeek day) => _days[(int)day];

    /// <summary>Whether at least one weekday has an opening window.</summary>
    public bool HasAnyOpening => _days.Any(d => d.Length > 0);

    /// <summary>Sorts windows and rejects overlaps; <paramref name="what"/> names the day in the error.</summary>
    /// <exception cref="ArgumentException">Two windows overlap.</exception>
    public static OpeningInterval[] Normalise(IReadOnlyList<OpeningInterval> intervals, string what)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        var sorted = intervals.OrderBy(i => i.Start).ToArray();
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i - 1].Overlaps(sorted[i]))
            {
                throw new ArgumentException($"{what}: opening intervals {sorted[i - 1]} and {sorted[i]} overlap.");
            }
        }

        return sorted;
    }
}
