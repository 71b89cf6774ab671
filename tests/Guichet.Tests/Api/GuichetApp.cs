using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Guichet.Data;
using Guichet.Features.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;
using NodaTime.Testing;
using Npgsql;

namespace Guichet.Tests.Api;

/// <summary>
/// The real application over HTTP (WebApplicationFactory), on a fresh SQLite file or a fresh PostgreSQL
/// database, with a fake clock and a small world of two organisations and more.
/// </summary>
public abstract class GuichetApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "Pivoine-Sextant-Orage-42";
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "guichet-tests-" + Guid.NewGuid().ToString("N"));
    private readonly Func<IReadOnlyDictionary<string, string?>>? _settings;
    private IReadOnlyDictionary<string, string?> _extraSettings = new Dictionary<string, string?>();
    private string? _connectionString;
    private string? _databaseName;
    private bool _isTemplate;

    /// <param name="postgres">On PostgreSQL (GUICHET_TEST_POSTGRES) rather than SQLite.</param>
    /// <param name="settings">More configuration for the application, read when the fixture starts (it may fail the tests with a message).</param>
    protected GuichetApp(bool postgres, Func<IReadOnlyDictionary<string, string?>>? settings = null)
    {
        UsesPostgres = postgres;
        _settings = settings;
    }

    public bool UsesPostgres { get; }

    /// <summary>The fixture a <see cref="DatabaseTemplate"/> is made from: it migrates and creates the world itself.</summary>
    internal sealed class Source : GuichetApp
    {
        public Source(bool postgres)
            : base(postgres) => _isTemplate = true;
    }

    /// <summary>Monday 13 April 2026, 10:00 in Paris.</summary>
    public FakeClock Clock { get; } = new(Instant.FromUtc(2026, 4, 13, 8, 0));

    public World World { get; private set; } = null!;

    public string DataDirectory => _dataDirectory;

    public async Task InitializeAsync()
    {
        _extraSettings = _settings?.Invoke() ?? _extraSettings;
        // A fixture on the usual database starts from a copy of the process's template (migrated, world created once):
        // the same rows as creating them here, at the cost of a file copy or a CREATE DATABASE … TEMPLATE.
        // GUICHET_TEST_TEMPLATE=off: every fixture migrates and creates its world (to compare, or to rule the copy out).
        var template = _isTemplate || _extraSettings.ContainsKey("ConnectionStrings:Guichet") || Environment.GetEnvironmentVariable("GUICHET_TEST_TEMPLATE") == "off"
            ? null
            : await DatabaseTemplate.GetAsync(UsesPostgres);
        if (UsesPostgres)
        {
            var server = Environment.GetEnvironmentVariable("GUICHET_TEST_POSTGRES");
            Assert.False(string.IsNullOrWhiteSpace(server), "GUICHET_TEST_POSTGRES is not set: run the suites with ./test.sh, which starts a PostgreSQL server.");
            _databaseName = (_isTemplate ? "guichet_template_" : "guichet_test_") + Guid.NewGuid().ToString("N");
            await using (var admin = new NpgsqlConnection(server))
            {
                await admin.OpenAsync();
                var from = template is null ? "" : $" TEMPLATE {template.PostgresDatabase}";
                await using var create = new NpgsqlCommand($"CREATE DATABASE {_databaseName}{from}", admin);
                await create.ExecuteNonQueryAsync();
            }

            _connectionString = new NpgsqlConnectionStringBuilder(server) { Database = _databaseName }.ConnectionString;
        }
        else if (template is not null)
        {
            var directory = _extraSettings.TryGetValue("Guichet:DataDirectory", out var configured) && configured is not null ? configured : _dataDirectory;
            Directory.CreateDirectory(directory);
            File.Copy(template.SqliteFile!, Path.Combine(directory, "guichet.db"));
        }

        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuichetDbContext>();
        // On a copy of the template: nothing to apply (what "guichet serve" does first), and SQLite back in WAL mode.
        await Database.MigrateAsync(db);
        World = template?.World ?? await World.CreateAsync(db, scope.ServiceProvider.GetRequiredService<UserManager<User>>(), Clock.GetCurrentInstant());
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_databaseName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(Environment.GetEnvironmentVariable("GUICHET_TEST_POSTGRES"));
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_databaseName} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Guichet:DataDirectory", _dataDirectory);
        builder.UseSetting("Guichet:Attachments:MaxBytes", "65536");
        builder.UseSetting("Jobs:Enabled", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        if (_connectionString is not null)
        {
            builder.UseSetting("ConnectionStrings:Guichet", _connectionString);
        }

        foreach (var (key, value) in _extraSettings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<IClock>();
            services.AddSingleton<IClock>(Clock);
        });
    }

    /// <summary>An HTTP client authenticated with <paramref name="token"/> (or anonymous).</summary>
    public HttpClient As(string? token)
    {
        var client = CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    internal async Task<T> WithDbAsync<T>(Func<GuichetDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<GuichetDbContext>());
    }

    public async Task<T> WithServiceAsync<TService, T>(Func<TService, Task<T>> action)
        where TService : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<TService>());
    }
}

