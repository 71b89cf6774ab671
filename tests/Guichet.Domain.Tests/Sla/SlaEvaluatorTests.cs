using Guichet.Domain.Calendars;
using Guichet.Domain.Presets;
using Guichet.Domain.Sla;
using NodaTime;
using static Guichet.Domain.Tests.TestData;

namespace Guichet.Domain.Tests.Sla;

public class SlaEvaluatorTests
{
    /// <summary>Evaluates a preset's clocks; events are written <c>instant=event</c> as on the command line.</summary>
    internal static SlaEvaluation Evaluate(string presetId, string priority, string now, params string[] events) =>
        Evaluate(presetId, priority, now, new EvaluationOptions { ServiceType = "bug-applicatif" }, Territory.Metropole, events);

    internal static SlaEvaluation Evaluate(string presetId, string priority, string now, EvaluationOptions options, Territory territory, params string[] events)
    {
        Assert.True(PresetCatalog.TryGet(presetId, out var preset));
        var trace = events.Select(e =>
        {
            var eq = e.IndexOf('=', StringComparison.Ordinal);
            Assert.True(TicketEvent.TryParseKind(e[(eq + 1)..], out var kind, out var value, out var error), error);
            return new TicketEvent(I(e[..eq]), kind, value);
        }).ToList();
        return preset.Evaluate(territory, priority, trace, I(now), options);
    }

    internal static ClockResult Clock(SlaEvaluation evaluation, string id) => evaluation.Clocks.Single(c => c.Id == id);

    private static string? Due(ClockResult clock) => clock.Due is { } d ? Show(d, Paris) : null;

    [Fact]
    public void A_running_clock_counts_only_opening_time()
    {
        // LS N1 take-charge: 8 business hours from Monday 16:00 → Tuesday 17:00 (Mon 2 h + Tue 3 h + 3 h).
        var e = Evaluate("ls", "1", "2026-04-14T10:00+02:00", "2026-04-13T16:00+02:00=created");
        var c = Clock(e, "take-charge");

        Assert.Equal(ClockStatus.Running, c.Status);
        Assert.Equal("2026-04-14T17:00+02:00", Due(c));
        Assert.Equal(H(3), c.Elapsed);
        Assert.Equal(H(5), c.Remaining);
        Assert.Equal(
            [(I("2026-04-13T16:00+02:00"), I("2026-04-13T18:00+02:00")), (I("2026-04-14T09:00+02:00"), I("2026-04-14T10:00+02:00"))],
            c.Segments.Select(s => (s.Start, s.End)));
    }

    [Theory]
    [InlineData("2026-04-14T16:59+02:00", ClockStatus.Met)]
    [InlineData("2026-04-14T17:00+02:00", ClockStatus.Met)] // exactly at the due
    [InlineData("2026-04-14T17:01+02:00", ClockStatus.Breached)]
    public void A_stopped_clock_is_met_up_to_its_due(string takenAt, ClockStatus expected)
    {
        var e = Evaluate("ls", "1", "2026-04-20T10:00+02:00", "2026-04-13T16:00+02:00=created", $"{takenAt}=taken-in-charge");

        Assert.Equal(expected, Clock(e, "take-charge").Status);
    }

    [Fact]
    public void A_due_at_closing_is_not_breached_before_the_office_reopens()
    {
        // N1 8 h from Monday 11:00 (Monday 1 h + 4 h, Tuesday 3 h) end exactly at Tuesday's 12:00 closing;
        // taken in charge during lunch, before the office reopens at 14:00.
        var e = Evaluate("ls", "1", "2026-04-20T10:00+02:00", "2026-04-13T11:00+02:00=created", "2026-04-14T13:30+02:00=taken-in-charge");
        var c = Clock(e, "take-charge");

        Assert.Equal("2026-04-14T12:00+02:00", Due(c));
        Assert.Equal(ClockStatus.Met, c.Status);
        Assert.Equal(Duration.Zero, c.Remaining);
    }

    [Fact]
    public void Breach_is_reported_while_running_once_business_time_passes_the_due()
    {
        // N0 take-charge, 4 h from Monday 16:00: Monday 16–18 and Tuesday 09–11.
        var e = Evaluate("ls", "0", "2026-04-14T11:30+02:00", "2026-04-13T16:00+02:00=created");
        var c = Clock(e, "take-charge");

        Assert.Equal(ClockStatus.Breached, c.Status);
        Assert.Equal("2026-04-14T11:00+02:00", Due(c));
        Assert.Equal(H(-0.5), c.Remaining);
    }

