using System.Collections.Concurrent;
using Guichet.Domain.Calendars;
using Guichet.Domain.Sla;

namespace Guichet.Domain.Presets;

/// <summary>A service type a ticket may have, e.g. <c>bug-applicatif</c> "Bug applicatif" [LS 6.2.3.1].</summary>
/// <param name="Id">Stable id.</param>
/// <param name="Label">French label.</param>
public sealed record ServiceType(string Id, string Label);

/// <summary>
/// A contract's telephone terms (the <c>phone</c> section of a preset or of a contract's own policy).
/// </summary>
/// <param name="ReportUnsuccessfulCalls">Each unsuccessful call (abandoned, missed, voicemail) is reported by mail to the organisation [LS 2.1].</param>
/// <param name="AnsweredWithin15s">Objective: share of offered calls answered in less than 15 s, in percent [AT 9.5.5].</param>
/// <param name="AnsweredWithin30s">Objective: share of offered calls answered in less than 30 s, in percent.</param>
/// <param name="AnswerRate">Objective: answered calls over offered calls, in percent (strictly above).</param>
public sealed record PhoneTerms(bool ReportUnsuccessfulCalls, decimal? AnsweredWithin15s, decimal? AnsweredWithin30s, decimal? AnswerRate)
{
    /// <summary>No report, no objective.</summary>
    public static readonly PhoneTerms None = new(false, null, null, null);

    /// <summary>Whether the contract has at least one phone objective.</summary>
    public bool HasObjectives => AnsweredWithin15s is not null || AnsweredWithin30s is not null || AnswerRate is not null;
}

/// <summary>
/// A contract preset: an SLA policy taken from one of the seed contracts, with its calendars as the contract
/// describes them and the service types its tickets may have.
/// </summary>
public sealed class SlaPreset
{
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, BusinessCalendar>> _calendarsByTerritory = new(StringComparer.Ordinal);

    internal SlaPreset(string id, string name, string source, SlaPolicy policy, string defaultPriority, IReadOnlyList<CalendarSpec> calendars, IReadOnlyList<ServiceType> serviceTypes, IReadOnlyList<Availability.AvailabilityObjective>? availability = null)
    {
        Availability = availability ?? [];
        Id = id;
        Name = name;
        Source = source;
        Policy = policy;
        DefaultPriority = defaultPriority;
        CalendarSpecs = calendars;
        ServiceTypes = serviceTypes;
    }

    /// <summary>The calendar clocks use unless they name another.</summary>
    public const string DefaultCalendar = "support";

    /// <summary>Stable id: <c>e23</c>, <c>es26</c>, <c>ls</c>, <c>mn</c> or <c>at</c>.</summary>
    public string Id { get; }

    /// <summary>French name.</summary>
    public string Name { get; }

    /// <summary>The contract the preset comes from.</summary>
    public string Source { get; }

    /// <summary>The SLA policy.</summary>
    public SlaPolicy Policy { get; }

    /// <summary>The priority a ticket gets when its submitter does not choose one.</summary>
    public string DefaultPriority { get; }

    /// <summary>The calendars, as the contract describes them.</summary>
    public IReadOnlyList<CalendarSpec> CalendarSpecs { get; }

    /// <summary>The availability commitments of the hosted services (ES26 6, AT 9.4.12); empty for on-premises contracts.</summary>
    public IReadOnlyList<Availability.AvailabilityObjective> Availability { get; }

    /// <summary>The service types of tickets under this contract.</summary>
    public IReadOnlyList<ServiceType> ServiceTypes { get; }

    /// <summary>The telephone terms: unsuccessful calls reported by mail [LS 2.1], phone objectives [AT 9.5.5].</summary>
    public PhoneTerms Phone { get; init; } = PhoneTerms.None;

    /// <summary>The backup commitment of a hosted service (ES26 7, AT 9.4.11.3); null when the contract makes none.</summary>
    public Backups.BackupPolicy? Backups { get; init; }

    /// <summary>The checks with response-time objectives (AT 10.2.2); probes made from one start with its objectives.</summary>
    public IReadOnlyList<Availability.ResponseTimeCheck> ResponseTimes { get; init; } = [];

    /// <summary>
    /// The priority matrix [AT 9.3.4.2]: when present, the requester gives a criticité and an impact and the priority
    /// is derived from them; null when the requester chooses the priority.
    /// </summary>
    public PriorityMatrix? PriorityMatrix { get; init; }

    /// <summary>
    /// The calendars applied to a client of <paramref name="territory"/>, by name. Built once per territory and
    /// shared: their yearly opening tables are computed on first use and then reused by every evaluation.
    /// </summary>
    public IReadOnlyDictionary<string, BusinessCalendar> CalendarsFor(Territory territory)
    {
        ArgumentNullException.ThrowIfNull(territory);
        return _calendarsByTerritory.GetOrAdd(territory.Id, _ =>
            CalendarSpecs.ToDictionary(c => c.Name, c => c.Resolve(territory), StringComparer.Ordinal));
    }

    /// <summary>Evaluates a ticket's clocks under this preset for a client of <paramref name="territory"/>.</summary>
    public SlaEvaluation Evaluate(Territory territory, string initialPriority, IReadOnlyList<TicketEvent> events, NodaTime.Instant now, EvaluationOptions? options = null) =>
        SlaEvaluator.Evaluate(Policy, CalendarsFor(territory), initialPriority, events, now, options);

    /// <inheritdoc />
    public override string ToString() => Id;
}
