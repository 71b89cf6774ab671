using Guichet.Domain.Tickets;
using NodaTime;

namespace Guichet.Domain.Sla;

/// <summary>Clock ids, stable across presets and the API.</summary>
public static class ClockIds
{
    /// <summary>Take-charge ("prise en charge").</summary>
    public const string TakeCharge = "take-charge";

    /// <summary>Workaround ("solution de contournement").</summary>
    public const string Workaround = "workaround";

    /// <summary>Corrective action plan ("plan d'action corrective").</summary>
    public const string CorrectivePlan = "corrective-plan";

    /// <summary>Resolution ("résolution", "correction").</summary>
    public const string Resolution = "resolution";

    /// <summary>Client validation of a delivered fix.</summary>
    public const string Validation = "validation";

    /// <summary>Written answer (legal assistance).</summary>
    public const string Answer = "answer";

    /// <summary>Intervention on a restore request (AT 9.4.11.3).</summary>
    public const string Restore = "restore";

    /// <summary>Every clock id.</summary>
    public static IReadOnlyList<string> All { get; } = [TakeCharge, Workaround, CorrectivePlan, Resolution, Validation, Answer, Restore];
}

/// <summary>An event that starts or stops a clock: a kind, and for state and nature events, a value.</summary>
/// <param name="Kind">The event kind.</param>
/// <param name="Value">The state id (for <see cref="TicketEventKind.StateChanged"/>) or null for any value.</param>
public readonly record struct ClockTrigger(TicketEventKind Kind, string? Value)
{
    /// <summary>Whether <paramref name="e"/> is this trigger.</summary>
    public bool Matches(in TicketEvent e) =>
        e.Kind == Kind && (Value is null || string.Equals(Value, e.Value, StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc />
    public override string ToString() => Value is null ? TicketEvent.NameOf(Kind) : $"{TicketEvent.NameOf(Kind)}:{Value}";
}

/// <summary>A compliance objective over a window: e.g. at least 75 % of requests over 12 consecutive months.</summary>
/// <param name="Percent">Share of clocks that must be met.</param>
/// <param name="Months">Length of the window, in months.</param>
public sealed record ComplianceObjective(decimal Percent, int Months);

/// <summary>
/// One clock of a policy: when it starts and stops, what it promises per priority, on which calendar,
/// and in which states it is frozen.
/// </summary>
public sealed record ClockDefinition
{
    /// <summary>Clock id (see <see cref="ClockIds"/>).</summary>
    public required string Id { get; init; }

    /// <summary>French name, e.g. "Prise en charge".</summary>
    public required string Name { get; init; }

    /// <summary>The clock starts at the first event matching one of these.</summary>
    public required IReadOnlyList<ClockTrigger> Start { get; init; }

    /// <summary>The clock stops at the first event, at or after its start, matching one of these.</summary>
    public required IReadOnlyList<ClockTrigger> Stop { get; init; }

    /// <summary>Name of the calendar that counts its business time.</summary>
    public required string Calendar { get; init; }

    /// <summary>Workflow states in which the clock is frozen.</summary>
    public required IReadOnlySet<string> Freeze { get; init; }

    /// <summary>Target per priority id; a priority without a target has no such clock (not applicable).</summary>
    public required IReadOnlyDictionary<string, ClockTarget> Targets { get; init; }

    /// <summary>
    /// Wall-clock targets per priority for clocks started outside the calendar's opening hours (on-call): used
    /// when they give an earlier due than the normal target.
    /// </summary>
    public IReadOnlyDictionary<string, ClockTarget> OutOfHours { get; init; } = new Dictionary<string, ClockTarget>();

    /// <summary>Service types the clock applies to; empty for all.</summary>
    public IReadOnlySet<string> ServiceTypes { get; init; } = new HashSet<string>();

    /// <summary>Natures (anomalie, dysfonctionnement) the clock applies to once qualified; empty for all.</summary>
    public IReadOnlySet<string> Natures { get; init; } = new HashSet<string>();

    /// <summary>Who the clock holds to its promise: the provider, or the client (validation).</summary>
    public Actor Side { get; init; } = Actor.Provider;

    /// <summary>False for internal objectives a contract does not state.</summary>
    public bool Contractual { get; init; } = true;

    /// <summary>The contract's compliance objective for this clock, if any.</summary>
    public ComplianceObjective? Compliance { get; init; }

    /// <summary>The contract clause the clock comes from, e.g. "LS 2.3".</summary>
    public string? Source { get; init; }
}

/// <summary>A planned release of a product, for "next release" targets.</summary>
/// <param name="Kind">Release kind, e.g. <c>quarterly</c>.</param>
/// <param name="At">Planned release instant.</param>
public readonly record struct PlannedRelease(string Kind, Instant At);

/// <summary>
/// A contract's SLA policy: its priority scheme, its workflow, its calendars by name and its clocks. Presets validate
/// their data before building one.
/// </summary>
/// <param name="Scheme">The priority scheme.</param>
/// <param name="Workflow">The ticket workflow.</param>
/// <param name="CalendarNames">Names of the calendars clocks may use (the default is <c>support</c>).</param>
/// <param name="Clocks">The clocks, in display order.</param>
public sealed record SlaPolicy(PriorityScheme Scheme, Workflow Workflow, IReadOnlyCollection<string> CalendarNames, IReadOnlyList<ClockDefinition> Clocks);
