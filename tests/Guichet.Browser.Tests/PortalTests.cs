using Guichet.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Guichet.Browser.Tests;

/// <summary>
/// The portal's live news, feeds, scheduled services, tools and favourites: staff publish an incident on a product,
/// the clients of an organisation holding it see the banner and the item, another organisation's clients do not;
/// the référent's feeds and calendar; a favourite's <c>javascript:</c> address refused in French.
/// </summary>
public sealed class PortalTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string PoleManager = "responsable-de-pole@guichet.example";
    private const string Admin = "admin@guichet.example";
    private const string Incident = "Panne de signature du parapheur";

    /// <summary>A demo simple user (the earliest created: users other tests add to the organisation come later).</summary>
    private Task<string> SimpleUserAsync(string domain) => app.WithServicesAsync(async services =>
        (await services.GetRequiredService<GuichetDbContext>().Users
            .Where(u => !u.IsReferent && u.Email!.EndsWith("@" + domain)).OrderBy(u => u.CreatedAt).ThenBy(u => u.Email).FirstAsync()).Email!);

    [Fact]
    public async Task An_incident_on_a_product_shows_to_the_organisations_holding_it_only_until_it_ends()
    {
        // A pole manager publishes an incident on the parapheur (Kerbrat holds it, Val d'Ill does not).
        var staff = await app.PageAsAsync(PoleManager);
        await staff.ArriveAsync("**/bureau");
        await staff.FollowMenuAsync("Informations");
        await staff.ArriveAsync("**/admin/actualites");
        await staff.AssertAccessibleAsync();
        await staff.GetByRole(AriaRole.Radio, new() { Name = "Incident" }).CheckAsync();
        await staff.Locator("#Title").FillAsync(Incident);
        await staff.Locator("#Text").FillAsync("Les signatures échouent depuis 9 h. <script>alert(1)</script> Nos équipes sont mobilisées.");
        await staff.GetByRole(AriaRole.Checkbox, new() { Name = "Parapheur électronique" }).CheckAsync();

        // An end before the start is refused, what was typed stays.
        await staff.Locator("#End").FillAsync("2020-01-01T10:00");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Publier" }).ClickAsync();
        await Assertions.Expect(staff.Locator(".error-summary")).ToContainTextAsync("La date de fin doit être après la date de début.");
        await Assertions.Expect(staff.Locator("#Title")).ToHaveValueAsync(Incident);
        await staff.AssertAccessibleAsync();
        await staff.Locator("#End").FillAsync("");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Publier" }).ClickAsync();
        await Assertions.Expect(staff.GetByRole(AriaRole.Status)).ToContainTextAsync("est publiée");
        await Assertions.Expect(staff.Locator("table")).ToContainTextAsync("Incident en cours");

        // A client of Kerbrat sees the banner on every page, and the item (its script as text) in the history page.
        var kerbrat = await app.PageAsAsync(await SimpleUserAsync("kerbrat.example"));
        await kerbrat.WaitForHomeAsync();
        var banner = kerbrat.GetByRole(AriaRole.Region, new() { Name = "Incident en cours" });
        await Assertions.Expect(banner).ToContainTextAsync(Incident);
        await Assertions.Expect(kerbrat.Locator("#a-la-une + ul")).ToContainTextAsync(Incident);
        await kerbrat.AssertAccessibleAsync();
        await kerbrat.GotoAsync("/demandes");
        await Assertions.Expect(banner).ToContainTextAsync(Incident);
        await kerbrat.FollowMenuAsync("Informations");
        await kerbrat.ArriveAsync("**/actualites");
        var item = kerbrat.Locator("article", new() { HasText = Incident });
        await Assertions.Expect(item).ToContainTextAsync("Incident en cours");
        await Assertions.Expect(item).ToContainTextAsync("<script>alert(1)</script>");
        await Assertions.Expect(item).ToContainTextAsync("Produits concernés : Parapheur électronique");
        await kerbrat.AssertAccessibleAsync();

        // A client of Val d'Ill sees neither the banner nor the item, but does see news for every product.
        var valdill = await app.PageAsAsync(await SimpleUserAsync("valdill.example"));
        await valdill.WaitForHomeAsync();
        await Assertions.Expect(valdill.GetByRole(AriaRole.Region, new() { Name = "Incident en cours" })).ToHaveCountAsync(0);
        await Assertions.Expect(valdill.Locator("main")).Not.ToContainTextAsync(Incident);
        await valdill.AssertAccessibleAsync();
        await valdill.GotoAsync("/actualites");
        await Assertions.Expect(valdill.Locator("main")).ToContainTextAsync("Bienvenue sur le nouveau portail");
        await Assertions.Expect(valdill.Locator("main")).Not.ToContainTextAsync(Incident);
        await Assertions.Expect(valdill.Locator("main")).Not.ToContainTextAsync("Mise à jour du parapheur électronique");

        // Staff end the incident now: the banner goes, the item moves to the history.
        await staff.GetByRole(AriaRole.Link, new() { Name = Incident }).ClickAsync();
        await staff.ArriveAsync("**/admin/actualites/*");
        await staff.AssertAccessibleAsync();
        await staff.GetByRole(AriaRole.Button, new() { Name = "Terminer maintenant" }).ClickAsync();
        await Assertions.Expect(staff.GetByRole(AriaRole.Status)).ToContainTextAsync("est terminée");
        await kerbrat.ReloadAsync();
        await Assertions.Expect(kerbrat.GetByRole(AriaRole.Region, new() { Name = "Incident en cours" })).ToHaveCountAsync(0);
        await Assertions.Expect(kerbrat.Locator("section[aria-labelledby=historique]")).ToContainTextAsync(Incident);
        await Assertions.Expect(kerbrat.Locator("section[aria-labelledby=historique] article", new() { HasText = Incident })).ToContainTextAsync("Incident terminé");

        // A client cannot reach the staff pages.
        var response = await kerbrat.GotoAsync("/admin/actualites");
        Assert.Equal(404, response!.Status);
    }

    [Fact]
    public async Task The_referent_manages_the_feed_addresses_and_sees_the_calendar_a_simple_user_cannot()
    {
        // A simple user: neither the feeds page nor the calendar (404), and no "Prestations" in the menu.
        var simple = await app.PageAsAsync(await SimpleUserAsync("kerbrat.example"));
        await simple.WaitForHomeAsync();
        await Assertions.Expect(simple.GetByRole(AriaRole.Link, new() { Name = "Prestations", Exact = true })).ToHaveCountAsync(0);
        Assert.Equal(404, (await simple.GotoAsync("/flux"))!.Status);
        Assert.Equal(404, (await simple.GotoAsync("/prestations"))!.Status);
        await simple.AssertAccessibleAsync();

        // The référent: the count on the home, the calendar by month, then the feeds.
        var referent = await app.PageAsAsync(await app.DemoReferentAsync("kerbrat.example"));
        await referent.WaitForHomeAsync();
        await Assertions.Expect(referent.Locator("section[aria-labelledby=prestations]")).ToContainTextAsync("2 prestations planifiées");
        await Assertions.Expect(referent.Locator("section[aria-labelledby=contact]")).ToContainTextAsync("charge-d-affaires@guichet.example");
        await referent.FollowMenuAsync("Prestations");
        await referent.ArriveAsync("**/prestations");
        await Assertions.Expect(referent.Locator("main")).ToContainTextAsync("Formation des administrateurs à distance");
        await Assertions.Expect(referent.Locator("main")).ToContainTextAsync("Agent Support Un");
        await Assertions.Expect(referent.Locator("main")).Not.ToContainTextAsync("Installation de la version 2026.1"); // Val d'Ill's
        await referent.AssertAccessibleAsync();
        await referent.GetByRole(AriaRole.Link, new() { Name = "Mois suivant" }).ClickAsync();
        await referent.ArriveAsync("**/prestations?mois=*");
        await referent.AssertAccessibleAsync();

        await referent.GotoAsync("/flux");
        await Assertions.Expect(referent.Locator("main")).ToContainTextAsync("Aucun flux actif.");
        await referent.AssertAccessibleAsync();
        await referent.GetByRole(AriaRole.Button, new() { Name = "Créer les adresses des flux" }).ClickAsync();
        await Assertions.Expect(referent.GetByRole(AriaRole.Status)).ToContainTextAsync("De nouvelles adresses");
        await referent.AssertAccessibleAsync();
        var rss = await referent.GetByLabel("Flux RSS des informations").InputValueAsync();
        var ical = await referent.GetByLabel("Agenda iCal des prestations planifiées").InputValueAsync();
        Assert.StartsWith(app.BaseUrl + "/flux/", rss, StringComparison.Ordinal);

        // Read without a session; Val d'Ill's item is not in Kerbrat's feed.
        var anonymous = await app.Browser.NewContextAsync();
        var feed = await anonymous.APIRequest.GetAsync(rss);
        Assert.Equal(200, feed.Status);
        var xml = await feed.TextAsync();
        Assert.Contains("Bienvenue sur le nouveau portail", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("Nouvelle version de la gestion financière", xml, StringComparison.Ordinal);
        var calendar = await (await anonymous.APIRequest.GetAsync(ical)).TextAsync();
        Assert.Contains("SUMMARY:Formation des administrateurs à distance", calendar, StringComparison.Ordinal);
        Assert.DoesNotContain("Installation de la version 2026.1", calendar, StringComparison.Ordinal);

        // Revoked: both addresses answer 404.
        await referent.GetByRole(AriaRole.Button, new() { Name = "Révoquer les adresses" }).ClickAsync();
        await Assertions.Expect(referent.GetByRole(AriaRole.Status)).ToContainTextAsync("révoquées");
        Assert.Equal(404, (await anonymous.APIRequest.GetAsync(rss)).Status);
        Assert.Equal(404, (await anonymous.APIRequest.GetAsync(ical)).Status);
        await anonymous.CloseAsync();
    }

    [Fact]
    public async Task Favourites_refuse_a_script_address_in_french_and_show_on_the_home()
    {
        var client = await app.PageAsAsync(await SimpleUserAsync("landesvertes.example"));
        await client.WaitForHomeAsync();
        await client.GetByRole(AriaRole.Link, new() { Name = "Ajouter ou supprimer des favoris" }).ClickAsync();
        await client.ArriveAsync("**/favoris");
        await client.AssertAccessibleAsync();

        await client.GetByLabel("URL du favori").FillAsync("javascript:alert(document.cookie)");
        await client.GetByLabel("Nom du favori").FillAsync("Piège");
        await client.GetByRole(AriaRole.Button, new() { Name = "Ajouter", Exact = true }).ClickAsync();
        await Assertions.Expect(client.Locator(".error-summary")).ToContainTextAsync("L'URL du favori doit être une adresse web complète commençant par http:// ou https://");
        await Assertions.Expect(client.GetByLabel("URL du favori")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(client.GetByLabel("Nom du favori")).ToHaveValueAsync("Piège");
        await client.AssertAccessibleAsync();

        await client.GetByLabel("URL du favori").FillAsync("data:text/html,<script>alert(1)</script>");
        await client.GetByRole(AriaRole.Button, new() { Name = "Ajouter", Exact = true }).ClickAsync();
        await Assertions.Expect(client.Locator(".error-summary")).ToContainTextAsync("javascript:, data:");

        await client.GetByLabel("URL du favori").FillAsync("https://www.service-public.fr/");
        await client.GetByLabel("Nom du favori").FillAsync("Service public");
        await client.GetByRole(AriaRole.Button, new() { Name = "Ajouter", Exact = true }).ClickAsync();
        await Assertions.Expect(client.GetByRole(AriaRole.Status)).ToContainTextAsync("est ajouté");
        await client.GotoAsync("/");
        await Assertions.Expect(client.Locator("section[aria-labelledby=favoris] a", new() { HasText = "Service public" })).ToHaveAttributeAsync("href", "https://www.service-public.fr/");
        await Assertions.Expect(client.Locator("main")).Not.ToContainTextAsync("Piège");
        await client.AssertAccessibleAsync();

        // The tools page, for everyone signed in.
        await client.FollowMenuAsync("Outils");
        await client.ArriveAsync("**/outils");
        await Assertions.Expect(client.Locator("main")).ToContainTextAsync("Assistance à distance");
        await client.AssertAccessibleAsync();
    }

    [Fact]
    public async Task Staff_schedule_a_service_and_administrators_manage_the_tools()
    {
        var admin = await app.PageAsAsync(Admin);
        await admin.ArriveAsync("**/bureau");
        await admin.GotoAsync("/admin/prestations");
        await admin.AssertAccessibleAsync();
        await admin.Locator("#OrganisationId").SelectOptionAsync(new SelectOptionValue { Label = "Commune des Landes-Vertes" });
        await admin.Locator("#Title").FillAsync("Atelier de prise en main");
        await admin.Locator("#ProductId").SelectOptionAsync(new SelectOptionValue { Label = "Actes en ligne" });
        await admin.Locator("#IntervenerName").FillAsync("Cabinet partenaire");
        await admin.Locator("#Start").FillAsync(DateTime.Now.AddDays(3).ToString("yyyy-MM-dd'T'10:00", System.Globalization.CultureInfo.InvariantCulture));
        await admin.GetByRole(AriaRole.Button, new() { Name = "Planifier" }).ClickAsync();
        await Assertions.Expect(admin.Locator(".error-summary")).ToContainTextAsync("Indiquez la fin ou la durée.");
        await admin.AssertAccessibleAsync();
        await admin.Locator("#DurationMinutes").FillAsync("90");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Planifier" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("est planifiée");
        await Assertions.Expect(admin.Locator("table")).ToContainTextAsync("Cabinet partenaire");

        await admin.GotoAsync("/admin/outils");
        await admin.AssertAccessibleAsync();
        await admin.Locator("#Name").FillAsync("Outil piégé");
        await admin.Locator("#Address").FillAsync("javascript:alert(1)");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Ajouter l'outil" }).ClickAsync();
        await Assertions.Expect(admin.Locator(".error-summary")).ToContainTextAsync("doit être une adresse web complète");
        await admin.Locator("#Address").FillAsync("https://visio.guichet.example/");
        await admin.Locator("#Name").FillAsync("Visioconférence");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Ajouter l'outil" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("est ajouté");

        // The référent of Landes-Vertes sees it in the calendar.
        var referent = await app.PageAsAsync(await app.DemoReferentAsync("landesvertes.example"));
        await referent.WaitForHomeAsync();
        await referent.GotoAsync("/prestations");
        await Assertions.Expect(referent.Locator("main")).ToContainTextAsync("Atelier de prise en main");
        await Assertions.Expect(referent.Locator("main")).ToContainTextAsync("Cabinet partenaire");

        // An account manager publishes, an agent does not (404).
        var agent = await app.PageAsAsync("agent-support-deux@guichet.example");
        await agent.ArriveAsync("**/bureau");
        Assert.Equal(404, (await agent.GotoAsync("/admin/actualites"))!.Status);
        Assert.Equal(404, (await agent.GotoAsync("/admin/prestations"))!.Status);
        Assert.Equal(404, (await agent.GotoAsync("/admin/outils"))!.Status);
    }

    [Fact]
    public async Task An_editor_schedules_and_edits_services_only_for_the_organisations_they_serve()
    {
        // A pole manager serving Kerbrat only; a service of Landes-Vertes scheduled by the demo data.
        const string Email = "responsable-kerbrat@guichet.example";
        var other = await app.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<GuichetDbContext>();
            var users = services.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<User>>();
            var kerbrat = await db.Organisations.Where(o => o.Name == "Commune de Kerbrat-sur-Mer").Select(o => o.Id).SingleAsync();
            var user = new User
            {
                UserName = Email,
                Email = Email,
                DisplayName = "Responsable Kerbrat",
                Kind = UserKind.Staff,
                Roles = StaffRoles.PoleManager,
                CreatedAt = NodaTime.SystemClock.Instance.GetCurrentInstant(),
                PasswordChangedAt = NodaTime.SystemClock.Instance.GetCurrentInstant(),
                PrivacyAcknowledgedAt = NodaTime.SystemClock.Instance.GetCurrentInstant(),
            };
            Assert.True((await users.CreateAsync(user, Features.Demo.DemoData.Password)).Succeeded);
            db.StaffOrganisations.Add(new StaffOrganisation { UserId = user.Id, OrganisationId = kerbrat });
            var service = new Features.Portal.ScheduledService
            {
                OrganisationId = await db.Organisations.Where(o => o.Name == "Commune des Landes-Vertes").Select(o => o.Id).SingleAsync(),
                Title = "Réunion de Landes-Vertes",
                StartsAt = NodaTime.SystemClock.Instance.GetCurrentInstant() + NodaTime.Duration.FromDays(5),
                EndsAt = NodaTime.SystemClock.Instance.GetCurrentInstant() + NodaTime.Duration.FromDays(5) + NodaTime.Duration.FromHours(1),
            };
            db.Add(service);
            await db.SaveChangesAsync();
            return service.Id;
        });

        var page = await app.PageAsAsync(Email);
        await page.ArriveAsync("**/bureau");
        await page.GotoAsync("/admin/prestations");
        Assert.Equal(["Commune de Kerbrat-sur-Mer"], (await page.Locator("#OrganisationId option").AllTextContentsAsync()).Where(t => !t.Contains("Choisir", StringComparison.Ordinal)).ToList());
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("Réunion de Landes-Vertes");
        Assert.Equal(404, (await page.GotoAsync($"/admin/prestations/{other}"))!.Status);
    }
}
