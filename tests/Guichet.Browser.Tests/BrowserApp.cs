using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Guichet.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Guichet.Browser.Tests;

/// <summary>
/// What a browser test class receives (<c>IClassFixture&lt;BrowserApp&gt;</c>): a handle on the one shared server and
/// Chromium (<see cref="BrowserServer"/>), fresh browser contexts, signed-in pages and data builders
/// (<c>TestData.cs</c>). Every class joins the same server; classes run in parallel (xunit.runner.json), so a test
/// that changes data another test reads creates its own (see tests/Guichet.Browser.Tests/README.md).
/// </summary>
public sealed partial class BrowserApp : IAsyncLifetime
{
    public const string ChromiumPath = BrowserServer.ChromiumPath;

    /// <summary>Page session cookies, one sign-in through HTTP per user for the whole suite.</summary>
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Sessions = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The contexts this class's tests opened, closed when the class is done (the browser outlives it).</summary>
    private readonly ConcurrentBag<IBrowserContext> _contexts = [];

    private BrowserServer _server = null!;

    /// <summary>The SMTP server ./test.sh starts (aiosmtpd writing to a Maildir), or null when not started.</summary>
    public static string? SmtpPort => Environment.GetEnvironmentVariable("GUICHET_TEST_SMTP_PORT");

    public static string? Maildir => Environment.GetEnvironmentVariable("GUICHET_TEST_MAILDIR");

    public IBrowser Browser => _server.Browser;

    public string BaseUrl => _server.BaseUrl;

    public string DataDirectory => _server.DataDirectory;

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

    public async Task InitializeAsync() => _server = await BrowserServer.SharedAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }
    }

    private async Task<IBrowserContext> NewContextAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, Locale = "fr-FR" });
        // Navigations (goto, a click that loads a page, WaitForURL) may wait 60 s: with the HTTP suite beside it on two
        // cores, a page load has been seen to take over Playwright's default 30 s. What is expected of a page is unchanged.
        context.SetDefaultNavigationTimeout(60_000);
        _contexts.Add(context);
        return context;
    }

    /// <summary>A fresh browser session (its own cookies) with French as its language.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await NewContextAsync();
        return await context.NewPageAsync();
    }

    /// <summary>
    /// A fresh browser session already signed in as this user (demo password unless told), opened at
    /// <paramref name="path"/> — by default the home, which sends staff on to the desk, as the sign-in form does.
    /// The form itself is tested by the sign-in, first-login, reset and deactivation tests.
    /// </summary>
    public async Task<IPage> PageAsAsync(string email, string path = "/", string password = Features.Demo.DemoData.Password)
    {
        var cookie = await Sessions.GetOrAdd(email, e => new Lazy<Task<string>>(() => SignInOverHttpAsync(e, password))).Value;
        var context = await NewContextAsync();
        await context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = "guichet", Value = cookie, Url = BaseUrl, HttpOnly = true, SameSite = SameSiteAttribute.Lax }]);
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        return page;
    }

    /// <summary>Signs in through the form over plain HTTP and returns the session cookie.</summary>
    private async Task<string> SignInOverHttpAsync(string email, string password)
    {
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(BaseUrl) };
        var form = await http.GetStringAsync("/connexion");
        var token = TokenPattern().Match(form);
        Assert.True(token.Success, "No antiforgery token on /connexion");
        using var response = await http.PostAsync("/connexion", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = password,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        }));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Signing in as {email} answered {(int)response.StatusCode}");
        var session = cookies.GetCookies(new Uri(BaseUrl))["guichet"];
        Assert.True(session is not null, $"No session cookie for {email}");
        return session.Value;
    }

    public async Task<T> WithServicesAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = _server.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    /// <summary>A new client user of an organisation, as an administrator creates one: to change the password at first sign-in.</summary>
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

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
