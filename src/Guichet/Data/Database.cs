using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

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
            services.AddDbContextPool<PostgresGuichetDbContext>(o => o.UseNpgsql(postgres));
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
            services.AddDbContextPool<SqliteGuichetDbContext>(o => o.UseSqlite(sqlite));
            services.AddScoped<GuichetDbContext>(sp => sp.GetRequiredService<SqliteGuichetDbContext>());
        }

        return services;
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
