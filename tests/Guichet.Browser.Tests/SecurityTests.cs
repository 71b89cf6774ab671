using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Guichet.Browser.Tests;

/// <summary>User content is shown, never executed; the pages carry their protective headers.</summary>
public sealed class SecurityTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Payload = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">";

    [Fact]
    public async Task Script_in_a_subject_a_message_and_a_file_name_renders_as_inert_text()
    {
        var client = await app.NewPageAsync();
        await client.SignInAsync(await app.DemoReferentAsync("saintbenoit-hauts.example"), Guichet.Features.Demo.DemoData.Password);
        await client.WaitForHomeAsync();

        await client.GotoAsync("/demandes/nouvelle");
        await client.GetByLabel("Objet").FillAsync("Essai " + Payload);
        await client.GetByLabel("Description").FillAsync("Texte " + Payload + "\n\n[lien](javascript:document.title='pwned') et <b onmouseover=\"x()\">gras</b>");
        var file = Path.Combine(app.DataDirectory, "\"><img src=x onerror=document.title='pwned'>.txt");
        await File.WriteAllTextAsync(file, "contenu");
        await client.Locator("#Files").SetInputFilesAsync(file);
        await client.GetByRole(AriaRole.Button, new() { Name = "Envoyer la demande" }).ClickAsync();
        await client.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/demandes/[0-9]+$"));
        var number = await client.TicketNumberAsync();

        await AssertInertAsync(client);
        await Assertions.Expect(client.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("<script>document.title='pwned'</script>");
        await Assertions.Expect(client.Locator(".thread .body").First).ToContainTextAsync("<img src=x onerror=");
        await Assertions.Expect(client.Locator("aside")).ToContainTextAsync("onerror=document.title='pwned'>.txt");
        Assert.Equal(0, await client.Locator(".thread a[href^='javascript']").CountAsync());

        // The same content in the client's list and in the agent's queue and ticket page.
        await client.GotoAsync("/demandes");
        await AssertInertAsync(client);
        var agent = await app.NewPageAsync();
        await agent.SignInAsync("agent-support-un@guichet.example", Guichet.Features.Demo.DemoData.Password);
        await agent.WaitForURLAsync("**/bureau");
        await AssertInertAsync(agent);
        await agent.GotoAsync($"/demandes/{number}");
        await AssertInertAsync(agent);
    }

    [Fact]
    public async Task Pages_send_their_security_headers_and_forms_need_their_antiforgery_token()
    {
        var page = await app.NewPageAsync();
        var response = await page.GotoAsync("/connexion");
        var headers = await response!.AllHeadersAsync();
        Assert.Contains("script-src 'self'", headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", headers["content-security-policy"], StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Equal("nosniff", headers["x-content-type-options"]);
        Assert.Equal("same-origin", headers["referrer-policy"]);
        Assert.Equal("no-store", headers["cache-control"]);

        // The session cookie is HttpOnly and SameSite; without the form's token a post is refused.
        await page.SignInAsync(await app.DemoReferentAsync("kerbrat.example"), Guichet.Features.Demo.DemoData.Password);
        await page.WaitForHomeAsync();
        var session = (await page.Context.CookiesAsync()).Single(c => c.Name == "guichet");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, session.SameSite);
        // The page session never authorises the API (tokens only), so the API needs no antiforgery token.
        Assert.Equal(401, (await page.APIRequest.GetAsync("/api/v1/me")).Status);
        Assert.Equal(401, (await page.APIRequest.PostAsync("/api/v1/me/tokens", new() { DataObject = new { name = "volé" } })).Status);
        var forged = await page.APIRequest.PostAsync("/demandes/nouvelle", new() { Form = page.APIRequest.CreateFormData().Set("Subject", "Sans jeton").Set("Body", "x") });
        Assert.Equal(400, forged.Status);
    }

    [Fact]
    public async Task Another_organisations_ticket_and_attachment_are_not_found_from_the_pages()
    {
        // A ticket of Kerbrat with an attachment, created by its référent.
        var owner = await app.NewPageAsync();
        await owner.SignInAsync(await app.DemoReferentAsync("kerbrat.example"), Guichet.Features.Demo.DemoData.Password);
        await owner.WaitForHomeAsync();
        await owner.GotoAsync("/demandes/nouvelle");
        await owner.GetByLabel("Objet").FillAsync("Demande confidentielle de Kerbrat");
        await owner.GetByLabel("Description").FillAsync("Ne concerne que Kerbrat.");
        var file = Path.Combine(app.DataDirectory, "confidentiel.txt");
        await File.WriteAllTextAsync(file, "secret");
        var second = Path.Combine(app.DataDirectory, "annexe.txt");
        await File.WriteAllTextAsync(second, "annexe");
        await owner.Locator("#Files").SetInputFilesAsync([file, second]);
        await owner.GetByRole(AriaRole.Button, new() { Name = "Envoyer la demande" }).ClickAsync();
        await owner.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/demandes/[0-9]+$"));
        var number = await owner.TicketNumberAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Link, new() { Name = "annexe.txt" })).ToBeVisibleAsync();
        var attachment = await owner.GetByRole(AriaRole.Link, new() { Name = "confidentiel.txt" }).GetAttributeAsync("href");

        // A référent of another organisation: the same 404 page as for a ticket that does not exist.
        var other = await app.NewPageAsync();
        await other.SignInAsync(await app.DemoReferentAsync("valdill.example"), Guichet.Features.Demo.DemoData.Password);
        await other.WaitForHomeAsync();
        var response = await other.GotoAsync($"/demandes/{number}");
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(other.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Page introuvable");
        await other.AssertAccessibleAsync();
        var missing = await other.GotoAsync("/demandes/999999999");
        Assert.Equal(404, missing!.Status);
        var download = await other.APIRequest.GetAsync(attachment!);
        Assert.Equal(404, download.Status);

        // A post with a valid antiforgery token of the intruder's own session: still not found, nothing written.
        await other.GotoAsync("/demandes/nouvelle");
        var token = await other.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        var reply = await other.APIRequest.PostAsync($"/demandes/{number}?handler=reply&action=reply", new()
        {
            Form = other.APIRequest.CreateFormData().Set("Text", "intrusion").Set("__RequestVerificationToken", token!),
        });
        Assert.Equal(404, reply.Status);
        await owner.ReloadAsync();
        Assert.DoesNotContain("intrusion", await owner.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("Demande confidentielle", await other.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_desk_filters_of_one_agent_are_never_shown_to_another()
    {
        // Agent Support Deux now serves Kerbrat only.
        await app.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<Guichet.Data.GuichetDbContext>();
            var agent = await db.Users.SingleAsync(u => u.Email == "agent-support-deux@guichet.example");
            var kerbrat = await db.Organisations.SingleAsync(o => o.Name == "Commune de Kerbrat-sur-Mer");
            return await db.StaffOrganisations.Where(s => s.UserId == agent.Id && s.OrganisationId != kerbrat.Id).ExecuteDeleteAsync();
        });

        var admin = await app.NewPageAsync();
        await admin.SignInAsync("admin@guichet.example", Guichet.Features.Demo.DemoData.Password);
        await admin.GotoAsync("/bureau");
        Assert.True(await admin.Locator("#organisation option").CountAsync() > 2);

        var agent = await app.NewPageAsync();
        await agent.SignInAsync("agent-support-deux@guichet.example", Guichet.Features.Demo.DemoData.Password);
        await agent.WaitForURLAsync("**/bureau");
        Assert.Equal(["Toutes", "Commune de Kerbrat-sur-Mer"], await agent.Locator("#organisation option").AllTextContentsAsync());
        Assert.Equal(0, await agent.GetByRole(AriaRole.Cell, new() { Name = "Communauté de communes du Val d'Ill" }).CountAsync());
    }

    private static async Task AssertInertAsync(IPage page)
    {
        Assert.NotEqual("pwned", await page.TitleAsync());
        Assert.Equal(0, await page.Locator("img[src=x]").CountAsync());
        Assert.Equal(0, await page.Locator("main script").CountAsync());
    }
}
