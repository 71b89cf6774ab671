using System.Net;
using System.Text.Json;
using Guichet.Data;
using Guichet.Tests.Api;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Guichet.Tests.Reports;

/// <summary>
/// Compliance with the ES26 take-charge objective (≥ 75 % within 8 business hours over each 12 months from the
/// contract's start [ES26 13]) on a small hand-computed dataset, through the API. The organisation is in Guadeloupe
/// (UTC−4): its windows start at local midnight; the support calendar is Paris's (09:00–12:00, 14:00–17:30, UTC+1 in
/// early March 2026). The contract starts on 10/03/2025, so the first window ends on 09/03/2026 and the second starts
/// on 10/03/2026 at 04:00 UTC.
/// </summary>
/// <remarks>
/// The dataset, with each ticket's take-charge: A met exactly at its due (created Mon 02/03 09:00 Paris, due Tue 03/03
/// 10:30 Paris after 6 h 30 + 1 h 30), B one minute late; C frozen (waiting for the client) from Fri 06/03 across the
/// window's end, back and taken on Wed 11/03 after 1 h 30 counted: met, in the first window; D requalified Bloquante,
/// taken after 11 h 30: breached; E frozen at the end and still frozen: pending, left out; H created at 23:59 local on
/// 09/03 (already 10/03 in UTC): first window, met; G created exactly at the second window's start: second window, met;
/// F still running past its due when the report is computed: missed. First window: 3 met of 5 counted (60,0 %);
/// second: 1 of 2 (50,0 %); March: 4 of 7 (57,1 %), one pending.
/// </remarks>
public abstract class ComplianceTests(GuichetApp app)
{
    private World W => app.World;

    private World.Org Org => W.ByPreset["es26"];

    private async Task<JsonElement> PostAsync(string token, string url, object body)
    {
        var response = await app.As(token).PostJsonAsync(url, body);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadAsync();
    }

    private async Task<long> CreateAsync(string priority = "mineure") =>
        (await PostAsync(Org.Referent.Token, "/api/v1/tickets", new { productId = W.ProductId, queueId = W.QueueId, serviceType = "assistance-technique", priority, subject = "Écran figé", body = "Détail" }))
            .GetProperty("number").GetInt64();

    private Task<JsonElement> ActAsync(long ticket, string action, object body) => PostAsync(W.Admin.Token, $"/api/v1/tickets/{ticket}/{action}", body);

    private Task<JsonElement> TakeAsync(long ticket) => ActAsync(ticket, "take", new { });

    private void At(int month, int day, int hour, int minute) => app.Clock.Reset(Instant.FromUtc(2026, month, day, hour, minute));

    [Fact]
    public async Task Compliance_over_the_contracts_windows_in_its_zone_with_trend_and_misses()
    {
        await app.WithServiceAsync<GuichetDbContext, int>(db => db.Contracts.Where(c => c.Id == Org.ContractId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.StartsOn, new LocalDate(2025, 3, 10))));

        At(3, 2, 8, 0);
        var a = await CreateAsync();
        var b = await CreateAsync();
        At(3, 3, 9, 30);
        await TakeAsync(a);
        At(3, 3, 9, 31);
        await TakeAsync(b);
        At(3, 6, 8, 0);
        var c = await CreateAsync();
        At(3, 6, 9, 0);
        await ActAsync(c, "ask-information", new { text = "Quel navigateur ?" });
        At(3, 9, 8, 0);
        var d = await CreateAsync();
        At(3, 9, 9, 0);
        await ActAsync(d, "priority", new { priority = "bloquante", reason = "Service arrêté." });
        At(3, 9, 12, 0);
        var e = await CreateAsync();
        At(3, 9, 12, 30);
        await ActAsync(e, "ask-information", new { text = "Quel poste ?" });
        At(3, 10, 3, 59);
        var h = await CreateAsync();
        At(3, 10, 4, 0);
        var g = await CreateAsync();
        At(3, 10, 8, 0);
        var f = await CreateAsync();
        At(3, 10, 9, 0);
        await TakeAsync(h);
        await TakeAsync(g);
        At(3, 10, 15, 0);
        await TakeAsync(d);
        At(3, 11, 8, 0);
        await PostAsync(Org.Referent.Token, $"/api/v1/tickets/{c}/replies", new { action = "reply", text = "Firefox." });
        At(3, 11, 8, 30);
        await TakeAsync(c);
        At(3, 11, 10, 0);

