using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Guichet.Data;
using Guichet.Features.Mail;
using Guichet.Features.Portal;
using Guichet.Tests.Api;
using Guichet.Tests.Mail;
using Guichet.Tests.Portal;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;

namespace Guichet.Tests.Availability;

/// <summary>
/// The stored side of availability (issue 18, docs/availability.md) over HTTP, on each database: services, the
/// outage log and its contests, maintenances announced by mail (the SMTP test server) and in the banner, the monthly
/// figures against hand-computed values, and another organisation's rows as 404.
/// </summary>
public abstract class AvailabilityTests(GuichetApp app)
{
    private World W => app.World;

    private static string Iso(Instant at) => InstantPattern.ExtendedIso.Format(at);

    /// <summary>A new service of <paramref name="contractId"/> (through the API, as the administrator).</summary>
    internal static async Task<Guid> ServiceAsync(GuichetApp app, Guid contractId, string name, string? objective = null)
    {
        var response = await app.As(app.World.Admin.Token).PostJsonAsync("/api/v1/availability/services", new { contractId, name, environment = "production", objective });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadAsync()).GetProperty("id").GetGuid();
    }

    internal static async Task<Guid> OutageAsync(GuichetApp app, Guid serviceId, Instant start, Instant? end, string cause)
    {
        var response = await app.As(app.World.Admin.Token).PostJsonAsync("/api/v1/availability/outages", new { serviceId, start = Iso(start), end = end is { } e ? Iso(e) : null, cause, description = "Service injoignable." });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadAsync()).GetProperty("id").GetGuid();
    }

    /// <summary>Rows of organisation <paramref name="org"/> for the cross-organisation test of ApiTests: a service, an outage, a contest, a maintenance.</summary>
    internal static async Task<(Guid Service, Guid Outage, Guid Contest, Guid Maintenance)> CrossOrganisationRowsAsync(GuichetApp app, World.Org org)
    {
        var now = app.Clock.GetCurrentInstant();
        var service = await ServiceAsync(app, org.ContractId, $"Service {Guid.NewGuid():N}");
        var outage = await OutageAsync(app, service, now - Duration.FromHours(2), now - Duration.FromHours(1), "unplanned");
        var contested = await app.As(org.Referent.Token).PostJsonAsync($"/api/v1/availability/outages/{outage}/contests", new { text = "Coupure chez nous.", cause = "client-equipment" });
        Assert.Equal(HttpStatusCode.OK, contested.StatusCode);
        var contest = (await contested.ReadAsync()).GetProperty("history").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "contest").GetProperty("id").GetGuid();
        var announced = await app.As(app.World.Admin.Token).PostJsonAsync("/api/v1/availability/maintenances", new { contractId = org.ContractId, serviceIds = new[] { service }, title = "Mise à jour", start = Iso(now + Duration.FromDays(3)), end = Iso(now + Duration.FromDays(3) + Duration.FromHours(2)) });
        Assert.Equal(HttpStatusCode.Created, announced.StatusCode);
        return (service, outage, contest, (await announced.ReadAsync()).GetProperty("id").GetGuid());
    }

    private static JsonElement ServiceIn(JsonElement figures, Guid serviceId) =>
        figures.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("serviceId").GetGuid() == serviceId);

    private static Instant Guadeloupe(int day, int hour, int minute = 0) =>
        new LocalDateTime(2026, 3, day, hour, minute).InZoneStrictly(DateTimeZoneProviders.Tzdb["America/Guadeloupe"]).ToInstant();

    [Fact]
    public async Task The_figures_of_an_es26_month_in_guadeloupe_and_an_at_month_match_the_hand_computed_values()
    {
        var es26 = W.ByPreset["es26"];
        var service = await ServiceAsync(app, es26.ContractId, "Plateforme de test (chiffres)");
        // March 2026 in Guadeloupe (UTC−4, no change of time, no holiday in March): 22 weekdays × 13 h of PRT = 286 h.
        await OutageAsync(app, service, Guadeloupe(10, 10), Guadeloupe(10, 11), "unplanned");        // Tue: 1 h counted
        await OutageAsync(app, service, Guadeloupe(11, 19, 30), Guadeloupe(11, 21), "unplanned");    // Wed: 30 min counted, 1 h after 20:00
        await OutageAsync(app, service, Guadeloupe(12, 9), Guadeloupe(12, 10), "client-equipment");  // Thu: excluded
        await OutageAsync(app, service, Guadeloupe(14, 10), Guadeloupe(14, 12), "unplanned");        // Sat: outside the PRT
        await OutageAsync(app, service, Guadeloupe(16, 6), Guadeloupe(16, 8), "unplanned");          // Mon: 1 h in the nightly window, 1 h counted

        var response = await app.As(es26.Referent.Token).GetAsync($"/api/v1/availability?contractId={es26.ContractId}&month=2026-03");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var figures = ServiceIn(await response.ReadAsync(), service);
        Assert.Equal(286 * 3600, figures.GetProperty("periodSeconds").GetInt64());
        Assert.Equal(9000, figures.GetProperty("unavailableSeconds").GetInt64());
        Assert.Equal(1544, figures.GetProperty("allowedSeconds").GetInt64()); // 1 029 600 s × 0,15 %
        Assert.Equal(99.1259m, figures.GetProperty("rate").GetDecimal()); // (1 029 600 − 9 000) / 1 029 600
        Assert.Equal(99.85m, figures.GetProperty("target").GetDecimal());
        Assert.False(figures.GetProperty("met").GetBoolean());
        Assert.False(figures.GetProperty("inProgress").GetBoolean());
        Assert.Equal(JsonValueKind.Null, figures.GetProperty("budgetLeftSeconds").ValueKind);
        var monday = figures.GetProperty("outages").EnumerateArray().Single(o => o.GetProperty("start").GetString() == Iso(Guadeloupe(16, 6)));
        Assert.Equal(["maintenance-window", "counted"], monday.GetProperty("stretches").EnumerateArray().Select(s => s.GetProperty("reason").GetString()!).ToArray());
        Assert.Equal(3600, monday.GetProperty("countedSeconds").GetInt64());
        var wednesday = figures.GetProperty("outages").EnumerateArray().Single(o => o.GetProperty("start").GetString() == Iso(Guadeloupe(11, 19, 30)));
        Assert.Equal(["counted", "outside-measurement"], wednesday.GetProperty("stretches").EnumerateArray().Select(s => s.GetProperty("reason").GetString()!).ToArray());

        // AT 9.4.12 in La Réunion (UTC+4): March 2026 is 744 h; 2 h of force majeure are deducted, 1 h counted.
        var at = W.B;
        var software = await ServiceAsync(app, at.ContractId, "Progiciel (chiffres)", "progiciel");
        var reunion = DateTimeZoneProviders.Tzdb["Indian/Reunion"];
        Instant Local(int day, int hour) => new LocalDateTime(2026, 3, day, hour, 0).InZoneStrictly(reunion).ToInstant();
        await OutageAsync(app, software, Local(3, 1), Local(3, 2), "unplanned");
        await OutageAsync(app, software, Local(20, 14), Local(20, 16), "force-majeure");
        var atFigures = ServiceIn(await (await app.As(at.Referent.Token).GetAsync($"/api/v1/availability?contractId={at.ContractId}&month=2026-03")).ReadAsync(), software);
        Assert.Equal(744 * 3600, atFigures.GetProperty("periodSeconds").GetInt64());
        Assert.Equal(7200, atFigures.GetProperty("deductedSeconds").GetInt64());
        Assert.Equal(3600, atFigures.GetProperty("unavailableSeconds").GetInt64());
        Assert.Equal(2671, atFigures.GetProperty("allowedSeconds").GetInt64()); // (2 678 400 − 7 200) × 0,1 %
        Assert.Equal(99.8652m, atFigures.GetProperty("rate").GetDecimal()); // (2 671 200 − 3 600) / 2 671 200
        Assert.Equal(99.9m, atFigures.GetProperty("target").GetDecimal());

        // The month in progress (April, from the 13th): nothing counted, the whole budget is left, said in French.
        var april = ServiceIn(await (await app.As(es26.Referent.Token).GetAsync($"/api/v1/availability?contractId={es26.ContractId}&month=2026-04")).ReadAsync(), service);
        Assert.True(april.GetProperty("inProgress").GetBoolean());
        Assert.Equal(april.GetProperty("allowedSeconds").GetInt64(), april.GetProperty("budgetLeftSeconds").GetInt64());
        Assert.StartsWith("il reste ", april.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.EndsWith(" d'indisponibilité avant l'objectif", april.GetProperty("summary").GetString(), StringComparison.Ordinal);

        // Bad input is a French problem with a stable code; a contract without commitment refuses services.
        var badMonth = await app.As(es26.Referent.Token).GetAsync($"/api/v1/availability?contractId={es26.ContractId}&month=mars");
        Assert.Equal(HttpStatusCode.BadRequest, badMonth.StatusCode);
        Assert.Equal("validation_failed", (await badMonth.ReadAsync()).Code());
        var noCommitment = await app.As(W.Admin.Token).PostJsonAsync("/api/v1/availability/services", new { contractId = W.A.ContractId, name = "Rien" });
        Assert.Equal(HttpStatusCode.BadRequest, noCommitment.StatusCode);
        Assert.Contains("aucun engagement", (await noCommitment.ReadAsync()).GetProperty("errors").GetProperty("contractId")[0].GetString(), StringComparison.Ordinal);
        var badCause = await app.As(W.Admin.Token).PostJsonAsync("/api/v1/availability/outages", new { serviceId = service, start = "hier", cause = "panne" });
        Assert.Equal(HttpStatusCode.BadRequest, badCause.StatusCode);
        var problem = await badCause.ReadAsync();
        Assert.Contains("Cause inconnue", problem.GetProperty("errors").GetProperty("cause")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("ISO 8601", problem.GetProperty("errors").GetProperty("start")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_contested_outage_changes_the_figure_when_accepted_and_not_when_rejected_and_the_history_keeps_both()
    {
        var es26 = W.ByPreset["es26"];
        var service = await ServiceAsync(app, es26.ContractId, "Plateforme de test (contestation)");
        var outage = await OutageAsync(app, service, Guadeloupe(10, 10), Guadeloupe(10, 11), "unplanned");
        async Task<long> CountedAsync() => ServiceIn(await (await app.As(es26.Referent.Token).GetAsync($"/api/v1/availability?contractId={es26.ContractId}&month=2026-03")).ReadAsync(), service).GetProperty("unavailableSeconds").GetInt64();
        Assert.Equal(3600, await CountedAsync());

        // The client contests (the simple user of the organisation may too); staff reject with a reason: unchanged.
        var first = await app.As(es26.Simple.Token).PostJsonAsync($"/api/v1/availability/outages/{outage}/contests", new { text = "Notre pare-feu était en cause.", cause = "client-equipment" });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var firstId = (await first.ReadAsync()).GetProperty("history").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "contest").GetProperty("id").GetGuid();
        var twice = await app.As(es26.Referent.Token).PostJsonAsync($"/api/v1/availability/outages/{outage}/contests", new { text = "Encore." });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal("contest_pending", (await twice.ReadAsync()).Code());
        var byClient = await app.As(es26.Referent.Token).PostJsonAsync($"/api/v1/availability/contests/{firstId}/decision", new { accept = true });
        Assert.Equal(HttpStatusCode.Forbidden, byClient.StatusCode);
        var noReason = await app.As(W.Admin.Token).PostJsonAsync($"/api/v1/availability/contests/{firstId}/decision", new { accept = false });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var rejected = await app.As(W.Admin.Token).PostJsonAsync($"/api/v1/availability/contests/{firstId}/decision", new { accept = false, reason = "Nos sondes montrent la plateforme hors service." });
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Equal(3600, await CountedAsync());

        // Contested again, accepted: the cause changes and the hour is no longer counted.
        var second = await app.As(es26.Referent.Token).PostJsonAsync($"/api/v1/availability/outages/{outage}/contests", new { text = "Le rapport de notre prestataire réseau le confirme.", cause = "client-equipment" });
        var secondId = (await second.ReadAsync()).GetProperty("history").EnumerateArray().Last(e => e.GetProperty("kind").GetString() == "contest").GetProperty("id").GetGuid();
        var accepted = await app.As(W.Admin.Token).PostJsonAsync($"/api/v1/availability/contests/{secondId}/decision", new { accept = true });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var view = await accepted.ReadAsync();
        Assert.Equal("client-equipment", view.GetProperty("cause").GetString());
        Assert.Equal(0, await CountedAsync());
        var again = await app.As(W.Admin.Token).PostJsonAsync($"/api/v1/availability/contests/{secondId}/decision", new { accept = false, reason = "Non." });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        // The history keeps everything, in order, with each contest's outcome; the page shows it to the client.
        var history = (await (await app.As(es26.Referent.Token).GetAsync($"/api/v1/availability/outages/{outage}")).ReadAsync()).GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(["created", "contest", "rejected", "contest", "accepted"], history.Select(e => e.GetProperty("kind").GetString()!).ToArray());
        Assert.Equal(["rejected", "accepted"], history.Where(e => e.GetProperty("kind").GetString() == "contest").Select(e => e.GetProperty("decision").GetString()!).ToArray());
        var page = WebUtility.HtmlDecode(await (await PortalClient.SignInAsync(app, es26.Referent.Email)).GetStringAsync($"/etat-du-service/interruptions/{outage}"));
        Assert.Contains("Contestation rejetée", page, StringComparison.Ordinal);
        Assert.Contains("Contestation acceptée", page, StringComparison.Ordinal);
        Assert.Contains("Nos sondes montrent la plateforme hors service.", page, StringComparison.Ordinal);

        // A comment from the page form goes into the history too.
        var client = await PortalClient.SignInAsync(app, es26.Simple.Email);
        var url = $"/etat-du-service/interruptions/{outage}";
        var posted = await client.PostFormAsync(url, url + "?handler=Comment", new Dictionary<string, string> { ["Text"] = "Merci pour la correction." });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Contains("Merci pour la correction.", WebUtility.HtmlDecode(await client.GetStringAsync(url)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Announcing_a_maintenance_mails_the_referents_publishes_it_and_shows_the_banner_while_it_runs()
    {
        var es26 = W.ByPreset["es26"];
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == es26.Referent.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsReferent, true)));
        var service = await ServiceAsync(app, es26.ContractId, "Plateforme de test (maintenance)");
        var now = app.Clock.GetCurrentInstant();
        var title = $"Montée de version {Guid.NewGuid():N}"[..40];

        // Announced 49 h ahead: excluded; a second one starting now (no notice): it counts as downtime and runs now.
        var ahead = await app.As(W.Admin.Token).PostJsonAsync("/api/v1/availability/maintenances", new { contractId = es26.ContractId, serviceIds = new[] { service }, title = "Préparation", start = Iso(now + Duration.FromHours(49)), end = Iso(now + Duration.FromHours(50)) });
        Assert.Equal(HttpStatusCode.Created, ahead.StatusCode);
        Assert.False((await ahead.ReadAsync()).GetProperty("countsAsDowntime").GetBoolean());
        var running = await app.As(W.Admin.Token).PostJsonAsync("/api/v1/availability/maintenances", new { contractId = es26.ContractId, serviceIds = new[] { service }, title, description = "Nouvelle version de la plateforme.", start = Iso(now), end = Iso(now + Duration.FromHours(1)) });
        Assert.Equal(HttpStatusCode.Created, running.StatusCode);
        var maintenance = await running.ReadAsync();
        Assert.True(maintenance.GetProperty("countsAsDowntime").GetBoolean());
        var id = maintenance.GetProperty("id").GetGuid();

        // The référent's mail, delivered to the SMTP test server; the simple user gets none.
        var mails = await app.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.Kind == "maintenance" && m.Subject.Contains("annoncée")).ToListAsync());
        var mail = mails.Single(m => m.To == es26.Referent.Email && m.Body.Contains(title));
        Assert.DoesNotContain(mails, m => m.To == es26.Simple.Email);
        await app.WithServiceAsync<OutboxDelivery, int>(d => d.RunOnceAsync(CancellationToken.None));
        var delivered = Assert.Single(await TestSmtp.DeliveredAsync(mail.Id));
        Assert.Contains("Maintenance planifiée annoncée", delivered.TextBody, StringComparison.Ordinal);
        Assert.Contains("Plateforme de test (maintenance)", delivered.TextBody, StringComparison.Ordinal);

        // The banner on the portal home while it runs, the news page, not for another organisation.
        var referent = await PortalClient.SignInAsync(app, es26.Referent.Email);
        var home = WebUtility.HtmlDecode(await referent.GetStringAsync("/"));
        Assert.Contains("Maintenance en cours", home, StringComparison.Ordinal);
        Assert.Contains(title, home, StringComparison.Ordinal);
        Assert.Contains(title, WebUtility.HtmlDecode(await referent.GetStringAsync("/actualites")), StringComparison.Ordinal);
        var other = await PortalClient.SignInAsync(app, W.B.Simple.Email);
        Assert.DoesNotContain(title, WebUtility.HtmlDecode(await other.GetStringAsync("/")), StringComparison.Ordinal);
        Assert.DoesNotContain(title, WebUtility.HtmlDecode(await other.GetStringAsync("/actualites")), StringComparison.Ordinal);
        var status = WebUtility.HtmlDecode(await referent.GetStringAsync("/etat-du-service"));
        Assert.Contains("En maintenance", status, StringComparison.Ordinal);
        Assert.Contains("Préparation", status, StringComparison.Ordinal);

        // The iCal feed of the organisation carries it.
        var ical = await app.WithDbAsync(async db => await Feeds.ServicesICalAsync(db, await Guichet.Features.Tickets.Pages.Lookups.LoadAsync(db, new Microsoft.Extensions.Caching.Memory.MemoryCache(new Microsoft.Extensions.Caching.Memory.MemoryCacheOptions()), default), es26.Id, now, "https://guichet.example", default));
        Assert.Contains($"{id}@guichet-maintenance", ical, StringComparison.Ordinal);

        // Rescheduled then cancelled: mailed again each time, the news item follows, the history has the three steps.
        var later = await app.As(W.Admin.Token).PatchAsJsonAsync($"/api/v1/availability/maintenances/{id}", new { start = Iso(now + Duration.FromHours(72)), end = Iso(now + Duration.FromHours(73)), reason = "Décalée à la demande du client." });
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        Assert.False((await later.ReadAsync()).GetProperty("countsAsDowntime").GetBoolean());
        Assert.DoesNotContain("Maintenance en cours", WebUtility.HtmlDecode(await referent.GetStringAsync("/")), StringComparison.Ordinal);
        var cancelled = await app.As(W.Admin.Token).PostJsonAsync($"/api/v1/availability/maintenances/{id}/cancel", new { reason = "Version retirée." });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var history = (await cancelled.ReadAsync()).GetProperty("history").EnumerateArray().Select(e => e.GetProperty("kind").GetString()!).ToArray();
        Assert.Equal(["announced", "rescheduled", "cancelled"], history);
        var told = await app.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.To == es26.Referent.Email && m.Kind == "maintenance" && m.Body.Contains(title)).Select(m => m.Subject).ToListAsync());
        Assert.Equal(3, told.Count);
        Assert.Contains(told, s => s.Contains("reprogrammée", StringComparison.Ordinal));
        Assert.Contains(told, s => s.Contains("annulée", StringComparison.Ordinal));
        var news = await app.WithDbAsync(db => db.Set<NewsItem>().AsNoTracking().SingleAsync(n => n.Title.Contains(title)));
        Assert.StartsWith("Annulée", news.Title, StringComparison.Ordinal);

        // Only staff announce; a past start is refused in French.
        var byClient = await app.As(es26.Referent.Token).PostJsonAsync("/api/v1/availability/maintenances", new { contractId = es26.ContractId, serviceIds = new[] { service }, title = "x", start = Iso(now + Duration.FromDays(3)), end = Iso(now + Duration.FromDays(4)) });
        Assert.Equal(HttpStatusCode.Forbidden, byClient.StatusCode);
        var past = await app.As(W.Admin.Token).PostJsonAsync("/api/v1/availability/maintenances", new { contractId = es26.ContractId, serviceIds = new[] { service }, title = "x", start = Iso(now - Duration.FromDays(3)), end = Iso(now + Duration.FromDays(4)) });
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
    }

    [Fact]
    public async Task Another_organisations_availability_is_404_on_every_route_and_page()
    {
        var (service, outage, contest, maintenance) = await CrossOrganisationRowsAsync(app, W.B);
        foreach (var token in new[] { W.A.Referent.Token, W.AgentA.Token })
        {
            var caller = app.As(token);
            Assert.Equal(HttpStatusCode.NotFound, (await caller.GetAsync($"/api/v1/availability?contractId={W.B.ContractId}&month=2026-03")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await caller.GetAsync($"/api/v1/availability/services/{service}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await caller.GetAsync($"/api/v1/availability/outages/{outage}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await caller.GetAsync($"/api/v1/availability/maintenances/{maintenance}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await caller.PostJsonAsync("/api/v1/availability/services", new { contractId = W.B.ContractId, name = "x" })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await caller.PostJsonAsync("/api/v1/availability/outages", new { serviceId = service, start = Iso(app.Clock.GetCurrentInstant()), description = "x" })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await caller.PatchAsJsonAsync($"/api/v1/availability/outages/{outage}", new { cause = "unplanned" })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await caller.PostJsonAsync($"/api/v1/availability/outages/{outage}/comments", new { text = "x" })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await caller.PostJsonAsync($"/api/v1/availability/outages/{outage}/contests", new { text = "x" })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await caller.PostJsonAsync($"/api/v1/availability/contests/{contest}/decision", new { accept = true })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await caller.PostJsonAsync("/api/v1/availability/maintenances", new { contractId = W.B.ContractId, serviceIds = new[] { service }, title = "x" })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await caller.PatchAsJsonAsync($"/api/v1/availability/maintenances/{maintenance}", new { start = "x" })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await caller.PostJsonAsync($"/api/v1/availability/maintenances/{maintenance}/cancel", new { })).StatusCode);
            foreach (var list in new[] { "/api/v1/availability/services", "/api/v1/availability/outages", "/api/v1/availability/maintenances" })
            {
                var text = await caller.GetStringAsync($"{list}?contractId={W.B.ContractId}&serviceId={service}");
                Assert.DoesNotContain(service.ToString(), text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(maintenance.ToString(), text, StringComparison.OrdinalIgnoreCase);
            }
        }

        var agent = await PortalClient.SignInAsync(app, W.AgentA.Email);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync($"/bureau/disponibilite/{W.B.ContractId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync($"/bureau/disponibilite/maintenances/{maintenance}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync($"/etat-du-service/interruptions/{outage}")).StatusCode);
        var client = await PortalClient.SignInAsync(app, W.A.Referent.Email);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/etat-du-service/interruptions/{outage}")).StatusCode);
        Assert.DoesNotContain("Mise à jour", WebUtility.HtmlDecode(await client.GetStringAsync("/etat-du-service")), StringComparison.Ordinal);

        // The organisation's own users see it: the référent of B, and the administrator.
        Assert.Equal(HttpStatusCode.OK, (await app.As(W.B.Simple.Token).GetAsync($"/api/v1/availability/outages/{outage}")).StatusCode);
        var admin = await PortalClient.SignInAsync(app, W.Admin.Email);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/bureau/disponibilite/{W.B.ContractId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/bureau/disponibilite/maintenances/{maintenance}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/bureau/disponibilite")).StatusCode);
    }
}

public sealed class SqliteAvailabilityTests(SqliteMailApp app) : AvailabilityTests(app), IClassFixture<SqliteMailApp>;

public sealed class PostgresAvailabilityTests(PostgresMailApp app) : AvailabilityTests(app), IClassFixture<PostgresMailApp>;
