using Guichet.Data;
using Guichet.Features.Demo;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Guichet.Browser.Tests;

/// <summary>
/// The application on a real loopback port with the demo data, and the Debian Chromium driven by Playwright.
/// One per test class; each test opens its own browser contexts (separate cookies).
/// </summary>
public sealed class BrowserApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArguments =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "guichet-browser-" + Guid.NewGuid().ToString("N"));
    private readonly int _port = FreePort();
    private IPlaywright? _playwright;

    /// <summary>The SMTP server ./test.sh starts (aiosmtpd writing to a Maildir), or null when not started.</summary>
    public static string? SmtpPort => Environment.GetEnvironmentVariable("GUICHET_TEST_SMTP_PORT");

    public static string? Maildir => Environment.GetEnvironmentVariable("GUICHET_TEST_MAILDIR");

    /// <summary>The mail to this address that links to this server (the Maildir may hold earlier runs' mail).</summary>
    public static async Task<MimeKit.MimeMessage> ReceivedAsync(string to, string server)
    {
        Assert.False(string.IsNullOrWhiteSpace(BrowserApp.Maildir), "GUICHET_TEST_MAILDIR is not set: run the suites with ./test.sh.");
        for (var attempt = 0; attempt < 50; attempt++)
        {
            foreach (var file in new[] { "new", "cur" }.Select(f => Path.Combine(BrowserApp.Maildir!, f)).Where(Directory.Exists).SelectMany(Directory.GetFiles))
            {
                var message = await MimeKit.MimeMessage.LoadAsync(file);
                if (message.To.Mailboxes.Any(m => m.Address == to) && (message.TextBody ?? "").Contains(server + "/", StringComparison.Ordinal))
                {
                    return message;
                }
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"No mail to {to} reached the SMTP server.");
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        return ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
    }

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public string DataDirectory => _dataDirectory;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: run the suites with ./test.sh, which installs the Debian chromium package.");
        UseKestrel(_port);
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

        await using (var scope = Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuichetDbContext>();
            await Database.MigrateAsync(db);
            await scope.ServiceProvider.GetRequiredService<DemoData>().SeedAsync(tickets: 40);
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Args = ChromiumArguments, Headless = true });
    }

    /// <summary>A fresh browser session (its own cookies) with French as its language.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, Locale = "fr-FR" });
        return await context.NewPageAsync();
    }

    public async Task<T> WithServicesAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    /// <summary>A new client user of a demo organisation, as an administrator creates one: to change the password at first sign-in.</summary>
    public Task<string> CreateFirstLoginUserAsync(string organisationDomain, string email, string password) => WithServicesAsync(async services =>
    {
        var db = services.GetRequiredService<GuichetDbContext>();
        var users = services.GetRequiredService<UserManager<User>>();
        var colleague = await db.Users.FirstAsync(u => u.Email!.EndsWith("@" + organisationDomain));
        var products = await db.UserProducts.Where(p => p.UserId == colleague.Id).Select(p => p.ProductId).ToListAsync();
        var user = new User
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = "Dominique Nouvel",
            Kind = UserKind.Client,
            OrganisationId = colleague.OrganisationId,
            IsReferent = true,
            MustChangePassword = true,
            CreatedAt = NodaTime.SystemClock.Instance.GetCurrentInstant(),
        };
        var created = await users.CreateAsync(user, password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        db.UserProducts.AddRange(products.Select(p => new UserProduct { UserId = user.Id, ProductId = p }));
        await db.SaveChangesAsync();
        return email;
    });

    /// <summary>The address of a demo organisation's référent (demo password).</summary>
    public Task<string> DemoReferentAsync(string organisationDomain) => WithServicesAsync(async services =>
        (await services.GetRequiredService<GuichetDbContext>().Users.FirstAsync(u => u.IsReferent && u.Email!.EndsWith("@" + organisationDomain))).Email!);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Guichet:DataDirectory", _dataDirectory);
        builder.UseSetting("Jobs:Enabled", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Guichet:PublicUrl", $"http://127.0.0.1:{_port}");
        if (SmtpPort is { Length: > 0 } smtp)
        {
            builder.UseSetting("Guichet:Mail:Host", "127.0.0.1");
            builder.UseSetting("Guichet:Mail:Port", smtp);
            builder.UseSetting("Guichet:Mail:From", "support@guichet.example");
        }
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
