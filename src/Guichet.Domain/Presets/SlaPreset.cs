using System.Collections.Concurrent;
using Guichet.Domain.Calendars;
using Guichet.Domain.Sla;

namespace Guichet.Domain.Presets;

/// <summary>A service type a ticket may have, e.g. <c>bug-applicatif</c> "Bug applicatif" [LS 6.2.3.1].</summary>
/// <param name="Id">Stable id.</param>
/// <param name="Label">French label.</param>
public sealed record ServiceType(string Id, string Label);

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