    [Fact]
    public void Frozen_periods_that_begin_and_end_outside_opening_hours_count_only_their_opening_time()
    {
        // LS N2 resolution (15 days) with a wait for the client from Monday 19:00 to Wednesday 07:00:
        // the freeze covers Tuesday's 7 opening hours only, so the due moves by 7 h (one LS day).
        var e = Evaluate("ls", "2", "2026-04-16T10:00+02:00",
            "2026-04-13T10:00+02:00=created",
            "2026-04-13T11:00+02:00=taken-in-charge",
            "2026-04-13T19:00+02:00=state:a-qualifier-client",
            "2026-04-15T07:00+02:00=state:retour-information-client");
        var c = Clock(e, "resolution");

        Assert.Equal(ClockStatus.Running, c.Status);
        Assert.Equal([(I("2026-04-13T19:00+02:00"), I("2026-04-15T07:00+02:00"))], c.Frozen.Select(f => (f.Start, f.End)));
        Assert.Equal(H(6 + 7 + 1), c.Elapsed); // Monday 10–12 and 14–18, Wednesday, Thursday 09–10
        Assert.Equal("2026-05-06T10:00+02:00", Due(c)); // 15 days → 5 May 10:00 (1 May closed), + 7 h
        Assert.Equal(ClockStatus.Met, Clock(e, "take-charge").Status);
    }

    [Fact]
    public void A_frozen_clock_has_no_due_and_keeps_its_remaining_time()
    {
        var e = Evaluate("ls", "1", "2026-04-15T10:00+02:00",
            "2026-04-13T10:00+02:00=created",
            "2026-04-13T11:00+02:00=state:a-qualifier-client");
        var c = Clock(e, "resolution");

        Assert.Equal(ClockStatus.Frozen, c.Status);
        Assert.Null(c.Due);
        Assert.Equal(H(1), c.Elapsed);
        Assert.Equal(H((5 * 7) - 1), c.Remaining);
    }

    [Fact]
    public void The_clock_runs_again_after_the_client_replies_and_its_due_moves_by_the_frozen_time()
    {
        var e = Evaluate("ls", "1", "2026-04-16T10:00+02:00",
            "2026-04-13T10:00+02:00=created",
            "2026-04-13T11:00+02:00=state:a-qualifier-client",
            "2026-04-14T11:00+02:00=state:retour-information-client");
        var c = Clock(e, "resolution");

        // 5 days from Monday 10:00 = Monday 20 April 10:00; frozen Monday 11:00 → Tuesday 11:00 = 7 business hours.
        Assert.Equal(ClockStatus.Running, c.Status);
        Assert.Equal("2026-04-21T10:00+02:00", Due(c));
        Assert.Equal(H(1 + 5 + 7 + 1), c.Elapsed); // Monday 10–11, Tuesday 11–12 and 14–18, Wednesday, Thursday 09–10
    }

    [Fact]
    public void Requalification_keeps_elapsed_time_and_retargets_the_running_clock()
    {
        // N2 take-charge (12 h) from Monday 09:00; at Monday 15:00 (4 h elapsed) raised to N0 (4 h): breached
        // as soon as business time goes on, anchored at the original start, not restarted.
        var e = Evaluate("ls", "2", "2026-04-13T15:30+02:00",
            "2026-04-13T09:00+02:00=created",
            "2026-04-13T15:00+02:00=priority:0");
        var c = Clock(e, "take-charge");

        Assert.Equal("0", c.Priority);
        Assert.Equal(H(4.5), c.Elapsed);
        Assert.Equal(ClockStatus.Breached, c.Status);
        Assert.Equal("2026-04-13T15:00+02:00", Due(c)); // 09–12 (3 h) + 14–15 (1 h)
    }

    [Fact]
    public void Lowering_the_priority_extends_the_due_of_a_running_clock()
    {
        var e = Evaluate("ls", "0", "2026-04-13T15:00+02:00",
            "2026-04-13T09:00+02:00=created",
            "2026-04-13T10:00+02:00=priority:3");
        var c = Clock(e, "take-charge");

        Assert.Equal(ClockStatus.Running, c.Status);
        Assert.Equal("2026-04-20T10:00+02:00", Due(c)); // 36 h from Monday 09:00
        Assert.Equal(H(4), c.Elapsed);
    }

