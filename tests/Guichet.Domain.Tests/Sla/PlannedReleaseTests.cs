using Guichet.Domain.Calendars;
using Guichet.Domain.Sla;
using static Guichet.Domain.Tests.TestData;

namespace Guichet.Domain.Tests.Sla;

/// <summary>
/// "Next release" dues recorded in the trace (docs/sla.md): the release a ticket depends on, its moves, and the date
/// agreed with the client [AT 9.3.4.3].
/// </summary>
public class PlannedReleaseTests
{
    private static readonly EvaluationOptions Bug = new() { ServiceType = "bug-applicatif" };

    private static ClockResult Resolution(string priority, string now, params string[] events) =>
        SlaEvaluatorTests.Clock(SlaEvaluatorTests.Evaluate("at", priority, now, Bug, Territory.Metropole, events), "resolution");

    [Fact]
    public void A_p4_resolution_is_due_at_the_recorded_quarterly_release_and_follows_its_moves()
    {
        var planned = Resolution("P4", "2026-04-14T10:00+02:00",
            "2026-04-13T10:00+02:00=created",
            "2026-04-13T10:00+02:00=release:quarterly=2026-06-30T22:00:00Z");
        Assert.Equal(ClockStatus.Running, planned.Status);
        Assert.Equal("2026-07-01T00:00+02:00", Show(planned.Due!.Value, Paris));

        var moved = Resolution("P4", "2026-05-14T10:00+02:00",
            "2026-04-13T10:00+02:00=created",
            "2026-04-13T10:00+02:00=release:quarterly=2026-06-30T22:00:00Z",
            "2026-05-04T09:00+02:00=release:quarterly=2026-07-15T22:00:00Z");
        Assert.Equal("2026-07-16T00:00+02:00", Show(moved.Due!.Value, Paris));
    }

    [Fact]
    public void Without_a_recorded_release_the_clock_has_no_due()
    {
        var clock = Resolution("P3", "2026-04-14T10:00+02:00", "2026-04-13T10:00+02:00=created");

        Assert.Equal(ClockStatus.Running, clock.Status);
        Assert.Null(clock.Due);
    }

    [Fact]
    public void A_release_of_another_kind_is_not_the_due()
    {
        var clock = Resolution("P3", "2026-04-14T10:00+02:00",
            "2026-04-13T10:00+02:00=created",
            "2026-04-13T10:00+02:00=release:monthly=2026-04-30T22:00:00Z");

        Assert.Null(clock.Due);
    }

    [Fact]
    public void An_agreed_date_replaces_the_release_and_a_stop_after_it_is_a_breach()
    {
        string[] trace =
        [
            "2026-04-13T10:00+02:00=created",
            "2026-04-13T10:00+02:00=release:quarterly=2026-06-30T22:00:00Z",
            "2026-04-14T10:00+02:00=agreed-due:resolution=2026-05-15T22:00:00Z",
        ];
        var agreed = Resolution("P3", "2026-04-15T10:00+02:00", trace);
        Assert.Equal("2026-05-16T00:00+02:00", Show(agreed.Due!.Value, Paris));

        var late = Resolution("P3", "2026-05-20T10:00+02:00", [.. trace, "2026-05-20T10:00+02:00=resolved"]);
        Assert.Equal(ClockStatus.Breached, late.Status);
    }

    [Fact]
    public void A_release_moved_after_the_clock_stopped_does_not_rewrite_its_result()
    {
        var clock = Resolution("P4", "2026-08-01T10:00+02:00",
            "2026-04-13T10:00+02:00=created",
            "2026-04-13T10:00+02:00=release:quarterly=2026-06-30T22:00:00Z",
            "2026-06-01T10:00+02:00=resolved",
            "2026-06-02T10:00+02:00=release:quarterly=2026-05-01T22:00:00Z");

        Assert.Equal(ClockStatus.Met, clock.Status);
        Assert.Equal("2026-07-01T00:00+02:00", Show(clock.Due!.Value, Paris));
    }

    [Fact]
    public void A_requalification_to_p2_leaves_the_release_for_business_days()
    {
        var clock = Resolution("P4", "2026-04-13T11:00+02:00",
            "2026-04-13T10:00+02:00=created",
            "2026-04-13T10:00+02:00=release:quarterly=2026-06-30T22:00:00Z",
            "2026-04-13T10:30+02:00=priority:P2");

        Assert.Equal("2026-04-16T10:00+02:00", Show(clock.Due!.Value, Paris));
    }

    [Fact]
    public void Dated_values_round_trip()
    {
        var value = TicketEvent.DatedValue("quarterly", I("2026-06-30T22:00:00Z"));

        Assert.Equal("quarterly=2026-06-30T22:00:00Z", value);
        Assert.True(TicketEvent.TryParseDated(value, out var kind, out var at));
        Assert.Equal(("quarterly", I("2026-06-30T22:00:00Z")), (kind, at));
        Assert.False(TicketEvent.TryParseDated("quarterly", out _, out _));
        Assert.False(TicketEvent.TryParseDated("quarterly=demain", out _, out _));
    }
}
