using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Guichet.Data;
using Guichet.Features.Accounts;
using Guichet.Features.Mail;
using Guichet.Features.Portal;
using Guichet.Features.Users;
using Guichet.Tests.Api;
using Guichet.Tests.Portal;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Guichet.Tests.Web;

/// <summary>
/// The holes of issue 13, each through HTTP on SQLite and PostgreSQL: a message that breaks a page, files without
/// limit, floods, sessions that outlive sign-out, served content types, names that lie, 500s on bad input.
/// </summary>
public abstract partial class HardeningTests(GuichetApp app)
{
    private World W => app.World;

    private async Task<long> CreateTicketAsync(World.Org org, string subject = "Bordereau refusé")
    {
        var response = await app.As(org.Referent.Token).PostJsonAsync("/api/v1/tickets", new
        {
            productId = W.ProductId,
            queueId = W.QueueId,
            versionId = W.VersionId,
            serviceType = "bug-applicatif",
            subject,
            body = "Le bordereau est refusé depuis ce matin.",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadAsync()).GetProperty("number").GetInt64();
    }

    private static MultipartFormDataContent Files(int count, string name = "note.txt", string contentType = "text/plain", string field = "file")
    {
        var form = new MultipartFormDataContent();
        for (var i = 0; i < count; i++)
        {
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes($"contenu {i}"));
            file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            form.Add(file, field, name);
        }

        return form;
    }

    private Task<int> AttachmentCountAsync(long number) =>
        app.WithDbAsync(db => db.Attachments.CountAsync(a => a.TicketId == number));

    // --- 1. Rendering that cannot fail --------------------------------------------------------------------------

    [Fact]
    public async Task A_nested_markdown_message_leaves_the_ticket_page_readable_for_everyone()
    {
        var number = await CreateTicketAsync(W.A);
        var agent = app.As(W.AgentA.Token);
        var brackets = new string('[', 200);
        var emphasis = string.Concat(Enumerable.Repeat("*a _b ", 9_000))[..49_000];
        foreach (var text in new[] { brackets, emphasis })
        {
            var posted = await agent.PostJsonAsync($"/api/v1/tickets/{number}/messages", new { text, @internal = false });
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        }

        await app.WithDbAsync(async db =>
        {
            db.Add(new NewsItem { Kind = NewsKind.Information, Title = "Actualité imbriquée", Text = brackets, StartsAt = app.Clock.GetCurrentInstant(), PublishedAt = app.Clock.GetCurrentInstant(), UpdatedAt = app.Clock.GetCurrentInstant(), AuthorId = W.Admin.Id });
            return await db.SaveChangesAsync();
        });

        foreach (var email in new[] { W.A.Referent.Email, W.AgentA.Email, W.Admin.Email })
        {
            var client = await PortalClient.SignInAsync(app, email);
            var page = await client.GetAsync($"/demandes/{number}");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains(brackets, html, StringComparison.Ordinal); // shown as typed, escaped
            Assert.Contains("*a _b *a _b", html, StringComparison.Ordinal);
        }

        var news = await (await PortalClient.SignInAsync(app, W.A.Referent.Email)).GetAsync("/actualites");
        Assert.Equal(HttpStatusCode.OK, news.StatusCode);
    }

