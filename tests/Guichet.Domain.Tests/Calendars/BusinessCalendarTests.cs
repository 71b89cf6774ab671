using Guichet.Domain.Calendars;
using NodaTime;
using static Guichet.Domain.Tests.TestData;

namespace Guichet.Domain.Tests.Calendars;

public class BusinessCalendarTests
{
    // LS: Monday–Friday 09:00–12:00 and 14:00–18:00, metropolitan holidays. 2026-04-13 is a Monday.
    [Theory]
    [InlineData("2026-04-13T11:00+02:00", 4, "2026-04-13T17:00+02:00")] // split day: lunch skipped
    [InlineData("2026-04-13T07:00+02:00", 2, "2026-04-13T11:00+02:00")] // before opening
    [InlineData("2026-04-13T12:30+02:00", 1, "2026-04-13T15:00+02:00")] // during lunch
    [InlineData("2026-04-13T18:00+02:00", 1, "2026-04-14T10:00+02:00")] // exactly at closing
    [InlineData("2026-04-13T16:00+02:00", 2, "2026-04-13T18:00+02:00")] // ends exactly at closing: the closing
    [InlineData("2026-04-13T09:00+02:00", 3, "2026-04-13T12:00+02:00")] // ends exactly at lunch
    [InlineData("2026-04-30T17:00+02:00", 2, "2026-05-04T10:00+02:00")] // holiday eve (1 May is a Friday)
    [InlineData("2026-05-01T10:00+02:00", 1, "2026-05-04T10:00+02:00")] // starts on a holiday
    [InlineData("2026-04-17T17:00+02:00", 2, "2026-04-20T10:00+02:00")] // over a weekend
    [InlineData("2026-05-13T17:00+02:00", 2, "2026-05-15T10:00+02:00")] // Ascension: Thursday closed, Friday open
    [InlineData("2026-04-03T17:00+02:00", 2, "2026-04-07T10:00+02:00")] // Easter Monday
    [InlineData("2026-12-31T17:00+01:00", 2, "2027-01-04T10:00+01:00")] // year end and New Year's day
    [InlineData("2026-04-13T09:00+02:00", 36, "2026-04-20T10:00+02:00")] // LS N3 take-charge: 5 days of 7 h + 1 h
    [InlineData("2026-04-13T10:15+02:00", 0, "2026-04-13T10:15+02:00")] // zero is the start itself
    [InlineData("2026-04-11T10:00+02:00", 0, "2026-04-11T10:00+02:00")] // zero, even when closed
    public void Ls_adds_business_hours(string from, double hours, string expected)
    {
        Assert.Equal(expected, Show(Ls.AddBusinessTime(I(from), H(hours)), Paris));
    }

    [Theory]
    [InlineData("2026-04-13T10:30+02:00", 3, "2026-04-16T10:30+02:00")]
    [InlineData("2026-04-17T19:00+02:00", 1, "2026-04-21T09:00+02:00")] // moved to Monday 09:00 first
    [InlineData("2026-04-13T12:30+02:00", 0, "2026-04-13T14:00+02:00")] // zero days: next opening
    [InlineData("2026-05-13T10:00+02:00", 1, "2026-05-15T10:00+02:00")] // over Ascension
    [InlineData("2026-12-31T10:00+01:00", 1, "2027-01-04T10:00+01:00")] // over New Year
    [InlineData("2026-04-03T11:00+02:00", 3, "2026-04-09T11:00+02:00")] // LS N0 resolution over Easter Monday
    [InlineData("2026-04-13T10:00+02:00", 30, "2026-05-29T10:00+02:00")] // 30 days: 1, 8, 14 and 25 May closed
    [InlineData("2026-10-23T10:00+02:00", 1, "2026-10-26T10:00+01:00")] // same local time after the DST change
    public void Ls_adds_business_days(string from, int days, string expected)
    {
        Assert.Equal(expected, Show(Ls.AddBusinessDays(I(from), days), Paris));
    }

