using Guichet.Domain.Calendars;
using Guichet.Domain.Presets;
using Guichet.Domain.Sla;
using Guichet.Domain.Tickets;

namespace Guichet.Features.Tickets;

/// <summary>
/// Reads a ticket's stored trace with the domain engine: its clocks, and the summary columns of the ticket
/// (state, priority, nature, next due) which are rewritten from the trace after every change — derived, never
/// incremented, so they cannot drift from it.
/// </summary>
internal static class TicketClocks
{
    /// <summary>The value of a message or attachment event written by the client (the others say "staff").</summary>
    public const string ClientMark = "client";

    public const string StaffMark = "staff";

    public static SlaPreset Preset(string presetId) =>
        PresetCatalog.TryGet(presetId, out var preset) ? preset : throw new InvalidOperationException($"Unknown preset \"{presetId}\".");

    /// <summary>A contract's policy: its own when it has one, otherwise its preset's.</summary>
    public static SlaPreset Policy(string presetId, string? ownPolicy) =>
        ownPolicy is null ? Preset(presetId) : OwnPolicies.GetOrAdd(ownPolicy, json => PresetLoader.Parse(json, "contrat"));

    // Parsed own policies by their text: as many entries as distinct policies, i.e. at most one per contract.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SlaPreset> OwnPolicies = new(StringComparer.Ordinal);

    /// <summary>Checks a contract's own policy: null when valid, otherwise the errors with their JSON paths.</summary>
    public static IReadOnlyList<string>? ValidatePolicy(string json)
    {
        try
        {
            _ = PresetLoader.Parse(json, "contrat");
            return null;
        }
        catch (PresetValidationException e)
        {
            return e.Errors;
        }
    }

    public static Territory TerritoryOf(string id) => Territory.TryGet(id, out var t) ? t : Territory.Metropole;

    /// <summary>The trace as the SLA engine reads it, in order.</summary>
    public static List<Domain.Sla.TicketEvent> ToDomain(IEnumerable<TicketTraceEntry> events)
    {
        var result = new List<Domain.Sla.TicketEvent>();
        foreach (var e in InOrder(events))
        {
            Domain.Sla.TicketEvent? mapped = e.Kind switch
            {
                EventKind.Created => new(e.At, TicketEventKind.Created),
                EventKind.StateChanged => new(e.At, TicketEventKind.StateChanged, e.Value),
                EventKind.PriorityChanged => new(e.At, TicketEventKind.PriorityChanged, e.Value),
                EventKind.Qualified => new(e.At, TicketEventKind.Qualified, e.Value),
                EventKind.ReleasePlanned => new(e.At, TicketEventKind.ReleasePlanned, e.Value),
                EventKind.DueAgreed => new(e.At, TicketEventKind.DueAgreed, e.Value),
                EventKind.Milestone when e.Value is not null && Domain.Sla.TicketEvent.TryParseKind(e.Value, out var kind, out var value, out _) => new(e.At, kind, value),
                _ => null,
            };
            if (mapped is { } m)
            {
                result.Add(m);
            }
        }

        return result;
    }

    /// <summary>The trace in order: by instant, then as recorded (events not saved yet come after saved ones).</summary>
    public static IEnumerable<TicketTraceEntry> InOrder(IEnumerable<TicketTraceEntry> events) =>
        events.OrderBy(e => e.At).ThenBy(e => e.Id == 0 ? long.MaxValue : e.Id);

    public static SlaEvaluation Evaluate(Ticket ticket, IEnumerable<TicketTraceEntry> events, SlaPreset preset, string territory, Instant now, bool explain = false) =>
        preset.Evaluate(TerritoryOf(territory), ticket.ClientPriority, ToDomain(events), now,
            new EvaluationOptions { ServiceType = ticket.ServiceType, Explain = explain });

