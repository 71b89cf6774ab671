using Guichet.Data;
using Guichet.Features.Backups;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Guichet.Browser.Tests;

/// <summary>
/// Backups (issue 18, part 5): the référent of an AT client sees the copies kept and the failed night, asks for a
/// restore from the portal (errors next to the fields first), and lands on the request; staff see the breach on the
/// contract's page. At 390 and 1366 px, axe clean.
/// </summary>
public sealed class BackupTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_referent_asks_for_a_restore_and_staff_see_the_failed_night()
    {
        var organisation = await app.NewOrganisationAsync("at", simpleUsers: 0);
        await app.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<GuichetDbContext>();
            var now = NodaTime.SystemClock.Instance.GetCurrentInstant();
            var zone = Guichet.Domain.Calendars.Territory.Metropole.Zone;
            Assert.True(Guichet.Domain.Presets.PresetCatalog.TryGet("at", out var at));
            BackupDemo.AddRuns(db, organisation.ContractId, at.Backups!, zone, new NodaTime.LocalDate(2025, 1, 1), now, now.InZone(zone).Date.PlusDays(-3));
            await db.SaveChangesAsync();
            return 0;
        });

        var page = await app.PageAsAsync(organisation.Referent, "/sauvegardes");
        await page.SetViewportSizeAsync(390, 844);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sauvegardes de vos données" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Engagement non tenu");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("a échoué et n'a pas été refaite");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390"), "the page scrolls sideways at 390 px");
        await page.AssertAccessibleAsync();
        await ShootAsync(page, "390", "referent-sauvegardes");

        // Sent empty: both fields say what is missing, next to them.
        await page.GetByRole(AriaRole.Button, new() { Name = "Demander la restauration" }).ClickAsync();
        await Assertions.Expect(page.Locator($"#RunId-{organisation.ContractId}-error")).ToHaveTextAsync("Choisissez la sauvegarde à partir de laquelle restaurer.");
        await Assertions.Expect(page.Locator($"#Details-{organisation.ContractId}-error")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();

        await page.GetByRole(AriaRole.Radio).First.CheckAsync();
        await page.GetByLabel("Ce qu'il faut restaurer, et pourquoi").FillAsync("Les pièces d'un marché supprimées par erreur hier soir.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Demander la restauration" }).ClickAsync();
        await page.ArriveAsync("**/demandes/*");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Votre demande de restauration est enregistrée sous le numéro");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Demande de restauration");

        await page.SetViewportSizeAsync(1366, 900);
        await page.GotoAsync("/sauvegardes");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Vos dernières demandes de restauration");
        await page.AssertAccessibleAsync();
        await ShootAsync(page, "1366", "referent-sauvegardes");

        var staff = await app.PageAsAsync("admin@guichet.example", $"/bureau/sauvegardes/{organisation.ContractId}");
        await staff.SetViewportSizeAsync(390, 844);
        await Assertions.Expect(staff.GetByRole(AriaRole.Heading, new() { Name = "À traiter : 1 manquement" })).ToBeVisibleAsync();
        Assert.True(await staff.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390"), "the staff page scrolls sideways at 390 px");
        await staff.AssertAccessibleAsync();
        await ShootAsync(staff, "390", "agent-bureau-sauvegardes-contrat");
        await staff.SetViewportSizeAsync(1366, 900);
        await ShootAsync(staff, "1366", "agent-bureau-sauvegardes-contrat");
    }

    /// <summary>With GUICHET_SCREENSHOTS set, the page as docs/ui.md shows it.</summary>
    private static async Task ShootAsync(IPage page, string width, string name)
    {
        if (Environment.GetEnvironmentVariable("GUICHET_SCREENSHOTS") is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(Path.Combine(directory, width));
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, width, name + ".png"), FullPage = true });
        }
    }
}
