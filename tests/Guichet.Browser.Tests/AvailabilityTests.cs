using Microsoft.Playwright;

namespace Guichet.Browser.Tests;

/// <summary>
/// The availability status pages (docs/availability.md) on the demo data: the client's /etat-du-service reached from
/// the menu and the staff's /bureau/disponibilite with a contract's page, at 390 and 1366 px, axe clean, no sideways
/// scroll, the days of the history written out (not colour only). Only reads: the demo rows are shared.
/// </summary>
public sealed class AvailabilityTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string NoSidewaysScroll = "() => document.documentElement.scrollWidth <= window.innerWidth";

    [Fact]
    public async Task The_client_status_page_shows_the_services_the_next_maintenance_and_90_days_in_words_at_390_and_1366_px()
    {
        var page = await app.PageAsAsync(await app.DemoReferentAsync("saintbenoit-hauts.example"));
        await page.WaitForHomeAsync();
        foreach (var (width, height) in new[] { (390, 844), (1366, 900) })
        {
            await page.SetViewportSizeAsync(width, height);
            await page.GotoAsync("/");
            await page.FollowMenuAsync("État du service");
            await page.ArriveAsync("**/etat-du-service");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("État du service");
            await Assertions.Expect(page.Locator(".service-state").First).ToContainTextAsync("Plateforme SaaS");
            await Assertions.Expect(page.Locator(".service-state").First).ToContainTextAsync("Disponible");
            await Assertions.Expect(page.GetByText("Montée de version de la plateforme", new() { Exact = false }).First).ToBeVisibleAsync();
            var days = page.Locator("ol.days").First.Locator("li");
            await Assertions.Expect(days).ToHaveCountAsync(90);
            // Each day says its state in text; the day of the unplanned outage says "interruption" with its length.
            Assert.All(await days.Locator(".visually-hidden").AllInnerTextsAsync(), t => Assert.Matches("^[0-9]{1,2} .+ : (aucune interruption|interruption \\(.+\\)|maintenance \\(.+\\))$", t));
            Assert.Contains(await days.Locator(".visually-hidden").AllInnerTextsAsync(), t => t.Contains(" : interruption (", StringComparison.Ordinal));
            await Assertions.Expect(page.GetByRole(AriaRole.Table).First).ToContainTextAsync("99,85 %");
            Assert.True(await page.EvaluateAsync<bool>(NoSidewaysScroll), $"Sideways scroll at {width} px");
            await page.AssertAccessibleAsync();
        }

        // The outage page from the log: the client may comment or contest it.
        await page.GetByRole(AriaRole.Link, new() { Name = "Plateforme SaaS : Interruption non planifiée", Exact = false }).ClickAsync();
        await page.ArriveAsync("**/etat-du-service/interruptions/**");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Contester" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Historique" })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();
    }

    [Fact]
    public async Task The_staff_page_lists_the_contracts_served_and_opens_a_contract_at_390_and_1366_px()
    {
        var page = await app.PageAsAsync("admin@guichet.example");
        foreach (var (width, height) in new[] { (1366, 900), (390, 844) })
        {
            await page.SetViewportSizeAsync(width, height);
            await page.GotoAsync("/bureau/disponibilite");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Disponibilité des services hébergés");
            await Assertions.Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("Commune de Saint-Benoît-des-Hauts");
            Assert.True(await page.EvaluateAsync<bool>(NoSidewaysScroll), $"Sideways scroll at {width} px");
            await page.AssertAccessibleAsync();
        }

        await page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Saint-Benoît-des-Hauts" }).GetByRole(AriaRole.Link).First.ClickAsync();
        await page.ArriveAsync(new System.Text.RegularExpressions.Regex("/bureau/disponibilite/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Annoncer une maintenance" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Le mois en cours expliqué" })).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>(NoSidewaysScroll), "Sideways scroll at 390 px on the contract page");
        await page.AssertAccessibleAsync();
    }
}
