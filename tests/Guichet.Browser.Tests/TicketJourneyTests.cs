using Microsoft.Playwright;

namespace Guichet.Browser.Tests;

/// <summary>The whole life of a ticket through the pages, in a real Chromium, with axe on every page visited.</summary>
public sealed class TicketJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string FirstPassword = "Provisoire-Azalee-2026";
    private const string NewPassword = "Hérisson boréal sur la digue 7";

    [Fact]
    public async Task A_referent_submits_a_ticket_the_agent_handles_it_and_the_client_validates()
    {
        // An LS organisation of this test's own (the home's counts are its alone), with one earlier request.
        var organisation = await app.NewOrganisationAsync(preset: "ls", simpleUsers: 0, servedBy: ["agent-support-un@guichet.example"]);
        await app.NewTicketAsync(organisation.Referent, organisation.Products[0], "Demande précédente");
        var email = await app.CreateFirstLoginUserAsync(organisation.Domain, $"dominique.nouvel@{organisation.Domain}", FirstPassword);

        // First sign-in: password change, then the privacy notice, then the portal.
        var client = await app.NewPageAsync();
        await client.GotoAsync("/connexion");
        await client.AssertAccessibleAsync();
        await client.SignInAsync(email, FirstPassword);
        await client.ArriveAsync("**/mot-de-passe/changer");
        await client.AssertAccessibleAsync();
        await client.GetByLabel("Mot de passe actuel").FillAsync(FirstPassword);
        await client.GetByLabel("Nouveau mot de passe").FillAsync(NewPassword);
        await client.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le mot de passe" }).ClickAsync();
        await client.ArriveAsync("**/confidentialite");
        await client.AssertAccessibleAsync();
        await client.GetByRole(AriaRole.Button, new() { Name = "J'ai pris connaissance de cette information" }).ClickAsync();
        await client.WaitForHomeAsync();
        await Assertions.Expect(client.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Bonjour");
        await Assertions.Expect(client.Locator(".tiles")).ToContainTextAsync("ouverte");
        var awaiting = client.Locator(".tiles li").Nth(1).Locator("strong");
        var awaitingBefore = int.Parse((await awaiting.TextContentAsync())!, System.Globalization.CultureInfo.InvariantCulture);
        await client.AssertAccessibleAsync();
        await client.GotoAsync("/demandes");
        await client.AssertAccessibleAsync();
        await client.ScreenshotAsync("portail-liste");

        // Submission with the keyboard alone (the file is chosen through the file input).
        await client.GotoAsync("/demandes/nouvelle");
        await client.AssertAccessibleAsync();
        await client.ScreenshotAsync("portail-nouvelle-demande");
        await client.TabToAsync("ServiceType");
        await client.Keyboard.PressAsync("Home");
        await client.TabToAsync("Priority");
        await client.TabToAsync("Subject");
        await client.Keyboard.TypeAsync("Bordereau refusé par la plateforme");
        await client.TabToAsync("Body");
        await client.Keyboard.TypeAsync("Depuis ce matin, le bordereau est refusé avec le message **erreur 42**.");
        var file = Path.Combine(app.DataDirectory, "capture.txt");
        await File.WriteAllTextAsync(file, "Journal de la télétransmission");
        await client.Locator("#Files").SetInputFilesAsync(file);
        await client.PressButtonByKeyboardAsync("Envoyer la demande");
        await client.ArriveAsync(new System.Text.RegularExpressions.Regex("/demandes/[0-9]+$"));
        var number = await client.TicketNumberAsync();
        await Assertions.Expect(client.GetByRole(AriaRole.Status)).ToContainTextAsync("est enregistrée");
        await Assertions.Expect(client.GetByRole(AriaRole.Link, new() { Name = "capture.txt" })).ToBeVisibleAsync();
        await Assertions.Expect(client.Locator(".thread strong").Filter(new() { HasText = "erreur 42" })).ToBeVisibleAsync();
        await Assertions.Expect(client.Locator(".clocks")).ToContainTextAsync("Prise en charge pour qualification : avant le");
        await client.AssertAccessibleAsync();

        // The agent sees it in the desk, takes it in charge, requalifies it and asks for information.
        var agent = await app.PageAsAsync("agent-support-un@guichet.example");
        await agent.ArriveAsync("**/bureau");
        await agent.AssertAccessibleAsync();
        await agent.ScreenshotAsync("bureau-file");
        await Assertions.Expect(agent.GetByRole(AriaRole.Link, new() { Name = "Bordereau refusé par la plateforme" })).ToBeVisibleAsync();
        await agent.GotoAsync($"/demandes/{number}");
        await agent.AssertAccessibleAsync();
        await agent.ScreenshotAsync("bureau-demande");
        await agent.Locator("summary", new() { HasText = "Jalon" }).ClickAsync();
        await agent.Locator("#milestone").SelectOptionAsync("taken-in-charge");
        await agent.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le jalon" }).ClickAsync();
        await Assertions.Expect(agent.GetByRole(AriaRole.Status)).ToContainTextAsync("Jalon enregistré");
        await agent.Locator("summary", new() { HasText = "Requalifier la priorité" }).ClickAsync();
        await agent.Locator("#priority").SelectOptionAsync("3");
        await agent.GetByLabel("Motif (obligatoire, visible du client)").FillAsync("Contournement possible par le dépôt manuel");
        await agent.GetByRole(AriaRole.Button, new() { Name = "Requalifier" }).ClickAsync();
        await Assertions.Expect(agent.GetByRole(AriaRole.Status)).ToContainTextAsync("Priorité requalifiée");
        await agent.Locator("summary", new() { HasText = "Changer l'état sans message" }).ClickAsync();
        await agent.Locator("#state").SelectOptionAsync("a-qualifier-client");
        await agent.Locator("#state-comment").FillAsync("Merci de nous envoyer le bordereau refusé.");
        await agent.GetByRole(AriaRole.Button, new() { Name = "Changer l'état" }).ClickAsync();
        await Assertions.Expect(agent.GetByRole(AriaRole.Status)).ToContainTextAsync("État changé");

        // The client sees the clock suspended, replies with the keyboard: it runs again.
        await client.ReloadAsync();
        await Assertions.Expect(client.Locator(".clocks")).ToContainTextAsync("Suspendu — en attente de votre réponse");
        await client.AssertAccessibleAsync();
        await client.ScreenshotAsync("portail-demande");
        await client.TabToAsync("Text");
        await client.Keyboard.TypeAsync("Voici le bordereau demandé.");
        await client.PressButtonByKeyboardAsync("Répondre");
        await Assertions.Expect(client.GetByRole(AriaRole.Status)).ToContainTextAsync("Votre réponse est envoyée");
        await Assertions.Expect(client.Locator(".clocks")).Not.ToContainTextAsync("Suspendu");
        await Assertions.Expect(client.Locator("dl.info")).ToContainTextAsync("Votre réponse est transmise au support");

        // The agent resolves; the client validates by replying and closing.
        await agent.ReloadAsync();
        await agent.Locator("summary", new() { HasText = "Changer l'état sans message" }).ClickAsync();
        await agent.Locator("#state").SelectOptionAsync("traite-interlocuteur");
        await agent.GetByRole(AriaRole.Button, new() { Name = "Changer l'état" }).ClickAsync();
        await Assertions.Expect(agent.GetByRole(AriaRole.Status)).ToContainTextAsync("État changé");

        // The portal home counts it among the requests awaiting the client and lists it first.
        await client.GotoAsync("/");
        await Assertions.Expect(awaiting).ToHaveTextAsync((awaitingBefore + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(client.Locator(".latest li").First).ToContainTextAsync("Solution proposée : à valider");
        await client.AssertAccessibleAsync();
        await client.ScreenshotAsync("portail-accueil");
        // What the client must do comes first, with the way to it; on the ticket, the banner says it and by when.
        var todo = client.GetByRole(AriaRole.Region, new() { Name = "À faire de votre part" });
        await Assertions.Expect(todo.Locator($"a[href='/demandes/{number}']")).ToBeVisibleAsync();
        await Assertions.Expect(todo).ToContainTextAsync("close automatiquement après le");
        await client.Locator(".latest a").First.ClickAsync();
        await client.ArriveAsync($"**/demandes/{number}");
        var banner = client.GetByRole(AriaRole.Region, new() { Name = "Le support vous demande de valider la solution" });
        await Assertions.Expect(banner).ToContainTextAsync("la demande sera close automatiquement après le");

        // "Ce n'est pas résolu" without a reason, on a phone: the message next to the field, nothing wider than 390 px.
        await client.SetViewportSizeAsync(390, 844);
        await banner.GetByRole(AriaRole.Button, new() { Name = "Ce n'est pas résolu" }).ClickAsync();
        await Assertions.Expect(client.Locator("#Reason-error")).ToHaveTextAsync("Dites ce qui n'est pas résolu : le support en a besoin pour reprendre votre demande.");
        await Assertions.Expect(client.GetByLabel("Ce qui n'est pas résolu")).ToHaveAttributeAsync("aria-invalid", "true");
        var wide = await client.EvaluateAsync<string>("() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 390).map(e => e.tagName + '#' + e.id + '.' + e.className).join(' ')");
        Assert.True(wide.Length == 0, "Wider than 390 px: " + wide);
        await client.AssertAccessibleAsync();
        await client.ScreenshotAsync("portail-a-valider");
        await client.SetViewportSizeAsync(1280, 900);
        await client.GetByLabel("Votre réponse").FillAsync("C'est réglé, merci.");
        await client.GetByRole(AriaRole.Button, new() { Name = "Répondre et clore" }).ClickAsync();
        await Assertions.Expect(client.GetByRole(AriaRole.Status)).ToContainTextAsync("Votre réponse est envoyée");
        await Assertions.Expect(client.Locator("dl.info")).ToContainTextAsync("Close à votre demande");
        await Assertions.Expect(client.Locator("#repondre")).ToHaveCountAsync(0);
        await client.AssertAccessibleAsync();
    }
}
