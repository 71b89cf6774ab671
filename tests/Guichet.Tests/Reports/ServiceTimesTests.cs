using System.Globalization;
using System.Net;
using System.Text.Json;
using Guichet.Data;
using Guichet.Tests.Api;
using Guichet.Tests.Portal;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Guichet.Tests.Reports;

/// <summary>
/// Times against objectives, backlog by age and accounts created [AT 10.2.3.1, 10.2.3.3] on a small hand-computed
/// dataset, through the API, the staff page « Rapports » and the référents' monthly report, with their exports.
/// </summary>
/// <remarks>
/// The ES26 organisation is in Guadeloupe (UTC−4); its support calendar is Paris's (09:00–12:00, 14:00–17:30). Four
/// tickets are registered on Mon 02/03/2026 at 09:00 Paris (08:00 UTC) and taken after 1 h, 2 h, 4 h (09:00–12:00 and
/// 14:00–15:00) and 8 h (the next day at 10:30 Paris) of business time: in March, 4 take-charges, average 3 h 45
/// (13 500 s), median 3 h 00 ((2 h + 4 h) / 2 = 10 800 s), all met. A fifth is registered on Wed 01/04 at 09:00 Paris
/// (07:00 UTC, 03:00 in Guadeloupe: April) and taken after 1 h: April, 1 take-charge, 1 h. Over March–April: 5,
/// average 11 520 s (3 h 12), median 2 h (7 200 s). A sixth is registered on 01/04 and never taken: it counts in no
/// time, only in the backlog, with the five others (all open): computed on 02/04 at 12:00 UTC, the two of April are under 8 days old, the four of
/// 02/03 are 31 days old (band « 31 à 90 jours »). The organisation's three client accounts were created on 13/04/2026 (the test world's clock).
/// </remarks>
public abstract class ServiceTimesTests(GuichetApp app)
{
    private World W => app.World;

    private World.Org Org => W.ByPreset["es26"];

    private async Task<JsonElement> PostAsync(string token, string url, object body)
    {
        var response = await app.As(token).PostJsonAsync(url, body);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadAsync();
    }

    private async Task<long> CreateAsync() =>
        (await PostAsync(Org.Referent.Token, "/api/v1/tickets", new { productId = W.ProductId, queueId = W.QueueId, serviceType = "assistance-technique", priority = "mineure", subject = "Écran figé", body = "Détail" }))
            .GetProperty("number").GetInt64();

    private Task<JsonElement> TakeAsync(long ticket) => PostAsync(W.Admin.Token, $"/api/v1/tickets/{ticket}/take", new { });

    private void At(int month, int day, int hour, int minute) => app.Clock.Reset(Instant.FromUtc(2026, month, day, hour, minute));

    /// <summary>The dataset of the remarks, once per fixture.</summary>
    private async Task DatasetAsync()
    {
        if (await app.WithServiceAsync<GuichetDbContext, bool>(db => db.Tickets.AnyAsync(t => t.ContractId == Org.ContractId)))
        {
            return;
        }

        At(3, 2, 8, 0);
        var tickets = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            tickets.Add(await CreateAsync());
        }

