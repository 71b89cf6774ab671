using Microsoft.Playwright;

namespace Guichet.Browser.Tests;

/// <summary>The FAQ search, the suggestions while typing a subject, the documentation and statistics pages, with axe.</summary>
public sealed class PortalFaqTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_client_searches_the_faq_and_gets_suggestions_while_typing_a_subject()
    {
        var client = await app.PageAsAsync(await app.DemoReferentAsync("kerbrat.example"));
        await client.WaitForHomeAsync();

        // The home lists the latest articles the client may read; each opens [LS 6.2.1].
        var latest = client.GetByRole(AriaRole.Region, new() { Name = "Derniers articles de la FAQ" });
        await Assertions.Expect(latest.Locator("li")).ToHaveCountAsync(3);
        var title = await latest.Locator("li a").First.InnerTextAsync();
        await latest.Locator("li a").First.ClickAsync();
        await Assertions.Expect(client.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);

        // Search without accents nor plurals finds the article written with both.
        await client.GotoAsync("/faq");
        await client.AssertAccessibleAsync();
        await client.GetByRole(AriaRole.Searchbox, new() { Name = "Rechercher" }).FillAsync("telechargement accuse");
        await client.GetByRole(AriaRole.Button, new() { Name = "Afficher" }).ClickAsync();
        await client.ArriveAsync("**/faq?q=*");
        var result = client.GetByRole(AriaRole.Link, new() { Name = "Téléchargement des accusés de réception" });
        await Assertions.Expect(result).ToBeVisibleAsync();
        await Assertions.Expect(client.Locator(".faq-results mark").First).ToBeVisibleAsync();
        await client.AssertAccessibleAsync();
        await client.ScreenshotAsync("faq-recherche");
        await result.ClickAsync();
        await Assertions.Expect(client.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Téléchargement des accusés de réception");
        await client.AssertAccessibleAsync();

        // Typing a subject: matching articles appear in a polite live region, links to new tabs.
        await client.GotoAsync("/demandes/nouvelle");
        await client.GetByLabel("Objet").PressSequentiallyAsync("Mot de pas", new() { Delay = 30 });
        var suggestions = client.Locator("#faq-suggestions");
        await Assertions.Expect(suggestions).ToHaveAttributeAsync("aria-live", "polite");
        await Assertions.Expect(suggestions.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Réinitialiser les mots de passe des agents") })).ToBeVisibleAsync();
        await client.AssertAccessibleAsync();
        await client.ScreenshotAsync("faq-suggestions");

        // Documentation and statistics pages are accessible too.
        await client.GotoAsync("/documentation");
        await client.AssertAccessibleAsync();
        await client.GotoAsync("/statistiques");
        await Assertions.Expect(client.Locator("svg[role=img]").First).ToBeVisibleAsync();
        await client.AssertAccessibleAsync();
        await client.ScreenshotAsync("statistiques");
    }

    [Fact]
    public async Task Articles_of_products_outside_the_contracts_are_not_shown()
    {
        var client = await app.PageAsAsync(await app.DemoReferentAsync("valdill.example"));
        await client.WaitForHomeAsync();
        await client.GotoAsync("/faq?q=certificats");
        await Assertions.Expect(client.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToContainTextAsync(": 0");
        await client.GotoAsync("/faq?q=navigateurs");
        await Assertions.Expect(client.GetByRole(AriaRole.Link, new() { Name = "Navigateurs pris en charge" })).ToBeVisibleAsync();
    }
}