    [Fact]
    public void A_stopped_clock_keeps_the_target_in_force_when_it_stopped()
    {
        var e = Evaluate("ls", "0", "2026-04-20T15:00+02:00",
            "2026-04-13T09:00+02:00=created",
            "2026-04-13T12:30+02:00=taken-in-charge",
            "2026-04-14T10:00+02:00=priority:3");
        var c = Clock(e, "take-charge");

        Assert.Equal(ClockStatus.Met, c.Status);
        Assert.Equal("0", c.Priority);
        Assert.Equal("3", e.Priority);
    }

    [Fact]
    public void A_priority_without_target_makes_the_clock_not_applicable()
    {
        var e = Evaluate("ls", "2", "2026-04-13T15:00+02:00", "2026-04-13T09:00+02:00=created");

        Assert.Equal(ClockStatus.NotApplicable, Clock(e, "workaround").Status);
        Assert.NotNull(Clock(e, "workaround").Note);
    }

    [Fact]
    public void A_dysfonctionnement_has_no_workaround_or_resolution_clock_under_ls()
    {
        var e = Evaluate("ls", "0", "2026-04-13T15:30+02:00", "2026-04-13T09:00+02:00=created", "2026-04-13T10:00+02:00=qualified:dysfonctionnement");

        Assert.Equal(ClockStatus.NotApplicable, Clock(e, "workaround").Status);
        Assert.Equal(ClockStatus.NotApplicable, Clock(e, "resolution").Status);
        Assert.Equal(ClockStatus.Breached, Clock(e, "take-charge").Status);
    }

    [Fact]
    public void Clocks_limited_to_some_service_types_do_not_apply_to_others()
    {
        var options = new EvaluationOptions { ServiceType = "assistance-fonctionnelle" };
        var e = Evaluate("ls", "0", "2026-04-13T15:30+02:00", options, Territory.Metropole, "2026-04-13T09:00+02:00=created");

        Assert.Equal(ClockStatus.NotApplicable, Clock(e, "resolution").Status);
        Assert.Equal(ClockStatus.Breached, Clock(e, "take-charge").Status);
    }

    [Fact]
    public void Closing_a_ticket_before_the_due_makes_open_clocks_not_applicable_and_keeps_breaches()
    {
        var e = Evaluate("ls", "0", "2026-04-20T15:00+02:00",
            "2026-04-13T09:00+02:00=created",
            "2026-04-13T10:00+02:00=taken-in-charge",
            "2026-04-14T17:00+02:00=state:clos-par-le-client");

        Assert.Equal(ClockStatus.Met, Clock(e, "take-charge").Status);
        Assert.Equal(ClockStatus.Breached, Clock(e, "workaround").Status); // 8 h ran out on Tuesday 10:00
        Assert.Equal(ClockStatus.NotApplicable, Clock(e, "resolution").Status);
        Assert.Equal("clos-par-le-client", e.State);
    }

    [Fact]
    public void A_clock_not_yet_started_says_so()
    {
        var e = Evaluate("e23", "2", "2026-04-13T15:00+02:00", "2026-04-13T09:00+02:00=created");

        Assert.Equal(ClockStatus.NotStarted, Clock(e, "resolution").Status);
        Assert.Null(Clock(e, "resolution").Due);
    }

    [Fact]
    public void Events_after_now_are_ignored()
    {
        var e = Evaluate("ls", "1", "2026-04-13T10:00+02:00", "2026-04-13T09:00+02:00=created", "2026-04-13T11:00+02:00=taken-in-charge");

        Assert.Equal(ClockStatus.Running, Clock(e, "take-charge").Status);
    }