        At(3, 2, 9, 0);
        await TakeAsync(tickets[0]);
        At(3, 2, 10, 0);
        await TakeAsync(tickets[1]);
        At(3, 2, 14, 0);
        await TakeAsync(tickets[2]);
        At(3, 3, 9, 30);
        await TakeAsync(tickets[3]);
        At(4, 1, 7, 0);
        var april = await CreateAsync();
        await CreateAsync();
        At(4, 1, 8, 0);
        await TakeAsync(april);
        At(4, 2, 12, 0);
    }

    [Fact]
    public async Task Times_against_objectives_backlog_and_accounts_are_hand_computed()
    {
        await DatasetAsync();
        var response = await app.As(W.Admin.Token).GetAsync($"/api/v1/reports/times?contractId={Org.ContractId}&from=2026-03-01&to=2026-04-30");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var report = await response.ReadAsync();
        Assert.Equal("contrat", report.GetProperty("scope").GetString());

        var takeCharge = report.GetProperty("times").EnumerateArray().Single(t => t.GetProperty("clockId").GetString() == "take-charge" && t.GetProperty("priority").GetString() == "mineure");
        Assert.Equal("8 heures ouvrées", takeCharge.GetProperty("target").GetString());
        Assert.Equal(8 * 3600, takeCharge.GetProperty("targetSeconds").GetInt64());
        Assert.Equal(5, takeCharge.GetProperty("count").GetInt32());
        Assert.Equal(5, takeCharge.GetProperty("met").GetInt32());
        Assert.Equal(11_520, takeCharge.GetProperty("averageSeconds").GetInt64());
        Assert.Equal(7_200, takeCharge.GetProperty("medianSeconds").GetInt64());
        var months = takeCharge.GetProperty("months").EnumerateArray().ToList();
        Assert.Equal(["2026-03", "2026-04"], months.Select(m => m.GetProperty("month").GetString()));
        Assert.Equal((4, 13_500L, 10_800L), (months[0].GetProperty("count").GetInt32(), months[0].GetProperty("averageSeconds").GetInt64(), months[0].GetProperty("medianSeconds").GetInt64()));
        Assert.Equal((1, 3_600L, 3_600L), (months[1].GetProperty("count").GetInt32(), months[1].GetProperty("averageSeconds").GetInt64(), months[1].GetProperty("medianSeconds").GetInt64()));
        Assert.StartsWith("Tendance non calculée", takeCharge.GetProperty("trend").GetString(), StringComparison.Ordinal);

        // No resolution stopped: the resolution lines have a target but no figure.
        Assert.All(report.GetProperty("times").EnumerateArray().Where(t => t.GetProperty("clockId").GetString() == "resolution"), t =>
        {
            Assert.Equal(0, t.GetProperty("count").GetInt32());
            Assert.Equal(JsonValueKind.Null, t.GetProperty("averageSeconds").ValueKind);
        });

        var backlog = report.GetProperty("backlog");
        Assert.Equal(6, backlog.GetProperty("total").GetInt32());
        Assert.Equal([2, 0, 4, 0, 0], backlog.GetProperty("totals").EnumerateArray().Select(c => c.GetInt32()));

        var accounts = report.GetProperty("accounts").EnumerateArray().Single();
        Assert.Equal(Org.Id, accounts.GetProperty("organisationId").GetGuid());
        Assert.Equal(3, accounts.GetProperty("total").GetInt32());
        Assert.Equal([0, 3], accounts.GetProperty("months").EnumerateArray().Select(m => m.GetProperty("count").GetInt32()));

        // March alone: the March figures; the organisation's scope gives the same lines as its only contract.
        var march = await (await app.As(W.Admin.Token).GetAsync($"/api/v1/reports/times?organisationId={Org.Id}&from=2026-03-01&to=2026-03-31")).ReadAsync();
        Assert.Equal("organisation", march.GetProperty("scope").GetString());
        var marchTake = march.GetProperty("times").EnumerateArray().Single(t => t.GetProperty("clockId").GetString() == "take-charge" && t.GetProperty("priority").GetString() == "mineure");
        Assert.Equal((4, 13_500L, 10_800L), (marchTake.GetProperty("count").GetInt32(), marchTake.GetProperty("averageSeconds").GetInt64(), marchTake.GetProperty("medianSeconds").GetInt64()));
    }

    [Fact]
    public async Task Times_are_for_staff_who_serve_the_scope_and_check_their_input()
    {
        var url = $"/api/v1/reports/times?contractId={Org.ContractId}";
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(W.AgentA.Token).GetAsync(url)).StatusCode); // serves another organisation
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(W.AgentA.Token).GetAsync($"/api/v1/reports/times?organisationId={Org.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(Org.Referent.Token).GetAsync(url)).StatusCode); // a client, even of this contract
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(W.Admin.Token).GetAsync($"/api/v1/reports/times?contractId={Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(W.Admin.Token).GetAsync($"/api/v1/reports/times?contractId={Org.ContractId}&organisationId={W.A.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.As(W.AgentA.Token).GetAsync($"/api/v1/reports/times?contractId={W.A.ContractId}")).StatusCode);

        // The agent's "all" covers only the organisation they serve.
        var all = await (await app.As(W.AgentA.Token).GetAsync("/api/v1/reports/times")).ReadAsync();
        Assert.Equal("tout", all.GetProperty("scope").GetString());
        Assert.All(all.GetProperty("times").EnumerateArray(), t => Assert.Equal(W.A.ContractId, t.GetProperty("contractId").GetGuid()));

        foreach (var bad in new[] { "contractId=abc", "organisationId=abc", $"contractId={Org.ContractId}&from=31/12/2025", $"contractId={Org.ContractId}&from=2026-02-01&to=2026-01-01", $"contractId={Org.ContractId}&from=2000-01-01&to=2026-01-01" })
        {
            var response = await app.As(W.Admin.Token).GetAsync($"/api/v1/reports/times?{bad}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.ReadAsync();
            Assert.Equal("validation_failed", problem.Code());
            Assert.Equal("Certaines valeurs sont invalides.", problem.GetProperty("title").GetString());
        }
    }
    [Fact]
    public async Task The_staff_reports_page_and_its_exports_carry_the_figures_with_real_types()
    {
        await DatasetAsync();
        var admin = await PortalClient.SignInAsync(app, W.Admin.Email);
        var query = $"perimetre=c-{Org.ContractId}&du=2026-03-01&au=2026-04-30";
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync($"/rapports?{query}"));
        Assert.Contains("Rapports de niveau de service", page, StringComparison.Ordinal);
        Assert.Contains("Organisation es26 — es26", page, StringComparison.Ordinal);
        Assert.Contains("<td>3 h 12</td><td>2 h 00</td>", page, StringComparison.Ordinal); // average and median over the period
        Assert.Contains("<td>3 h 45</td><td>3 h 00</td>", page, StringComparison.Ordinal); // March
        Assert.Contains("<title id=", page, StringComparison.Ordinal);
        Assert.Contains("Prise en charge sous 8 heures ouvrées : 83,3 % (5 sur 6) du 01/03/2026 au 30/04/2026", page, StringComparison.Ordinal);
        var printable = await admin.GetStringAsync($"/rapports?impression=true&{query}");
        Assert.DoesNotContain("<form method=\"get\" class=\"filters\"", printable, StringComparison.Ordinal);

        // The spreadsheet: one sheet per table, French headers, numbers as numbers and dates as dates.
        var file = await admin.GetAsync($"/rapports?handler=xlsx&{query}");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file.Content.Headers.ContentType?.MediaType);
        var xlsx = await file.Content.ReadAsByteArrayAsync();
        Assert.Equal(["Conformité", "Conformité par mois", "Demandes hors délai", "Délais", "Délais par mois", "Stock par ancienneté", "Comptes créés"], MiniExcelLibs.MiniExcel.GetSheetNames(new MemoryStream(xlsx)));
        IDictionary<string, object> Row(string sheet, Func<IDictionary<string, object>, bool> which) =>
            MiniExcelLibs.MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: true, sheetName: sheet).Cast<IDictionary<string, object>>().Single(which);
        var times = Row("Délais", r => r["Délai"] as string == "Prise en charge" && Number(r["Demandes"]) == 5);
        Assert.Equal("8 heures ouvrées", times["Objectif"]);
        Assert.Equal(3.2, Number(times["Moyenne (heures)"]));
        Assert.Equal(2.0, Number(times["Médiane (heures)"]));
        Assert.Equal(8.0, Number(times["Objectif (heures)"]));
        var march = Row("Délais par mois", r => r["Délai"] as string == "Prise en charge" && r["Mois"] is DateTime { Month: 3 });
        Assert.Equal(new DateTime(2026, 3, 1), Assert.IsType<DateTime>(march["Mois"]));
        Assert.Equal(3.75, Number(march["Moyenne (heures)"]));
        Assert.Equal(3.0, Number(march["Médiane (heures)"]));
        var period = Row("Conformité", r => r["Période"] as string == "Période du rapport");
        Assert.Equal(new DateTime(2026, 3, 1), Assert.IsType<DateTime>(period["Du"]));
        Assert.Equal(new DateTime(2026, 4, 30), Assert.IsType<DateTime>(period["Au"]));
        Assert.Equal(83.3, Number(period["Taux (%)"]));
        Assert.Equal(1.0, Number(period["Manqués"]));
        Assert.Equal(5.0, Number(period["Respectés"]));
        var accounts = Row("Comptes créés", r => r["Mois"] is DateTime { Month: 4 });
        Assert.Equal(3.0, Number(accounts["Comptes créés"]));
        var backlog = Row("Stock par ancienneté", r => r["Priorité"] as string == "Total");
        Assert.Equal(6.0, Number(backlog["Total"]));

        // The CSV: the same tables, numbers with a dot, dates in ISO 8601.
        var csv = await admin.GetStringAsync($"/rapports?handler=csv&{query}");
        Assert.Contains(";8 heures ouvrées;8.0;5;5;100.0;3.2;2.0;", csv, StringComparison.Ordinal);
        Assert.Contains(";2026-03;4;4;3.75;3.0\r\n", csv, StringComparison.Ordinal);
        Assert.Contains("Organisation es26;2026-04;3\r\n", csv, StringComparison.Ordinal);
        Assert.Contains("Période du rapport;2026-03-01;2026-04-30;", csv, StringComparison.Ordinal);

        // Another organisation's contract or organisation, a client: not found.
        var agent = await PortalClient.SignInAsync(app, W.AgentA.Email);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync($"/rapports?perimetre=c-{Org.ContractId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync($"/rapports?perimetre=o-{Org.Id}&handler=xlsx")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync("/rapports?perimetre=n-importe-quoi")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync($"/rapports?perimetre=c-{W.A.ContractId}")).StatusCode);
        var client = await PortalClient.SignInAsync(app, Org.Simple.Email);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/rapports?perimetre=c-{Org.ContractId}")).StatusCode);
    }

    [Fact]
    public async Task The_referents_monthly_report_shows_their_contracts_only()
    {
        await DatasetAsync();
        await app.WithServiceAsync<GuichetDbContext, int>(db => db.Users.Where(u => u.Id == Org.Referent.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsReferent, true)));
        var referent = await PortalClient.SignInAsync(app, Org.Referent.Email);
        var page = WebUtility.HtmlDecode(await referent.GetStringAsync("/statistiques/rapport-mensuel?mois=2026-03"));
        Assert.Contains("Rapport mensuel de niveau de service", page, StringComparison.Ordinal);
        Assert.Contains("<td>3 h 45</td><td>3 h 00</td>", page, StringComparison.Ordinal);
        Assert.Contains("Prise en charge sous 8 heures ouvrées : 100,0 % (4 sur 4) du 01/03/2026 au 31/03/2026 — objectif 75 % respecté", page, StringComparison.Ordinal);
        var xlsx = await referent.GetByteArrayAsync("/statistiques/rapport-mensuel?handler=xlsx&mois=2026-03");
        var times = MiniExcelLibs.MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: true, sheetName: "Délais").Cast<IDictionary<string, object>>()
            .Single(r => r["Délai"] as string == "Prise en charge" && Number(r["Demandes"]) > 0);
        Assert.Equal((4.0, 3.75, 3.0), (Number(times["Demandes"]), Number(times["Moyenne (heures)"]), Number(times["Médiane (heures)"])));
        Assert.Contains(";2026-03;4;4;3.75;3.0\r\n", await referent.GetStringAsync("/statistiques/rapport-mensuel?handler=csv&mois=2026-03"), StringComparison.Ordinal);

        // The usage statistics read the same stored outcomes: over March–April, 5 take-charges met, the untaken one
        // past its due (02/04 10:30 Paris) breached; in March alone, 4 met.
        var statistics = WebUtility.HtmlDecode(await referent.GetStringAsync("/statistiques?du=2026-03-01&au=2026-04-30"));
        Assert.Contains("<tr><th scope=\"row\">Prise en charge</th><td>5</td><td>1</td><td>0</td>", statistics, StringComparison.Ordinal);
        Assert.Contains("<strong>6</strong>", statistics, StringComparison.Ordinal);
        statistics = WebUtility.HtmlDecode(await referent.GetStringAsync("/statistiques?du=2026-03-01&au=2026-03-31"));
        Assert.Contains("<tr><th scope=\"row\">Prise en charge</th><td>4</td><td>0</td><td>0</td>", statistics, StringComparison.Ordinal);

        // Another organisation's contract: not found; a user who is not the référent: not found.
        Assert.Equal(HttpStatusCode.NotFound, (await referent.GetAsync($"/statistiques/rapport-mensuel?contrat={W.A.ContractId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await referent.GetAsync($"/statistiques/rapport-mensuel?contrat={Org.ContractId}&mois=2026-03")).StatusCode);
        var simple = await PortalClient.SignInAsync(app, Org.Simple.Email);
        Assert.Equal(HttpStatusCode.NotFound, (await simple.GetAsync("/statistiques/rapport-mensuel?mois=2026-03")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await simple.GetAsync("/statistiques/rapport-mensuel?handler=xlsx")).StatusCode);
    }

    private static double Number(object value) => Convert.ToDouble(value, CultureInfo.InvariantCulture);
}

public sealed class SqliteServiceTimesTests(SqliteApp app) : ServiceTimesTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresServiceTimesTests(PostgresApp app) : ServiceTimesTests(app), IClassFixture<PostgresApp>;
