using System.Net;
using System.Text.RegularExpressions;
using Guichet.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guichet.Load;

/// <summary>
/// Signed-in page sessions for the page phases: gives the bench's users a known password (the generator makes
/// none), then signs each one in through the sign-in form as a browser would (antiforgery token and cookie).
/// </summary>
internal sealed partial class PageSessions(BenchTarget target, Uri url)
{
    public const string Password = "Banc de charge : pages 2026";

    /// <summary>The admin's session and one per organisation (its client user), with recent tickets of each organisation.</summary>
    public sealed record Sessions(string Admin, IReadOnlyList<(string Cookie, IReadOnlyList<long> Tickets)> Clients);

    public async Task<Sessions> OpenAsync(BenchFile bench, CancellationToken ct)
    {
        var ids = bench.Clients.Select(c => c.UserId).ToList();
        var tickets = new List<IReadOnlyList<long>>();
        await using (var db = target.CreateContext())
        {
            var hash = new PasswordHasher<User>().HashPassword(new User(), Password);
            var now = NodaTime.SystemClock.Instance.GetCurrentInstant();
            await db.Users.Where(u => ids.Contains(u.Id) || u.Email == bench.AdminEmail).ExecuteUpdateAsync(u => u
                .SetProperty(x => x.PasswordHash, hash)
                .SetProperty(x => x.PrivacyAcknowledgedAt, now)
                .SetProperty(x => x.MustChangePassword, false)
                .SetProperty(x => x.PasswordChangedAt, now)
                .SetProperty(x => x.AccessFailedCount, 0)
                .SetProperty(x => x.LockoutEnd, (DateTimeOffset?)null), ct);
            foreach (var client in bench.Clients)
            {
                tickets.Add(await db.Tickets.Where(t => t.OrganisationId == client.OrganisationId).OrderByDescending(t => t.Id).Select(t => t.Id).Take(20).ToListAsync(ct));
            }
        }

        using var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false };
        using var http = new HttpClient(handler) { BaseAddress = url };
        var admin = await SignInAsync(http, bench.AdminEmail, ct);
        var clients = new List<(string, IReadOnlyList<long>)>();
        for (var i = 0; i < bench.Clients.Count; i++)
        {
            clients.Add((await SignInAsync(http, bench.Clients[i].Email, ct), tickets[i]));
        }

        return new Sessions(admin, clients);
    }

    private static async Task<string> SignInAsync(HttpClient http, string email, CancellationToken ct)
    {
        using var form = await http.GetAsync("/connexion", ct);
        var html = await form.Content.ReadAsStringAsync(ct);
        var token = AntiforgeryField().Match(html);
        if (!token.Success)
        {
            throw new InvalidOperationException("/connexion has no antiforgery token.");
        }

        using var post = new HttpRequestMessage(HttpMethod.Post, "/connexion")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = email,
                ["Password"] = Password,
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            }),
        };
        var antiforgery = Cookies(form).ToList();
        post.Headers.Add("Cookie", string.Join("; ", antiforgery));
        using var signedIn = await http.SendAsync(post, ct);
        var session = Cookies(signedIn).FirstOrDefault(c => c.StartsWith("guichet=", StringComparison.Ordinal));

        // Sent back with every page, as a browser does: the session and the antiforgery cookie (without it, every
        // page would mint a new antiforgery cookie, which a browser never asks for).
        return signedIn.StatusCode == HttpStatusCode.Redirect && session is not null
            ? string.Join("; ", antiforgery.Append(session))
            : throw new InvalidOperationException($"{email} could not sign in: {(int)signedIn.StatusCode}.");
    }

    private static IEnumerable<string> Cookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : [];

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
