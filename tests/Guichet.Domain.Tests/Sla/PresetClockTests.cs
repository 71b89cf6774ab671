using Guichet.Domain.Calendars;
using Guichet.Domain.Presets;
using Guichet.Domain.Sla;
using static Guichet.Domain.Tests.TestData;

namespace Guichet.Domain.Tests.Sla;

/// <summary>
/// Every preset's clocks for every priority, on one scenario: a bug registered on Monday 13 April 2026 at 10:00
/// (Paris), taken in charge at 10:05, qualified as an anomaly at 11:00, evaluated at 11:00.
/// </summary>
public class PresetClockTests
{
    private static readonly string[] Scenario =
    [
        "2026-04-13T10:00+02:00=created",
        "2026-04-13T10:05+02:00=taken-in-charge",
        "2026-04-13T11:00+02:00=qualified:anomalie",
    ];

    private const string Now = "2026-04-13T11:00+02:00";

    // preset | priority | clock=status@due ... ("-" for no due). Dues worked out by hand in docs/presets.md.
    public static TheoryData<string, string, string> Cases => new()
    {
        // LS: 09–12, 14–18 (7 h a day). Take-charge 4/8/12/36 h, workaround 8/24 h, resolution 3/5/15/30 days.
        { "ls", "0", "take-charge=met@2026-04-13T16:00 workaround=running@2026-04-14T11:00 resolution=running@2026-04-16T10:00" },
        { "ls", "1", "take-charge=met@2026-04-14T11:00 workaround=running@2026-04-16T15:00 resolution=running@2026-04-20T10:00" },
        { "ls", "2", "take-charge=met@2026-04-14T17:00 workaround=not-applicable@- resolution=running@2026-05-05T10:00" },
        { "ls", "3", "take-charge=met@2026-04-20T11:00 workaround=not-applicable@- resolution=running@2026-05-29T10:00" },

        // E23: 09–12, 14–17:30 (6.5 h a day). Take-charge 8 h; criticité 1 plan 12 h; criticité 2 fix 6 days.
        { "e23", "1", "take-charge=met@2026-04-14T11:30 corrective-plan=running@2026-04-15T10:00 resolution=not-applicable@- validation=not-started@-" },
        { "e23", "2", "take-charge=met@2026-04-14T11:30 corrective-plan=not-applicable@- resolution=running@2026-04-21T11:00 validation=not-started@-" },
        { "e23", "3", "take-charge=met@2026-04-14T11:30 corrective-plan=not-applicable@- resolution=not-applicable@- validation=not-applicable@-" },

        // ES26: as E23, without client validation.
        { "es26", "bloquante", "take-charge=met@2026-04-14T11:30 corrective-plan=running@2026-04-15T10:00 resolution=not-applicable@-" },
        { "es26", "majeure", "take-charge=met@2026-04-14T11:30 corrective-plan=not-applicable@- resolution=running@2026-04-21T11:00" },
        { "es26", "mineure", "take-charge=met@2026-04-14T11:30 corrective-plan=not-applicable@- resolution=not-applicable@-" },

        // MN: 08:30–12:00, 13:30–18:00; internal 8 h objective only.
        { "mn", "standard", "take-charge=met@2026-04-14T10:00" },

        // AT: 09–19. Take-charge 15 min; workaround P1 2 h, P2 1 day; resolution P1 1 day, P2 3 days, P3/P4 next quarterly.
        { "at", "P1", "take-charge=met@2026-04-13T10:15 workaround=running@2026-04-13T12:00 resolution=running@2026-04-14T10:00 answer=not-applicable@- restore=not-applicable@-" },
        { "at", "P2", "take-charge=met@2026-04-13T10:15 workaround=running@2026-04-14T10:00 resolution=running@2026-04-16T10:00 answer=not-applicable@- restore=not-applicable@-" },
        { "at", "P3", "take-charge=met@2026-04-13T10:15 workaround=not-applicable@- resolution=running@2026-06-30T12:00 answer=not-applicable@- restore=not-applicable@-" },
        { "at", "P4", "take-charge=met@2026-04-13T10:15 workaround=not-applicable@- resolution=running@2026-06-30T12:00 answer=not-applicable@- restore=not-applicable@-" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_clock_of_every_preset_and_priority(string preset, string priority, string expected)
    {
        var options = new EvaluationOptions
        {
            ServiceType = "bug-applicatif",
            Releases = [new PlannedRelease("quarterly", I("2026-03-31T12:00+02:00")), new PlannedRelease("quarterly", I("2026-06-30T12:00+02:00"))],
        };
        var evaluation = SlaEvaluatorTests.Evaluate(preset, priority, Now, options, Territory.Metropole, Scenario);

        var actual = string.Join(" ", evaluation.Clocks.Select(c =>
            $"{c.Id}={Status(c.Status)}@{(c.Due is { } d ? Show(d, Paris)[..16] : "-")}"));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void The_cases_cover_every_priority_of_every_preset()
    {
        var covered = Cases.Select(row => ((string)row[0], (string)row[1])).ToHashSet();

        foreach (var preset in PresetCatalog.All)
        {
            foreach (var level in preset.Policy.Scheme.Levels)
            {
                Assert.Contains((preset.Id, level.Id), covered);
            }
        }
    }

    [Fact]
    public void At_legal_assistance_is_answered_within_48_wall_clock_hours()
    {
        var evaluation = SlaEvaluatorTests.Evaluate("at", "P3", "2026-04-15T09:00+02:00",
            new EvaluationOptions { ServiceType = "assistance-juridique" }, Territory.Metropole, "2026-04-13T10:00+02:00=created");
        var answer = SlaEvaluatorTests.Clock(evaluation, "answer");

        Assert.Equal(ClockStatus.Running, answer.Status);
        Assert.Equal("2026-04-15T10:00+02:00", Show(answer.Due!.Value, Paris));
        Assert.Equal(ClockStatus.NotApplicable, SlaEvaluatorTests.Clock(evaluation, "resolution").Status);
    }

    [Fact]
    public void Es26_availability_calendar_follows_the_client_territory()
    {
        Assert.True(PresetCatalog.TryGet("es26", out var es26));

        var reunion = es26.CalendarsFor(Territory.Reunion);
        Assert.Equal("Indian/Reunion", reunion["availability"].Zone.Id);
        Assert.Equal("Europe/Paris", reunion["support"].Zone.Id);
        Assert.Same(reunion, es26.CalendarsFor(Territory.Reunion));
    }

    private static string Status(ClockStatus status) => status switch
    {
        ClockStatus.NotStarted => "not-started",
        ClockStatus.NotApplicable => "not-applicable",
        _ => status.ToString().ToLowerInvariant(),
    };
}