    // MN: Monday–Thursday 08:30–12:00, 13:30–18:00; Friday 08:30–12:00, 13:30–17:00.
    [Theory]
    [InlineData("2026-04-16T17:30+02:00", 1, "2026-04-17T17:00+02:00")] // Thursday 17:30 → short Friday: clamped to 17:00
    [InlineData("2026-04-16T17:59+02:00", 1, "2026-04-17T17:00+02:00")]
    [InlineData("2026-04-17T16:30+02:00", 1, "2026-04-20T16:30+02:00")] // Friday → Monday, same time
    [InlineData("2026-04-17T17:30+02:00", 1, "2026-04-21T08:30+02:00")] // after Friday's closing: Monday 08:30 + 1 day
    [InlineData("2026-04-16T12:15+02:00", 0, "2026-04-16T13:30+02:00")] // lunch: next opening
    public void Mn_adds_business_days_with_its_short_friday(string from, int days, string expected)
    {
        Assert.Equal(expected, Show(Mn.AddBusinessDays(I(from), days), Paris));
    }

    [Theory]
    [InlineData("2026-04-17T16:00+02:00", 2, "2026-04-20T09:30+02:00")] // Friday closes at 17:00
    [InlineData("2026-04-16T16:00+02:00", 2, "2026-04-16T18:00+02:00")] // Thursday closes at 18:00
    [InlineData("2026-04-13T08:00+02:00", 8, "2026-04-13T18:00+02:00")] // a full Monday is 8 h
    [InlineData("2026-04-17T08:00+02:00", 7, "2026-04-17T17:00+02:00")] // a full Friday is 7 h
    public void Mn_adds_business_hours(string from, double hours, string expected)
    {
        Assert.Equal(expected, Show(Mn.AddBusinessTime(I(from), H(hours)), Paris));
    }

    [Theory]
    [InlineData("2026-04-13T09:00+02:00", "2026-04-17T18:00+02:00", 35)]
    [InlineData("2026-04-17T17:00+02:00", "2026-04-20T10:00+02:00", 2)]
    [InlineData("2026-12-31T09:00+01:00", "2027-01-04T18:00+01:00", 14)]
    [InlineData("2026-04-13T12:00+02:00", "2026-04-13T14:00+02:00", 0)]
    [InlineData("2026-04-20T10:00+02:00", "2026-04-17T17:00+02:00", -2)]
    [InlineData("2025-12-31T17:00+01:00", "2027-01-04T10:00+01:00", 1766)] // 252 business days of 7 h in 2026, 1 h before, 1 h after
    public void Ls_counts_business_time_between_two_instants(string from, string to, double hours)
    {
        Assert.Equal(H(hours), Ls.BusinessTimeBetween(I(from), I(to)));
    }

    [Theory]
    [InlineData("2026-04-13T09:00+02:00", true, "2026-04-13T09:00+02:00")]
    [InlineData("2026-04-13T08:59+02:00", false, "2026-04-13T09:00+02:00")]
    [InlineData("2026-04-13T12:00+02:00", false, "2026-04-13T14:00+02:00")] // a window excludes its end
    [InlineData("2026-04-13T11:59+02:00", true, "2026-04-13T11:59+02:00")]
    [InlineData("2026-04-13T18:00+02:00", false, "2026-04-14T09:00+02:00")]
    [InlineData("2026-04-18T10:00+02:00", false, "2026-04-20T09:00+02:00")] // Saturday
    [InlineData("2026-12-31T18:30+01:00", false, "2027-01-04T09:00+01:00")] // year end
    public void Ls_is_open_and_next_opening(string at, bool open, string next)
    {
        Assert.Equal(open, Ls.IsOpen(I(at)));
        Assert.Equal(next, Show(Ls.NextOpening(I(at)), Paris));
    }

    [Fact]
    public void A_window_that_ends_at_midnight_is_written_24_00()
    {
        var calendar = Daily("20:00-24:00");
        Assert.True(calendar.IsOpen(I("2026-04-13T23:59+02:00")));
        Assert.False(calendar.IsOpen(I("2026-04-14T00:00+02:00")));
        Assert.Equal(H(4), calendar.BusinessTimeBetween(I("2026-04-13T12:00+02:00"), I("2026-04-14T12:00+02:00")));
    }

