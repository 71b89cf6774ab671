using Microsoft.Playwright;

namespace Guichet.Browser.Tests;

/// <summary>
/// The agent's action panel on a ticket in Chromium: taking in charge, asking the client for information and replying
/// with a state change are each one submit (one POST sent by the page), and the thread shows what they did.
/// </summary>
public sealed class DeskPanelTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Taking_in_charge_asking_for_information_and_replying_with_a_state_are_one_submit_each()
    {
        var organisation = await app.NewOrganisationAsync(simpleUsers: 0);
        var agentName = $"Agent Panneau {BrowserApp.Unique()}";
        var agent = await app.NewStaffAsync(agentName, Guichet.Data.StaffRoles.Agent, organisation.Id);
        var number = await app.NewTicketAsync(organisation.Referent, organisation.Products[0], "Panneau d'actions de l'agent");

        var page = await app.PageAsAsync(agent, $"/demandes/{number}");
        var posts = 0;
        page.Request += (_, request) =>
        {
            if (request.Method == "POST")
            {
                Interlocked.Increment(ref posts);
            }
        };
        var info = page.Locator("dl.info");
        var thread = page.Locator(".thread");

        // What the agent must do first comes first, and says what it will do; the rarer actions are folded.
        var take = page.GetByRole(AriaRole.Region, new() { Name = "À prendre en charge" });
        await Assertions.Expect(take).ToContainTextAsync("jalon « Prise en charge », vous devenez propriétaire, état « En cours de traitement par l'équipe en charge »");
        await Assertions.Expect(page.Locator("#minutes")).Not.ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#state")).Not.ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#state option:checked")).ToHaveTextAsync("Choisissez l'état (actuellement : Nouveau)");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("bureau-panneau");
        await AssertFitsAsync(page);
        // The page stays short (it was about 3,000 px with six open forms): the rarer forms are folded.
        var height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        Assert.True(height <= 2300, $"The ticket page is {height} px tall.");

        // "Prendre en charge": one POST for the milestone, the owner and the state.
        await take.GetByRole(AriaRole.Button, new() { Name = "Prendre en charge" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Vous avez pris la demande en charge.");
        Assert.Equal(1, posts);
        await Assertions.Expect(info).ToContainTextAsync($"Propriétaire{agentName}");
        await Assertions.Expect(info).ToContainTextAsync("ÉtatEn cours de traitement par l'équipe en charge");
        await Assertions.Expect(thread).ToContainTextAsync($"jalon : Prise en charge ({agentName})");
        await Assertions.Expect(thread).ToContainTextAsync($"affectation : propriétaire : {agentName} ; responsable : —");
        await Assertions.Expect(thread).ToContainTextAsync("état : Nouveau → En cours de traitement par l'équipe en charge");
        await Assertions.Expect(take).ToHaveCountAsync(0);
        // After a reply to the client, the workflow's state waiting for the client is proposed; after a note, no change.
        await Assertions.Expect(page.Locator("#ThenState")).ToHaveValueAsync("auto");

        // "Demander une information" without a question: said next to the field, one POST, nothing recorded.
        posts = 0;
        await page.GetByRole(AriaRole.Button, new() { Name = "Demander une information" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Text-error")).ToHaveTextAsync("Indiquez la question posée au client.");
        await Assertions.Expect(page.GetByLabel("Message", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal(1, posts);
        await page.AssertAccessibleAsync();
        await AssertFitsAsync(page);

        // With the question: one POST, the message in the thread, the ticket waits for the client.
        posts = 0;
        await page.GetByLabel("Message", new() { Exact = true }).FillAsync("Pouvez-vous nous envoyer le bordereau refusé ?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Demander une information" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Demande d'information envoyée au client");
        Assert.Equal(1, posts);
        await Assertions.Expect(info).ToContainTextAsync("ÉtatA qualifier par le client");
        await Assertions.Expect(thread).ToContainTextAsync("Pouvez-vous nous envoyer le bordereau refusé ?");
        await Assertions.Expect(thread).ToContainTextAsync("état : En cours de traitement par l'équipe en charge → A qualifier par le client");

        // A reply with "Puis passer à l'état": one POST for both; the default is no change while the client has the ball.
        posts = 0;
        await Assertions.Expect(page.Locator("#ThenState")).ToHaveValueAsync("");
        await page.GetByLabel("Message", new() { Exact = true }).FillAsync("Nous reprenons le traitement sans attendre.");
        await page.GetByLabel("Puis passer à l'état").SelectOptionAsync("en-cours");
        await page.GetByRole(AriaRole.Button, new() { Name = "Répondre au client" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Réponse envoyée au client. L'état de la demande a changé.");
        Assert.Equal(1, posts);
        await Assertions.Expect(info).ToContainTextAsync("ÉtatEn cours de traitement par l'équipe en charge");
        await Assertions.Expect(thread).ToContainTextAsync("Nous reprenons le traitement sans attendre.");

        // An internal note with the default proposal changes no state.
        posts = 0;
        await page.GetByLabel("Message", new() { Exact = true }).FillAsync("Voir avec l'éditeur.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter une note interne" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Note interne ajoutée.");
        Assert.Equal(1, posts);
        await Assertions.Expect(info).ToContainTextAsync("ÉtatEn cours de traitement par l'équipe en charge");
        await Assertions.Expect(thread.Locator("li.internal")).ToContainTextAsync("Voir avec l'éditeur.");
        await AssertFitsAsync(page);
    }

    /// <summary>At 390 px, nothing makes the page scroll sideways; the viewport is put back for the next checks.</summary>
    private static async Task AssertFitsAsync(IPage page)
    {
        await page.SetViewportSizeAsync(390, 844);
        var fits = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth");
        var wide = fits ? "" : await page.EvaluateAsync<string>("() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 390).map(e => e.tagName + '#' + e.id + '.' + e.className).join(' ')");
        await page.SetViewportSizeAsync(1280, 900);
        Assert.True(fits, "Wider than 390 px: " + wide);
    }
}
