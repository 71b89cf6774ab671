namespace Guichet.Data;

// The entities of tickets, owned by this feature; in the Data namespace like every entity, since most features read them.

/// <summary>Who may see a ticket event.</summary>
internal enum Visibility
{
    /// <summary>The client and the provider.</summary>
    Public,

    /// <summary>Provider staff only (internal note).</summary>
    Internal,
}

/// <summary>What a ticket event records.</summary>
internal enum EventKind
{
    /// <summary>The ticket was registered.</summary>
    Created,

    /// <summary>A message (public reply or internal note).</summary>
    Message,

    /// <summary>The workflow state changed (Value: the new state).</summary>
    StateChanged,

    /// <summary>The qualified priority changed (Value: new priority; Reason; PreviousValue).</summary>
    PriorityChanged,

    /// <summary>The ticket was qualified (Value: anomalie or dysfonctionnement).</summary>
    Qualified,

    /// <summary>Owner or responsible changed.</summary>
    Assigned,

    /// <summary>Time spent (Minutes, OutOfScope).</summary>
    TimeEntry,

    /// <summary>A file was attached (AttachmentId).</summary>
    AttachmentAdded,

    /// <summary>A milestone an SLA clock waits for (Value: taken-in-charge, workaround-provided…).</summary>
    Milestone,

    /// <summary>A client notification required by the contract (lowering a Niveau 0) was recorded.</summary>
    ClientNotified,

    /// <summary>An administrator applied a newer policy version of the contract (Value: its number; PreviousValue; Text: the reason).</summary>
    PolicyApplied,

    /// <summary>Staff requalified a criterion of the priority matrix (Value: <c>criticite:haute</c> or <c>impact:moyen</c>; PreviousValue; Text: the reason).</summary>
    CriterionChanged,

    /// <summary>
    /// The next planned release of a kind the ticket's "next release" dues depend on (Value: <c>quarterly=&lt;instant&gt;</c>,
    /// PreviousValue: the one it replaces; Text: the release in French): recorded at creation and whenever the release moves.
    /// </summary>
    ReleasePlanned,

    /// <summary>A due agreed with the client for a clock (Value: <c>resolution=&lt;instant&gt;</c>; PreviousValue; Text: the reason) [AT 9.3.4.3].</summary>
    DueAgreed,
}

/// <summary>
/// A ticket. Its history is the append-only <see cref="TicketTraceEntry"/> trace; the few columns here that
/// summarise it (state, priority, next due…) are rewritten from the trace on every change, never incremented.
/// </summary>
internal sealed class Ticket
{
    /// <summary>The ticket number, shown to users and used in URLs.</summary>
    public long Id { get; set; }

    public Guid OrganisationId { get; set; }

    public Guid ContractId { get; set; }

    public Guid QueueId { get; set; }

    public Guid ProductId { get; set; }

    public Guid? VersionId { get; set; }

    /// <summary>The version a fix or evolution is delivered in ("version d'intégration").</summary>
    public Guid? IntegrationVersionId { get; set; }

    public string ServiceType { get; set; } = "";

    /// <summary>The priority the client chose.</summary>
    public string ClientPriority { get; set; } = "";

    /// <summary>The priority in force (after qualification).</summary>
    public string Priority { get; set; } = "";

    /// <summary>
    /// The criticité in force, for a contract whose policy has a priority matrix [AT 9.3.4.1]: given at creation, then
    /// the last <see cref="EventKind.CriterionChanged"/> of the trace; null for other contracts.
    /// </summary>
    public string? Criticality { get; set; }

    /// <summary>The impact in force, as <see cref="Criticality"/>.</summary>
    public string? Impact { get; set; }

    public string Subject { get; set; } = "";

    public string Body { get; set; } = "";

    public Guid AuthorId { get; set; }

    public Guid? OwnerId { get; set; }

    public Guid? ResponsibleId { get; set; }

    public string State { get; set; } = "";

    public bool IsClosed { get; set; }

    /// <summary>
    /// Why the request falls outside the contract's service conditions (versions not kept up to date, decided at
    /// creation from the product's releases), in French; null when in scope or when the contract sets no condition.
    /// The ticket is accepted either way.
    /// </summary>
    public string? OutOfScopeReason { get; set; }

    /// <summary>anomalie or dysfonctionnement, once qualified.</summary>
    public string? Nature { get; set; }

    public Instant CreatedAt { get; set; }

    public Instant UpdatedAt { get; set; }

    /// <summary>When the ticket entered its current state.</summary>
    public Instant StateChangedAt { get; set; }

    /// <summary>The client's last reply, for the 20-day automatic transitions.</summary>
    public Instant? LastClientActionAt { get; set; }

    /// <summary>Earliest due of the running provider clocks, recomputed from the trace at each change (urgency sort).</summary>
    public Instant? NextDueAt { get; set; }

    /// <summary>The id of the clock whose due is <see cref="NextDueAt"/> (the lists name it and count its business time).</summary>
    public string? NextDueClock { get; set; }

    /// <summary>Optimistic concurrency token, incremented by every change.</summary>
    public int Version { get; set; }

    /// <summary>
    /// The number of the contract's policy version the ticket's clocks are evaluated with (docs/reports.md): the one
    /// in force when it was created, until an administrator re-applies a newer one (recorded in the trace).
    /// </summary>
    public int PolicyVersion { get; set; } = 1;

    public List<TicketTraceEntry> Events { get; set; } = [];

    /// <summary>One row per clock that has started or ended (docs/reports.md), rewritten from the trace with the summary.</summary>
    public List<ClockOutcome> Outcomes { get; set; } = [];

    /// <summary>Human-friendly reference.</summary>
    public string Reference => FormatReference(Id);

    public static string FormatReference(long id) => $"T{id:000000}";
}

/// <summary>One entry of a ticket's append-only trace.</summary>
internal sealed class TicketTraceEntry
{
    public long Id { get; set; }

    public long TicketId { get; set; }

    public Instant At { get; set; }

    public EventKind Kind { get; set; }

    /// <summary>State, priority, nature, milestone… depending on the kind.</summary>
    public string? Value { get; set; }

    public string? PreviousValue { get; set; }

    public Guid? AuthorId { get; set; }

    /// <summary>Message text, note, or reason.</summary>
    public string? Text { get; set; }

    public Visibility Visibility { get; set; }

    public int? Minutes { get; set; }

    public bool OutOfScope { get; set; }

    public Guid? AttachmentId { get; set; }
}
