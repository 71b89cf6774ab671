using Microsoft.Playwright;

namespace Guichet.Browser.Tests;

/// <summary>
/// Remote assistance on a ticket (issue 16): the client authorises it from the ticket page, the agent sees the consent,
/// records the session, and both see it in the ticket's section; axe clean.
/// </summary>
public sealed class RemoteAssistanceTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_client_authorises_and_both_sides_see_the_session()
    {
        var organisation = await app.NewOrganisationAsync(simpleUsers: 0);
        var agent = await app.NewStaffAsync($"Agent Distance {BrowserApp.Unique()}", Guichet.Data.StaffRoles.Agent, organisation.Id);
        var number = await app.NewTicketAsync(organisation.Referent, organisation.Products[0], "Poste à dépanner à distance");

        var client = await app.PageAsAsync(organisation.Referent, $"/demandes/{number}");
        var section = client.GetByRole(AriaRole.Region, new() { Name = "Prise en main à distance" });
        await Assertions.Expect(section).ToContainTextAsync("Aucun accord enregistré.");
        await section.GetByRole(AriaRole.Button, new() { Name = "J'autorise la prise en main à distance" }).ClickAsync();
        await Assertions.Expect(client.GetByRole(AriaRole.Status)).ToContainTextAsync("Votre accord à la prise en main à distance est enregistré.");
        await Assertions.Expect(section).ToContainTextAsync("depuis le portail");
        await client.AssertAccessibleAsync();

        // The agent records a session that started after the consent (a minute ahead of now, ending a few minutes later).
        var page = await app.PageAsAsync(agent, $"/demandes/{number}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Enregistrer un accord oral ou une session" }).ClickAsync();
        var now = NodaTime.SystemClock.Instance.GetCurrentInstant().InZone(Guichet.Domain.Calendars.Territory.Metropole.Zone).LocalDateTime;
        string Local(NodaTime.LocalDateTime t) => t.ToString("yyyy'-'MM'-'dd'T'HH':'mm", System.Globalization.CultureInfo.InvariantCulture);

        // Without the fields: said next to each, in French.
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la session" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Tool-error")).ToHaveTextAsync("Indiquez l'outil.");
        await page.AssertAccessibleAsync();

        await page.Locator("#Tool").FillAsync("Outil de prise en main");
        await page.Locator("#StartedAt").FillAsync(Local(now.PlusMinutes(1)));
        await page.Locator("#EndedAt").FillAsync(Local(now.PlusMinutes(3)));
        await page.Locator("#UserPresent").FillAsync("La personne qui a appelé");
        await page.Locator("#ClosedBy").FillAsync("L'utilisateur");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la session" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("La session de prise en main à distance est enregistrée.");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Prise en main à distance" })).ToContainTextAsync("Outil de prise en main, en présence de La personne qui a appelé, fermée par L'utilisateur");

        await client.ReloadAsync();
        await Assertions.Expect(section).ToContainTextAsync("fermée par L'utilisateur");
    }
}
