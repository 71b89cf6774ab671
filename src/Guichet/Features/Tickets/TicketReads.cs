using Guichet.Domain.Tickets;

namespace Guichet.Features.Tickets;

/// <summary>One ticket as the API shows it: its detail with the clocks, and its trace.</summary>
internal static class TicketReads
{
    public static Task<Outcome<TicketDetail>> DetailAsync(long number, Caller caller, TicketHandlers handlers, GuichetDbContext db, CancellationToken ct) =>
        handlers.OnTicketAsync<TicketDetail>(caller, number, async loaded =>
        {
            var t = loaded.Ticket;
            var evaluation = TicketClocks.Evaluate(t, t.Events, loaded.Preset, loaded.Territory, handlers.Now, explain: caller.IsStaff);
            var attachments = await db.Attachments.AsNoTracking().Where(a => a.TicketId == t.Id).OrderBy(a => a.CreatedAt).ToListAsync(ct);
            return new TicketDetail(
                t.Id, t.Reference, t.Subject, t.Body, t.State, loaded.Workflow.TryGetState(t.State, out var s) ? s.Label : t.State, t.IsClosed, t.Priority,
                t.ClientPriority, t.Nature, t.ServiceType, t.OutOfScopeReason is not null, t.OutOfScopeReason, t.OrganisationId, t.ContractId, loaded.Preset.Id,
                t.QueueId, t.ProductId, t.VersionId, t.IntegrationVersionId, t.AuthorId, t.OwnerId, t.ResponsibleId, t.CreatedAt.ToString(), t.UpdatedAt.ToString(),
                t.Version,
                caller.IsStaff ? [.. loaded.Workflow.AllowedTargets(t.State, Actor.Provider).Select(TicketStateChoice.Of)] : null,
                [.. evaluation.Clocks.Select(c => TicketClock.Of(c, withSegments: caller.IsStaff, contractual: loaded.Preset.Policy.Clocks.FirstOrDefault(d => d.Id == c.Id)?.Contractual ?? true))],
                [.. attachments.Where(a => caller.MaySee(a.Visibility)).Select(a => new TicketAttachment(a.Id, a.FileName, a.ContentType, a.Size))],
                t.Criticality,
                t.Impact);
        }, ct);

    /// <summary>The trace in order, without what the caller may not see (internal notes and times for a client).</summary>
    public static Task<Outcome<TicketTraceView[]>> TraceAsync(long number, Caller caller, TicketHandlers handlers, CancellationToken ct) =>
        handlers.OnTicketAsync<TicketTraceView[]>(caller, number, loaded =>
            TicketClocks.InOrder(loaded.Ticket.Events).Where(e => caller.MaySee(e.Visibility)).Select(TicketTraceView.Of).ToArray(), ct);
}
