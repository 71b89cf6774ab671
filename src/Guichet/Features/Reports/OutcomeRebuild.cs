using Guichet.Domain.Presets;
using Guichet.Features.Tickets;

namespace Guichet.Features.Reports;

/// <summary>
/// <c>guichet reports rebuild</c>: every ticket's clock outcomes computed again from its trace with its policy version
/// (<see cref="ClockOutcomes"/>, the function every commit uses), compared with the stored rows and, unless only
/// checking, written. A difference means a row was written by another version of the application, or the
/// organisation's territory changed after the ticket closed (docs/reports.md).
/// </summary>
internal static class OutcomeRebuild
{
    private const int Batch = 500;

    /// <summary>Examples kept in the report.</summary>
    public const int MaxExamples = 10;

    /// <summary>One stored row that is not what the trace gives.</summary>
    /// <param name="TicketId">The ticket.</param>
    /// <param name="ClockId">The clock.</param>
    /// <param name="What">What differs, in French (stored value / computed value).</param>
    public sealed record Difference(long TicketId, string ClockId, string What);

    /// <summary>What a rebuild found (and fixed, when written).</summary>
    public sealed record Report(int Tickets, int Rows, int Missing, int Changed, int Extra, IReadOnlyList<Difference> Examples, bool Written)
    {
        public int Differences => Missing + Changed + Extra;
    }

    public static async Task<Report> RunAsync(GuichetDbContext db, bool write, CancellationToken ct)
    {
        var contexts = new Dictionary<(Guid, int), (SlaPreset Preset, string Territory)>();
        var examples = new List<Difference>();
        int tickets = 0, rows = 0, missing = 0, changed = 0, extra = 0;
        long after = 0;
        while (true)
        {
            db.ChangeTracker.Clear();
            var query = db.Tickets.Include(t => t.Events).Where(t => t.Id > after).OrderBy(t => t.Id).Take(Batch);
            var batch = write ? await query.ToListAsync(ct) : await query.AsNoTracking().ToListAsync(ct);
            if (batch.Count == 0)
            {
                break;
            }

            after = batch[^1].Id;
            var first = batch[0].Id;
            var storedRows = write
                ? await db.ClockOutcomes.Where(o => o.TicketId >= first && o.TicketId <= after).ToListAsync(ct)
                : await db.ClockOutcomes.AsNoTracking().Where(o => o.TicketId >= first && o.TicketId <= after).ToListAsync(ct);
            var stored = storedRows.ToLookup(o => o.TicketId);
            foreach (var ticket in batch)
            {
                if (!contexts.TryGetValue((ticket.ContractId, ticket.PolicyVersion), out var context))
                {
                    context = contexts[(ticket.ContractId, ticket.PolicyVersion)] = await TicketHandlers.ContractContextAsync(db, ticket.ContractId, ticket.PolicyVersion, ct);
                }

                var derived = TicketClocks.Outcomes(ticket, TicketClocks.ToDomain(ticket.Events), context.Preset, context.Territory);
                var mine = stored[ticket.Id].ToList();
                tickets++;
                rows += derived.Count;
                foreach (var d in derived)
                {
                    if (mine.Find(s => s.ClockId == d.ClockId) is not { } s)
                    {
                        missing++;
                        Note(ticket.Id, d.ClockId, "ligne absente");
                    }
                    else if (ClockOutcomes.Difference(s, d) is { } what)
                    {
                        changed++;
                        Note(ticket.Id, d.ClockId, what);
                    }
                }

                foreach (var s in mine.Where(s => derived.All(d => d.ClockId != s.ClockId)))
                {
                    extra++;
                    Note(ticket.Id, s.ClockId, "ligne en trop");
                }

                if (write)
                {
                    // Tracked: the rows of the batch were loaded with it, so the ticket's collection holds them.
                    ClockOutcomes.Sync(ticket.Outcomes, derived);
                }
            }

            if (write)
            {
                await db.SaveChangesAsync(ct);
            }
        }

        db.ChangeTracker.Clear();
        return new Report(tickets, rows, missing, changed, extra, examples, write);

        void Note(long ticketId, string clockId, string what)
        {
            if (examples.Count < MaxExamples)
            {
                examples.Add(new Difference(ticketId, clockId, what));
            }
        }
    }
}