/// <summary>
/// One migrated database with the test world per provider and per test process, copied by every fixture that uses
/// the usual database (an SQLite file copy, a PostgreSQL <c>CREATE DATABASE … TEMPLATE</c>) instead of migrating and
/// creating the world again: each fixture still has a database of its own.
/// </summary>
internal sealed record DatabaseTemplate(World World, string? SqliteFile, string? PostgresDatabase)
{
    private static readonly Lazy<Task<DatabaseTemplate>> Sqlite = new(() => BuildAsync(postgres: false));
    private static readonly Lazy<Task<DatabaseTemplate>> Postgres = new(() => BuildAsync(postgres: true));

    public static Task<DatabaseTemplate> GetAsync(bool postgres) => (postgres ? Postgres : Sqlite).Value;

    private static async Task<DatabaseTemplate> BuildAsync(bool postgres)
    {
        var source = new GuichetApp.Source(postgres);
        await ((IAsyncLifetime)source).InitializeAsync();
        var world = source.World;
        var configuration = source.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>();
        var connectionString = Microsoft.Extensions.Configuration.ConfigurationExtensions.GetConnectionString(configuration, "Guichet");
        await source.DisposeAsync(); // the host only: the database stays
        string? directory = null;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(source.DataDirectory, recursive: true);
                if (directory is not null)
                {
                    Directory.Delete(directory, recursive: true);
                }
            }
            catch (IOException)
            {
                // The process is ending: what is left is in the temporary directory.
            }
        };
        if (postgres)
        {
            // Nobody may stay connected to a template: the source's pooled connections are ended, new ones refused.
            var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
            await using var admin = new NpgsqlConnection(Environment.GetEnvironmentVariable("GUICHET_TEST_POSTGRES"));
            await admin.OpenAsync();
            await using var close = new NpgsqlCommand(
                $"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS false; SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity WHERE datname = '{name}';", admin);
            await close.ExecuteNonQueryAsync();
            return new DatabaseTemplate(world, null, name);
        }

        // One consistent file (the WAL folded in) by SQLite's online backup, outside the source's connection pool.
        directory = Directory.CreateTempSubdirectory("guichet-template-").FullName;
        var file = Path.Combine(directory, "guichet.db");
        await using (var from = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(source.DataDirectory, "guichet.db")};Pooling=False"))
        await using (var to = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await from.OpenAsync();
            await to.OpenAsync();
            from.BackupDatabase(to);
        }

        return new DatabaseTemplate(world, file, null);
    }
}

public sealed class SqliteApp() : GuichetApp(postgres: false);

public sealed class PostgresApp() : GuichetApp(postgres: true);

/// <summary>The test world: organisations on several presets, their users and tokens, staff.</summary>
public sealed class World
{
    public required Org A { get; init; }

    public required Org B { get; init; }

    public required IReadOnlyDictionary<string, Org> ByPreset { get; init; }

    public required Guid ProductId { get; init; }

    public required Guid VersionId { get; init; }

    public required Guid OtherProductId { get; init; }

    public required Guid QueueId { get; init; }

    public required Guid OtherQueueId { get; init; }

    /// <summary>Serves organisation A only.</summary>
    public required Person AgentA { get; init; }

    /// <summary>Serves organisation A, but only its "Commercial" queue.</summary>
    public required Person AgentCommercialA { get; init; }

    public required Person Admin { get; init; }

