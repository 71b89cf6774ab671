using Guichet.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Guichet.Browser.Tests;

/// <summary>
/// The notification templates page (previewed only: a saved template would change the mail other tests read) and an
/// organisation's notification defaults, in Chromium: axe clean, nothing wider than a phone's 390 px.
/// </summary>
public sealed class MailTemplatePageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task An_administrator_previews_a_template_and_a_referent_sets_the_organisation_s_defaults()
    {
        var admin = await app.PageAsAsync("admin@guichet.example", "/admin");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Modèles des courriels" }).ClickAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = "Réponse du support", Exact = true }).ClickAsync();
        await admin.ArriveAsync("**/admin/modeles-courriel/reponse");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Prévisualiser" }).ClickAsync();

        // The preview: invented values, the HTML version in its frame.
        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Aperçu avec des valeurs d'exemple" })).ToBeVisibleAsync();
        await Assertions.Expect(admin.Locator(".mail-subject")).ToHaveTextAsync("[T004217] Réponse du support : Export des mandats de mars refusé par la trésorerie");
        await Assertions.Expect(admin.FrameLocator("iframe.mail-html").GetByText("Bastien Laroche a répondu à votre demande :")).ToBeVisibleAsync();
        await admin.ScreenshotAsync("modele-courriel-apercu");
        await admin.AssertAccessibleAsync(frames: false).WaitAsync(TimeSpan.FromMinutes(1));
        await AssertFitsAsync(admin);

        // A syntax error: said in French next to the field, which keeps what was typed.
        await admin.SetViewportSizeAsync(1280, 900);
        await admin.Locator("#Subject").FillAsync("{{ ticket.objet ");
        // By the keyboard: a mouse click computed before the page settles at its new width can land beside the button
        // when the machine is loaded (seen with the every-page walks beside this test).
        await admin.GetByRole(AriaRole.Button, new() { Name = "Prévisualiser" }).FocusAsync();
        await admin.Keyboard.PressAsync("Enter");
        await Assertions.Expect(admin.Locator("#Subject-error")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Le modèle contient une erreur de syntaxe Liquid à la ligne 1, colonne 1[56] : « }} » est attendu pour fermer la valeur ouverte par « {{ »\\. Ligne concernée : « {{ ticket\\.objet »\\.$"));
        await Assertions.Expect(admin.Locator("#Subject")).ToHaveAttributeAsync("aria-invalid", "true");
        await admin.AssertAccessibleAsync();

        // The référent's defaults, from the users page, on a phone.
        var organisation = await app.NewOrganisationAsync(simpleUsers: 1);
        var referent = await app.PageAsAsync(organisation.Referent, "/organisation/utilisateurs");
        await referent.GetByRole(AriaRole.Link, new() { Name = "Notifications par courriel par défaut de l'organisation" }).ClickAsync();
        await referent.ArriveAsync("**/organisation/notifications");
        await AssertFitsAsync(referent);
        var reply = referent.GetByRole(AriaRole.Group, new() { Name = "Réponse du support" });
        await reply.GetByLabel("Dans le résumé quotidien").CheckAsync();
        await referent.Locator("#heure-reponse").FillAsync("7");
        await referent.GetByRole(AriaRole.Button, new() { Name = "Enregistrer les réglages de l'organisation" }).ClickAsync();
        await Assertions.Expect(referent.GetByRole(AriaRole.Status)).ToContainTextAsync("Les réglages par défaut des notifications de l'organisation sont enregistrés.");
        await Assertions.Expect(reply.Locator(".hint").First).ToHaveTextAsync("Réglage de l'organisation : dans le résumé quotidien de 7 h.");
        await referent.ScreenshotAsync("organisation-notifications");
        await referent.SetViewportSizeAsync(1280, 900);
        await referent.AssertAccessibleAsync();

        var saved = await app.WithServicesAsync(s => s.GetRequiredService<GuichetDbContext>().Set<Features.Notifications.OrganisationNotificationDefault>()
            .Where(d => d.OrganisationId == organisation.Id && d.Kind == "reponse").Select(d => new { d.Enabled, d.Digest, d.DigestHour }).SingleAsync());
        Assert.Equal(new { Enabled = true, Digest = true, DigestHour = 7 }, saved);
    }

    /// <summary>Nothing in the page's main part is wider than a phone (the layout's header menu is not this page's).</summary>
    private static async Task AssertFitsAsync(IPage page)
    {
        await page.SetViewportSizeAsync(390, 844);
        var wide = await page.EvaluateAsync<string>("() => [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > 390).map(e => e.tagName + '#' + e.id + '.' + e.className).join(' ')");
        Assert.True(wide.Length == 0, "Wider than 390 px: " + wide);
    }
}
