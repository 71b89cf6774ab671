using System.Data.Common;
using System.Text.Json;
using Guichet.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Guichet.Load;

/// <summary>
/// The database a run works on: the SQLite file <c>&lt;data&gt;/guichet.db</c> opened exactly as the application
/// opens it (same connection string), or the PostgreSQL database named by <c>--postgres</c>.
/// </summary>
internal sealed class BenchTarget
{
    private BenchTarget(string dataDirectory, string? postgres)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        Postgres = string.IsNullOrWhiteSpace(postgres) ? null : postgres;
    }

    public string DataDirectory { get; }

    public string? Postgres { get; }

    public bool IsPostgres => Postgres is not null;

    public string SqlitePath => Path.Combine(DataDirectory, "guichet.db");

    public string BenchFilePath => Path.Combine(DataDirectory, "bench.json");

    public string Describe => IsPostgres ? "PostgreSQL" : $"SQLite {SqlitePath}";

    /// <summary>The connection string the application builds in <c>Database.AddGuichetDatabase</c>.</summary>
    public string SqliteConnectionString => new SqliteConnectionStringBuilder
    {
        DataSource = SqlitePath,
        DefaultTimeout = 30,
        Pooling = true,
    }.ToString();

    public static BenchTarget Create(string? dataDirectory, string? postgres) => new(dataDirectory ?? "data", postgres);

    public GuichetDbContext CreateContext() => IsPostgres
        ? new PostgresGuichetDbContext(new DbContextOptionsBuilder<PostgresGuichetDbContext>().UseNpgsql(Postgres).Options)
        : new SqliteGuichetDbContext(new DbContextOptionsBuilder<SqliteGuichetDbContext>().UseSqlite(SqliteConnectionString).Options);

    public DbConnection CreateConnection() => IsPostgres ? new NpgsqlConnection(Postgres) : new SqliteConnection(SqliteConnectionString);

    /// <summary>A Guid as the provider stores it: uppercase text on SQLite (EF Core's mapping), uuid on PostgreSQL.</summary>
    public object Key(Guid id) => IsPostgres ? id : id.ToString("D").ToUpperInvariant();

    public object Key(Guid? id) => id is { } value ? Key(value) : DBNull.Value;
}

/// <summary>What <c>generate</c> leaves in <c>&lt;data&gt;/bench.json</c> for <c>run</c>: API tokens and the ids requests need.</summary>
internal sealed record BenchFile(
    int Tickets,
    long Events,
    DateTimeOffset GeneratedAt,
    string AdminEmail,
    string AdminToken,
    List<Guid> QueueIds,
    List<BenchClient> Clients)
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static BenchFile Read(string path) =>
        JsonSerializer.Deserialize<BenchFile>(File.ReadAllText(path), Options) ?? throw new InvalidDataException($"{path}: empty.");

    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Options));
}

/// <summary>One client user per organisation, with a token, and what they may raise tickets on.</summary>
internal sealed record BenchClient(
    Guid OrganisationId,
    string Territory,
    Guid ContractId,
    string PresetId,
    Guid UserId,
    string Email,
    string Token,
    List<BenchProduct> Products);

internal sealed record BenchProduct(Guid ProductId, List<Guid> VersionIds);
