using Guichet.Data;
using Guichet.Features.Demo;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Guichet.Browser.Tests;

/// <summary>
/// The one application (Kestrel on a free loopback port, one data directory, the demo data seeded once) and the one
/// Debian Chromium of the whole browser suite. Started by the first <see cref="BrowserApp"/> fixture, shared by every
/// test class, stopped when the test process ends. Tests run in parallel, each in its own browser context.
/// </summary>
internal sealed class BrowserServer : WebApplicationFactory<Program>
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArguments =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private static readonly Lazy<Task<BrowserServer>> Instance = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "guichet-browser-" + Guid.NewGuid().ToString("N"));
    private readonly int _port = FreePort();
    private IPlaywright? _playwright;

    private BrowserServer()
    {
    }

    /// <summary>The shared server, started on first use.</summary>
    public static Task<BrowserServer> SharedAsync() => Instance.Value;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public string DataDirectory => _dataDirectory;

    private static async Task<BrowserServer> StartAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: run the suites with ./test.sh, which installs the Debian chromium package.");
        var server = new BrowserServer();
        server.UseKestrel(server._port);
        server.StartServer();
        server.BaseUrl = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        await using (var scope = server.Services.CreateAsyncScope())
        {
            await Database.MigrateAsync(scope.ServiceProvider.GetRequiredService<GuichetDbContext>());
            await scope.ServiceProvider.GetRequiredService<DemoData>().SeedAsync(tickets: 40);
        }

        server._playwright = await Playwright.CreateAsync();
        // Expectations wait up to 15 s (Playwright's default is 5 s): the suite's classes, the every-page walks among
        // them, share two cores with the server, and a form post answered in 6 s under that load is not a failure.
        Assertions.SetDefaultExpectTimeout(15_000);
        server.Browser = await server._playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Args = ChromiumArguments, Headless = true });

        // xUnit 2 has no assembly fixture: the server lives as long as the test process.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.StopAsync().GetAwaiter().GetResult();
        return server;
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        return ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Guichet:DataDirectory", _dataDirectory);
        builder.UseSetting("Jobs:Enabled", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Guichet:PublicUrl", $"http://127.0.0.1:{_port}");
        if (BrowserApp.SmtpPort is { Length: > 0 } smtp)
        {
            builder.UseSetting("Guichet:Mail:Host", "127.0.0.1");
            builder.UseSetting("Guichet:Mail:Port", smtp);
            builder.UseSetting("Guichet:Mail:From", "support@guichet.example");
        }
    }

    private async Task StopAsync()
    {
        try
        {
            if (Browser is not null)
            {
                await Browser.CloseAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }

            _playwright?.Dispose();
            await DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(_dataDirectory))
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
        }
        catch (Exception e) when (e is TimeoutException or IOException or PlaywrightException)
        {
            // The process is ending: what is left is in the temporary directory.
        }
    }
}
