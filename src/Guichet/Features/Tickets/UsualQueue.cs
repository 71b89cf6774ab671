namespace Guichet.Features.Tickets;

/// <summary>
/// An organisation's usual queue: the one most of its requests went to. The forms that raise a request start on it
/// (the client's, the desk's call form), and so do the requests the support raises itself (a crisis measure, a restore).
/// </summary>
internal static class UsualQueue
{
    /// <summary>The queue most of the organisation's requests went to, or null before its first request.</summary>
    public static Task<Guid?> OfAsync(GuichetDbContext db, Guid organisationId, CancellationToken ct) =>
        db.Tickets.AsNoTracking().Where(t => t.OrganisationId == organisationId)
            .GroupBy(t => t.QueueId).Select(g => new { Queue = g.Key, Count = g.Count() })
            .OrderByDescending(g => g.Count).Select(g => (Guid?)g.Queue).FirstOrDefaultAsync(ct);

    /// <summary>The usual queue, else (no request yet) the first queue by name; null only when there is no queue at all.</summary>
    public static async Task<Guid?> OrFirstAsync(GuichetDbContext db, Guid organisationId, CancellationToken ct) =>
        await OfAsync(db, organisationId, ct)
            ?? await db.Queues.AsNoTracking().OrderBy(q => q.Name).Select(q => (Guid?)q.Id).FirstOrDefaultAsync(ct);
}