    /// <summary>Rewrites the ticket's summary columns from its trace.</summary>
    public static void Refresh(Ticket ticket, IReadOnlyCollection<TicketTraceEntry> events, SlaPreset preset, string territory, Instant now)
    {
        var workflow = preset.Policy.Workflow;
        var ordered = InOrder(events).ToList();
        var lastState = ordered.LastOrDefault(e => e.Kind == EventKind.StateChanged);
        ticket.State = lastState?.Value ?? workflow.Initial.Id;
        ticket.StateChangedAt = lastState?.At ?? ticket.CreatedAt;
        ticket.IsClosed = workflow.TryGetState(ticket.State, out var state) && state.Terminal;
        ticket.Priority = ordered.LastOrDefault(e => e.Kind == EventKind.PriorityChanged)?.Value ?? ticket.ClientPriority;
        ticket.Nature = ordered.LastOrDefault(e => e.Kind == EventKind.Qualified)?.Value;
        ticket.Criticality = LastCriterion(ordered, Domain.Presets.PriorityMatrix.CriticalityName) ?? ticket.Criticality;
        ticket.Impact = LastCriterion(ordered, Domain.Presets.PriorityMatrix.ImpactName) ?? ticket.Impact;
        ticket.LastClientActionAt = ordered.LastOrDefault(e => e.Kind is EventKind.Message or EventKind.AttachmentAdded && e.Value == ClientMark)?.At;

        // Internal notes and time entries do not show on the client's side, not even as a change of date.
        ticket.UpdatedAt = ordered.LastOrDefault(e => e.Visibility == Visibility.Public)?.At ?? ticket.CreatedAt;

        // The earliest due among the provider's running or overdue clocks: a clock's due only moves
        // when an event happens, so this stays exact until the next event rewrites it.
        var domainEvents = ToDomain(ordered);
        var evaluation = preset.Evaluate(TerritoryOf(territory), ticket.ClientPriority, domainEvents, now, new EvaluationOptions { ServiceType = ticket.ServiceType, Explain = false });
        var next = ticket.IsClosed ? null : evaluation.Clocks
            .Where(c => c.Status is ClockStatus.Running or ClockStatus.Breached && c.Stop is null && c.Due is not null)
            .Where(c => preset.Policy.Clocks.First(d => d.Id == c.Id).Side == Actor.Provider)
            .MinBy(c => c.Due);
        ticket.NextDueAt = next?.Due;
        ticket.NextDueClock = next?.Id;
        Reports.ClockOutcomes.Sync(ticket.Outcomes, Outcomes(ticket, domainEvents, preset, territory, domainEvents.Count > 0 && domainEvents[^1].At == now ? evaluation : null));
    }

    /// <summary>The level of <paramref name="criterion"/> given by the trace's last requalification of it, if any.</summary>
    private static string? LastCriterion(List<TicketTraceEntry> ordered, string criterion)
    {
        var prefix = criterion + ":";
        return ordered.LastOrDefault(e => e.Kind == EventKind.CriterionChanged && e.Value?.StartsWith(prefix, StringComparison.Ordinal) == true)?.Value![prefix.Length..];
    }

    /// <summary>
    /// The ticket's clock outcomes as its trace gives them, evaluated as of its last event (docs/reports.md); an
    /// evaluation already made at that instant may be passed to save a second one.
    /// </summary>
    public static List<ClockOutcome> Outcomes(Ticket ticket, IReadOnlyList<Domain.Sla.TicketEvent> domainEvents, SlaPreset preset, string territory, SlaEvaluation? atLastEvent = null)
    {
        if (domainEvents.Count == 0)
        {
            return [];
        }

        var evaluation = atLastEvent ?? preset.Evaluate(TerritoryOf(territory), ticket.ClientPriority, domainEvents, domainEvents[^1].At,
            new EvaluationOptions { ServiceType = ticket.ServiceType, Explain = false });
        return Reports.ClockOutcomes.Derive(ticket.Id, ticket.ContractId, ticket.PolicyVersion, evaluation, Reports.ClockOutcomes.ClosureOf(domainEvents, preset.Policy.Workflow));
    }
}