    // DST in Paris: 2026-03-29 02:00 → 03:00 (skipped hour), 2026-10-25 03:00 → 02:00 (repeated hour).
    [Theory]
    [InlineData("2026-03-28T07:00+01:00", "2026-03-30T07:00+02:00", 26)] // 07:00–20:00 untouched by the change
    [InlineData("2026-10-24T07:00+02:00", "2026-10-26T07:00+01:00", 26)]
    public void A_seven_to_eight_calendar_keeps_13_hour_days_across_dst(string from, string to, double hours)
    {
        Assert.Equal(H(hours), SevenToEight.BusinessTimeBetween(I(from), I(to)));
    }

    [Theory]
    [InlineData("2026-03-28T19:00+01:00", 2, "2026-03-29T08:00+02:00")]
    [InlineData("2026-10-24T19:00+02:00", 2, "2026-10-25T08:00+01:00")]
    [InlineData("2026-03-27T07:00+01:00", 26, "2026-03-28T20:00+01:00")]
    public void A_seven_to_eight_calendar_adds_hours_across_dst(string from, double hours, string expected)
    {
        Assert.Equal(expected, Show(SevenToEight.AddBusinessTime(I(from), H(hours)), Paris));
    }

    [Theory]
    [InlineData("2026-03-27T07:00+01:00", 2, "2026-03-29T07:00+02:00")]
    [InlineData("2026-10-23T19:30+02:00", 2, "2026-10-25T19:30+01:00")]
    public void A_seven_to_eight_calendar_adds_days_across_dst(string from, int days, string expected)
    {
        Assert.Equal(expected, Show(SevenToEight.AddBusinessDays(I(from), days), Paris));
    }

    [Theory]
    [InlineData("2026-03-29T00:00+01:00", "2026-03-30T00:00+02:00", 23)]
    [InlineData("2026-10-25T00:00+02:00", "2026-10-26T00:00+01:00", 25)]
    public void A_round_the_clock_calendar_counts_real_time_on_dst_days(string from, string to, double hours)
    {
        Assert.Equal(H(hours), AllDayParis.BusinessTimeBetween(I(from), I(to)));
    }

    [Theory]
    [InlineData("2026-03-28T12:00+01:00", 24, "2026-03-29T13:00+02:00")]
    [InlineData("2026-10-24T12:00+02:00", 24, "2026-10-25T11:00+01:00")]
    public void A_round_the_clock_calendar_adds_real_hours_across_dst(string from, double hours, string expected)
    {
        Assert.Equal(expected, Show(AllDayParis.AddBusinessTime(I(from), H(hours)), Paris));
    }

    [Theory]
    [InlineData("2026-03-28T02:30+01:00", 1, "2026-03-29T03:00+02:00")] // 02:30 is skipped: first instant after the gap
    [InlineData("2026-10-24T02:30+02:00", 1, "2026-10-25T02:30+02:00")] // 02:30 is repeated: its first occurrence
    [InlineData("2026-03-28T12:00+01:00", 1, "2026-03-29T12:00+02:00")]
    [InlineData("2026-10-25T02:30+01:00", 0, "2026-10-25T02:30+01:00")] // zero days: the start itself, never earlier
    public void A_round_the_clock_calendar_adds_days_to_the_same_local_time(string from, int days, string expected)
    {
        Assert.Equal(expected, Show(AllDayParis.AddBusinessDays(I(from), days), Paris));
    }

