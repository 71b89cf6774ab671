using System.Data.Common;
using Guichet.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Guichet.Load;

/// <summary>The Tickets and TicketEvents columns, and each row's values as the provider stores them.</summary>
internal static class TicketRows
{
    public static readonly string[] TicketColumns =
    [
        "OrganisationId", "ContractId", "QueueId", "ProductId", "VersionId", "IntegrationVersionId", "ServiceType",
        "ClientPriority", "Priority", "Subject", "Body", "AuthorId", "OwnerId", "ResponsibleId", "State", "IsClosed",
        "Nature", "CreatedAt", "UpdatedAt", "StateChangedAt", "LastClientActionAt", "NextDueAt", "Version",
    ];

    public static readonly string[] EventColumns =
    [
        "TicketId", "At", "Kind", "Value", "PreviousValue", "AuthorId", "Text", "Visibility", "Minutes", "OutOfScope", "AttachmentId",
    ];

    /// <summary>INSERT of the given columns with parameters @p0…; <paramref name="returning"/> adds RETURNING "Id".</summary>
    public static string Insert(string table, IReadOnlyList<string> columns, bool returning = false) =>
        $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})"
        + (returning ? " RETURNING \"Id\";" : ";");

    public static object?[] TicketValues(BenchTarget target, Ticket t) =>
    [
        target.Key(t.OrganisationId), target.Key(t.ContractId), target.Key(t.QueueId), target.Key(t.ProductId),
        target.Key(t.VersionId), target.Key(t.IntegrationVersionId), t.ServiceType, t.ClientPriority, t.Priority, t.Subject, t.Body,
        target.Key(t.AuthorId), target.Key(t.OwnerId), target.Key(t.ResponsibleId), t.State, t.IsClosed, (object?)t.Nature ?? DBNull.Value,
        t.CreatedAt.ToDateTimeUtc(), t.UpdatedAt.ToDateTimeUtc(), t.StateChangedAt.ToDateTimeUtc(),
        t.LastClientActionAt is { } last ? last.ToDateTimeUtc() : DBNull.Value,
        t.NextDueAt is { } due ? due.ToDateTimeUtc() : DBNull.Value,
        t.Version,
    ];

    public static object?[] EventValues(BenchTarget target, long ticketId, TicketTraceEntry e) =>
    [
        ticketId, e.At.ToDateTimeUtc(), e.Kind.ToString(), (object?)e.Value ?? DBNull.Value, (object?)e.PreviousValue ?? DBNull.Value,
        target.Key(e.AuthorId), (object?)e.Text ?? DBNull.Value, e.Visibility.ToString(), (object?)e.Minutes ?? DBNull.Value,
        e.OutOfScope, target.Key(e.AttachmentId),
    ];

    public static DbCommand Command(DbConnection connection, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < parameters; i++)
        {
            var p = command.CreateParameter();
            p.ParameterName = $"@p{i}";
            command.Parameters.Add(p);
        }

        return command;
    }

    public static void Bind(DbCommand command, object?[] values, int offset = 0)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[offset + i].Value = values[i] ?? DBNull.Value;
        }
    }
}

/// <summary>Bulk writer of generated tickets and their events, with explicit ids (1…N in creation order).</summary>
internal abstract class TicketSink : IAsyncDisposable
{
    public static async Task<TicketSink> OpenAsync(BenchTarget target, GuichetDbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        TicketSink sink = target.IsPostgres ? new PostgresSink(target, (NpgsqlConnection)connection) : new SqliteSink(target, (SqliteConnection)connection);
        await sink.StartAsync(ct);
        return sink;
    }

    protected long EventId { get; set; }

    protected abstract Task StartAsync(CancellationToken ct);

    public abstract Task WriteAsync(List<Generator.Generated> chunk, CancellationToken ct);

    public abstract Task FinishAsync(CancellationToken ct);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Prepared INSERTs, one transaction per chunk, synchronous=OFF while generating.</summary>
    private sealed class SqliteSink(BenchTarget target, SqliteConnection connection) : TicketSink
    {
        private DbCommand? _ticket;
        private DbCommand? _event;

        protected override async Task StartAsync(CancellationToken ct)
        {
            await ExecuteAsync("PRAGMA synchronous=OFF; PRAGMA cache_size=-1000000; PRAGMA temp_store=MEMORY;", ct);
            string[] ticketColumns = ["Id", .. TicketRows.TicketColumns];
            string[] eventColumns = ["Id", .. TicketRows.EventColumns];
            _ticket = TicketRows.Command(connection, TicketRows.Insert("Tickets", ticketColumns), ticketColumns.Length);
            _event = TicketRows.Command(connection, TicketRows.Insert("TicketEvents", eventColumns), eventColumns.Length);
        }

