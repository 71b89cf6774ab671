using Guichet.Data;
using Guichet.Features.Demo;
using Guichet.Features.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;

namespace Guichet.Browser.Tests;

/// <summary>User management by the référent [LS 6.6]: requests, staff decisions, the invitation, quotas and access.</summary>
[Collection(Outbox.Collection)]
public sealed class ReferentUsersTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string NewPassword = "Héron cendré sur la digue du port 7";

    [Fact]
    public async Task A_referent_requests_a_user_staff_accept_and_the_invited_user_sets_a_password_and_sees_the_tickets()
    {
        Assert.False(string.IsNullOrWhiteSpace(BrowserApp.SmtpPort), "GUICHET_TEST_SMTP_PORT is not set: run the suites with ./test.sh, which starts an SMTP server.");

        // Val d'Ill's contract allows 4 users per application (its 3 demo users fill the default quota).
        var manager = await app.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<GuichetDbContext>();
            var org = await db.Organisations.SingleAsync(o => o.Name == "Communauté de communes du Val d'Ill");
            await db.Contracts.Where(c => c.OrganisationId == org.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.UsersPerProduct, 4));
            return (await db.Users.SingleAsync(u => u.Id == org.AccountManagerId)).Email!;
        });

        var referent = await app.PageAsAsync(await app.DemoReferentAsync("valdill.example"));
        await referent.WaitForHomeAsync();
        await referent.FollowMenuAsync("Utilisateurs");
        await referent.ArriveAsync("**/organisation/utilisateurs");
        await Assertions.Expect(referent.Locator("#quotas + ul")).ToContainTextAsync("Gestion financière : 3 utilisateurs sur 4");
        await referent.AssertAccessibleAsync();
        await referent.GetByRole(AriaRole.Link, new() { Name = "Demander l'ajout d'un utilisateur" }).ClickAsync();
        await referent.AssertAccessibleAsync();

        // A shared mailbox is refused; what was typed stays.
        await referent.GetByLabel("Nom de l'utilisateur", new() { Exact = true }).FillAsync("Nouvel");
        await referent.GetByLabel("Prénom de l'utilisateur").FillAsync("Eden");
        await referent.GetByLabel("Adresse e-mail de l'utilisateur").FillAsync("mairie@valdill.example");
        await referent.GetByLabel("Numéro de téléphone de l'utilisateur").FillAsync("03 88 12 34 56");
        await referent.GetByLabel("Gestion financière").CheckAsync();
        await referent.GetByLabel("Commentaires (facultatif)").FillAsync("Service des finances, formée en interne.");
        await referent.GetByRole(AriaRole.Button, new() { Name = "Envoyer la demande" }).ClickAsync();
        await Assertions.Expect(referent.Locator(".error-summary")).ToContainTextAsync("doit être nominative");
        await Assertions.Expect(referent.GetByLabel("Nom de l'utilisateur", new() { Exact = true })).ToHaveValueAsync("Nouvel");
        await Assertions.Expect(referent.GetByLabel("Gestion financière")).ToBeCheckedAsync();
        await Assertions.Expect(referent.GetByLabel("Commentaires (facultatif)")).ToHaveValueAsync("Service des finances, formée en interne.");
        await referent.AssertAccessibleAsync();
        await referent.ScreenshotAsync("portail-ajout-utilisateur");

        await referent.GetByLabel("Adresse e-mail de l'utilisateur").FillAsync("eden.nouvel@valdill.example");
        await referent.GetByRole(AriaRole.Button, new() { Name = "Envoyer la demande" }).ClickAsync();
        await Assertions.Expect(referent.Locator(".error-summary")).ToHaveCountAsync(0);
        await referent.ArriveAsync("**/organisation/utilisateurs");
        await Assertions.Expect(referent.GetByRole(AriaRole.Status)).ToContainTextAsync("est envoyée");
        await Assertions.Expect(referent.Locator("table[aria-labelledby=historique]")).ToContainTextAsync("En cours de traitement");
        await referent.AssertAccessibleAsync();
        await referent.ScreenshotAsync("portail-utilisateurs");

        // The organisation's account manager accepts it.
        var staff = await app.PageAsAsync(manager);
        await staff.ArriveAsync("**/bureau");
        await staff.GetByRole(AriaRole.Link, new() { Name = "Demandes d'utilisateurs" }).ClickAsync();
        await staff.ArriveAsync("**/admin/demandes-utilisateurs");
        await Assertions.Expect(staff.GetByRole(AriaRole.Heading, new() { Name = "Ajout — Eden Nouvel" })).ToBeVisibleAsync();
        await staff.AssertAccessibleAsync();
        await staff.ScreenshotAsync("bureau-demandes-utilisateurs");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Accepter la demande d'ajout de Eden Nouvel" }).ClickAsync();
        await Assertions.Expect(staff.GetByRole(AriaRole.Status)).ToContainTextAsync("acceptée");
        await Assertions.Expect(staff.Locator("table[aria-labelledby=traitees]")).ToContainTextAsync("Eden Nouvel");
        await staff.AssertAccessibleAsync();

        await referent.ReloadAsync();
        await Assertions.Expect(referent.Locator("table[aria-labelledby=historique]")).ToContainTextAsync("Acceptée");
        await Assertions.Expect(referent.Locator("tr", new() { Has = referent.GetByRole(AriaRole.Rowheader, new() { Name = "Eden Nouvel" }) })).ToContainTextAsync("Gestion financière");

        // The invitation reaches the SMTP server; its link sets the password once.
        var sent = await app.WithServicesAsync(s => s.GetRequiredService<OutboxDelivery>().RunOnceAsync(CancellationToken.None));
        Assert.True(sent >= 2); // the invitation and the requester's notice
        var message = await BrowserApp.ReceivedAsync("eden.nouvel@valdill.example", app.BaseUrl);
        var link = (message.TextBody ?? "").Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith(app.BaseUrl + "/invitation?", StringComparison.Ordinal));
        var user = await app.NewPageAsync();
        await user.GotoAsync(link);
        await user.AssertAccessibleAsync();
        await Assertions.Expect(user.GetByLabel("Adresse e-mail")).ToHaveValueAsync("eden.nouvel@valdill.example");
        await user.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(NewPassword);
        await user.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le mot de passe" }).ClickAsync();
        await user.ArriveAsync("**/connexion");
        await Assertions.Expect(user.GetByRole(AriaRole.Status)).ToContainTextAsync("Votre mot de passe est enregistré");

        await user.SignInAsync("eden.nouvel@valdill.example", NewPassword);
        await user.ArriveAsync("**/confidentialite");
        await user.AssertAccessibleAsync();
        await user.GetByRole(AriaRole.Button, new() { Name = "J'ai pris connaissance de cette information" }).ClickAsync();
        await user.WaitForHomeAsync();
        await user.GotoAsync("/demandes?statut=all&portee=organisation");
        await Assertions.Expect(user.Locator("table tbody tr").First).ToBeVisibleAsync();
        await user.AssertAccessibleAsync();
        await user.GotoAsync("/compte");
        await Assertions.Expect(user.Locator("#applications + p + ul")).ToHaveTextAsync("Gestion financière");
        await user.AssertAccessibleAsync();

        // The link a second time is refused.
        var again = await app.NewPageAsync();
        await again.GotoAsync(link);
        await again.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync("Autre phrase de passe très longue 10");
        await again.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le mot de passe" }).ClickAsync();
        await Assertions.Expect(again.Locator(".error-summary")).ToContainTextAsync("a déjà servi ou a expiré");
        await again.AssertAccessibleAsync();
    }

    [Fact]
    public async Task A_fourth_user_on_an_application_with_a_quota_of_three_is_refused_with_a_french_message()
    {
        var referent = await app.PageAsAsync(await app.DemoReferentAsync("kerbrat.example"));
        await referent.WaitForHomeAsync();
        await referent.GotoAsync("/organisation/utilisateurs/demande");
        await referent.GetByLabel("Nom de l'utilisateur", new() { Exact = true }).FillAsync("Quatrième");
        await referent.GetByLabel("Prénom de l'utilisateur").FillAsync("Alix");
        await referent.GetByLabel("Adresse e-mail de l'utilisateur").FillAsync("alix.quatrieme@kerbrat.example");
        await referent.GetByLabel("Numéro de téléphone de l'utilisateur").FillAsync("02 98 00 00 04");
        await referent.GetByLabel("Référent", new() { Exact = true }).CheckAsync();
        await referent.GetByLabel("Actes en ligne").CheckAsync();
        await referent.GetByRole(AriaRole.Button, new() { Name = "Envoyer la demande" }).ClickAsync();
        await Assertions.Expect(referent.Locator(".error-summary")).ToContainTextAsync("L'application « Actes en ligne » a atteint son quota de 3 utilisateurs : 3 y sont déjà déclarés.");
        await Assertions.Expect(referent.GetByLabel("Adresse e-mail de l'utilisateur")).ToHaveValueAsync("alix.quatrieme@kerbrat.example");
        await Assertions.Expect(referent.GetByLabel("Référent", new() { Exact = true })).ToBeCheckedAsync();
        await referent.AssertAccessibleAsync();
        var recorded = await app.WithServicesAsync(s => s.GetRequiredService<GuichetDbContext>().UserRequests.CountAsync(r => r.Email == "alix.quatrieme@kerbrat.example"));
        Assert.Equal(0, recorded);
    }

    [Fact]
    public async Task Simple_users_agents_and_other_organisations_get_404()
    {
        var (simple, strangerId) = await app.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<GuichetDbContext>();
            var simpleUser = await db.Users.FirstAsync(u => !u.IsReferent && u.Email!.EndsWith("@kerbrat.example"));
            var stranger = await db.Users.FirstAsync(u => u.Email!.EndsWith("@landesvertes.example"));
            return (simpleUser.Email!, stranger.Id);
        });

        var page = await app.PageAsAsync(simple);
        await page.WaitForHomeAsync();
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Utilisateurs", Exact = true }).CountAsync());
        foreach (var path in new[] { "/organisation/utilisateurs", "/organisation/utilisateurs/demande", "/admin/demandes-utilisateurs" })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(404, response!.Status);
        }

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Page introuvable");
        await page.AssertAccessibleAsync();

        // A post with the user's own valid antiforgery token: still 404 (the gate runs first).
        await page.GotoAsync("/compte");
        await page.AssertAccessibleAsync();
        var token = await page.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        var post = await page.APIRequest.PostAsync("/organisation/utilisateurs", new()
        {
            Form = page.APIRequest.CreateFormData().Set("userId", strangerId.ToString()).Set("action", "suspendre").Set("__RequestVerificationToken", token!),
        });
        Assert.Equal(404, post.Status);

        // A référent acting on another organisation's user: 404, nothing recorded.
        var referent = await app.PageAsAsync(await app.DemoReferentAsync("kerbrat.example"));
        await referent.WaitForHomeAsync();
        await referent.GotoAsync("/organisation/utilisateurs");
        Assert.DoesNotContain("landesvertes.example", await referent.ContentAsync(), StringComparison.Ordinal);
        await referent.Locator("input[name=userId]").First.EvaluateAsync("(e, id) => e.value = id", strangerId.ToString());
        var waiting = referent.WaitForResponseAsync(r => r.Request.Method == "POST");
        await referent.Locator("button[value=suspendre]").First.ClickAsync();
        Assert.Equal(404, (await waiting).Status);
        Assert.Equal(404, (await referent.GotoAsync("/admin/demandes-utilisateurs"))!.Status);
        var recorded = await app.WithServicesAsync(s => s.GetRequiredService<GuichetDbContext>().UserRequests.CountAsync(r => r.TargetUserId == strangerId));
        Assert.Equal(0, recorded);

        // An agent (neither administrator nor account manager) does not review requests.
        var agent = await app.PageAsAsync("agent-support-un@guichet.example");
        await agent.ArriveAsync("**/bureau");
        Assert.Equal(404, (await agent.GotoAsync("/admin/demandes-utilisateurs"))!.Status);
    }

    [Fact]
    public async Task A_suspension_asked_by_the_referent_and_a_deletion_asked_by_the_user_are_accepted_by_an_administrator()
    {
        var (referentEmail, suspended, leaving, leavingEmail) = await app.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<GuichetDbContext>();
            var members = await db.Users.Where(u => u.Email!.EndsWith("@grandsfonds.example")).OrderBy(u => u.Email).ToListAsync();
            var others = members.Where(u => !u.IsReferent).ToList();
            return (members.Single(u => u.IsReferent).Email!, others[0].DisplayName, others[1].DisplayName, others[1].Email!);
        });

        var referent = await app.PageAsAsync(referentEmail);
        await referent.WaitForHomeAsync();
        await referent.GotoAsync("/organisation/utilisateurs");
        await referent.GetByRole(AriaRole.Button, new() { Name = $"Demander la suspension de {suspended}" }).ClickAsync();
        await Assertions.Expect(referent.GetByRole(AriaRole.Status)).ToContainTextAsync("est envoyée");
        await Assertions.Expect(Row(referent, suspended)).ToContainTextAsync("Suspension demandée");
        await referent.AssertAccessibleAsync();

        // The user asks for their own account's deletion: the box must be checked.
        var user = await app.PageAsAsync(leavingEmail);
        await user.WaitForHomeAsync();
        await user.GetByRole(AriaRole.Link, new() { Name = "Mon compte" }).ClickAsync();
        await user.ArriveAsync("**/compte");
        await user.AssertAccessibleAsync();
        await user.GetByRole(AriaRole.Button, new() { Name = "Demander la suppression de mon compte" }).ClickAsync();
        await Assertions.Expect(user.Locator(".error-summary")).ToContainTextAsync("Cochez la case");
        await user.AssertAccessibleAsync();
        await user.GetByLabel("Je confirme vouloir supprimer mon compte").CheckAsync();
        await user.GetByRole(AriaRole.Button, new() { Name = "Demander la suppression de mon compte" }).ClickAsync();
        await Assertions.Expect(user.GetByRole(AriaRole.Status)).ToContainTextAsync("Votre demande de suppression est envoyée");
        await Assertions.Expect(user.Locator("#suppression + p")).ToContainTextAsync("en cours de traitement");

        var admin = await app.PageAsAsync("admin@guichet.example");
        await admin.ArriveAsync("**/bureau");
        await admin.GotoAsync("/admin/demandes-utilisateurs");
        await admin.AssertAccessibleAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = $"Accepter la demande de suspension de {suspended}" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("acceptée");
        await admin.GetByRole(AriaRole.Button, new() { Name = $"Refuser la demande de suppression de {leaving}" }).ClickAsync();
        await Assertions.Expect(admin.Locator(".error-summary")).ToContainTextAsync("Indiquez la raison du refus");
        await admin.AssertAccessibleAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = $"Accepter la demande de suppression de {leaving}" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("acceptée");

        await referent.ReloadAsync();
        await Assertions.Expect(Row(referent, suspended)).ToContainTextAsync("Suspendu");
        await Assertions.Expect(referent.GetByRole(AriaRole.Button, new() { Name = $"Demander la réactivation de {suspended}" })).ToBeVisibleAsync();
        await Assertions.Expect(Row(referent, leaving)).ToHaveCountAsync(0);
        await Assertions.Expect(referent.Locator("table[aria-labelledby=historique]")).ToContainTextAsync("Utilisateur supprimé");
        await referent.AssertAccessibleAsync();

        // The deleted account's session has ended, and its address no longer signs in.
        await user.ReloadAsync();
        await user.ArriveAsync("**/connexion");
        await user.SignInAsync(leavingEmail, DemoData.Password);
        await Assertions.Expect(user.Locator(".error-summary")).ToContainTextAsync("incorrect");
    }

    private static ILocator Row(IPage page, string name) =>
        page.Locator("tr", new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = name, Exact = true }) });
}
