using System.Text.RegularExpressions;
using Guichet.Data;
using Guichet.Features.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime;

namespace Guichet.Browser.Tests;

/// <summary>
/// The contract pages: staff list, detail, purchase, terms edit, index values and deadlines; the client's "Mon
/// contrat"; scope (another organisation's contract is a 404) and roles (an agent does not edit: the edit page is a 404, by its gate).
/// </summary>
public sealed partial class ContractTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Admin = "admin@guichet.example";
    private const string Agent = "agent-support-un@guichet.example";
    private const string LsOrganisation = "Commune de Kerbrat-sur-Mer";

    private Task<Guid> ContractOfAsync(string organisation) => app.WithServicesAsync(async s =>
    {
        var db = s.GetRequiredService<GuichetDbContext>();
        return await db.Contracts.Where(c => db.Organisations.Any(o => o.Id == c.OrganisationId && o.Name == organisation)).Select(c => c.Id).SingleAsync();
    });

    /// <summary>The LS-like contract's next notice deadline, dd/MM/yyyy, as the domain computes it today.</summary>
    private Task<string> LsNoticeDeadlineAsync() => app.WithServicesAsync(async s =>
    {
        var db = s.GetRequiredService<GuichetDbContext>();
        var contract = await db.Contracts.AsNoTracking().Include(c => c.Lines).SingleAsync(c => db.Organisations.Any(o => o.Id == c.OrganisationId && o.Name == LsOrganisation));
        var today = SystemClock.Instance.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Europe/Paris"]).Date;
        return ContractDeadlines.Date(contract.Terms()!.NextAnniversary(today)!.NoticeDeadline!.Value);
    });

    [Fact]
    public async Task Out_of_scope_time_recorded_on_a_tickets_page_consumes_the_contracts_time_bank()
    {
        var contract = await ContractOfAsync(LsOrganisation);
        var number = await app.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<GuichetDbContext>();
            return await db.Tickets.Where(t => t.ContractId == contract && !t.IsClosed).Select(t => t.Id).FirstAsync();
        });
        var page = await app.PageAsAsync(Admin);
        await page.ArriveAsync("**/bureau");
        await page.GotoAsync($"/contrats/{contract}");
        var before = Minutes(await page.Locator(".time-bank-balance").First.InnerTextAsync());

        await page.GotoAsync($"/demandes/{number}");
        await page.Locator("summary", new() { HasText = "Temps passé" }).ClickAsync();
        await page.Locator("#minutes").FillAsync("30");
        await page.GetByLabel("Hors forfait").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le temps" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Temps enregistré");

        await page.GotoAsync($"/contrats/{contract}");
        Assert.Equal(before - 30, Minutes(await page.Locator(".time-bank-balance").First.InnerTextAsync()));
        await Assertions.Expect(page.Locator("table", new() { HasText = "Historique du carnet de temps" })).ToContainTextAsync(Data.Ticket.FormatReference(number));

        static int Minutes(string text)
        {
            var m = Regex.Match(text, @"(?:([0-9]+) heures?)?(?: ?([0-9]+) minutes?)? restantes?");
            Assert.True(m.Success, text);
            return (m.Groups[1].Success ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) * 60 : 0)
                + (m.Groups[2].Success ? int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : 0);
        }
    }

    [Fact]
    public async Task An_administrator_reads_a_contract_records_a_purchase_and_edits_its_terms()
    {
        var page = await app.PageAsAsync(Admin);
        await page.ArriveAsync("**/bureau");
        await page.FollowMenuAsync("Contrats");
        await page.ArriveAsync("**/contrats");
        await Assertions.Expect(page.Locator("table")).ToContainTextAsync(LsOrganisation);
        await page.AssertAccessibleAsync();

        // An index value published before the anniversaries: the revised prices can be computed.
        await page.GetByRole(AriaRole.Link, new() { Name = "Indices de révision" }).ClickAsync();
        await page.ArriveAsync("**/contrats/indices");
        await page.AssertAccessibleAsync();
        await page.Locator("#Month").FillAsync("2025-13");
        await page.Locator("#Value").FillAsync("310,5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter la valeur" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Month")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#Month-error")).ToHaveTextAsync("Mois invalide (AAAA-MM).");
        await Assertions.Expect(page.Locator("#Value")).ToHaveValueAsync("310,5");
        await page.AssertAccessibleAsync();
        await page.Locator("#Month").FillAsync("2025-10");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter la valeur" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("octobre 2025");
        await Assertions.Expect(page.Locator("table")).ToContainTextAsync("310,5");

        await page.GotoAsync("/contrats/echeances");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Échéances à venir" })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();

        await page.GotoAsync("/contrats");
        await page.Locator("tr", new() { HasText = LsOrganisation }).GetByRole(AriaRole.Link).ClickAsync();
        await page.ArriveAsync(new Regex("/contrats/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.Locator(".notice-deadline")).ToContainTextAsync(await LsNoticeDeadlineAsync());
        // P(n) = P(0) × [0,15 + 0,85 × S(n)/S(0)] with S(0) = 302,1 (December 2024) and S(n) = 310,5 (October 2025).
        var revision = page.Locator("table.revision").First;
        await Assertions.Expect(revision).ToContainTextAsync("0,15 + 0,85 × 310,5 / 302,1");
        await Assertions.Expect(revision).ToContainTextAsync("arrondi au millième supérieur : 1,024");
        await Assertions.Expect(revision).ToContainTextAsync("430,08");
        // The current year's amounts are the revised prices billed, with the index month (issue 15).
        var amounts = page.Locator("table", new() { HasText = "TTC" }).First;
        await Assertions.Expect(amounts).ToContainTextAsync("516,10");
        await Assertions.Expect(amounts.Locator("caption")).ToContainTextAsync("indice d'octobre 2025");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("contrat-bureau");

        // A purchase: an invalid duration first, then 90 minutes.
        var balance = page.Locator(".time-bank-balance");
        var before = await balance.InnerTextAsync();
        await page.Locator("#PurchaseMinutes").FillAsync("0");
        await page.Locator("#PurchaseNote").FillAsync("Complément");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer l'achat" }).ClickAsync();
        await Assertions.Expect(page.Locator("#PurchaseMinutes-error")).ToContainTextAsync("Entre 1 et");
        await Assertions.Expect(page.Locator("#PurchaseNote")).ToHaveValueAsync("Complément");
        await page.AssertAccessibleAsync();
        await page.Locator("#PurchaseMinutes").FillAsync("90");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer l'achat" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Achat de 1 heure 30 minutes enregistré");
        await Assertions.Expect(balance).Not.ToHaveTextAsync(before);
        await Assertions.Expect(page.Locator("table", new() { HasText = "Historique du carnet de temps" })).ToContainTextAsync("Complément");

        // Terms: an invalid notice, kept with the other typed values and the French error at the field; then valid.
        await page.GetByRole(AriaRole.Link, new() { Name = "Modifier les conditions commerciales" }).ClickAsync();
        await page.ArriveAsync("**/modifier");
        await page.AssertAccessibleAsync();
        await page.Locator("#NoticeMonths").FillAsync("30");
        await page.Locator("#AlertLeadDays").FillAsync("45");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer les conditions" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("Le préavis est de 1 à 24 mois.");
        await Assertions.Expect(page.Locator("#NoticeMonths")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#NoticeMonths")).ToHaveAttributeAsync("aria-describedby", new Regex("NoticeMonths-error"));
        await Assertions.Expect(page.Locator("#NoticeMonths-error")).ToHaveTextAsync("Le préavis est de 1 à 24 mois.");
        await Assertions.Expect(page.Locator("#NoticeMonths")).ToHaveValueAsync("30");
        await Assertions.Expect(page.Locator("#AlertLeadDays")).ToHaveValueAsync("45");
        await Assertions.Expect(page.Locator("#Lines_1__AmountExclVat")).ToHaveValueAsync("420");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("contrat-modifier-erreur");
        await page.Locator("#NoticeMonths").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer les conditions" }).ClickAsync();
        await page.ArriveAsync(new Regex("/contrats/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Les conditions commerciales sont enregistrées.");
        await Assertions.Expect(page.Locator(".notice-deadline")).ToContainTextAsync(await LsNoticeDeadlineAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "Modifier les conditions commerciales" }).ClickAsync();
        await Assertions.Expect(page.Locator("#AlertLeadDays")).ToHaveValueAsync("45");
        await Assertions.Expect(page.Locator("#NoticeMonths")).ToHaveValueAsync("2");

        // Someone else saves meanwhile: the form comes back with what was typed; saving again overwrites.
        await app.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<GuichetDbContext>();
            var contract = await db.Contracts.SingleAsync(c => db.Organisations.Any(o => o.Id == c.OrganisationId && o.Name == LsOrganisation));
            contract.ReminderLeadDays = 10;
            return await db.SaveChangesAsync();
        });
        await page.Locator("#AlertLeadDays").FillAsync("40");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer les conditions" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("modifiées par quelqu'un d'autre");
        await Assertions.Expect(page.Locator("#AlertLeadDays")).ToHaveValueAsync("40");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer les conditions" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Les conditions commerciales sont enregistrées.");
    }

    [Fact]
    public async Task A_client_referent_sees_their_contract_and_not_another_organisations()
    {
        var page = await app.PageAsAsync(await app.DemoReferentAsync("kerbrat.example"));
        await page.WaitForHomeAsync();

        // The home shows the time bank's balance, the same as the contract's page [LS 6.2.1, 6.2.6].
        var home = page.GetByRole(AriaRole.Region, new() { Name = "Carnet de temps" });
        await Assertions.Expect(home).ToContainTextAsync(HomeBalanceText());
        var homeBalance = await home.Locator("strong").First.InnerTextAsync();
        await page.AssertAccessibleAsync();

        await page.FollowMenuAsync("Mon contrat");
        await page.ArriveAsync("**/mon-contrat");
        await Assertions.Expect(page.Locator(".time-bank-balance")).ToContainTextAsync(BalanceText());
        await Assertions.Expect(page.Locator(".time-bank-balance").First).ToContainTextAsync(homeBalance);
        await Assertions.Expect(page.Locator(".notice-deadline")).ToContainTextAsync(await LsNoticeDeadlineAsync());
        await Assertions.Expect(page.Locator("table", new() { HasText = "Périodes du contrat" })).ToContainTextAsync("01/01/2025");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("mon-contrat");

        var own = await page.GotoAsync($"/mon-contrat/{await ContractOfAsync(LsOrganisation)}");
        Assert.Equal(200, own!.Status);
        var other = await page.GotoAsync($"/mon-contrat/{await ContractOfAsync("Communauté de communes du Val d'Ill")}");
        Assert.Equal(404, other!.Status);
        await page.AssertAccessibleAsync();
        Assert.Equal(404, (await page.GotoAsync("/contrats"))!.Status);
    }

    [Fact]
    public async Task An_agent_reads_contracts_without_editing_them()
    {
        var page = await app.PageAsAsync(Agent);
        await page.ArriveAsync("**/bureau");
        var id = await ContractOfAsync(LsOrganisation);
        await page.GotoAsync($"/contrats/{id}");
        await Assertions.Expect(page.Locator(".time-bank-balance")).ToContainTextAsync(BalanceText());
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Modifier les conditions commerciales" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#PurchaseMinutes")).ToHaveCountAsync(0);
        await page.AssertAccessibleAsync();
        Assert.Equal(404, (await page.GotoAsync($"/contrats/{id}/modifier"))!.Status);
        await page.GotoAsync("/contrats/indices");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Ajouter la valeur" })).ToHaveCountAsync(0);
        await page.AssertAccessibleAsync();
    }

    [GeneratedRegex(@"Solde : ([0-9]+ heures?( [0-9]+ minutes?)? restantes?|aucun temps restant|dépassement de .+)")]
    private static partial Regex BalanceText();

    [GeneratedRegex(@"[0-9]+ heures?( [0-9]+ minutes?)? restantes?|aucun temps restant|dépassement de .+")]
    private static partial Regex HomeBalanceText();
}