        var response = await app.As(W.Admin.Token).GetAsync($"/api/v1/reports/compliance?contractId={Org.ContractId}&from=2026-03-01&to=2026-03-31");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var report = await response.ReadAsync();
        Assert.Equal("America/Guadeloupe", report.GetProperty("zone").GetString());
        var objective = report.GetProperty("objectives").EnumerateArray().Single();
        Assert.Equal("take-charge", objective.GetProperty("clockId").GetString());
        Assert.Equal(75m, objective.GetProperty("objectivePercent").GetDecimal());
        Assert.Equal(12, objective.GetProperty("windowMonths").GetInt32());

        var windows = objective.GetProperty("windows").EnumerateArray().ToList();
        Assert.Equal(2, windows.Count);
        AssertCounts(windows[0], "2025-03-10", "2026-03-09", met: 3, missed: 2, pending: 1, percent: 60.0m, respected: false);
        Assert.True(windows[0].GetProperty("complete").GetBoolean());
        Assert.Equal(
            "Prise en charge sous 8 heures ouvrées : 60,0 % (3 sur 5, 1 en cours non comptée) du 10/03/2025 au 09/03/2026 — objectif 75 % non respecté",
            windows[0].GetProperty("summary").GetString());
        AssertCounts(windows[1], "2026-03-10", "2027-03-09", met: 1, missed: 1, pending: 0, percent: 50.0m, respected: false);
        Assert.False(windows[1].GetProperty("complete").GetBoolean());

        var period = objective.GetProperty("period");
        AssertCounts(period, "2026-03-01", "2026-03-31", met: 4, missed: 3, pending: 1, percent: 57.1m, respected: false);

        var trend = objective.GetProperty("trend").EnumerateArray().Single();
        Assert.Equal("2026-03", trend.GetProperty("month").GetString());
        Assert.Equal(4, trend.GetProperty("met").GetInt32());
        Assert.Equal(3, trend.GetProperty("missed").GetInt32());

        var misses = objective.GetProperty("misses").EnumerateArray().ToList();
        Assert.Equal(new[] { b, d, f }, misses.Select(m => m.GetProperty("ticketId").GetInt64()));
        Assert.Equal(3, objective.GetProperty("missedCount").GetInt32());
        Assert.Contains("délai dépassé", misses[0].GetProperty("explanation").GetString(), StringComparison.Ordinal);
        Assert.Contains("échéance le 03/03/2026 à 05:30", misses[0].GetProperty("explanation").GetString(), StringComparison.Ordinal); // 10:30 Paris, in Guadeloupe
        Assert.Equal("bloquante", misses[1].GetProperty("priority").GetString());
        Assert.Contains("toujours en cours", misses[2].GetProperty("explanation").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(misses, m => m.GetProperty("ticketId").GetInt64() is var id && (id == a || id == c || id == e || id == g || id == h));
    }

    private static void AssertCounts(JsonElement w, string from, string to, int met, int missed, int pending, decimal percent, bool respected)
    {
        Assert.Equal(from, w.GetProperty("from").GetString());
        Assert.Equal(to, w.GetProperty("to").GetString());
        Assert.Equal(met, w.GetProperty("met").GetInt32());
        Assert.Equal(missed, w.GetProperty("missed").GetInt32());
        Assert.Equal(pending, w.GetProperty("pending").GetInt32());
        Assert.Equal(percent, w.GetProperty("percent").GetDecimal());
        Assert.Equal(respected, w.GetProperty("respected").GetBoolean());
    }

    [Fact]
    public async Task Compliance_is_for_staff_who_serve_the_contract_and_checks_its_input()
    {
        var url = $"/api/v1/reports/compliance?contractId={Org.ContractId}";
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(W.AgentA.Token).GetAsync(url)).StatusCode); // serves another organisation
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(Org.Referent.Token).GetAsync(url)).StatusCode); // a client, even of this contract
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(W.Admin.Token).GetAsync($"/api/v1/reports/compliance?contractId={Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.As(W.AgentA.Token).GetAsync($"/api/v1/reports/compliance?contractId={W.A.ContractId}")).StatusCode);

        foreach (var bad in new[] { "contractId=abc", $"contractId={Org.ContractId}&from=31/12/2025", $"contractId={Org.ContractId}&from=2026-02-01&to=2026-01-01", $"contractId={Org.ContractId}&from=2000-01-01&to=2026-01-01" })
        {
            var response = await app.As(W.Admin.Token).GetAsync($"/api/v1/reports/compliance?{bad}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.ReadAsync();
            Assert.Equal("validation_failed", problem.Code());
            Assert.Equal("Certaines valeurs sont invalides.", problem.GetProperty("title").GetString());
        }
    }
}

public sealed class SqliteComplianceTests(SqliteApp app) : ComplianceTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresComplianceTests(PostgresApp app) : ComplianceTests(app), IClassFixture<PostgresApp>;
