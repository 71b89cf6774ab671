using Guichet.Domain.Calendars;
using Guichet.Domain.Crises;
using Guichet.Domain.Sla;
using NodaTime;
using static Guichet.Domain.Tests.TestData;

namespace Guichet.Domain.Tests.Crises;

/// <summary>The crisis cell's promises [AT 9.3.4.6] derived from its facts (docs/crisis.md), times in Paris.</summary>
public class CrisisScheduleTests
{
    private static readonly CrisisRules Rules = new(CrisisRules.DefaultPostMortem, PresetCalendar("at"));

    private static ClockTarget Every(int hours) => ClockTarget.Parse($"wall-hours:{hours}");

    private static CrisisFact F(CrisisFactKind kind, string at, int? cadence = null) => new(kind, I(at), cadence is { } h ? Every(h) : null);

    private static string Show(Instant at) => TestData.Show(at, Paris);

    [Fact]
    public void The_meeting_is_due_15_minutes_after_the_opening_then_each_point_one_cadence_after_the_previous()
    {
        var promises = CrisisSchedule.Derive(Rules, [
            F(CrisisFactKind.Opened, "2026-04-13T10:00+02:00", 4),
            F(CrisisFactKind.MeetingHeld, "2026-04-13T10:12+02:00"),
            F(CrisisFactKind.PointGiven, "2026-04-13T14:30+02:00"),
        ]);

        Assert.Equal(["meeting", "point-1", "point-2"], promises.Select(p => p.Key));
        var (meeting, first, second) = (promises[0], promises[1], promises[2]);
        Assert.Equal("2026-04-13T10:15+02:00", Show(meeting.Due));
        Assert.Equal("2026-04-13T10:10+02:00", Show(meeting.RemindAt!.Value)); // a third of 15 minutes before
        Assert.Equal(ClockStatus.Met, meeting.StatusAt(I("2026-04-13T20:00+02:00")));

        // Point 1 from the meeting held at 10:12, every 4 hours: due 14:12, given at 14:30, late.
        Assert.Equal("2026-04-13T14:12+02:00", Show(first.Due));
        Assert.Equal("2026-04-13T13:57+02:00", Show(first.RemindAt!.Value));
        Assert.Equal(ClockStatus.Breached, first.StatusAt(I("2026-04-13T20:00+02:00")));

        // Point 2 from point 1 as given (14:30), not from its due.
        Assert.Equal("2026-04-13T18:30+02:00", Show(second.Due));
        Assert.Equal(ClockStatus.Running, second.StatusAt(I("2026-04-13T18:30+02:00")));
        Assert.Equal(ClockStatus.Breached, second.StatusAt(I("2026-04-13T18:31+02:00")));
        Assert.Same(second, CrisisSchedule.Next(promises));
    }

    [Fact]
    public void A_cadence_change_re_targets_the_pending_point_from_its_anchor_and_a_late_point_keeps_its_due()
    {
        var facts = new List<CrisisFact>
        {
            F(CrisisFactKind.Opened, "2026-04-13T10:00+02:00", 12),
            F(CrisisFactKind.MeetingHeld, "2026-04-13T10:10+02:00"),
            // Shortened to 2 hours at 11:00: point 1 is due 12:10 (from the meeting), not 13:00.
            F(CrisisFactKind.CadenceChanged, "2026-04-13T11:00+02:00", 2),
        };
        Assert.Equal("2026-04-13T12:10+02:00", Show(CrisisSchedule.Derive(Rules, facts)[1].Due));

        // Lengthened again to 4 hours once point 1 is late (12:30): it keeps the due it missed.
        facts.Add(F(CrisisFactKind.CadenceChanged, "2026-04-13T12:30+02:00", 4));
        var point = CrisisSchedule.Derive(Rules, facts)[1];
        Assert.Equal("2026-04-13T12:10+02:00", Show(point.Due));
        Assert.Equal(ClockStatus.Breached, point.StatusAt(I("2026-04-13T12:30+02:00")));

        // A point given with a new cadence sets the next period's: 13:00 + 12 h.
        facts.Add(F(CrisisFactKind.PointGiven, "2026-04-13T13:00+02:00", 12));
        Assert.Equal("2026-04-14T01:00+02:00", Show(CrisisSchedule.Derive(Rules, facts)[2].Due));
    }

