using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Guichet.Tests.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;
using NodaTime.Testing;

namespace Guichet.Tests.Operations;

/// <summary>The real <c>guichet</c> executable, as an operator runs it.</summary>
internal static class GuichetExe
{
    public static async Task<(int Code, string Out, string Err)> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "guichet.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment.Remove("ConnectionStrings__Guichet");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    public static IReadOnlyDictionary<string, string?> Postgres(string? connectionString) =>
        connectionString is null ? new Dictionary<string, string?>() : new Dictionary<string, string?> { ["ConnectionStrings__Guichet"] = connectionString };
}

/// <summary>A GuichetApp with more settings (a data directory elsewhere, another database) and the usual test world.</summary>
internal sealed class ConfiguredApp(IReadOnlyDictionary<string, string?> settings) : GuichetApp(postgres: false, () => settings);

/// <summary>The application started on an existing installation (a restored one): no world is created, the clock is the tests'.</summary>
internal sealed class InstalledApp(string dataDirectory, string? postgres, Instant now) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Guichet:DataDirectory", dataDirectory);
        builder.UseSetting("Jobs:Enabled", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        if (postgres is not null)
        {
            builder.UseSetting("ConnectionStrings:Guichet", postgres);
        }

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<IClock>();
            services.AddSingleton<IClock>(new FakeClock(now));
        });
    }

    public HttpClient As(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

/// <summary>
/// A PostgreSQL cluster of the test's own (initdb and pg_ctl from /usr/lib/postgresql/*/bin, as test.sh does), on a
/// free loopback port: stopping it disturbs no other test.
/// </summary>
internal sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string _directory;
    private readonly string _bin;

    private ThrowawayPostgres(string directory, string bin, int port)
    {
        _directory = directory;
        _bin = bin;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString(string database = "postgres") => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=5";

    public static async Task<ThrowawayPostgres> StartAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.EnumerateDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        Assert.True(bin is not null, "PostgreSQL server programs not found under /usr/lib/postgresql/*/bin: ./test.sh installs them (Debian package postgresql).");
        var directory = Directory.CreateTempSubdirectory("guichet-pg-own-").FullName;
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var cluster = new ThrowawayPostgres(directory, bin!, port);
        if (Environment.UserName == "root")
        {
            await ExecAsync("chown", "postgres", directory);
        }

        await cluster.AsPostgresAsync("initdb", "-D", Path.Combine(directory, "data"), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8");
        await cluster.StartAgainAsync();
        return cluster;
    }

    public Task StartAgainAsync() => AsPostgresAsync(
        "pg_ctl", "-D", Path.Combine(_directory, "data"), "-l", Path.Combine(_directory, "server.log"), "-w",
        "-o", $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off", "start");

    public Task StopAsync() => AsPostgresAsync("pg_ctl", "-D", Path.Combine(_directory, "data"), "-m", "fast", "-w", "stop");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await AsPostgresAsync("pg_ctl", "-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        Directory.Delete(_directory, recursive: true);
    }

    private Task AsPostgresAsync(string program, params string[] args) =>
        Environment.UserName == "root"
            ? ExecAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, program), .. args])
            : ExecAsync(Path.Combine(_bin, program), args);

    private static async Task ExecAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} → {process.ExitCode}: {await output} {await error}");
        }
    }
}
