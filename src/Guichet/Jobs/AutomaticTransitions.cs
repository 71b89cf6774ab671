using Guichet.Features;
using Guichet.Features.Tickets;

namespace Guichet.Jobs;

/// <summary>
/// Applies the workflow's automatic transitions (LS 6.2.4: 20 days without client action). Recomputed from stored
/// facts on every run, so running it twice changes nothing more; two instances racing on one ticket are
/// separated by the ticket's concurrency token: one commits, the other's save fails and it moves on.
/// </summary>
internal sealed partial class AutomaticTransitions(GuichetDbContext db, IClock clock, TicketHandlers handlers, ILogger<AutomaticTransitions> logger)
{
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var applied = 0;

        // Only states some preset leaves automatically, and entered long enough ago, are candidates.
        var automatic = Domain.Presets.PresetCatalog.All.SelectMany(p => p.Policy.Workflow.AutomaticTransitions).ToList();
        var states = automatic.Select(a => a.From).Distinct().ToList();
        var shortest = automatic.Min(a => a.After);
        var enteredBefore = now - shortest;
        var candidates = await db.Tickets.AsNoTracking()
            .Where(t => !t.IsClosed && states.Contains(t.State) && t.StateChangedAt <= enteredBefore)
            .Select(t => t.Id)
            .ToListAsync(ct);

        foreach (var id in candidates)
        {
            try
            {
                applied += await CloseIfDueAsync(id, ct) ? 1 : 0;
            }
#pragma warning disable CA1031 // One ticket that cannot be processed must not stop the others.
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                LogTicketFailed(logger, id, e);
            }
        }

        db.ChangeTracker.Clear();
        return applied;
    }

    private async Task<bool> CloseIfDueAsync(long id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        if (await handlers.LoadForSystemAsync(id, ct) is not { } loaded)
        {
            return false;
        }

        var ticket = loaded.Ticket;
        var since = ticket.LastClientActionAt is { } last && last > ticket.StateChangedAt ? last : ticket.StateChangedAt;
        if (ticket.IsClosed || loaded.Workflow.DueAutomaticTransition(ticket.State, since, handlers.Now) is not { } due)
        {
            return false;
        }

        // The same commit as every use case: the trace grows, the summary is rewritten, a concurrent change wins.
        var e = new TicketTraceEntry
        {
            At = handlers.Now,
            Kind = EventKind.StateChanged,
            Value = due.To,
            PreviousValue = ticket.State,
            Text = $"Sans action du client depuis {due.After.Days} jours.",
            Visibility = Visibility.Public,
        };
        if ((await handlers.CommitAsync(loaded, null, [e], ct)).Failure is { Kind: FailureKind.Conflict })
        {
            LogRaced(logger, id);
            return false;
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Ticket {Ticket} could not be closed automatically; the others go on.")]
    private static partial void LogTicketFailed(ILogger logger, long ticket, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ticket {Ticket} changed while closing it automatically; left for the next run.")]
    private static partial void LogRaced(ILogger logger, long ticket);
}

/// <summary>Runs <see cref="AutomaticTransitions"/> periodically (every 15 minutes by default).</summary>
internal sealed class AutomaticTransitionsService(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<AutomaticTransitionsService> logger) : PeriodicJob(scopes, logger)
{
    protected override TimeSpan Period => TimeSpan.FromMinutes(configuration.GetValue("Jobs:AutomaticTransitionsMinutes", 15));

    protected override Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<AutomaticTransitions>().RunOnceAsync(ct);
}
