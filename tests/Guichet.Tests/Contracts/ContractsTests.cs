using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Guichet.Data;
using Guichet.Features.Contracts;
using Guichet.Features.Mail;
using Guichet.Tests.Api;
using Guichet.Tests.Mail;
using Guichet.Tests.Portal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;

namespace Guichet.Tests.Contracts;

/// <summary>
/// Contracts' commercial side through the API (docs/contracts.md's worked examples), the time bank consumed by time
/// entries, service conditions on new tickets, and deadline alerts delivered once to a real SMTP server; on SQLite
/// and PostgreSQL. The clock is the fixture's: Monday 13 April 2026; every contract of the world starts on 01/01/2026.
/// </summary>
public abstract class ContractsTests(GuichetApp app)
{
    private const char Nbsp = '\u00A0';

    private World W => app.World;

    private async Task AddIndexAsync(string month, decimal value)
    {
        var response = await app.As(W.Admin.Token).PostJsonAsync("/api/v1/index-values", new { index = "syntec", month, value });
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"{(int)response.StatusCode}");
    }

    private async Task<JsonElement> PutTermsAsync(string token, Guid contract, object terms)
    {
        var response = await app.As(token).PutAsJsonAsync($"/api/v1/contracts/{contract}/terms", terms);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync();
    }

    private async Task<long> CreateTicketAsync(World.Org org, Guid? versionId = null)
    {
        var response = await app.As(org.Referent.Token).PostJsonAsync("/api/v1/tickets", new { productId = W.ProductId, queueId = W.QueueId, versionId = versionId ?? W.VersionId, subject = "Question", body = "Détail" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadAsync()).GetProperty("number").GetInt64();
    }

    [Fact]
    public async Task An_LS_contract_shows_its_periods_notice_deadline_amounts_prorata_and_revision()
    {
        await AddIndexAsync("2025-12", 300m);
        await AddIndexAsync("2026-11", 309m);
        var detail = await PutTermsAsync(W.AgentCommercialA.Token, W.A.ContractId, new
        {
            initialPeriodMonths = 12,
            renewals = 3,
            noticeKind = "before-anniversary-late-termination",
            noticeMonths = 2,
            noticeExtraMonths = 2,
            firstBillingDate = "2026-07-31",
            installedOn = "2026-07-15",
            lines = new[] { new { label = "Maintenance et support", amountExclVat = 350.00m } },
            revisionFormula = "ls",
            revisionIndex = "Syntec",
            baseIndexMonth = "2025-12",
        });

        // A client of the organisation reads the same contract.
        var response = await app.As(W.A.Simple.Token).GetAsync($"/api/v1/contracts/{W.A.ContractId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(detail.ToString(), (await response.ReadAsync()).ToString());

        var next = detail.GetProperty("nextAnniversary");
        Assert.Equal("2027-01-01", next.GetProperty("date").GetString());
        Assert.Equal("2026-11-01", next.GetProperty("noticeDeadline").GetString());
        Assert.True(next.GetProperty("startsRenewal").GetBoolean());
        Assert.Equal("2029-12-31", detail.GetProperty("finalEnd").GetString());
        var periods = detail.GetProperty("periods").EnumerateArray().ToList();
        Assert.Equal(
            [("2026-01-01", "2026-12-31", "2026-07-31"), ("2027-01-01", "2027-12-31", "2027-01-01"), ("2028-01-01", "2028-12-31", "2028-01-01"), ("2029-01-01", "2029-12-31", "2029-01-01")],
            periods.Select(p => (p.GetProperty("start").GetString(), p.GetProperty("end").GetString(), p.GetProperty("billingDate").GetString())));

        var amounts = detail.GetProperty("amounts");
        Assert.Equal((350.00m, 70.00m, 420.00m), (amounts.GetProperty("totalExclVat").GetDecimal(), amounts.GetProperty("totalVat").GetDecimal(), amounts.GetProperty("totalInclVat").GetDecimal()));
        var prorata = detail.GetProperty("prorata");
        Assert.Equal(("2026-08-01", 5, 145.83m), (prorata.GetProperty("billedFrom").GetString(), prorata.GetProperty("months").GetInt32(), prorata.GetProperty("amount").GetDecimal()));

        var revision = Assert.Single(detail.GetProperty("revisions").EnumerateArray());
        Assert.Equal("2027-01-01", revision.GetProperty("date").GetString());
        Assert.Equal("2026-11", revision.GetProperty("currentIndex").GetProperty("month").GetString());
        var line = Assert.Single(revision.GetProperty("lines").EnumerateArray());
        Assert.Equal(359.10m, line.GetProperty("revisedPrice").GetDecimal());
        Assert.Equal($"0,15 + 0,85 × 309 / 300 = 1,0255 → arrondi au millième supérieur : 1,026 ; 350,00{Nbsp}€ × 1,026 = 359,10{Nbsp}€", line.GetProperty("explanation").GetString());

        // Listed for the organisation's users and its staff, with the deadline.
        var list = await (await app.As(W.A.Referent.Token).GetAsync("/api/v1/contracts")).ReadAsync();
        var row = Assert.Single(list.EnumerateArray());
        Assert.Equal("2026-11-01", row.GetProperty("noticeDeadline").GetString());
    }

    [Fact]
    public async Task Past_the_notice_deadline_an_LS_client_is_told_that_a_late_termination_takes_effect_two_months_after_receipt()
    {
        // LS 1.9: first anniversary on 01/05/2026, notice deadline 01/03/2026, already passed in April.
        var detail = await PutTermsAsync(W.Admin.Token, W.A.ContractId, new
        {
            initialPeriodMonths = 4,
            renewals = 3,
            noticeKind = "before-anniversary-late-termination",
            noticeMonths = 2,
            noticeExtraMonths = 2,
            alertLeadDays = 1,
            reminderLeadDays = 0,
            lines = new[] { new { label = "Maintenance et support", amountExclVat = 350.00m } },
        });
        var today = LocalDatePattern.Iso.Parse(detail.GetProperty("today").GetString()!).Value;
        static string D(LocalDate d) => d.ToString("dd'/'MM'/'yyyy", CultureInfo.InvariantCulture);
        var next = detail.GetProperty("nextAnniversary");
        Assert.True(next.GetProperty("deadlinePassed").GetBoolean());
        var expected = $"une résiliation reçue aujourd'hui prendrait effet 2 mois après sa réception, le {D(today.PlusMonths(2))}, avec une facture du solde dû du 01/05/2026 au {D(today.PlusMonths(2).PlusDays(-1))}.";
        Assert.Equal(expected, next.GetProperty("afterDeadline").GetString());

        var client = await PortalClient.SignInAsync(app, W.A.Referent.Email);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/mon-contrat/{W.A.ContractId}"));
        Assert.Contains("est passée : " + expected, page, StringComparison.Ordinal);
        Assert.DoesNotContain("le contrat se poursuit", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_current_years_amounts_are_the_revised_prices_with_the_index_month_they_come_from()
    {
        // Year 2 starts on 01/04/2026 and is the current one; its price is revised with the index of February 2026.
        await AddIndexAsync("2025-12", 300m);
        await AddIndexAsync("2026-02", 309m);
        var detail = await PutTermsAsync(W.Admin.Token, W.A.ContractId, new
        {
            initialPeriodMonths = 3,
            renewals = 3,
            noticeKind = "before-anniversary-late-termination",
            noticeMonths = 2,
            noticeExtraMonths = 2,
            alertLeadDays = 1,
            reminderLeadDays = 0,
            lines = new[] { new { label = "Maintenance et support", amountExclVat = 350.00m } },
            revisionFormula = "ls",
            revisionIndex = "Syntec",
            baseIndexMonth = "2025-12",
        });

        var revision = Assert.Single(detail.GetProperty("revisions").EnumerateArray(), r => r.GetProperty("year").GetInt32() == 2);
        Assert.Equal("2026-02", revision.GetProperty("currentIndex").GetProperty("month").GetString());
        Assert.Equal(359.10m, Assert.Single(revision.GetProperty("lines").EnumerateArray()).GetProperty("revisedPrice").GetDecimal());
        var amounts = detail.GetProperty("amounts");
        Assert.Equal(2, amounts.GetProperty("year").GetInt32());
        Assert.Equal((359.10m, 430.92m), (amounts.GetProperty("totalExclVat").GetDecimal(), amounts.GetProperty("totalInclVat").GetDecimal()));
        Assert.True(amounts.GetProperty("revised").GetBoolean());
        Assert.Equal("2026-02", amounts.GetProperty("indexMonth").GetString());
        Assert.Equal("prix révisés au 01/04/2026, indice de février 2026", amounts.GetProperty("priceBasis").GetString());

        var client = await PortalClient.SignInAsync(app, W.A.Referent.Email);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/mon-contrat/{W.A.ContractId}"));
        Assert.Contains("Montants de l'année 2 du contrat (TVA 20" + Nbsp + "%) — prix révisés au 01/04/2026, indice de février 2026", page, StringComparison.Ordinal);
        Assert.Contains("359,10" + Nbsp + "€", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Terms_are_edited_by_admins_and_account_managers_only_with_French_errors_and_another_organisations_contract_is_404()
    {
        var terms = new { initialPeriodMonths = 12, renewals = 1 };
        var agent = await app.As(W.AgentA.Token).PutAsJsonAsync($"/api/v1/contracts/{W.A.ContractId}/terms", terms);
        Assert.Equal(HttpStatusCode.Forbidden, agent.StatusCode);
        Assert.Equal("role_required", (await agent.ReadAsync()).Code());
        var client = await app.As(W.A.Referent.Token).PatchAsJsonAsync($"/api/v1/contracts/{W.A.ContractId}/terms", terms);
        Assert.Equal("staff_only", (await client.ReadAsync()).Code());

        // Organisation A's account manager does not see organisation B's contract.
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(W.AgentCommercialA.Token).PutAsJsonAsync($"/api/v1/contracts/{W.B.ContractId}/terms", terms)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(W.A.Referent.Token).GetAsync($"/api/v1/contracts/{W.B.ContractId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(W.AgentCommercialA.Token).PostJsonAsync($"/api/v1/contracts/{W.B.ContractId}/time-bank/purchases", new { minutes = 60 })).StatusCode);

        var bad = await app.As(W.Admin.Token).PatchAsJsonAsync($"/api/v1/contracts/{W.ByPreset["e23"].ContractId}/terms", new { initialPeriodMonths = 0, vatRate = 1.5m, noticeKind = "jamais", lines = new[] { new { label = "", amountExclVat = 10.001m } } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.ReadAsync()).GetProperty("errors");
        Assert.Equal("La période initiale est de 1 à 120 mois.", errors.GetProperty("initialPeriodMonths")[0].GetString());
        foreach (var field in new[] { "vatRate", "noticeKind", "lines[0].label", "lines[0].amountExclVat" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public async Task An_AT_contract_revises_each_years_price_by_the_index_and_counts_its_included_quota()
    {
        await AddIndexAsync("2025-12", 300m);
        await AddIndexAsync("2026-11", 309m);
        var org = W.B;
        var ticket = await CreateTicketAsync(org);
        var serviceType = (await (await app.As(org.Referent.Token).GetAsync($"/api/v1/tickets/{ticket}")).ReadAsync()).GetProperty("serviceType").GetString();
        var detail = await PutTermsAsync(W.Admin.Token, org.ContractId, new
        {
            initialPeriodMonths = 24,
            renewals = 0,
            noticeKind = "before-anniversary",
            noticeMonths = 3,
            lines = new[] { new { label = "Maintenance", amountExclVat = 6300m, laterYearAmounts = new[] { 9000m } } },
            revisionFormula = "at",
            revisionIndex = "Syntec",
            baseIndexMonth = "2025-12",
            baseIndexValue = 300m,
            quotas = new[] { new { label = "ticket d'assistance juridique", pluralLabel = "tickets d'assistance juridique", perContractYear = 5, serviceType } },
        });

        Assert.Equal("2026-10-01", detail.GetProperty("nextAnniversary").GetProperty("noticeDeadline").GetString());
        Assert.False(detail.GetProperty("nextAnniversary").GetProperty("startsRenewal").GetBoolean());
        Assert.Equal(7560.00m, detail.GetProperty("amounts").GetProperty("totalInclVat").GetDecimal());
        var line = Assert.Single(Assert.Single(detail.GetProperty("revisions").EnumerateArray()).GetProperty("lines").EnumerateArray());
        Assert.Equal((9000.00m, 9270.00m), (line.GetProperty("initialPrice").GetDecimal(), line.GetProperty("revisedPrice").GetDecimal()));
        var quota = Assert.Single(detail.GetProperty("quotas").EnumerateArray());
        Assert.Equal((1, 4), (quota.GetProperty("used").GetInt32(), quota.GetProperty("remaining").GetInt32()));
        Assert.Equal("4 tickets d'assistance juridique disponibles sur 5 jusqu'au 31/12/2026", quota.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Out_of_scope_time_entries_consume_the_time_bank()
    {
        var org = W.ByPreset["es26"];
        var admin = app.As(W.Admin.Token);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostJsonAsync($"/api/v1/contracts/{org.ContractId}/time-bank/purchases", new { on = "2026-02-01", minutes = 20 * 60, note = "Carnet de 20 heures" })).StatusCode);
        var ticket = await CreateTicketAsync(org);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostJsonAsync($"/api/v1/tickets/{ticket}/time-entries", new { minutes = 195, outOfScope = true })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostJsonAsync($"/api/v1/tickets/{ticket}/time-entries", new { minutes = 30, outOfScope = false })).StatusCode);

        var bank = (await (await app.As(org.Referent.Token).GetAsync($"/api/v1/contracts/{org.ContractId}")).ReadAsync()).GetProperty("timeBank");
        Assert.Equal((1200L, 195L, 1005L), (bank.GetProperty("boughtMinutes").GetInt64(), bank.GetProperty("consumedMinutes").GetInt64(), bank.GetProperty("balanceMinutes").GetInt64()));
        Assert.Equal("16 heures 45 minutes restantes", bank.GetProperty("balance").GetString());
        var consumption = Assert.Single(bank.GetProperty("consumptions").EnumerateArray());
        Assert.Equal((ticket, 195), (consumption.GetProperty("ticket").GetInt64(), consumption.GetProperty("minutes").GetInt32()));
        Assert.Equal("2026-02-01", Assert.Single(bank.GetProperty("purchases").EnumerateArray()).GetProperty("on").GetString());
    }

    [Fact]
    public async Task A_ticket_on_a_version_outside_the_service_conditions_is_accepted_and_flagged()
    {
        var org = W.ByPreset["e23"];
        var (old, recent) = await app.WithDbAsync(async db =>
        {
            var product = await db.Products.Include(p => p.Versions).SingleAsync(p => p.Id == W.ProductId);
            product.Versions.Single(v => v.Number == "1.0.0").ReleasedOn = new LocalDate(2024, 1, 15);
            product.Versions.Single(v => v.Number == "2.0.0").ReleasedOn = new LocalDate(2025, 6, 2);
            if (product.Versions.All(v => v.Number != "3.0.0"))
            {
                var added = new Guichet.Data.ProductVersion { ProductId = product.Id, Number = "3.0.0", ReleasedOn = new LocalDate(2026, 1, 12) };
                db.ProductVersions.Add(added);
                product.Versions.Add(added);
            }

            await db.SaveChangesAsync();
            return (product.Versions.Single(v => v.Number == "1.0.0").Id, product.Versions.Single(v => v.Number == "2.0.0").Id);
        });
        await PutTermsAsync(W.Admin.Token, org.ContractId, new { supportedMajorVersions = 2 });

        var flagged = await (await app.As(org.Referent.Token).GetAsync($"/api/v1/tickets/{await CreateTicketAsync(org, old)}")).ReadAsync();
        Assert.True(flagged.GetProperty("outOfScope").GetBoolean());
        Assert.Contains("la version 1.0.0 n'appartient pas à l'une des 2 dernières versions majeures (3 et 2)", flagged.GetProperty("outOfScopeReason").GetString(), StringComparison.Ordinal);

        var fine = await (await app.As(org.Referent.Token).GetAsync($"/api/v1/tickets/{await CreateTicketAsync(org, recent)}")).ReadAsync();
        Assert.False(fine.GetProperty("outOfScope").GetBoolean());
        Assert.Equal(JsonValueKind.Null, fine.GetProperty("outOfScopeReason").ValueKind);
    }

    [Fact]
    public async Task Deadline_alerts_reach_the_mailbox_once_even_when_the_job_runs_twice()
    {
        var org = W.ByPreset["mn"];
        await app.WithDbAsync(async db =>
        {
            var organisation = await db.Organisations.SingleAsync(o => o.Id == org.Id);
            organisation.AccountManagerId = W.AgentCommercialA.Id;
            var referent = await db.Users.SingleAsync(u => u.Id == org.Referent.Id);
            referent.IsReferent = true;
            return await db.SaveChangesAsync();
        });

        // MN: renewable without limit, 2 months' notice from the 1st of the next month; a lead long enough for today.
        await PutTermsAsync(W.Admin.Token, org.ContractId, new
        {
            initialPeriodMonths = 12,
            unlimitedRenewals = true,
            noticeKind = "from-first-of-next-month",
            noticeMonths = 2,
            noticeExtraMonths = 12,
            alertLeadDays = 300,
            reminderLeadDays = 0,
        });
        var upcoming = await (await app.As(W.Admin.Token).GetAsync("/api/v1/contracts/alerts?days=365")).ReadAsync();
        Assert.Contains(upcoming.EnumerateArray(), a => a.GetProperty("contractId").GetGuid() == org.ContractId && a.GetProperty("kind").GetString() == "notice" && a.GetProperty("date").GetString() == "2026-10-31");

        // Two instances at once, then once more: each (deadline, recipient) gets one alert and one mail.
        var runs = await Task.WhenAll(RunAlertsAsync(), RunAlertsAsync());
        Assert.Equal(0, await RunAlertsAsync());
        var alerts = await app.WithDbAsync(db => db.ContractAlerts.AsNoTracking().Where(a => a.ContractId == org.ContractId).ToListAsync());
        Assert.Equal(
            [("notice", "commercial@provider.example"), ("notice", org.Referent.Email), ("renewal", "commercial@provider.example"), ("renewal", org.Referent.Email)],
            alerts.Select(a => (a.Kind, a.Recipient)).Order());
        Assert.Equal(4, runs.Sum());
        Assert.Equal(new LocalDate(2026, 10, 31), alerts.First(a => a.Kind == "notice").Deadline);

        var ids = alerts.Select(a => a.OutboxMessageId).ToList();
        var rows = await app.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => ids.Contains(m.Id)).ToListAsync());
        Assert.Equal(4, rows.Count);
        await app.WithServiceAsync<OutboxDelivery, int>(d => d.RunOnceAsync(CancellationToken.None));
        foreach (var alert in alerts)
        {
            var mail = Assert.Single(await TestSmtp.DeliveredAsync(alert.OutboxMessageId));
            Assert.Equal(alert.Recipient, Assert.Single(mail.To.Mailboxes).Address);
            if (alert.Kind == "notice")
            {
                Assert.Equal("Guichet : préavis du contrat « mn » au plus tard le 31/10/2026", mail.Subject);
                Assert.Contains("jusqu'au 31/10/2026 inclus", mail.TextBody, StringComparison.Ordinal);
            }
        }

        // The next day changes nothing: the deadline is the same.
        app.Clock.Advance(Duration.FromDays(1));
        Assert.Equal(0, await RunAlertsAsync());
    }

    private Task<int> RunAlertsAsync() => app.WithServiceAsync<ContractAlerts, int>(j => j.RunOnceAsync(CancellationToken.None));
}

public sealed class SqliteContractsTests(SqliteMailApp app) : ContractsTests(app), IClassFixture<SqliteMailApp>;

public sealed class PostgresContractsTests(PostgresMailApp app) : ContractsTests(app), IClassFixture<PostgresMailApp>;
