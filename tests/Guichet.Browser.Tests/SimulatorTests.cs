using Microsoft.Playwright;

namespace Guichet.Browser.Tests;

/// <summary>The SLA simulator page: the same engine as tickets, for the provider's staff only.</summary>
public sealed class SimulatorTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Staff_simulate_a_ticket_and_see_its_dues_and_counted_periods()
    {
        var page = await app.PageAsAsync("agent-support-un@guichet.example");
        await page.ArriveAsync("**/bureau");
        await page.GotoAsync("/admin/simulateur");
        await page.AssertAccessibleAsync();

        // LS, priority 1, Tuesday 7 April 2026 09:30 in Paris: take-charge within 8 business hours (09–12, 14–18).
        await page.GetByLabel("Contrat type").SelectOptionAsync("ls");
        await page.GetByLabel("Priorité").FillAsync("1");
        await page.GetByLabel("Événements, un par ligne").FillAsync("2026-04-07 09:30 created");
        await page.GetByLabel("Évaluer au").FillAsync("2026-04-07 10:30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Simuler" }).ClickAsync();
        var takeCharge = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Prise en charge pour qualification" });
        await Assertions.Expect(takeCharge).ToContainTextAsync("avant le mercredi 8 avril 2026 à 10:30");
        await Assertions.Expect(takeCharge).ToContainTextAsync("1 h");
        await page.AssertAccessibleAsync();

        // A wrong line is reported with its number, and what was typed stays.
        await page.GetByLabel("Événements, un par ligne").FillAsync("2026-04-07 09:30 created\n2026-04-07 nimporte quoi");
        await page.GetByRole(AriaRole.Button, new() { Name = "Simuler" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("Ligne 2");
        await Assertions.Expect(page.GetByLabel("Événements, un par ligne")).ToHaveValueAsync("2026-04-07 09:30 created\n2026-04-07 nimporte quoi");
        await page.AssertAccessibleAsync();
    }

    [Fact]
    public async Task Clients_do_not_see_the_simulator()
    {
        var page = await app.PageAsAsync(await app.DemoReferentAsync("kerbrat.example"));
        await page.WaitForHomeAsync();
        var response = await page.GotoAsync("/admin/simulateur");
        Assert.Equal(404, response!.Status);
    }
}