    [Fact]
    public async Task Pages_write_french_letters_as_they_are_and_still_escape_markup()
    {
        const string subject = "<b>Écran « noir »</b> & l'accès \"vite\" ç, œuvre’s — 10 € 😀";
        var number = await CreateTicketAsync(W.A, subject);
        foreach (var (email, path) in new[] { (W.A.Referent.Email, $"/demandes/{number}"), (W.A.Referent.Email, "/demandes"), (W.AgentA.Email, "/bureau") })
        {
            var page = await (await PortalClient.SignInAsync(app, email)).GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("&lt;b&gt;Écran « noir »&lt;/b&gt; &amp; l&#x27;accès &quot;vite&quot; ç, œuvre’s — 10 € &#x1F600;", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<b>Écran", html, StringComparison.Ordinal);
            Assert.DoesNotContain("&#xE9;", html, StringComparison.OrdinalIgnoreCase); // é written as it is, never as a character reference
        }
    }

    // --- 2. Quotas and rates ------------------------------------------------------------------------------------

    [Fact]
    public async Task Five_hundred_files_in_one_reply_are_refused_with_a_french_message()
    {
        var number = await CreateTicketAsync(W.A);
        var client = await PortalClient.SignInAsync(app, W.A.Referent.Email);
        var page = await client.GetStringAsync($"/demandes/{number}");
        using var form = Files(500, field: "Files");
        form.Add(new StringContent(TokenPattern().Match(page).Groups[1].Value), "__RequestVerificationToken");
        form.Add(new StringContent("reply"), "action");
        form.Add(new StringContent("Voici les fichiers."), "Text");
        form.Add(new StringContent(VersionPattern().Match(page).Groups[1].Value), "Version");

        var response = await client.PostAsync($"/demandes/{number}?handler=Reply", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("au plus 10 pi", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await AttachmentCountAsync(number));
        Assert.Equal(HttpStatusCode.BadRequest, (await app.As(W.A.Referent.Token).PostAsync($"/api/v1/tickets/{number}/attachments", Files(11))).StatusCode);
        Assert.Equal(0, await AttachmentCountAsync(number));
    }

    [Fact]
    public async Task A_closed_ticket_takes_no_more_files()
    {
        var number = await CreateTicketAsync(W.A);
        Assert.Equal(HttpStatusCode.OK, (await app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/tickets/{number}/state", new { state = "traite-interlocuteur" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.As(W.A.Referent.Token).PostJsonAsync($"/api/v1/tickets/{number}/replies", new { action = "reply-and-close", text = "Merci." })).StatusCode);

        var response = await app.As(W.A.Referent.Token).PostAsync($"/api/v1/tickets/{number}/attachments", Files(1));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.ReadAsync();
        Assert.Equal("ticket_closed", problem.Code());
        Assert.Contains("close", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await AttachmentCountAsync(number));
    }

    [Fact]
    public async Task A_flood_of_reset_requests_sends_a_few_mails_and_gets_429_with_retry_after()
    {
        var email = W.ByPreset["e23"].Simple.Email;
        var statuses = new List<HttpResponseMessage>();
        for (var i = 0; i < 25; i++)
        {
            statuses.Add(await app.As(null).PostJsonAsync("/api/v1/auth/forgot-password", new { email }));
        }

        Assert.All(statuses, r => Assert.True(r.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.TooManyRequests, $"{(int)r.StatusCode}"));
        var limited = statuses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.True(limited.Count >= 20, $"only {limited.Count} of 25 limited");
        Assert.All(limited, r => Assert.True(r.Headers.RetryAfter is not null, "no Retry-After"));
        Assert.Equal("too_many_requests", (await limited[0].ReadAsync()).Code());
        Assert.InRange(await app.WithDbAsync(db => db.Outbox.CountAsync(m => m.To == email)), 1, 3);
    }

    // --- 3. Sessions and accounts -------------------------------------------------------------------------------

    [Fact]
    public async Task A_copied_session_cookie_opens_nothing_after_sign_out()
    {
        var number = await CreateTicketAsync(W.A, "Sujet confidentiel de la session");
        var email = W.A.Simple.Email;
        await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).ExecuteUpdateAsync(u => u.SetProperty(x => x.PrivacyAcknowledgedAt, app.Clock.GetCurrentInstant())));
        var cookieHeader = SessionCookie(await ReplayCookieAsync(email));

        // A copy of the cookie reads the ticket while the session is open.
        var thief = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        thief.DefaultRequestHeaders.Add("Cookie", cookieHeader);
        Assert.Contains("Sujet confidentiel", await (await thief.GetAsync($"/demandes/{number}")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The owner signs out with the same session.
        var owner = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var homeRequest = new HttpRequestMessage(HttpMethod.Get, "/");
        homeRequest.Headers.Add("Cookie", cookieHeader);
        var home = await owner.SendAsync(homeRequest);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        using var signOut = new HttpRequestMessage(HttpMethod.Post, "/deconnexion")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = TokenPattern().Match(await home.Content.ReadAsStringAsync()).Groups[1].Value }),
        };
        signOut.Headers.Add("Cookie", cookieHeader + (home.Headers.TryGetValues("Set-Cookie", out var more) ? "; " + SessionCookie(more) : ""));
        var posted = await owner.SendAsync(signOut);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.EndsWith("/connexion", posted.Headers.Location!.OriginalString, StringComparison.Ordinal);

        // The copy no longer opens anything.
        var after = await thief.GetAsync($"/demandes/{number}");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.DoesNotContain("Sujet confidentiel", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, (await thief.GetAsync("/demandes")).StatusCode);
    }

    /// <summary>Signs in without a cookie jar and returns the response's Set-Cookie headers (the session as a thief would copy it).</summary>
    private async Task<IEnumerable<string>> ReplayCookieAsync(string email)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var form = await client.GetAsync("/connexion");
        var antiforgery = SessionCookie(form.Headers.GetValues("Set-Cookie"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connexion")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = email,
                ["Password"] = GuichetApp.Password,
                ["__RequestVerificationToken"] = TokenPattern().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value,
            }),
        };
        request.Headers.Add("Cookie", antiforgery);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.GetValues("Set-Cookie");
    }

    private static string SessionCookie(IEnumerable<string> setCookies) =>
        string.Join("; ", setCookies.Select(c => c.Split(';')[0]));

    [Fact]
    public async Task The_add_user_request_says_nothing_of_accounts_outside_the_organisation()
    {
        var org = W.ByPreset["es26"];
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuichetDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var mail = scope.ServiceProvider.GetRequiredService<IOptions<MailOptions>>().Value;
        var referent = (await Caller.LoadAsync(db, new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, org.Referent.Id.ToString())], "test")), default))!;
        var now = app.Clock.GetCurrentInstant();
        AddRequest Add(string email) => new("Testeur", "Un", email, "02 98 00 00 00", false, [W.ProductId], null);

        // Another organisation's user, a staff member and an unknown address: the same answer (recorded).
        foreach (var email in new[] { W.B.Simple.Email, W.AgentA.Email, "personne.inconnue@es26.example" })
        {
            Assert.True((await RequestUserAdd.RunAsync(db, users, mail, referent, Add(email), now, default)).IsOk);
            var lowered = email.ToLowerInvariant();
            db.UserRequests.RemoveRange(await db.UserRequests.Include(r => r.Products).Where(r => r.Email == lowered).ToListAsync());
            await db.SaveChangesAsync();
        }

        // The organisation's own user is still reported.
        var own = await RequestUserAdd.RunAsync(db, users, mail, referent, Add(org.Simple.Email), now, default);
        Assert.Contains(own.Failure!.Errors!["email"], m => m.StartsWith("Un compte existe déjà", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bidirectional_controls_are_stripped_and_line_breaks_refused_in_single_line_fields()
    {
        var number = await CreateTicketAsync(W.A, "Facture\u202E fdp.exe");
        var ticket = await (await app.As(W.A.Referent.Token).GetAsync($"/api/v1/tickets/{number}")).ReadAsync();
        Assert.Equal("Facture fdp.exe", ticket.GetProperty("subject").GetString());

        var upload = await app.As(W.A.Referent.Token).PostAsync($"/api/v1/tickets/{number}/attachments", Files(1, "facture-2026\u202Efdp.exe", "application/pdf"));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        Assert.Equal("facture-2026fdp.exe", (await upload.ReadAsync()).GetProperty("fileName").GetString());

        var broken = await app.As(W.A.Referent.Token).PostJsonAsync("/api/v1/tickets", new
        {
            productId = W.ProductId,
            queueId = W.QueueId,
            versionId = W.VersionId,
            serviceType = "bug-applicatif",
            subject = "Objet\r\nBcc: quelqu-un@ailleurs.example",
            body = "Texte.",
        });
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        var problem = await broken.ReadAsync();
        Assert.Contains("une seule ligne", problem.GetProperty("errors").GetProperty("subject")[0].GetString(), StringComparison.Ordinal);
    }

    // --- 4. Downloads -------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("text/javascript", "application/octet-stream")]
    [InlineData("text/html", "application/octet-stream")]
    [InlineData("image/svg+xml", "application/octet-stream")]
    [InlineData("application/pdf", "application/pdf")]
    [InlineData("image/png", "image/png")]
    public async Task Attachments_are_served_with_an_inert_content_type(string uploaded, string served)
    {
        var number = await CreateTicketAsync(W.A);
        var upload = await app.As(W.A.Referent.Token).PostAsync($"/api/v1/tickets/{number}/attachments", Files(1, "piece", uploaded));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var id = (await upload.ReadAsync()).GetProperty("id").GetGuid();

        var download = await app.As(W.A.Referent.Token).GetAsync($"/api/v1/attachments/{id}");

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(served, download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
    }

    // --- 5. Errors ----------------------------------------------------------------------------------------------

    [Fact]
    public async Task Dates_out_of_range_get_a_french_message_on_the_statistics_page()
    {
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == W.A.Referent.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsReferent, true)));
        var client = await PortalClient.SignInAsync(app, W.A.Referent.Email);

        var response = await client.GetAsync("/statistiques?du=9999-12-30&au=9999-12-31");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Saisissez des dates valides", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Inverted bounds are swapped, a period over three years shortened: both said, the corrected dates shown.
        var inverted = WebUtility.HtmlDecode(await client.GetStringAsync("/statistiques?du=2026-04-01&au=2026-01-15"));
        Assert.Contains("La fin de la période précède son début : les dates ont été inversées.", inverted, StringComparison.Ordinal);
        Assert.Contains("value=\"2026-01-15\"", inverted, StringComparison.Ordinal);
        var tooLong = WebUtility.HtmlDecode(await client.GetStringAsync("/statistiques?du=2020-01-01&au=2026-03-31"));
        Assert.Contains("La période est limitée à trois ans : elle a été raccourcie.", tooLong, StringComparison.Ordinal);
        Assert.Contains("value=\"2023-03-31\"", tooLong, StringComparison.Ordinal);

        // The staff's phone statistics read their period the same way.
        var staff = await PortalClient.SignInAsync(app, W.Admin.Email);
        var phone = WebUtility.HtmlDecode(await staff.GetStringAsync("/statistiques/telephonie?du=2026-03-04&au=2026-03-03"));
        Assert.Contains("les dates ont été inversées", phone, StringComparison.Ordinal);
        Assert.Contains("value=\"2026-03-03\"", phone, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_contract_term_edits_never_answer_500()
    {
        var admin = app.As(W.Admin.Token);
        var url = $"/api/v1/contracts/{W.ByPreset["mn"].ContractId}/terms";
        var edits = Enumerable.Range(0, 12).Select(i => i % 2 == 0
            ? admin.PutAsJsonAsync(url, new { initialPeriodMonths = 12 + i, renewals = 1 })
            : admin.PatchAsJsonAsync(url, new { initialPeriodMonths = 12 + i }));

        var responses = await Task.WhenAll(edits);

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed, $"{(int)r.StatusCode}"));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            var problem = await refused.ReadAsync();
            Assert.False(string.IsNullOrEmpty(problem.Code()));
            Assert.DoesNotContain("error occurred", problem.GetProperty("title").GetString(), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Malformed_multipart_bodies_get_bad_multipart()
    {
        var number = await CreateTicketAsync(W.A);
        var client = app.As(W.A.Referent.Token);

        var noBoundary = new ByteArrayContent(Encoding.UTF8.GetBytes("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nabc\r\n--x--\r\n"));
        noBoundary.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data");
        var truncated = new ByteArrayContent(Encoding.UTF8.GetBytes("--limite\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nabc"));
        truncated.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=limite");
        var badBoundary = new ByteArrayContent(Encoding.UTF8.GetBytes("abc"));
        badBoundary.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=\"\"");

        foreach (var body in new HttpContent[] { noBoundary, truncated, badBoundary })
        {
            var response = await client.PostAsync($"/api/v1/tickets/{number}/attachments", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("bad_multipart", (await response.ReadAsync()).Code());
        }

        Assert.Equal(0, await AttachmentCountAsync(number));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("name=\"Version\"[^>]*value=\"(\\d+)\"")]
    private static partial Regex VersionPattern();
}

public sealed class SqliteHardeningTests(SqliteApp app) : HardeningTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresHardeningTests(PostgresApp app) : HardeningTests(app), IClassFixture<PostgresApp>;
