using Microsoft.Playwright;

namespace Guichet.Browser.Tests;

/// <summary>
/// User content is shown, never executed. (The protective headers, the antiforgery token, another organisation's
/// ticket and the desk filters need no browser: tests/Guichet.Tests/Portal/PageSecurityTests.cs.)
/// </summary>
public sealed class SecurityTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Payload = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">";

    [Fact]
    public async Task Script_in_a_subject_a_message_and_a_file_name_renders_as_inert_text()
    {
        var client = await app.PageAsAsync(await app.DemoReferentAsync("saintbenoit-hauts.example"));
        await client.WaitForHomeAsync();

        await client.GotoAsync("/demandes/nouvelle");
        await client.GetByLabel("Objet").FillAsync("Essai " + Payload);
        await client.GetByLabel("Description").FillAsync("Texte " + Payload + "\n\n[lien](javascript:document.title='pwned') et <b onmouseover=\"x()\">gras</b>");
        var file = Path.Combine(app.DataDirectory, "\"><img src=x onerror=document.title='pwned'>.txt");
        await File.WriteAllTextAsync(file, "contenu");
        await client.Locator("#Files").SetInputFilesAsync(file);
        await client.GetByRole(AriaRole.Button, new() { Name = "Envoyer la demande" }).ClickAsync();
        await client.ArriveAsync(new System.Text.RegularExpressions.Regex("/demandes/[0-9]+$"));
        var number = await client.TicketNumberAsync();

        await AssertInertAsync(client);
        await Assertions.Expect(client.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("<script>document.title='pwned'</script>");
        await Assertions.Expect(client.Locator(".thread .body").First).ToContainTextAsync("<img src=x onerror=");
        await Assertions.Expect(client.Locator("aside")).ToContainTextAsync("onerror=document.title='pwned'>.txt");
        Assert.Equal(0, await client.Locator(".thread a[href^='javascript']").CountAsync());

        // The same content in the client's list and in the agent's queue and ticket page.
        await client.GotoAsync("/demandes");
        await AssertInertAsync(client);
        var agent = await app.PageAsAsync("agent-support-un@guichet.example");
        await agent.ArriveAsync("**/bureau");
        await AssertInertAsync(agent);
        await agent.GotoAsync($"/demandes/{number}");
        await AssertInertAsync(agent);
    }

    private static async Task AssertInertAsync(IPage page)
    {
        Assert.NotEqual("pwned", await page.TitleAsync());
        Assert.Equal(0, await page.Locator("img[src=x]").CountAsync());
        Assert.Equal(0, await page.Locator("main script").CountAsync());
    }
}
