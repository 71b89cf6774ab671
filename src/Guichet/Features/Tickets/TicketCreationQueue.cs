using System.Threading.Channels;

namespace Guichet.Features.Tickets;

/// <summary>
/// Group commit for new tickets: requests hand their validated ticket to one writer, which saves every ticket
/// waiting at that moment in one transaction (one fsync for all of them) and only then answers each request.
/// Under load the batches grow by themselves; alone, a ticket is saved at once. A batch that a constraint refuses is
/// retried ticket by ticket, so one bad ticket never takes the others with it; any other failure fails the batch. Nothing is acknowledged before it is
/// committed: a request waiting here gets its number only after the transaction holding its ticket succeeded.
/// </summary>
internal sealed partial class TicketCreationQueue(IServiceScopeFactory scopes, ILogger<TicketCreationQueue> logger) : BackgroundService
{
    /// <summary>The most tickets one transaction takes (a bound on the time a batch holds the write lock).</summary>
    public const int MaxBatch = 64;

    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    private sealed record Pending(Ticket Ticket, TaskCompletionSource Done);

    /// <summary>Saves a new ticket (with its events) and returns once it is committed; its number is then set.</summary>
    public async Task SaveAsync(Ticket ticket, CancellationToken ct)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (ExecuteTask is null || !_pending.Writer.TryWrite(new Pending(ticket, done)))
        {
            // No host runs the writer (a command), or the server is stopping and the writer has drained: save here.
            await SaveAsync([ticket], ct);
            return;
        }

        // The caller may give up waiting; the ticket is still committed (as it would be if the connection dropped
        // during an ordinary save), and its number shows in the client's list.
        await done.Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = _pending.Reader;
        var batch = new List<Pending>(MaxBatch);

        // Runs until the channel is completed (at stop) and drained: a ticket accepted is never dropped.
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            try
            {
                await CommitAsync(batch);
            }
#pragma warning disable CA1031 // The writer must outlive any failure: the requests waiting get the exception, the loop goes on.
            catch (Exception e)
#pragma warning restore CA1031
            {
                foreach (var p in batch)
                {
                    p.Done.TrySetException(e);
                }
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _pending.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private async Task CommitAsync(List<Pending> batch)
    {
        var outcomes = await SaveBatchAsync([.. batch.Select(p => p.Ticket)]);
        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i] is { } failure)
            {
                batch[i].Done.TrySetException(failure);
            }
            else
            {
                batch[i].Done.TrySetResult();
            }
        }
    }

    /// <summary>
    /// Saves the tickets in one transaction; if a constraint refuses one of them, saves them one by one. Returns, per ticket, null when it
    /// is committed or the exception that kept it out.
    /// </summary>
    internal async Task<Exception?[]> SaveBatchAsync(IReadOnlyList<Ticket> tickets)
    {
        var outcomes = new Exception?[tickets.Count];
        try
        {
            await SaveAsync(tickets, CancellationToken.None);
            return outcomes;
        }
        catch (Exception e) when (tickets.Count > 1 && IsConstraintViolation(e))
        {
            // Only a refused row is worth retrying alone: the transaction was rolled back by the database. A busy
            // database, a timeout or a lost connection fails the whole batch at once (each request gets its error),
            // rather than holding the queue for each ticket in turn or saving a batch twice.
            BatchFailed(logger, e, tickets.Count);
        }
        catch (Exception e)
        {
            Array.Fill(outcomes, e);
            return outcomes;
        }

        for (var i = 0; i < tickets.Count; i++)
        {
            // Every ticket starts again from its unsaved state, whatever the failed transaction had assigned.
            var ticket = tickets[i];
            ticket.Id = 0;
            foreach (var created in ticket.Events)
            {
                created.Id = 0;
                created.TicketId = 0;
            }

            try
            {
                await SaveAsync([ticket], CancellationToken.None);
            }
            catch (Exception e)
            {
                outcomes[i] = e;
            }
        }

        return outcomes;
    }

    private static bool IsConstraintViolation(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 } // SQLITE_CONSTRAINT
                || (inner is Npgsql.PostgresException pg && pg.SqlState.StartsWith("23", StringComparison.Ordinal))) // integrity constraint violation
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} new tickets failed; saving them one by one.")]
    private static partial void BatchFailed(ILogger logger, Exception exception, int count);

    private async Task SaveAsync(IEnumerable<Ticket> tickets, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuichetDbContext>();
        db.Tickets.AddRange(tickets);
        await db.SaveChangesAsync(ct);
    }
}
