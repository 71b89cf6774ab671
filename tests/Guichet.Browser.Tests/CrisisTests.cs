using Guichet.Data;
using Guichet.Features.Accounts;
using Guichet.Features.Crisis;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Guichet.Browser.Tests;

/// <summary>
/// The crisis cell's pages (docs/crisis.md) at 390 and 1366 px, axe clean, no sideways scroll: staff open a cell from
/// the list and give the first meeting and a status point; a référent sees the banner and reads the crisis page. Each
/// test makes its own organisation.
/// </summary>
public sealed class CrisisTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string NoSidewaysScroll = "() => document.documentElement.scrollWidth <= window.innerWidth";

    [Fact]
    public async Task Staff_open_a_crisis_cell_then_give_the_meeting_and_a_status_point()
    {
        var org = await app.NewOrganisationAsync();
        var title = $"Plateforme indisponible {BrowserApp.Unique()}";
        var page = await app.PageAsAsync("admin@guichet.example");
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/bureau");
        await page.FollowMenuAsync("Cellules de crise");
        await page.ArriveAsync("**/bureau/crises");
        await page.GetByLabel("Contrat touché").SelectOptionAsync(new SelectOptionValue { Label = $"{org.Name} — {org.ContractName}" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();

        // Sent without a title: the French message next to the field, what was typed kept.
        await page.GetByLabel("Ce qui se passe").FillAsync("Plus aucun agent ne peut se connecter depuis 9 h 40.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ouvrir la cellule et prévenir le client" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Title-error")).ToHaveTextAsync("Indiquez l'intitulé de la crise.");
        await Assertions.Expect(page.GetByLabel("Ce qui se passe")).ToHaveValueAsync("Plus aucun agent ne peut se connecter depuis 9 h 40.");
        Assert.True(await page.EvaluateAsync<bool>(NoSidewaysScroll), "Sideways scroll at 390 px on the opening form");
        await page.AssertAccessibleAsync();

        await page.GetByLabel("Intitulé de la crise").FillAsync(title);
        await Assertions.Expect(page.GetByLabel("Responsable de la crise")).Not.ToHaveValueAsync("");
        await Assertions.Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = $"Référent Essai", Exact = false })).ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Ouvrir la cellule et prévenir le client" }).ClickAsync();
        await page.ArriveAsync(new System.Text.RegularExpressions.Regex("/bureau/crises/[0-9a-f-]{36}$"));

        // What is due first: the meeting, within 15 minutes.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2 }).First).ToHaveTextAsync("À faire : Première réunion de la cellule");
        await Assertions.Expect(page.Locator(".due-now")).ToContainTextAsync("au plus tard le");
        foreach (var (width, height) in new[] { (390, 844), (1366, 900) })
        {
            await page.SetViewportSizeAsync(width, height);
            Assert.True(await page.EvaluateAsync<bool>(NoSidewaysScroll), $"Sideways scroll at {width} px on the crisis page");
            await page.AssertAccessibleAsync();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la première réunion" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2 }).First).ToHaveTextAsync("À faire : Point de situation n° 1");
        await page.GetByLabel("Bilan de la période passée").FillAsync("Le serveur d'authentification est saturé ; un second est en cours de démarrage.");
        await page.GetByLabel("Plan d'action : objectifs de la période suivante").FillAsync("Rétablir la connexion avant 12 h et confirmer l'absence de perte de données.");
        await page.GetByLabel("Périodicité jusqu'au point suivant").SelectOptionAsync("2h");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le point et l'adresser au client" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("adressé aux contacts du client");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2 }).First).ToHaveTextAsync("À faire : Point de situation n° 2");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Point n° 1", Exact = false })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("dl.info")).ToContainTextAsync("toutes les 2 heures");
        await page.ScreenshotAsync("agent-cellule-de-crise");
    }

    [Fact]
    public async Task The_referent_sees_the_banner_and_reads_the_crisis_page()
    {
        var org = await app.NewOrganisationAsync();
        var title = $"Données inaccessibles {BrowserApp.Unique()}";
        var id = await app.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<GuichetDbContext>();
            var adminId = await db.Users.Where(u => u.Email == "admin@guichet.example").Select(u => u.Id).SingleAsync();
            var admin = (await Caller.OfUserAsync(db, adminId, default))!;
            var crises = services.GetRequiredService<CrisisCells>();
            var opened = (await crises.OpenAsync(admin, new CrisisRequest(org.ContractId, title, "Les dossiers déposés hier ne s'affichent plus.", "critical", adminId, "4h", null, null, null, null), default)).Value;
            _ = (await crises.HoldMeetingAsync(admin, opened.Id, new MeetingRequest("Incident qualifié."), default)).Value;
            _ = (await crises.GivePointAsync(admin, opened.Id, new PointRequest("Les dossiers sont intacts ; l'index de recherche est reconstruit.", "Index reconstruit avant 16 h.", null), default)).Value;
            return opened.Id;
        });

        var page = await app.PageAsAsync(org.Referent);
        foreach (var (width, height) in new[] { (390, 844), (1366, 900) })
        {
            await page.SetViewportSizeAsync(width, height);
            await page.GotoAsync("/");
            var banner = page.GetByRole(AriaRole.Region, new() { Name = "Cellule de crise ouverte" });
            await Assertions.Expect(banner).ToContainTextAsync(title);
            await Assertions.Expect(banner).ToContainTextAsync("Point de situation n° 1");
            await Assertions.Expect(banner).ToContainTextAsync("l'index de recherche est reconstruit");
            await banner.GetByRole(AriaRole.Link, new() { Name = "Suivre la cellule de crise" }).ClickAsync();
            await page.ArriveAsync($"**/crises/{id}");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Cellule de crise : {title}");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Prochain point de situation (n° 2)" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText("Index reconstruit avant 16 h.", new() { Exact = false })).ToBeVisibleAsync();
            Assert.True(await page.EvaluateAsync<bool>(NoSidewaysScroll), $"Sideways scroll at {width} px on the crisis page");
            await page.AssertAccessibleAsync();
        }

        await page.ScreenshotAsync("client-cellule-de-crise");
    }
}