    [Theory]
    [InlineData("01:00-03:00", "2026-03-29", 1)] // touches the skipped hour: only 01:00–02:00 exists
    [InlineData("02:30-05:00", "2026-03-29", 2)] // starts inside the skipped hour: 03:00–05:00
    [InlineData("02:00-03:00", "2026-03-29", 0)] // entirely skipped
    [InlineData("01:00-03:00", "2026-10-25", 3)] // covers the repeated hour twice
    [InlineData("02:30-04:00", "2026-10-25", 2)] // 02:30–03:00 (+02) and 02:30–04:00 (+01)
    [InlineData("01:00-03:00", "2026-04-05", 2)] // an ordinary Sunday
    public void Windows_touching_a_skipped_or_repeated_hour_cover_exactly_their_local_times(string window, string date, double hours)
    {
        var calendar = Daily(window);
        var day = NodaTime.Text.LocalDatePattern.Iso.Parse(date).Value;
        var from = Paris.AtStartOfDay(day).ToInstant();
        var to = Paris.AtStartOfDay(day.PlusDays(1)).ToInstant();

        Assert.Equal(H(hours), calendar.BusinessTimeBetween(from, to));
    }

    [Fact]
    public void The_repeated_hour_window_has_a_gap_where_local_time_is_outside_it()
    {
        var calendar = Daily("02:30-04:00");

        Assert.True(calendar.IsOpen(I("2026-10-25T02:45+02:00")));
        Assert.False(calendar.IsOpen(I("2026-10-25T02:15+01:00"))); // second 02:15: before 02:30
        Assert.True(calendar.IsOpen(I("2026-10-25T02:45+01:00")));
        Assert.Equal(
            [(I("2026-10-25T02:30+02:00"), I("2026-10-25T03:00+02:00")), (I("2026-10-25T02:30+01:00"), I("2026-10-25T04:00+01:00"))],
            calendar.OpenIntervals(I("2026-10-25T00:00+02:00"), I("2026-10-26T00:00+01:00")).Select(i => (i.Start, i.End)));
    }

    [Fact]
    public void One_off_closures_and_exceptional_openings_override_the_week_and_holidays()
    {
        var calendar = new BusinessCalendar(
            "ls-bridge",
            Paris,
            Ls.Week,
            Territory.Metropole,
            closures: [new LocalDate(2026, 5, 15)],
            exceptionalOpenings: new Dictionary<LocalDate, IReadOnlyList<OpeningInterval>>
            {
                [new LocalDate(2026, 5, 16)] = [OpeningInterval.Parse("09:00-12:00")], // a Saturday
                [new LocalDate(2026, 7, 14)] = [OpeningInterval.Parse("10:00-11:00")], // a holiday
            });

        Assert.Equal("2026-05-16T10:00+02:00", Show(calendar.AddBusinessTime(I("2026-05-13T17:00+02:00"), H(2)), Paris));
        Assert.False(calendar.IsBusinessDay(new LocalDate(2026, 5, 15)));
        Assert.True(calendar.IsBusinessDay(new LocalDate(2026, 5, 16)));
        Assert.Equal(H(1), calendar.BusinessTimeBetween(I("2026-07-14T00:00+02:00"), I("2026-07-15T00:00+02:00")));
        Assert.Equal("2026-05-18T10:00+02:00", Show(calendar.AddBusinessDays(I("2026-05-13T10:00+02:00"), 2), Paris));
    }

    [Fact]
    public void Whit_monday_can_be_worked()
    {
        var withIt = new BusinessCalendar("a", Paris, Ls.Week, Territory.Metropole);
        var without = new BusinessCalendar("b", Paris, Ls.Week, Territory.Metropole, includeWhitMonday: false);

        Assert.False(withIt.IsBusinessDay(new LocalDate(2026, 5, 25)));
        Assert.True(without.IsBusinessDay(new LocalDate(2026, 5, 25)));
    }

    [Fact]
    public void Overseas_calendars_use_their_own_zone_and_holidays()
    {
        var reunion = PresetCalendar("es26", "availability", Territory.Reunion);
        var metropole = PresetCalendar("es26", "availability", Territory.Metropole);

        Assert.Equal("Indian/Reunion", reunion.Zone.Id);
        Assert.True(reunion.IsOpen(I("2026-12-21T07:00+04:00")));
        Assert.False(reunion.IsOpen(I("2026-12-21T06:59+04:00")));
        Assert.False(reunion.IsBusinessDay(new LocalDate(2027, 12, 20))); // abolition of slavery, a Monday
        Assert.True(metropole.IsBusinessDay(new LocalDate(2027, 12, 20)));
        Assert.Equal("2027-12-21T07:00+04:00", Show(reunion.NextOpening(I("2027-12-20T10:00+04:00")), reunion.Zone));
    }

