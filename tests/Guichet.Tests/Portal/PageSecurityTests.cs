using System.Net;
using System.Text.RegularExpressions;
using Guichet.Tests.Api;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Guichet.Tests.Portal;

/// <summary>
/// The pages' protections that need no browser (moved from the browser suite): security headers, the session
/// cookie, antiforgery, another organisation's ticket and attachment, the desk filters. On organisations and staff
/// the other tests of this class leave alone (the statistics test counts A's and B's tickets).
/// </summary>
public abstract partial class PortalResourceTests
{
    [Fact]
    public async Task Pages_send_their_security_headers_and_forms_need_their_antiforgery_token()
    {
        var page = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await page.GetAsync("/connexion");
        var policy = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("no-store", string.Join(", ", response.Headers.GetValues("Cache-Control")));

        // The session cookie is HttpOnly and SameSite; without the form's token a post is refused.
        var user = W.ByPreset["e23"].Referent;
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.PrivacyAcknowledgedAt, app.Clock.GetCurrentInstant())));
        var signIn = await page.PostFormAsync("/connexion", "/connexion", new() { ["Email"] = user.Email, ["Password"] = GuichetApp.Password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var session = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("guichet=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("; httponly", session, StringComparison.Ordinal);
        Assert.Contains("; samesite=lax", session, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await page.GetAsync("/demandes/nouvelle")).StatusCode);

        // The page session never authorises the API (tokens only), so the API needs no antiforgery token.
        Assert.Equal(HttpStatusCode.Unauthorized, (await page.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await page.PostJsonAsync("/api/v1/me/tokens", new { name = "volé" })).StatusCode);
        var forged = await page.PostAsync("/demandes/nouvelle", new FormUrlEncodedContent(new Dictionary<string, string> { ["Subject"] = "Sans jeton", ["Body"] = "x" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Fact]
    public async Task Another_organisations_ticket_and_attachment_are_not_found_from_the_pages()
    {
        // A ticket of one organisation with two attachments, created by its référent.
        var (ownerOrg, otherOrg) = (W.ByPreset["e23"], W.ByPreset["es26"]);
        var created = await app.As(ownerOrg.Referent.Token).PostJsonAsync("/api/v1/tickets", new { productId = W.ProductId, queueId = W.QueueId, subject = "Demande confidentielle de l'organisation", body = "Ne concerne qu'elle." });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var number = (await created.ReadAsync()).GetProperty("number").GetInt64();
        foreach (var (name, content) in new[] { ("confidentiel.txt", "secret"), ("annexe.txt", "annexe") })
        {
            var upload = new MultipartFormDataContent { { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(content)), "file", name } };
            Assert.Equal(HttpStatusCode.Created, (await app.As(ownerOrg.Referent.Token).PostAsync($"/api/v1/tickets/{number}/attachments", upload)).StatusCode);
        }

        var owner = await PortalClient.SignInAsync(app, ownerOrg.Referent.Email);
        var ownerPage = await owner.GetStringAsync($"/demandes/{number}");
        Assert.Contains(">annexe.txt<", ownerPage, StringComparison.Ordinal);
        var attachment = WebUtility.HtmlDecode(AttachmentLink().Match(ownerPage).Groups[1].Value);
        Assert.StartsWith("/", attachment, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(attachment)).StatusCode);

        // A référent of another organisation: the same 404 page as for a ticket that does not exist.
        var other = await PortalClient.SignInAsync(app, otherOrg.Referent.Email);
        var response = await other.GetAsync($"/demandes/{number}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var notFound = await response.Content.ReadAsStringAsync();
        Assert.Matches("<h1[^>]*>\\s*Page introuvable\\s*</h1>", notFound);
        Assert.DoesNotContain("Demande confidentielle", notFound, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/demandes/999999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(attachment)).StatusCode);

        // A post with a valid antiforgery token of the intruder's own session: still not found, nothing written.
        var reply = await other.PostFormAsync("/demandes/nouvelle", $"/demandes/{number}?handler=reply&action=reply", new() { ["Text"] = "intrusion" });
        Assert.Equal(HttpStatusCode.NotFound, reply.StatusCode);
        Assert.DoesNotContain("intrusion", await owner.GetStringAsync($"/demandes/{number}"), StringComparison.Ordinal);
        Assert.DoesNotContain("Demande confidentielle", await other.GetStringAsync("/demandes?statut=all&portee=organisation"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_desk_filters_of_one_agent_are_never_shown_to_another()
    {
        // The agent serves organisation A only; organisation "mn" has a ticket the agent must not see.
        var elsewhere = W.ByPreset["mn"];
        var created = await app.As(elsewhere.Referent.Token).PostJsonAsync("/api/v1/tickets", new { productId = W.ProductId, queueId = W.QueueId, subject = "Demande d'une organisation non servie", body = "x" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        // The administrator's desk first (its filter form is cached per user): every organisation.
        var admin = await PortalClient.SignInAsync(app, W.Admin.Email);
        var adminDesk = await admin.GetAsync("/bureau");
        Assert.Equal(HttpStatusCode.OK, adminDesk.StatusCode);
        Assert.True(OrganisationOptions(await adminDesk.Content.ReadAsStringAsync()).Count > 2);

        var agent = await PortalClient.SignInAsync(app, W.AgentA.Email);
        var desk = await agent.GetStringAsync("/bureau");
        Assert.Equal(["Toutes", "Organisation ls"], OrganisationOptions(desk));
        Assert.DoesNotContain("Demande d'une organisation non servie", WebUtility.HtmlDecode(desk), StringComparison.Ordinal);
        Assert.DoesNotContain($"Organisation {elsewhere.Preset}", WebUtility.HtmlDecode(desk), StringComparison.Ordinal);
    }

    private static List<string> OrganisationOptions(string html)
    {
        var select = OrganisationSelect().Match(html);
        Assert.True(select.Success, "No organisation filter on the desk");
        return [.. OptionText().Matches(select.Groups[1].Value).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value).Trim())];
    }

    [GeneratedRegex("<a [^>]*href=\"([^\"]+)\"[^>]*>confidentiel\\.txt</a>")]
    private static partial Regex AttachmentLink();

    [GeneratedRegex("<select id=\"organisation\"[^>]*>(.*?)</select>", RegexOptions.Singleline)]
    private static partial Regex OrganisationSelect();

    [GeneratedRegex("<option[^>]*>([^<]*)</option>")]
    private static partial Regex OptionText();
}