    public sealed record Person(Guid Id, string Email, string Token);

    public sealed record Org(Guid Id, Guid ContractId, string Preset, Person Referent, Person Simple, Person Undeclared);

    internal static async Task<World> CreateAsync(GuichetDbContext db, UserManager<User> users, Instant now)
    {
        var product = new Product { Name = "Actes", Versions = [new() { Number = "1.0.0" }, new() { Number = "2.0.0" }] };
        var other = new Product { Name = "Parapheur", Versions = [new() { Number = "1.0.0" }] };
        var queue = new Queue { Name = "Support" };
        var otherQueue = new Queue { Name = "Commercial" };
        db.AddRange(product, other, queue, otherQueue);
        await db.SaveChangesAsync();

        async Task<Person> PersonAsync(string email, UserKind kind, StaffRoles roles, Guid? org, bool declared)
        {
            var user = new User { UserName = email, Email = email, DisplayName = email.Split('@')[0], Kind = kind, Roles = roles, OrganisationId = org, CreatedAt = now, PasswordChangedAt = now };
            var result = await users.CreateAsync(user, GuichetApp.Password);
            Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
            if (declared)
            {
                db.UserProducts.Add(new UserProduct { UserId = user.Id, ProductId = product.Id });
                await db.SaveChangesAsync();
            }

            return new Person(user.Id, email, await ApiTokens.CreateAsync(db, user.Id, "tests", now));
        }

        var orgs = new Dictionary<string, Org>();
        var territories = new Dictionary<string, string> { ["ls"] = "metropole", ["at"] = "reunion", ["e23"] = "alsace-moselle", ["es26"] = "guadeloupe", ["mn"] = "metropole" };
        var i = 0;
        foreach (var (preset, territory) in territories)
        {
            var organisation = new Organisation { Name = $"Organisation {preset}", Siret = $"0000000000{i++:0000}", Territory = territory };
            var contract = new Contract { OrganisationId = organisation.Id, Name = preset, PresetId = preset, StartsOn = new LocalDate(2026, 1, 1), Products = [new() { ProductId = product.Id }] };
            db.AddRange(organisation, contract);
            await db.SaveChangesAsync();
            var referent = await PersonAsync($"referent@{preset}.example", UserKind.Client, StaffRoles.None, organisation.Id, declared: true);
            var simple = await PersonAsync($"simple@{preset}.example", UserKind.Client, StaffRoles.None, organisation.Id, declared: true);
            var undeclared = await PersonAsync($"autre@{preset}.example", UserKind.Client, StaffRoles.None, organisation.Id, declared: false);
            orgs[preset] = new Org(organisation.Id, contract.Id, preset, referent, simple, undeclared);
        }

        var agent = await PersonAsync("agent@provider.example", UserKind.Staff, StaffRoles.Agent | StaffRoles.PoleManager, null, declared: false);
        db.StaffOrganisations.Add(new StaffOrganisation { UserId = agent.Id, OrganisationId = orgs["ls"].Id });
        await db.SaveChangesAsync();
        var commercial = await PersonAsync("commercial@provider.example", UserKind.Staff, StaffRoles.AccountManager, null, declared: false);
        db.StaffOrganisations.Add(new StaffOrganisation { UserId = commercial.Id, OrganisationId = orgs["ls"].Id });
        db.StaffQueues.Add(new StaffQueue { UserId = commercial.Id, QueueId = otherQueue.Id });
        await db.SaveChangesAsync();
        var admin = await PersonAsync("admin@provider.example", UserKind.Staff, StaffRoles.Admin, null, declared: false);

        return new World
        {
            A = orgs["ls"],
            B = orgs["at"],
            ByPreset = orgs,
            ProductId = product.Id,
            VersionId = product.Versions[0].Id,
            OtherProductId = other.Id,
            QueueId = queue.Id,
            OtherQueueId = otherQueue.Id,
            AgentA = agent,
            AgentCommercialA = commercial,
            Admin = admin,
        };
    }
}

/// <summary>JSON helpers.</summary>
internal static class Json
{
    public static async Task<JsonElement> ReadAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.False(string.IsNullOrEmpty(text), $"Empty body with status {(int)response.StatusCode}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body);

    public static string Code(this JsonElement problem) => problem.GetProperty("code").GetString()!;
}
