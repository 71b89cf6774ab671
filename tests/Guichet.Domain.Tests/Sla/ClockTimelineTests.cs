using Guichet.Domain.Sla;
using NodaTime;
using static Guichet.Domain.Tests.Sla.SlaEvaluatorTests;
using static Guichet.Domain.Tests.TestData;

namespace Guichet.Domain.Tests.Sla;

public class ClockTimelineTests
{
    private static string Reason(Instant at) => "en attente du client";

    [Fact]
    public void Days_are_folded_with_their_running_total_and_the_crossing()
    {
        // LS Niveau 1 take-charge (8 business hours; Mon–Fri 09:00–12:00, 14:00–18:00, Paris), registered Wednesday
        // 23 December 2026 at 16:00, waiting for the client from Thursday 10:00 to Tuesday 29 at 15:00, seen on
        // Thursday 31 at 10:00. By hand:
        //   Wed 23: 16:00–18:00 = 2 h (total 2 h)
        //   Thu 24: 09:00–10:00 = 1 h (total 3 h), then suspended
        //   Fri 25 (Christmas), Sat 26, Sun 27, Mon 28 (suspended all day): nothing, one row
        //   Tue 29: 15:00–18:00 = 3 h (total 6 h)
        //   Wed 30: 09:00–12:00, 14:00–18:00 = 7 h (total 13 h); the 8th hour is reached at 11:00
        //   Thu 31: 09:00–10:00 = 1 h (total 14 h)
        var e = Evaluate("ls", "1", "2026-12-31T10:00+01:00",
            "2026-12-23T16:00+01:00=created",
            "2026-12-24T10:00+01:00=state:a-qualifier-client",
            "2026-12-29T15:00+01:00=state:nouveau");
        var clock = Clock(e, "take-charge");
        Assert.Equal(ClockStatus.Breached, clock.Status);

        var timeline = ClockTimelines.Fold(clock, I("2026-12-31T10:00+01:00"), Paris, Reason);

        Assert.Equal(
            [
                ("2026-12-23", "2026-12-23", 2.0, 2.0),
                ("2026-12-24", "2026-12-24", 1.0, 3.0),
                ("2026-12-25", "2026-12-28", 0.0, 3.0),
                ("2026-12-29", "2026-12-29", 3.0, 6.0),
                ("2026-12-30", "2026-12-30", 7.0, 13.0),
                ("2026-12-31", "2026-12-31", 1.0, 14.0),
            ],
            timeline.Rows.Select(r => (r.From.ToString("yyyy-MM-dd", null), r.To.ToString("yyyy-MM-dd", null), r.Counted.TotalHours, r.Total.TotalHours)));
        Assert.False(timeline.ByWeek);

        var folded = timeline.Rows[2];
        Assert.Equal(["jour férié (Noël)", "suspendu — en attente du client", "week-end"], folded.Reasons.Order());
        Assert.Equal(["suspendu — en attente du client"], timeline.Rows[1].Reasons);

        var crossing = Assert.Single(timeline.Rows, r => r.CrossedAt is not null);
        Assert.Equal(new LocalDate(2026, 12, 30), crossing.From);
        Assert.Equal("2026-12-30T11:00+01:00", Show(timeline.CrossedAt!.Value, Paris));
        Assert.Equal(
            [(new LocalTime(9, 0), new LocalTime(12, 0)), (new LocalTime(14, 0), new LocalTime(18, 0))],
            crossing.Periods.Select(p => (p.Start.TimeOfDay, p.End.TimeOfDay)));
        Assert.Equal("2026-12-23T16:00+01:00", Show(timeline.CountingStarts!.Value, Paris));
    }

    [Fact]
    public void A_clock_registered_out_of_hours_says_when_counting_starts()
    {
        // Friday 18 December 2026 at 19:30: nothing counts before Monday 09:00; seen on Saturday at noon.
        var e = Evaluate("ls", "2", "2026-12-19T12:00+01:00", "2026-12-18T19:30+01:00=created");
        var clock = Clock(e, "take-charge");

        var timeline = ClockTimelines.Fold(clock, I("2026-12-19T12:00+01:00"), Paris, Reason);

        Assert.Equal(Duration.Zero, clock.Elapsed);
        Assert.Equal("2026-12-21T09:00+01:00", Show(timeline.CountingStarts!.Value, Paris));
        var row = Assert.Single(timeline.Rows); // Friday evening and Saturday: one row, nothing counted
        Assert.Equal((new LocalDate(2026, 12, 18), new LocalDate(2026, 12, 19)), (row.From, row.To));
        Assert.Contains("week-end", row.Reasons);
        Assert.Null(timeline.CrossedAt);
    }

    [Fact]
    public void Three_months_open_stay_under_a_hundred_rows_and_a_year_folds_by_week()
    {
        // LS Niveau 3 resolution (30 business days), registered Monday 5 January 2026, never resolved.
        var quarter = Clock(Evaluate("ls", "3", "2026-04-06T12:00+02:00", "2026-01-05T10:00+01:00=created", "2026-01-05T10:00+01:00=qualified:anomalie"), "resolution");
        var q = ClockTimelines.Fold(quarter, I("2026-04-06T12:00+02:00"), Paris, Reason);
        Assert.False(q.ByWeek);
        Assert.InRange(q.Rows.Count, 60, 100);
        Assert.Equal(quarter.Elapsed, q.Rows[^1].Total);

        var year = Clock(Evaluate("ls", "3", "2027-01-04T12:00+01:00", "2026-01-05T10:00+01:00=created", "2026-01-05T10:00+01:00=qualified:anomalie"), "resolution");
        var y = ClockTimelines.Fold(year, I("2027-01-04T12:00+01:00"), Paris, Reason);
        Assert.True(y.ByWeek);
        Assert.InRange(y.Rows.Count, 50, 54);
        Assert.Equal(year.Elapsed, y.Rows[^1].Total);
        Assert.Single(y.Rows, r => r.CrossedAt is not null);
    }
}
