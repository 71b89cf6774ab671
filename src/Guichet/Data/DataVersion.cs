using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Guichet.Data;

/// <summary>
/// A process-wide counter that moves after every write this process makes to the database (any command that is
/// not a plain <c>SELECT</c>, and every commit). Short-lived caches of rows read on every request (the caller, an
/// API token) are valid only while it has not moved since they were read, so a change made by this process is seen
/// by the very next request, exactly as without the cache.
/// </summary>
internal static class DataVersion
{
    private static long _value;

    public static long Current => Volatile.Read(ref _value);

    public static void Moved() => Interlocked.Increment(ref _value);

    /// <summary>The EF Core interceptors that move the counter, registered with both providers.</summary>
    public static readonly IInterceptor[] Interceptors = [new Commands(), new Transactions()];

    private static bool IsRead(DbCommand command)
    {
        var text = command.CommandText.AsSpan().TrimStart();
        return text.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) && !text.Contains(";", StringComparison.Ordinal);
    }

    private static void After(DbCommand command)
    {
        if (!IsRead(command))
        {
            Moved();
        }
    }

    private sealed class Commands : DbCommandInterceptor
    {
        public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
        {
            After(command);
            return result;
        }

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            After(command);
            return ValueTask.FromResult(result);
        }

        public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
        {
            After(command);
            return result;
        }

        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            After(command);
            return ValueTask.FromResult(result);
        }

        public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
        {
            After(command);
            return result;
        }

        public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
        {
            After(command);
            return ValueTask.FromResult(result);
        }

        public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Moved();

        public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            Moved();
            return Task.CompletedTask;
        }
    }

    private sealed class Transactions : DbTransactionInterceptor
    {
        public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Moved();

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Moved();
            return Task.CompletedTask;
        }
    }
}
