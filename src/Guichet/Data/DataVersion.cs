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

    private static Task MovedAsync()
    {
        Moved();
        return Task.CompletedTask;
    }

    /// <summary>The EF Core interceptors that move the counter, registered with both providers.</summary>
    public static readonly IInterceptor[] Interceptors = [new Commands(), new Transactions()];

    private static bool IsRead(DbCommand command)
    {
        var text = command.CommandText.AsSpan().TrimStart();
        return text.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) && !text.Contains(";", StringComparison.Ordinal);
    }

    /// <summary>Moves the counter after a command that may have written, and hands its result on unchanged.</summary>
    private static T After<T>(DbCommand command, T result)
    {
        if (!IsRead(command))
        {
            Moved();
        }

        return result;
    }

    private sealed class Commands : DbCommandInterceptor
    {
        public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result) => After(command, result);

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(After(command, result));

        public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result) => After(command, result);

        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(After(command, result));

        public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result) => After(command, result);

        public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(After(command, result));

        public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Moved();

        public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default) =>
            MovedAsync();
    }

    private sealed class Transactions : DbTransactionInterceptor
    {
        public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Moved();

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
            MovedAsync();
    }
}
