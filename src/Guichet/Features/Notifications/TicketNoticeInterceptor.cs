using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Guichet.Features.Notifications;

/// <summary>
/// The one place ticket notifications are hooked: every save that adds ticket events (a new ticket, a reply, a
/// change of state, an automatic transition, whichever use case made it) also adds one <see cref="TicketNotice"/> per
/// event, in the same transaction. Use cases know nothing of mail; the dispatcher reads the notices afterwards.
/// </summary>
internal sealed class TicketNoticeInterceptor : SaveChangesInterceptor
{
    public static readonly TicketNoticeInterceptor Instance = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        AddNotices(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        AddNotices(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void AddNotices(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        context.ChangeTracker.DetectChanges();
        var added = context.ChangeTracker.Entries<Data.TicketTraceEntry>()
            .Where(e => e.State == EntityState.Added)
            .Select(e => e.Entity)
            .ToList();
        if (added.Count == 0)
        {
            return;
        }

        // Already noticed in this save (a save retried after a failure of the batch).
        var noticed = context.ChangeTracker.Entries<TicketNotice>()
            .Where(e => e.State == EntityState.Added)
            .Select(e => e.Entity.Event)
            .ToHashSet(ReferenceEqualityComparer.Instance);
        var batch = Guid.CreateVersion7();
        foreach (var e in added.Where(e => !noticed.Contains(e)))
        {
            context.Add(new TicketNotice { Batch = batch, Event = e, CreatedAt = e.At });
        }
    }
}
