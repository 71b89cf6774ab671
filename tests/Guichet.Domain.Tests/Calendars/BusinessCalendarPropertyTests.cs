using CsCheck;
using Guichet.Domain.Calendars;
using NodaTime;
using static Guichet.Domain.Tests.TestData;

namespace Guichet.Domain.Tests.Calendars;

/// <summary>Laws every calendar obeys, checked on random instants and durations (CsCheck).</summary>
public class BusinessCalendarPropertyTests
{
    private static readonly BusinessCalendar[] Calendars =
    [
        Ls,
        Mn,
        At,
        SevenToEight,
        AllDayParis,
        Daily("01:00-03:00"),
        PresetCalendar("es26", "availability", Territory.Reunion),
    ];

    private static readonly long From = Instant.FromUtc(2024, 1, 1, 0, 0).ToUnixTimeSeconds();
    private static readonly long To = Instant.FromUtc(2032, 1, 1, 0, 0).ToUnixTimeSeconds();

    /// <summary>A random instant in 2024–2031, to the second, and sometimes exactly on a quarter hour.</summary>
    private static readonly Gen<Instant> AnyInstant = Gen.Long[From, To].Select(Gen.Bool, (s, round) =>
        Instant.FromUnixTimeSeconds(round ? s / 900 * 900 : s));

    /// <summary>A random business duration from zero to 2,000 hours, in seconds.</summary>
    private static readonly Gen<Duration> AnyDuration = Gen.Long[0, 2_000 * 3600].Select(Duration.FromSeconds);

    private static readonly Gen<BusinessCalendar> AnyCalendar = Gen.Int[0, Calendars.Length - 1].Select(i => Calendars[i]);

    [Fact]
    public void Business_time_between_t_and_add_t_d_is_d()
    {
        Gen.Select(AnyCalendar, AnyInstant, AnyDuration).Sample(
            (calendar, t, d) => calendar.BusinessTimeBetween(t, calendar.AddBusinessTime(t, d)) == d,
            iter: 20_000);
    }

    [Fact]
    public void Add_is_monotonic_in_the_duration_and_in_the_start()
    {
        Gen.Select(AnyCalendar, AnyInstant, AnyDuration, AnyDuration).Sample(
            (calendar, t, a, b) =>
            {
                var (small, large) = a <= b ? (a, b) : (b, a);
                var later = t + small;
                return calendar.AddBusinessTime(t, small) <= calendar.AddBusinessTime(t, large)
                    && calendar.AddBusinessTime(t, large) <= calendar.AddBusinessTime(later, large);
            },
            iter: 20_000);
    }

    [Fact]
    public void Adding_a_then_b_is_adding_a_plus_b()
    {
        Gen.Select(AnyCalendar, AnyInstant, AnyDuration, AnyDuration).Sample(
            (calendar, t, a, b) => calendar.AddBusinessTime(calendar.AddBusinessTime(t, a), b) == calendar.AddBusinessTime(t, a + b),
            iter: 20_000);
    }

    [Fact]
    public void Add_gives_the_earliest_instant_so_any_earlier_one_falls_short()
    {
        Gen.Select(AnyCalendar, AnyInstant, Gen.Long[1, 2_000 * 3600].Select(Duration.FromSeconds)).Sample(
            (calendar, t, d) =>
            {
                var due = calendar.AddBusinessTime(t, d);
                return calendar.BusinessTimeBetween(t, due - Duration.FromSeconds(1)) < d;
            },
            iter: 20_000);
    }

    [Fact]
    public void Next_opening_is_open_and_nothing_opens_before_it()
    {
        Gen.Select(AnyCalendar, AnyInstant).Sample(
            (calendar, t) =>
            {
                var next = calendar.NextOpening(t);
                return next >= t && calendar.IsOpen(next) && calendar.BusinessTimeBetween(t, next) == Duration.Zero;
            },
            iter: 20_000);
    }

    [Fact]
    public void Business_days_land_on_a_business_day_and_grow_with_n()
    {
        Gen.Select(AnyCalendar, AnyInstant, Gen.Int[0, 60]).Sample(
            (calendar, t, n) =>
            {
                var due = calendar.AddBusinessDays(t, n);
                var next = calendar.AddBusinessDays(t, n + 1);
                return due >= calendar.NextOpening(t)
                    && calendar.IsBusinessDay(due.InZone(calendar.Zone).Date)
                    && next > due;
            },
            iter: 10_000);
    }

    [Fact]
    public void Open_intervals_add_up_to_the_business_time()
    {
        Gen.Select(AnyCalendar, AnyInstant, Gen.Long[0, 30 * 86_400].Select(Duration.FromSeconds)).Sample(
            (calendar, t, span) =>
            {
                var sum = calendar.OpenIntervals(t, t + span).Aggregate(Duration.Zero, (acc, i) => acc + i.Duration);
                return sum == calendar.BusinessTimeBetween(t, t + span);
            },
            iter: 5_000);
    }
}
