namespace Guichet.Features.Availability;

/// <summary>The body of <c>POST /api/v1/availability/services</c>.</summary>
/// <param name="Objective">The id of the contract preset's objective; the first when absent.</param>
internal sealed record ServiceRequest(Guid? ContractId, string? Name, Guid? ProductId, string? Environment, string? Objective);

/// <summary>A hosted service with its target (from the contract's preset).</summary>
internal sealed record HostedServiceView(Guid Id, Guid ContractId, string ContractName, string Name, Guid? ProductId, string Environment, string ObjectiveId, string ObjectiveName, decimal Target, string Source);

/// <summary>The body of <c>POST /api/v1/availability/outages</c> (instants ISO 8601 with their offset; no end while it lasts).</summary>
internal sealed record OutageRequest(Guid? ServiceId, string? Start, string? End, string? Cause, string? Description, long[]? TicketIds, Guid? NewsItemId);

/// <summary>The body of <c>PATCH /api/v1/availability/outages/{id}</c>: what is given changes (an end closes the entry).</summary>
internal sealed record OutagePatch(string? Start, string? End, string? Cause, string? Description, long[]? TicketIds, Guid? NewsItemId, string? Reason);

/// <summary>A comment on an outage.</summary>
internal sealed record CommentRequest(string? Text);

/// <summary>A client's contest of an outage: why, and the cause or bounds they propose (each optional).</summary>
internal sealed record ContestRequest(string? Text, string? Cause, string? Start, string? End);

/// <summary>Staff's decision on a contest: accepted (its proposals applied) or rejected with a reason.</summary>
internal sealed record DecisionRequest(bool? Accept, string? Reason);

/// <summary>One line of the history of an outage or a maintenance.</summary>
/// <param name="Decision">For a contest: <c>pending</c>, <c>accepted</c> or <c>rejected</c>.</param>
internal sealed record AvailabilityEventView(Guid Id, string Kind, string Label, string At, string Author, string Text, string? Cause, string? Start, string? End, Guid? ContestId, string? Decision);

/// <summary>An outage with its linked tickets and its whole history.</summary>
internal sealed record OutageView(
    Guid Id,
    Guid ServiceId,
    string ServiceName,
    Guid ContractId,
    Guid OrganisationId,
    string Start,
    string? End,
    bool Ongoing,
    string Cause,
    string CauseLabel,
    string Description,
    Guid? NewsItemId,
    IReadOnlyList<long> TicketIds,
    IReadOnlyList<AvailabilityEventView> History);

/// <summary>The body of <c>POST /api/v1/availability/maintenances</c>.</summary>
internal sealed record MaintenanceRequest(Guid? ContractId, Guid[]? ServiceIds, string? Title, string? Description, string? Start, string? End, bool? Urgent);

/// <summary>The body of <c>PATCH /api/v1/availability/maintenances/{id}</c>: new times (announced again).</summary>
internal sealed record RescheduleRequest(string? Start, string? End, string? Reason);

/// <summary>The body of <c>POST /api/v1/availability/maintenances/{id}/cancel</c>.</summary>
internal sealed record CancelRequest(string? Reason);

/// <summary>A maintenance, whether its notice makes it count as downtime, and its history.</summary>
internal sealed record MaintenanceView(
    Guid Id,
    Guid ContractId,
    string Title,
    string Description,
    string Start,
    string End,
    string AnnouncedAt,
    bool Urgent,
    bool Cancelled,
    bool CountsAsDowntime,
    IReadOnlyList<Guid> ServiceIds,
    Guid? NewsItemId,
    IReadOnlyList<AvailabilityEventView> History);