        public override async Task WriteAsync(List<Generator.Generated> chunk, CancellationToken ct)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            _ticket!.Transaction = transaction;
            _event!.Transaction = transaction;
            foreach (var (ticket, events) in chunk)
            {
                _ticket.Parameters[0].Value = ticket.Id;
                TicketRows.Bind(_ticket, TicketRows.TicketValues(target, ticket), 1);
                await _ticket.ExecuteNonQueryAsync(ct);
                foreach (var e in events)
                {
                    _event.Parameters[0].Value = ++EventId;
                    TicketRows.Bind(_event, TicketRows.EventValues(target, ticket.Id, e), 1);
                    await _event.ExecuteNonQueryAsync(ct);
                }
            }

            await transaction.CommitAsync(ct);
        }

        public override async Task FinishAsync(CancellationToken ct) =>
            await ExecuteAsync("PRAGMA synchronous=FULL; PRAGMA wal_checkpoint(TRUNCATE);", ct);

        public override async ValueTask DisposeAsync()
        {
            if (_ticket is not null)
            {
                await _ticket.DisposeAsync();
            }

            if (_event is not null)
            {
                await _event.DisposeAsync();
            }

            await base.DisposeAsync();
        }

        private async Task ExecuteAsync(string sql, CancellationToken ct)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Binary COPY per chunk, then the identity sequences moved past the explicit ids.</summary>
    private sealed class PostgresSink(BenchTarget target, NpgsqlConnection connection) : TicketSink
    {
        private static readonly NpgsqlDbType[] TicketTypes =
        [
            NpgsqlDbType.Bigint, NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Uuid,
            NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Text, NpgsqlDbType.Uuid,
            NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Varchar, NpgsqlDbType.Boolean, NpgsqlDbType.Varchar, NpgsqlDbType.TimestampTz,
            NpgsqlDbType.TimestampTz, NpgsqlDbType.TimestampTz, NpgsqlDbType.TimestampTz, NpgsqlDbType.TimestampTz, NpgsqlDbType.Integer,
        ];

        private static readonly NpgsqlDbType[] EventTypes =
        [
            NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.TimestampTz, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar,
            NpgsqlDbType.Uuid, NpgsqlDbType.Text, NpgsqlDbType.Varchar, NpgsqlDbType.Integer, NpgsqlDbType.Boolean, NpgsqlDbType.Uuid,
        ];

        protected override Task StartAsync(CancellationToken ct) => Task.CompletedTask;

        public override async Task WriteAsync(List<Generator.Generated> chunk, CancellationToken ct)
        {
            await using (var tickets = await connection.BeginBinaryImportAsync(Copy("Tickets", TicketRows.TicketColumns), ct))
            {
                foreach (var (ticket, _) in chunk)
                {
                    await WriteRowAsync(tickets, [ticket.Id, .. TicketRows.TicketValues(target, ticket)], TicketTypes, ct);
                }

                await tickets.CompleteAsync(ct);
            }

            await using var events = await connection.BeginBinaryImportAsync(Copy("TicketEvents", TicketRows.EventColumns), ct);
            foreach (var (ticket, list) in chunk)
            {
                foreach (var e in list)
                {
                    await WriteRowAsync(events, [++EventId, .. TicketRows.EventValues(target, ticket.Id, e)], EventTypes, ct);
                }
            }

            await events.CompleteAsync(ct);
        }

        public override async Task FinishAsync(CancellationToken ct)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT setval(pg_get_serial_sequence('"Tickets"', 'Id'), (SELECT max("Id") FROM "Tickets"));
                SELECT setval(pg_get_serial_sequence('"TicketEvents"', 'Id'), (SELECT max("Id") FROM "TicketEvents"));
                ANALYZE "Tickets";
                ANALYZE "TicketEvents";
                """;
            await command.ExecuteNonQueryAsync(ct);
        }

        private static string Copy(string table, string[] columns) =>
            $"COPY \"{table}\" (\"Id\", {string.Join(", ", columns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)";

        private static async Task WriteRowAsync(NpgsqlBinaryImporter importer, object?[] values, NpgsqlDbType[] types, CancellationToken ct)
        {
            await importer.StartRowAsync(ct);
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i] is null or DBNull)
                {
                    await importer.WriteNullAsync(ct);
                }
                else
                {
                    await importer.WriteAsync(values[i], types[i], ct);
                }
            }
        }
    }
}
