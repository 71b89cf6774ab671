using Guichet.Features.Mail;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;

namespace Guichet.Browser.Tests;

/// <summary>The forgotten-password journey through the pages and the real SMTP server started by ./test.sh.</summary>
[Collection(Outbox.Collection)]
public sealed class PasswordResetTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_user_resets_a_forgotten_password_from_the_mail_and_signs_in_with_the_new_one()
    {
        Assert.False(string.IsNullOrWhiteSpace(BrowserApp.SmtpPort), "GUICHET_TEST_SMTP_PORT is not set: run the suites with ./test.sh, which starts an SMTP server.");
        // A user of this test's own: the password changes.
        var email = (await app.NewOrganisationAsync(simpleUsers: 0)).Referent;
        var page = await app.NewPageAsync();
        await page.GotoAsync("/connexion");
        await page.GetByRole(AriaRole.Link, new() { Name = "Mot de passe oublié ?" }).ClickAsync();
        await page.AssertAccessibleAsync();
        await page.GetByLabel("Adresse e-mail").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Recevoir le lien" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Si un compte existe pour cette adresse");
        await page.AssertAccessibleAsync();

        // The outbox job delivers it to the SMTP server; the link comes from the message it received.
        var sent = await app.WithServicesAsync(s => s.GetRequiredService<OutboxDelivery>().RunOnceAsync(CancellationToken.None));
        Assert.True(sent >= 1);
        var message = await BrowserApp.ReceivedAsync(email, app.BaseUrl);
        Assert.Contains("mot de passe", message.Subject, StringComparison.Ordinal);
        var link = (message.TextBody ?? "").Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith(app.BaseUrl + "/mot-de-passe/reinitialiser?", StringComparison.Ordinal));

        await page.GotoAsync(link);
        await page.AssertAccessibleAsync();
        await Assertions.Expect(page.GetByLabel("Adresse e-mail")).ToHaveValueAsync(email);
        await page.GetByLabel("Nouveau mot de passe").FillAsync("Loutre paisible au bord du canal 9");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le mot de passe" }).ClickAsync();
        await page.ArriveAsync("**/connexion");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Votre mot de passe est changé");

        await page.SignInAsync(email, "Loutre paisible au bord du canal 9");
        await page.WaitForHomeAsync();

        // The same link a second time is refused with a clear message.
        var again = await app.NewPageAsync();
        await again.GotoAsync(link);
        await again.GetByLabel("Nouveau mot de passe").FillAsync("Autre phrase de passe très longue 10");
        await again.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le mot de passe" }).ClickAsync();
        await Assertions.Expect(again.Locator(".error-summary")).ToContainTextAsync("n'est pas valide ou a expiré");
        await again.AssertAccessibleAsync();
    }
}
