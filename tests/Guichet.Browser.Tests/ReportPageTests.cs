using Microsoft.Playwright;

namespace Guichet.Browser.Tests;

/// <summary>
/// The service-level reports in a browser: staff reach « Rapports » from the menu, choose a contract and read its
/// compliance, times, backlog and accounts (charts named for assistive technologies, tables beside them), then the
/// printable version, which prints without the navigation; a référent reaches the monthly report from the portal's
/// menu and picks a month. Axe clean at every step.
/// </summary>
public sealed class ReportPageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Staff_choose_a_contract_and_print_its_report()
    {
        var organisation = await app.NewOrganisationAsync(preset: "e23", simpleUsers: 1);
        await app.NewTicketAsync(organisation.Referent, organisation.Products[0], "Export des actes en échec");
        var page = await app.PageAsAsync("admin@guichet.example");
        await page.ArriveAsync("**/bureau");
        await page.FollowMenuAsync("Rapports");
        await page.ArriveAsync("**/rapports");
        await page.AssertAccessibleAsync();

        await page.Locator("#perimetre").SelectOptionAsync(new SelectOptionValue { Label = $"Contrat : {organisation.Name} — {organisation.ContractName}" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Afficher" }).ClickAsync();
        await page.ArriveAsync($"**/rapports?perimetre=c-{organisation.ContractId}*");
        var main = page.Locator("main");
        await Assertions.Expect(main).ToContainTextAsync($"{organisation.Name} — {organisation.ContractName}");
        await Assertions.Expect(main.GetByRole(AriaRole.Heading, new() { Name = "Respect des engagements" })).ToBeVisibleAsync();
        await Assertions.Expect(main).ToContainTextAsync("Prise en charge sous 8 heures ouvrées");
        await Assertions.Expect(main.GetByRole(AriaRole.Img, new() { Name = "Demandes ouvertes par ancienneté" })).ToBeVisibleAsync();
        await Assertions.Expect(main.GetByRole(AriaRole.Table, new() { Name = "Demandes ouvertes par priorité et ancienneté" })).ToContainTextAsync("1");
        await page.AssertAccessibleAsync();
        await page.SetViewportSizeAsync(1366, 900);
        await page.AssertAccessibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Version imprimable" }).ClickAsync();
        await page.ArriveAsync("**/rapports?impression=true*");
        await Assertions.Expect(page.Locator("form.filters")).ToHaveCountAsync(0);
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.Locator("header.site")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Demandes ouvertes par ancienneté" })).ToBeVisibleAsync();
        await page.EmulateMediaAsync(new() { Media = Media.Screen });
        await page.AssertAccessibleAsync();
    }

    [Fact]
    public async Task A_referent_opens_the_monthly_report_from_the_portal()
    {
        var organisation = await app.NewOrganisationAsync(preset: "e23", simpleUsers: 1);
        await app.NewTicketAsync(organisation.Referent, organisation.Products[0], "Signature refusée");
        var page = await app.PageAsAsync(organisation.Referent);
        await page.WaitForHomeAsync();
        await page.SetViewportSizeAsync(390, 844);
        await page.FollowMenuAsync("Rapport mensuel");
        await page.ArriveAsync("**/statistiques/rapport-mensuel");
        await page.AssertAccessibleAsync();

        var month = DateTime.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        await page.Locator("#mois").FillAsync(month);
        await page.GetByRole(AriaRole.Button, new() { Name = "Afficher" }).ClickAsync();
        await page.ArriveAsync($"**/statistiques/rapport-mensuel?mois={month}*");
        var main = page.Locator("main");
        await Assertions.Expect(main).ToContainTextAsync(organisation.Name);
        await Assertions.Expect(main.GetByRole(AriaRole.Heading, new() { Name = "Délais au regard des objectifs" })).ToBeVisibleAsync();
        await Assertions.Expect(main.GetByRole(AriaRole.Table, new() { Name = "Demandes ouvertes par priorité et ancienneté" })).ToContainTextAsync("Total");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The monthly report is wider than 390 px.");
        await page.AssertAccessibleAsync();
        await page.SetViewportSizeAsync(1366, 900);
        await page.AssertAccessibleAsync();
    }
}