    [Fact]
    public void Alsace_moselle_closes_on_good_friday_and_saint_stephen()
    {
        var alsace = PresetCalendar("es26", "availability", Territory.AlsaceMoselle);

        Assert.False(alsace.IsBusinessDay(new LocalDate(2026, 4, 3)));
        Assert.False(alsace.IsBusinessDay(new LocalDate(2025, 12, 26)));
        Assert.True(PresetCalendar("es26", "availability").IsBusinessDay(new LocalDate(2026, 4, 3)));
    }

    [Fact]
    public void Invalid_calendars_and_arguments_are_refused_with_a_reason()
    {
        Assert.Throws<ArgumentException>(() => new BusinessCalendar("never", Paris, new WeeklySchedule(new Dictionary<IsoDayOfWeek, IReadOnlyList<OpeningInterval>>()), null));
        Assert.Throws<ArgumentException>(() => new WeeklySchedule(new Dictionary<IsoDayOfWeek, IReadOnlyList<OpeningInterval>>
        {
            [IsoDayOfWeek.Monday] = [OpeningInterval.Parse("09:00-12:00"), OpeningInterval.Parse("11:00-13:00")],
        }));
        Assert.Throws<FormatException>(() => OpeningInterval.Parse("12:00-09:00"));
        Assert.Throws<FormatException>(() => OpeningInterval.Parse("24:30-25:00"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ls.AddBusinessTime(I("2026-04-13T09:00+02:00"), H(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ls.AddBusinessDays(I("2026-04-13T09:00+02:00"), -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ls.IsOpen(I("2201-01-02T09:00+01:00")));
        Assert.Throws<InvalidOperationException>(() => Ls.AddBusinessTime(I("2200-12-31T09:00+01:00"), H(100)));
    }

    [Fact]
    public void Targets_spanning_several_years_round_trip()
    {
        // Ten thousand business hours: about six years of LS opening time.
        var due = Ls.AddBusinessTime(I("2026-04-13T09:00+02:00"), H(10_000));

        Assert.Equal(H(10_000), Ls.BusinessTimeBetween(I("2026-04-13T09:00+02:00"), due));
        Assert.Equal(2031, due.InZone(Paris).Year);
    }

    [Fact]
    public void A_zone_whose_clocks_go_back_across_midnight_loses_no_time()
    {
        // Clocks go back from 00:30 (+01:00) to 23:30 (+00:00) on 2 June 2026: the local date 1 June comes twice.
        var zone = new NodaTime.Testing.TimeZones.SingleTransitionDateTimeZone(
            Instant.FromUtc(2026, 6, 1, 23, 30), Offset.FromHours(1), Offset.Zero);
        var calendar = new BusinessCalendar("odd", zone, WeeklySchedule.AlwaysOpen, holidays: null);
        var from = Instant.FromUtc(2026, 5, 31, 23, 0);
        var to = Instant.FromUtc(2026, 6, 3, 0, 0);

        Assert.Equal(to - from, calendar.BusinessTimeBetween(from, to));
        Assert.True(calendar.IsOpen(Instant.FromUtc(2026, 6, 1, 23, 15)));
        Assert.Equal(Instant.FromUtc(2026, 6, 2, 1, 0), calendar.AddBusinessTime(from, Duration.FromHours(26)));
    }

    [Fact]
    public void The_first_and_last_covered_years_work()
    {
        Assert.Equal(H(2), Ls.BusinessTimeBetween(I("1900-01-02T09:00+00:09"), I("1900-01-02T11:00+00:09")));
        Assert.Equal("2200-12-31T10:00+01:00", Show(Ls.AddBusinessTime(I("2200-12-31T09:00+01:00"), H(1)), Paris));
    }
}
