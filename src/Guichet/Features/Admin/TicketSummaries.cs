using System.Linq.Expressions;
using Guichet.Domain.Presets;
using Guichet.Features.Tickets;

namespace Guichet.Features.Admin;

/// <summary>
/// What an administrator's change of policy or territory does to the tickets already there. Their clocks are
/// derived from the trace with the contract's policy and the organisation's territory at each read, so the ticket
/// page shows the new dues at once; the summary columns stored for lists (the desk's "soonest due first", the
/// state…) are rewritten here from the trace, as every ticket change does.
/// </summary>
internal static class TicketSummaries
{
    private const int Batch = 100;

    private const int Attempts = 3;

    /// <summary>
    /// Rewrites the summary of the open tickets <paramref name="which"/> selects. The ticket's version is not
    /// incremented: nothing in the trace changed, so a reader's form stays valid; a batch holding a ticket an agent
    /// committed meanwhile is read again.
    /// </summary>
    public static async Task<int> RefreshOpenAsync(GuichetDbContext db, Expression<Func<Ticket, bool>> which, Instant now, CancellationToken ct)
    {
        var ids = await db.Tickets.AsNoTracking().Where(t => !t.IsClosed).Where(which).Select(t => t.Id).ToListAsync(ct);
        var contexts = new Dictionary<(Guid, int), (SlaPreset Preset, string Territory)>();
        var refreshed = 0;
        foreach (var chunk in ids.Chunk(Batch))
        {
            for (var attempt = 1; ; attempt++)
            {
                db.ChangeTracker.Clear();
                var tickets = await db.Tickets.Include(t => t.Events).Where(t => chunk.Contains(t.Id)).ToListAsync(ct);
                await db.ClockOutcomes.Where(o => chunk.Contains(o.TicketId)).LoadAsync(ct);
                foreach (var ticket in tickets)
                {
                    if (!contexts.TryGetValue((ticket.ContractId, ticket.PolicyVersion), out var context))
                    {
                        context = contexts[(ticket.ContractId, ticket.PolicyVersion)] = await TicketHandlers.ContractContextAsync(db, ticket.ContractId, ticket.PolicyVersion, ct);
                    }

                    TicketTrace.Refresh(ticket, context.Preset, context.Territory, now);
                }

                try
                {
                    await db.SaveChangesAsync(ct);
                    refreshed += tickets.Count;
                    break;
                }
                catch (DbUpdateConcurrencyException) when (attempt < Attempts)
                {
                    // An agent committed one of them meanwhile (the batch was rolled back): read them again.
                }
                catch (DbUpdateConcurrencyException)
                {
                    // Still racing: these keep their summary until their next change rewrites it.
                    break;
                }
            }
        }

        db.ChangeTracker.Clear();
        return refreshed;
    }
}
