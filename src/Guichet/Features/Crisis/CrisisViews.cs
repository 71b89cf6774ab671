namespace Guichet.Features.Crisis;

/// <summary>
/// The body of <c>POST /api/v1/crises</c>: the contract, what happened, its severity (<c>major</c>, <c>critical</c>),
/// the crisis manager, the cadence of the status points (<c>2h</c>, <c>4h</c>, <c>12h</c>; 4h when absent), the services,
/// outages and tickets concerned, and the client users to inform (the organisation's référents when absent).
/// </summary>
internal sealed record CrisisRequest(
    Guid? ContractId,
    string? Title,
    string? Description,
    string? Severity,
    Guid? ManagerId,
    string? Cadence,
    Guid[]? ServiceIds,
    Guid[]? OutageIds,
    long[]? TicketIds,
    Guid[]? ContactIds);

/// <summary>The first meeting held: what the cell decided (qualification, gravity, who took part).</summary>
internal sealed record MeetingRequest(string? Text);

/// <summary>A status point: the assessment of the period past, the objectives of the next period, and optionally its new cadence.</summary>
internal sealed record PointRequest(string? Assessment, string? Plan, string? Cadence);

/// <summary>A change of the cadence agreed with the client, between two points.</summary>
internal sealed record CadenceRequest(string? Cadence, string? Reason);

/// <summary>An entry of the crisis log (a note).</summary>
internal sealed record NoteRequest(string? Text);

/// <summary>The closure: why the criticity is back to a reasonable level.</summary>
internal sealed record CloseRequest(string? Text);

/// <summary>The post-mortem's causes.</summary>
internal sealed record PostMortemRequest(string? Causes);

/// <summary>A preventive measure of the post-mortem; it becomes a ticket followed until done.</summary>
internal sealed record MeasureRequest(string? Text);

/// <summary>
/// One promise of the crisis cell with its due instant and status: <c>running</c> (à venir), <c>met</c>, <c>breached</c>
/// (late), <c>not-applicable</c> (the cell closed before it fell due).
/// </summary>
/// <param name="Kind"><c>meeting</c>, <c>point</c> or <c>post-mortem</c>.</param>
/// <param name="Target">The SLA engine's target: <c>wall-hours:0.25</c>, <c>wall-hours:4</c>, <c>business-days:10</c>.</param>
internal sealed record CrisisDueView(
    string Key,
    string Kind,
    int Number,
    string Label,
    string Target,
    string TargetLabel,
    string Anchor,
    string Due,
    string? RemindAt,
    string? KeptAt,
    string Status,
    string StatusLabel,
    bool Late);

/// <summary>A status point: its assessment of the period past and its action plan for the next (the objectives).</summary>
internal sealed record CrisisPointView(int Number, string At, string Author, string Assessment, string Plan, string? Cadence, string? CadenceLabel);

/// <summary>One entry of the crisis log.</summary>
internal sealed record CrisisLogEntryView(long Id, string Kind, string Label, string At, string Author, string Text, string? Plan, string? Cadence);

/// <summary>A client user told of the crisis (the address for staff only).</summary>
internal sealed record CrisisContactView(Guid Id, string Name, string? Email);

/// <summary>A hosted service concerned.</summary>
internal sealed record CrisisServiceView(Guid Id, string Name);

/// <summary>A preventive measure and the state of its ticket.</summary>
internal sealed record CrisisMeasureView(Guid Id, string Text, long? TicketId, string? TicketState, string TicketStateLabel, bool Done, string CreatedAt);

/// <summary>The post-mortem: causes, preventive measures followed as tickets, its deadline, and the timeline from the log.</summary>
internal sealed record PostMortemView(
    string Causes,
    CrisisDueView? Deadline,
    string? PublishedAt,
    IReadOnlyList<CrisisMeasureView> Measures,
    bool AllMeasuresDone,
    IReadOnlyList<CrisisLogEntryView> Timeline);

/// <summary>A crisis with what is due next, its promises, points, log and post-mortem (for a client: the public steps only, the post-mortem once published).</summary>
internal sealed record CrisisView(
    Guid Id,
    Guid OrganisationId,
    string OrganisationName,
    Guid ContractId,
    string ContractName,
    string Title,
    string Description,
    string Severity,
    string SeverityLabel,
    Guid? ManagerId,
    string ManagerName,
    string OpenedAt,
    string? ClosedAt,
    bool Open,
    string Cadence,
    string CadenceLabel,
    CrisisDueView? Next,
    IReadOnlyList<CrisisDueView> Deadlines,
    IReadOnlyList<CrisisPointView> Points,
    IReadOnlyList<CrisisLogEntryView> Log,
    IReadOnlyList<CrisisServiceView> Services,
    IReadOnlyList<Guid> OutageIds,
    IReadOnlyList<long> TicketIds,
    IReadOnlyList<CrisisContactView> Contacts,
    PostMortemView? PostMortem);

/// <summary>A crisis in a list: open ones first, the next due first.</summary>
internal sealed record CrisisRow(
    Guid Id,
    Guid OrganisationId,
    string OrganisationName,
    Guid ContractId,
    string Title,
    string Severity,
    string SeverityLabel,
    string ManagerName,
    string OpenedAt,
    string? ClosedAt,
    CrisisDueView? Next);

/// <summary>What <c>guichet crisis rebuild</c> and <see cref="CrisisDeadlines.RebuildAsync"/> report: crises read, derived rows that differed.</summary>
internal sealed record CrisisRebuild(int Crises, int Changed);
