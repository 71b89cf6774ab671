using System.Net;
using System.Text.RegularExpressions;
using Guichet.Features.Portal;
using Guichet.Tests.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Guichet.Tests.Web;

/// <summary>
/// The application behind a proxy at 10.0.0.1 (<c>Guichet:KnownProxies</c>). The test server has no peer address:
/// a startup filter gives each request the one named in its <c>X-Test-Peer</c> header, as a socket would.
/// </summary>
public sealed class ProxyApp() : GuichetApp(postgres: false, () => new Dictionary<string, string?> { ["Guichet:KnownProxies"] = "10.0.0.1" })
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter, PeerFromHeader>());
    }

    private sealed class PeerFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, following) =>
            {
                if (context.Request.Headers.TryGetValue("X-Test-Peer", out var peer))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
                }

                await following(context);
            });
            next(app);
        };
    }
}

public sealed partial class ProxyTests(ProxyApp app) : IClassFixture<ProxyApp>
{
    private async Task<HttpResponseMessage> SignInAsync(string peer, string? forwardedProto)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var get = new HttpRequestMessage(HttpMethod.Get, "/connexion");
        get.Headers.Add("X-Test-Peer", peer);
        var form = await client.SendAsync(get);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/connexion")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = app.World.A.Simple.Email,
                ["Password"] = GuichetApp.Password,
                ["__RequestVerificationToken"] = TokenPattern().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value,
            }),
        };
        post.Headers.Add("X-Test-Peer", peer);
        post.Headers.Add("Cookie", string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));
        if (forwardedProto is not null)
        {
            post.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }

        var response = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response;
    }

    private static string SessionSetCookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("guichet=", StringComparison.Ordinal));

    [Fact]
    public async Task Forwarded_proto_from_the_configured_proxy_makes_the_session_cookie_secure()
    {
        Assert.Contains("secure", SessionSetCookie(await SignInAsync("10.0.0.1", "https")), StringComparison.OrdinalIgnoreCase);
        // The same header from anyone else is not believed.
        Assert.DoesNotContain("secure", SessionSetCookie(await SignInAsync("10.9.9.9", "https")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_forged_host_changes_neither_redirects_nor_feed_links()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var anonymous = new HttpRequestMessage(HttpMethod.Get, "/demandes");
        anonymous.Headers.Host = "pirate.example";
        var redirect = await client.SendAsync(anonymous);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.False(redirect.Headers.Location!.IsAbsoluteUri, redirect.Headers.Location.ToString());
        Assert.StartsWith("/connexion", redirect.Headers.Location.OriginalString, StringComparison.Ordinal);

        var token = await app.WithDbAsync(async db =>
            await PortalRules.NewFeedTokenAsync(db, PortalRules.FeedProtector(app.Services.GetRequiredService<IDataProtectionProvider>()), app.World.A.Id, app.World.A.Referent.Id, app.Clock.GetCurrentInstant(), default));
        using var feed = new HttpRequestMessage(HttpMethod.Get, $"/flux/{token}/actualites.xml");
        feed.Headers.Host = "pirate.example";
        feed.Headers.Add("X-Forwarded-Host", "pirate.example");
        var rss = await (await client.SendAsync(feed)).Content.ReadAsStringAsync();
        Assert.Contains("http://localhost:5080/", rss, StringComparison.Ordinal); // Guichet:PublicUrl (its default here)
        Assert.DoesNotContain("pirate.example", rss, StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