    [Fact]
    public void Points_are_wall_clock_hours_across_the_change_of_time()
    {
        // Saturday 28 March 2026 23:00 (UTC+1) + 4 h of real time = Sunday 04:00 summer time (UTC+2).
        var promises = CrisisSchedule.Derive(Rules, [
            F(CrisisFactKind.Opened, "2026-03-28T22:40+01:00", 4),
            F(CrisisFactKind.MeetingHeld, "2026-03-28T23:00+01:00"),
        ]);
        Assert.Equal("2026-03-29T04:00+02:00", Show(promises[1].Due));
    }

    [Fact]
    public void Closing_ends_the_pending_point_and_the_post_mortem_is_due_ten_business_days_later()
    {
        var facts = new List<CrisisFact>
        {
            F(CrisisFactKind.Opened, "2026-04-13T10:00+02:00", 4),
            F(CrisisFactKind.MeetingHeld, "2026-04-13T10:05+02:00"),
            F(CrisisFactKind.Closed, "2026-04-13T12:00+02:00"),
            F(CrisisFactKind.PointGiven, "2026-04-13T13:00+02:00"), // after the closure: nothing changes
        };
        var promises = CrisisSchedule.Derive(Rules, facts);
        Assert.Equal(["meeting", "point-1", "post-mortem"], promises.Select(p => p.Key));
        Assert.Equal(ClockStatus.NotApplicable, promises[1].StatusAt(I("2026-04-20T12:00+02:00")));
        Assert.False(promises[1].IsPending);

        // AT's support calendar (Monday–Friday, metropolitan holidays): Monday 13 April 12:00 + 10 business days
        // = Monday 27 April 12:00 (no holiday in between).
        var postMortem = promises[2];
        Assert.Equal("2026-04-27T12:00+02:00", Show(postMortem.Due));
        Assert.Null(postMortem.RemindAt);
        Assert.Same(postMortem, CrisisSchedule.Next(promises));
        Assert.Equal(ClockStatus.Breached, postMortem.StatusAt(I("2026-04-28T09:00+02:00")));

        facts.Add(F(CrisisFactKind.PostMortemPublished, "2026-04-24T09:00+02:00"));
        var published = CrisisSchedule.Derive(Rules, facts)[2];
        Assert.Equal(ClockStatus.Met, published.StatusAt(I("2026-05-30T09:00+02:00")));
        Assert.Null(CrisisSchedule.Next(CrisisSchedule.Derive(Rules, facts)));
    }

    [Fact]
    public void A_point_late_when_the_cell_closes_stays_breached()
    {
        var promises = CrisisSchedule.Derive(Rules, [
            F(CrisisFactKind.Opened, "2026-04-13T10:00+02:00", 2),
            F(CrisisFactKind.Closed, "2026-04-13T10:20+02:00"),
        ]);
        Assert.Equal(ClockStatus.Breached, promises[0].StatusAt(I("2026-04-13T10:20+02:00")));
        Assert.Equal(ClockStatus.Breached, promises[0].StatusAt(I("2026-05-13T10:20+02:00")));
    }

    [Fact]
    public void Facts_without_an_opening_give_nothing_and_facts_out_of_order_are_refused()
    {
        Assert.Empty(CrisisSchedule.Derive(Rules, [F(CrisisFactKind.MeetingHeld, "2026-04-13T10:00+02:00")]));
        Assert.Throws<ArgumentException>(() => CrisisSchedule.Derive(Rules, [
            F(CrisisFactKind.Opened, "2026-04-13T10:00+02:00"),
            F(CrisisFactKind.MeetingHeld, "2026-04-13T09:00+02:00"),
        ]));
    }

    [Fact]
    public void A_target_applied_to_an_instant_is_the_engines_due()
    {
        var calendar = PresetCalendar("ls");
        Assert.Equal("2026-04-13T17:00+02:00", Show(ClockTarget.Parse("business-hours:4").DueFrom(I("2026-04-13T11:00+02:00"), calendar)!.Value));
        Assert.Equal("2026-04-16T10:30+02:00", Show(ClockTarget.Parse("business-days:3").DueFrom(I("2026-04-13T10:30+02:00"), calendar)!.Value));
        Assert.Equal("2026-04-13T10:15+02:00", Show(CrisisRules.FirstMeeting.DueFrom(I("2026-04-13T10:00+02:00"), BusinessCalendar.WallClock)!.Value));
        Assert.Null(ClockTarget.Parse("next-release:quarterly").DueFrom(I("2026-04-13T10:00+02:00"), calendar));
    }
}
