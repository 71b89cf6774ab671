using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Guichet.Data;

/// <summary>
/// Chooses the database: PostgreSQL when the connection string <c>Guichet</c> is set
/// (<c>ConnectionStrings__Guichet</c>), otherwise an SQLite file <c>guichet.db</c> in the data directory.
/// </summary>
internal static class Database
{
    public static bool UsesPostgres(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetConnectionString("Guichet"));

    public static IServiceCollection AddGuichetDatabase(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        var postgres = configuration.GetConnectionString("Guichet");
        if (!string.IsNullOrWhiteSpace(postgres))
        {
            services.AddDbContextPool<PostgresGuichetDbContext>(o => Common(o.UseNpgsql(WithAutoPrepare(postgres), n => n.UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery))));
            services.AddScoped<GuichetDbContext>(sp => sp.GetRequiredService<PostgresGuichetDbContext>());
        }
        else
        {
            Directory.CreateDirectory(dataDirectory);
            var sqlite = new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(dataDirectory, "guichet.db"),
                DefaultTimeout = 30, // seconds a command waits on a locked database (busy timeout)
                Pooling = true,
            }.ToString();
            services.AddDbContextPool<SqliteGuichetDbContext>(o => Common(o.UseSqlite(sqlite, q => q.UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery))
                .AddInterceptors(SqliteConnectionSettings.Instance)));
            services.AddScoped<GuichetDbContext>(sp => sp.GetRequiredService<SqliteGuichetDbContext>());
        }

        return services;
    }

    /// <summary>
    /// What both providers share: the interceptors (data version, ticket notices) and the warnings. Query splitting is
    /// chosen explicitly above (single query; the few queries that load two collections say <c>AsSplitQuery</c>), which
    /// silences EF Core's warning about it. A row limit without an order is ignored as a warning: the ticket lists count
    /// with a cap (<c>Take(n).Count()</c>), where the order does not matter; every query that pages or picks rows orders
    /// them (the reviews of issues 12 and 15 checked each <c>Take</c>).
    /// </summary>
    private static DbContextOptionsBuilder Common(DbContextOptionsBuilder options) => options
        .AddInterceptors(DataVersion.Interceptors)
        .AddInterceptors(Features.Notifications.TicketNoticeInterceptor.Instance)
        .ConfigureWarnings(w => w.Ignore(CoreEventId.RowLimitingOperationWithoutOrderByWarning));

    /// <summary>
    /// Npgsql prepares the statements a connection runs often unless the connection string says otherwise: the
    /// API's handful of queries then skip parsing and planning (measured in docs/performance.md).
    /// </summary>
    public static string WithAutoPrepare(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase) && !connectionString.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// Per-connection SQLite settings, applied when a physical connection is first opened: reads through a memory
    /// map rather than a system call per page, and a larger page cache.
    /// </summary>
    private sealed class SqliteConnectionSettings : DbConnectionInterceptor
    {
        public static readonly SqliteConnectionSettings Instance = new();

        private const string Pragmas = "PRAGMA mmap_size=1073741824; PRAGMA cache_size=-16384;";

        // EF Core opens a pooled connection for each query: the settings are applied once per SQLite handle (the
        // physical connection the pool hands out again), not on every open.
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> Applied = [];

        private static bool FirstOpen(DbConnection connection) =>
            connection is SqliteConnection { Handle: { } handle } && Applied.TryAdd(handle, Instance);

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            if (FirstOpen(connection))
            {
                using var command = connection.CreateCommand();
                command.CommandText = Pragmas;
                command.ExecuteNonQuery();
            }
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (FirstOpen(connection))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = Pragmas;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    /// <summary>Applies pending migrations; on SQLite, switches the file to write-ahead logging.</summary>
    public static async Task MigrateAsync(GuichetDbContext db, CancellationToken cancellationToken = default)
    {
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}