    [Fact]
    public void Events_out_of_order_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Evaluate("ls", "1", "2026-04-13T12:00+02:00",
            "2026-04-13T11:00+02:00=taken-in-charge", "2026-04-13T09:00+02:00=created"));
    }

    [Theory]
    [InlineData("2026-04-10T21:00+02:00", "P1", "2026-04-11T01:00+02:00", true)] // Friday night: on-call 4 h
    [InlineData("2026-04-10T21:00+02:00", "P2", "2026-04-11T09:00+02:00", true)] // on-call 12 h
    [InlineData("2026-04-10T21:00+02:00", "P3", "2026-04-13T09:15+02:00", false)] // no on-call: next opening + 15 min
    [InlineData("2026-04-13T08:00+02:00", "P2", "2026-04-13T09:15+02:00", false)] // opening comes first: 15 min after it
    [InlineData("2026-04-13T10:00+02:00", "P1", "2026-04-13T10:15+02:00", false)] // in business hours: immediate
    public void At_take_charge_uses_on_call_outside_business_hours_when_it_is_earlier(string created, string priority, string due, bool onCall)
    {
        var e = Evaluate("at", priority, created, $"{created}=created");
        var c = Clock(e, "take-charge");

        Assert.Equal(due, Due(c));
        Assert.Equal(onCall, c.OnCall);
    }

    [Fact]
    public void At_on_call_clock_counts_wall_clock_time()
    {
        var e = Evaluate("at", "P1", "2026-04-11T02:00+02:00", "2026-04-10T21:00+02:00=created");
        var c = Clock(e, "take-charge");

        Assert.Equal(ClockStatus.Breached, c.Status);
        Assert.Equal(H(5), c.Elapsed);
        Assert.Equal(H(-1), c.Remaining);
    }

    [Fact]
    public void Next_release_targets_fall_due_at_the_next_planned_release_of_their_kind()
    {
        var options = new EvaluationOptions
        {
            ServiceType = "bug-applicatif",
            Releases = [new PlannedRelease("quarterly", I("2026-03-31T12:00+02:00")), new PlannedRelease("monthly", I("2026-05-01T12:00+02:00")), new PlannedRelease("quarterly", I("2026-06-30T12:00+02:00"))],
        };
        var running = Evaluate("at", "P4", "2026-05-10T12:00+02:00", options, Territory.Metropole, "2026-04-13T10:00+02:00=created");
        var late = Evaluate("at", "P3", "2026-07-01T12:00+02:00", options, Territory.Metropole, "2026-04-13T10:00+02:00=created");
        var unknown = Evaluate("at", "P4", "2026-05-10T12:00+02:00", new EvaluationOptions { ServiceType = "bug-applicatif" }, Territory.Metropole, "2026-04-13T10:00+02:00=created");

        Assert.Equal("2026-06-30T12:00+02:00", Due(Clock(running, "resolution")));
        Assert.Equal(ClockStatus.Running, Clock(running, "resolution").Status);
        Assert.Equal(ClockStatus.Breached, Clock(late, "resolution").Status);
        Assert.Null(Clock(unknown, "resolution").Due);
        Assert.Equal(ClockStatus.Running, Clock(unknown, "resolution").Status);
    }

    [Fact]
    public void E23_client_validation_is_a_client_side_clock_of_three_business_days()
    {
        var e = Evaluate("e23", "2", "2026-04-20T10:00+02:00",
            "2026-04-13T09:00+02:00=created",
            "2026-04-13T10:00+02:00=taken-in-charge",
            "2026-04-13T11:00+02:00=qualified:anomalie",
            "2026-04-14T15:00+02:00=resolved",
            "2026-04-17T16:00+02:00=validated");

        var validation = Clock(e, "validation");
        Assert.Equal("2026-04-17T15:00+02:00", Due(validation));
        Assert.Equal(ClockStatus.Breached, validation.Status);
        Assert.Equal(ClockStatus.Met, Clock(e, "resolution").Status);
        Assert.Equal(ClockStatus.NotApplicable, Clock(e, "corrective-plan").Status);
    }

    [Fact]
    public void E23_client_validation_runs_only_for_the_delivered_fix_of_an_anomaly()
    {
        // A question answered (treated) and a bug qualified as a malfunction: no fix of an anomaly to validate.
        string[] answered = ["2026-04-13T09:00+02:00=created", "2026-04-13T10:00+02:00=taken-in-charge", "2026-04-13T11:00+02:00=priority:2", "2026-04-14T15:00+02:00=state:traite-interlocuteur"];
        var question = Evaluate("e23", "2", "2026-04-24T10:00+02:00", new EvaluationOptions { ServiceType = "assistance-fonctionnelle" }, Territory.Metropole, answered);
        var malfunction = Evaluate("e23", "2", "2026-04-24T10:00+02:00",
            "2026-04-13T09:00+02:00=created",
            "2026-04-13T11:00+02:00=qualified:dysfonctionnement",
            "2026-04-14T15:00+02:00=resolved");
        var anomaly = Evaluate("e23", "2", "2026-04-24T10:00+02:00",
            "2026-04-13T09:00+02:00=created",
            "2026-04-13T11:00+02:00=qualified:anomalie",
            "2026-04-14T15:00+02:00=resolved");

        Assert.Equal(ClockStatus.NotApplicable, Clock(question, "validation").Status);
        Assert.Equal(ClockStatus.NotApplicable, Clock(malfunction, "validation").Status);
        Assert.Equal(ClockStatus.Breached, Clock(anomaly, "validation").Status);
    }

    [Fact]
    public void Lowering_the_priority_after_a_breach_does_not_undo_it()
    {
        // N0 take-charge (4 h) from Monday 09:00 ran out at Monday 15:00; lowered to N3 on Tuesday 15:00.
        var e = Evaluate("ls", "0", "2026-04-14T15:30+02:00",
            "2026-04-13T09:00+02:00=created",
            "2026-04-14T15:00+02:00=priority:3");
        var takeCharge = Clock(e, "take-charge");
        var workaround = Clock(e, "workaround");

        Assert.Equal(ClockStatus.Breached, takeCharge.Status);
        Assert.Equal("0", takeCharge.Priority);
        Assert.Equal("2026-04-13T15:00+02:00", Due(takeCharge));
        Assert.Equal(H(11.5), takeCharge.Elapsed);
        Assert.Equal(ClockStatus.Breached, workaround.Status); // N0 8 h ran out on Tuesday 10:00; N3 has no workaround clock
        Assert.Equal("3", e.Priority);
    }

    [Fact]
    public void Lowering_the_priority_before_the_breach_extends_the_due_without_a_breach()
    {
        var e = Evaluate("ls", "0", "2026-04-14T15:30+02:00",
            "2026-04-13T09:00+02:00=created",
            "2026-04-13T14:30+02:00=priority:3");

        Assert.Equal(ClockStatus.Running, Clock(e, "take-charge").Status);
        Assert.Equal(ClockStatus.NotApplicable, Clock(e, "workaround").Status);
    }

    [Fact]
    public void A_clock_whose_start_comes_after_the_closing_does_not_apply()
    {
        var e = Evaluate("e23", "2", "2026-04-20T09:00+02:00",
            "2026-04-13T09:00+02:00=created",
            "2026-04-13T10:00+02:00=closed",
            "2026-04-13T11:00+02:00=qualified:anomalie");

        Assert.Equal(ClockStatus.NotApplicable, Clock(e, "resolution").Status);
        Assert.Equal(ClockStatus.NotApplicable, Clock(e, "take-charge").Status);
    }

    [Fact]
    public void A_freeze_that_begins_exactly_now_shows_as_frozen()
    {
        var e = Evaluate("ls", "1", "2026-04-13T11:00+02:00",
            "2026-04-13T10:00+02:00=created",
            "2026-04-13T11:00+02:00=state:a-qualifier-client");
        var c = Clock(e, "resolution");

        Assert.Equal(ClockStatus.Frozen, c.Status);
        Assert.Null(c.Due);
        Assert.Equal(H(1), c.Elapsed);
    }

    [Fact]
    public void A_later_change_of_nature_does_not_rewrite_a_clock_that_has_stopped()
    {
        var e = Evaluate("ls", "0", "2026-04-20T09:00+02:00",
            "2026-04-13T09:00+02:00=created",
            "2026-04-13T10:00+02:00=qualified:anomalie",
            "2026-04-13T11:00+02:00=workaround-provided",
            "2026-04-14T11:00+02:00=qualified:dysfonctionnement");

        Assert.Equal(ClockStatus.Met, Clock(e, "workaround").Status);
        Assert.Equal(ClockStatus.NotApplicable, Clock(e, "resolution").Status);
    }

    [Fact]
    public void Several_freezes_each_move_the_due_by_their_opening_time()
    {
        // N1 resolution, 5 days from Monday 10:00 → Monday 20 April 10:00; two waits of 2 h and 3 h of opening time.
        var e = Evaluate("ls", "1", "2026-04-15T09:00+02:00",
            "2026-04-13T10:00+02:00=created",
            "2026-04-13T10:30+02:00=state:attente-info-interne",
            "2026-04-13T14:30+02:00=state:en-cours",
            "2026-04-14T09:00+02:00=state:attente-dgcl-dgfip",
            "2026-04-14T12:00+02:00=state:en-cours");
        var c = Clock(e, "resolution");

        Assert.Equal(ClockStatus.Running, c.Status);
        Assert.Equal(2, c.Frozen.Count);
        Assert.Equal("2026-04-20T17:00+02:00", Due(c)); // + 2 h (10:30–12:00, 14:00–14:30) + 3 h (09:00–12:00)
        Assert.Equal(H(0.5 + 3.5 + 4), c.Elapsed);
    }
}
