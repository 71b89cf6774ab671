using Guichet.Domain.Sla;
using Guichet.Domain.Tickets;

namespace Guichet.Features.Tickets;

// What the ticket API answers, named so that the OpenAPI document describes it and clients (and the tests)
// read the same shapes. Instants are ISO-8601 strings, as they always were on the wire.

/// <summary>A ticket just created (<c>POST /api/v1/tickets</c>).</summary>
internal sealed record TicketCreated(long Number, string Reference, int Version, string State, string Priority, string? OutOfScopeReason)
{
    public static TicketCreated Of(Ticket t) => new(t.Id, t.Reference, t.Version, t.State, t.Priority, t.OutOfScopeReason);
}

/// <summary>A ticket after an action: what a client needs to send the next one (its version).</summary>
internal sealed record TicketChanged(long Number, int Version, string State, string Priority, bool IsClosed)
{
    public static TicketChanged Of(Ticket t) => new(t.Id, t.Version, t.State, t.Priority, t.IsClosed);
}

/// <summary>One page of a ticket list.</summary>
internal sealed record TicketPage(int Page, int PageSize, int Total, bool TotalIsExact, IReadOnlyList<TicketRow> Items)
{
    public static TicketPage Of(TicketList.ListPage list) =>
        new(list.Page, list.PageSize, list.Total, list.TotalIsExact, [.. list.Items.Select(TicketRow.Of)]);
}

/// <summary>A ticket in a list.</summary>
internal sealed record TicketRow(
    long Number, string Reference, string Subject, string State, string Priority, Guid QueueId, Guid ProductId, Guid? VersionId,
    Guid? IntegrationVersionId, Guid OrganisationId, Guid? OwnerId, bool IsClosed, string CreatedAt, string UpdatedAt, string? NextDueAt, int Version)
{
    public static TicketRow Of(TicketList.ListRow t) =>
        new(t.Id, Ticket.FormatReference(t.Id), t.Subject, t.State, t.Priority, t.QueueId, t.ProductId, t.VersionId, t.IntegrationVersionId,
            t.OrganisationId, t.OwnerId, t.IsClosed, t.CreatedAt.ToString(), t.UpdatedAt.ToString(), t.NextDueAt?.ToString(), t.Version);
}

/// <summary>A ticket with its clocks; <see cref="AllowedStates"/> and the clocks' segments are for the provider's staff only (null otherwise).</summary>
internal sealed record TicketDetail(
    long Number, string Reference, string Subject, string Body, string State, string StateLabel, bool IsClosed, string Priority, string ClientPriority,
    string? Nature, string ServiceType, bool OutOfScope, string? OutOfScopeReason, Guid OrganisationId, Guid ContractId, string Preset,
    Guid QueueId, Guid ProductId, Guid? VersionId, Guid? IntegrationVersionId, Guid AuthorId, Guid? OwnerId, Guid? ResponsibleId,
    string CreatedAt, string UpdatedAt, int Version, IReadOnlyList<TicketStateChoice>? AllowedStates, IReadOnlyList<TicketClock> Clocks,
    IReadOnlyList<TicketAttachment> Attachments, string? Criticality = null, string? Impact = null);

/// <summary>A state the provider may move the ticket to.</summary>
internal sealed record TicketStateChoice(string Id, string Label)
{
    public static TicketStateChoice Of(WorkflowState s) => new(s.Id, s.Label);
}

/// <summary>
/// One SLA clock of a ticket (statuses: see <see cref="ClockStatus"/>); <see cref="Contractual"/> is false for an
/// internal objective that the contract does not state (e.g. MN's take-charge).
/// </summary>
internal sealed record TicketClock(
    string Id, string Name, string Status, string? Due, long? RemainingMinutes, long ElapsedMinutes, string? Target, string? Priority, bool OnCall,
    IReadOnlyList<TicketClockSegment>? Segments, bool Contractual = true)
{
    public static TicketClock Of(ClockResult c, bool withSegments, bool contractual = true) =>
        new(c.Id, c.Name, c.Status.ToId(), c.Due?.ToString(), c.Remaining is { } r ? (long)Math.Floor(r.TotalMinutes) : null, (long)Math.Floor(c.Elapsed.TotalMinutes),
            c.Target?.Describe(), c.Priority, c.OnCall, withSegments ? [.. c.Segments.Select(i => new TicketClockSegment(i.Start.ToString(), i.End.ToString()))] : null, contractual);
}

/// <summary>A period during which a clock ran.</summary>
internal sealed record TicketClockSegment(string Start, string End);

/// <summary>A file attached to a ticket (download: <c>/api/v1/attachments/{id}</c>).</summary>
internal sealed record TicketAttachment(Guid Id, string FileName, string ContentType, long Size);

/// <summary>One entry of a ticket's trace, as the caller may see it.</summary>
internal sealed record TicketTraceView(
    long Id, string At, string Kind, string? Value, string? PreviousValue, Guid? AuthorId, string? Text, string Visibility, int? Minutes, bool OutOfScope,
    Guid? AttachmentId)
{
    public static TicketTraceView Of(TicketTraceEntry e) =>
        new(e.Id, e.At.ToString(), e.Kind.ToString(), e.Value, e.PreviousValue, e.AuthorId, e.Text, e.Visibility.ToString().ToLowerInvariant(), e.Minutes, e.OutOfScope, e.AttachmentId);
}
