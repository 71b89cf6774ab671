using Microsoft.Playwright;

namespace Guichet.Browser.Tests;

/// <summary>
/// The "Personnes informées" section of a ticket in Chromium: a client informs a colleague on a phone (the section
/// fits 390 px, a refusal is said next to the select, axe clean), and a staff member follows the ticket.
/// </summary>
public sealed class FollowerTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_client_informs_a_colleague_on_a_phone_and_staff_follow_the_ticket()
    {
        var organisation = await app.NewOrganisationAsync(simpleUsers: 2);
        var n = organisation.Domain["essai-".Length..^".example".Length];
        var colleague = $"Utilisateur 2 Essai {n}";
        var agentName = $"Agent Suivi {BrowserApp.Unique()}";
        var agent = await app.NewStaffAsync(agentName, Guichet.Data.StaffRoles.Agent, organisation.Id);
        var number = await app.NewTicketAsync(organisation.Members[1], organisation.Products[0], "Personnes à informer");

        var client = await app.PageAsAsync(organisation.Members[1], $"/demandes/{number}");
        await client.SetViewportSizeAsync(390, 844);
        var section = client.GetByRole(AriaRole.Region, new() { Name = "Personnes informées" });
        await Assertions.Expect(section).ToContainTextAsync("(auteur de la demande)");
        await Assertions.Expect(section.GetByRole(AriaRole.Button, new() { Name = "Suivre cette demande" })).ToHaveCountAsync(0);

        // Nobody chosen: the French message next to the select, which the summary links to.
        await section.GetByRole(AriaRole.Button, new() { Name = "Ajouter" }).ClickAsync();
        await Assertions.Expect(client.Locator("#followerId-error")).ToHaveTextAsync("Choisissez la personne à informer.");
        await Assertions.Expect(client.Locator("#followerId")).ToHaveAttributeAsync("aria-invalid", "true");
        await client.Locator(".error-summary a").First.ClickAsync();
        await Assertions.Expect(client.Locator("#followerId")).ToBeFocusedAsync();
        await AssertFitsAsync(client);
        await client.SetViewportSizeAsync(1280, 900);
        await client.AssertAccessibleAsync();
        await client.SetViewportSizeAsync(390, 844);

        // Chosen: said, listed with its remove button, no longer offered.
        await client.GetByLabel("Informer un collègue").SelectOptionAsync(new SelectOptionValue { Label = colleague });
        await section.GetByRole(AriaRole.Button, new() { Name = "Ajouter" }).ClickAsync();
        await Assertions.Expect(client.GetByRole(AriaRole.Status)).ToContainTextAsync($"{colleague} recevra les nouvelles de cette demande par courriel.");
        await Assertions.Expect(section.GetByRole(AriaRole.Button, new() { Name = $"Retirer {colleague}" })).ToBeVisibleAsync();
        await Assertions.Expect(client.Locator("#followerId option", new() { HasText = colleague })).ToHaveCountAsync(0);
        await AssertFitsAsync(client);
        await client.SetViewportSizeAsync(1280, 900);
        await client.AssertAccessibleAsync();

        // Staff follow the ticket, then stop; the client never sees staff followers.
        var staff = await app.PageAsAsync(agent, $"/demandes/{number}");
        var panel = staff.GetByRole(AriaRole.Region, new() { Name = "Personnes informées" });
        await panel.GetByRole(AriaRole.Button, new() { Name = "Suivre cette demande" }).ClickAsync();
        await Assertions.Expect(staff.GetByRole(AriaRole.Status)).ToContainTextAsync("Vous suivez cette demande");
        await Assertions.Expect(panel).ToContainTextAsync($"{agentName} (vous, équipe)");
        await staff.AssertAccessibleAsync();
        await client.ReloadAsync();
        await Assertions.Expect(section).Not.ToContainTextAsync(agentName);
        await panel.GetByRole(AriaRole.Button, new() { Name = "Ne plus suivre" }).ClickAsync();
        await Assertions.Expect(staff.GetByRole(AriaRole.Status)).ToContainTextAsync("Vous ne suivez plus cette demande.");
        await Assertions.Expect(panel.GetByRole(AriaRole.Button, new() { Name = "Suivre cette demande" })).ToBeVisibleAsync();
    }

    /// <summary>The section fits a phone's width (the site's header menu is the layout's, wider on every page).</summary>
    private static async Task AssertFitsAsync(IPage page)
    {
        var wide = await page.EvaluateAsync<string>("() => [...document.querySelectorAll('section.followers, section.followers *')].filter(e => e.getBoundingClientRect().right > 390).map(e => e.tagName + '#' + e.id + '.' + e.className).join(' ')");
        Assert.True(wide.Length == 0, "Wider than 390 px: " + wide);
    }
}
