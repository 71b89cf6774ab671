using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Guichet.Data;
using Guichet.Features.Accounts;
using Guichet.Features.Crisis;
using Guichet.Features.Mail;
using Guichet.Tests.Api;
using Guichet.Tests.Mail;
using Guichet.Tests.Portal;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;

namespace Guichet.Tests.Crisis;

/// <summary>
/// The crisis cell [AT 9.3.4.6] over HTTP, on each database, with the SMTP test server (docs/crisis.md): the opening
/// mails the client's contacts and shows the meeting due 15 minutes later; a missed point is reminded then escalated,
/// once each; the closure leads to a post-mortem whose measures are tickets followed until done; the stored due
/// instants are what a rebuild from the log gives. Each test sets the clock to its own day.
/// </summary>
public abstract class CrisisTests(GuichetApp app)
{
    private World W => app.World;

    private static string Iso(Instant at) => InstantPattern.ExtendedIso.Format(at);

    private static readonly DateTimeZone Reunion = DateTimeZoneProviders.Tzdb["Indian/Reunion"];

    /// <summary>Makes the organisation's "référent" a référent (the world's are not flagged) and returns a crisis opened by the administrator.</summary>
    internal static async Task<Guid> OpenAsync(GuichetApp app, World.Org org, string title, string cadence = "4h", Guid? managerId = null, Guid[]? contactIds = null)
    {
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == org.Referent.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsReferent, true)));
        var response = await app.As(app.World.Admin.Token).PostJsonAsync("/api/v1/crises", new
        {
            contractId = org.ContractId,
            title,
            description = "Plateforme injoignable pour tous les agents.",
            severity = "critical",
            managerId = managerId ?? app.World.Admin.Id,
            cadence,
            contactIds,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadAsync()).GetProperty("id").GetGuid();
    }

    /// <summary>A crisis of <paramref name="org"/> for the cross-organisation test of ApiTests.</summary>
    internal static Task<Guid> CrossOrganisationCrisisAsync(GuichetApp app, World.Org org) =>
        OpenAsync(app, org, $"Crise {Guid.NewGuid():N}"[..20], contactIds: [org.Referent.Id]);

    /// <summary>A staff member with <paramref name="roles"/> serving the organisation (no password: they are only mailed).</summary>
    private Task<Guid> StaffAsync(World.Org org, StaffRoles roles, string name) => app.WithDbAsync(async db =>
    {
        var email = $"{name}-{Guid.NewGuid():N}@provider.example";
        var user = new User { UserName = email, Email = email, NormalizedEmail = email.ToUpperInvariant(), NormalizedUserName = email.ToUpperInvariant(), DisplayName = name, Kind = UserKind.Staff, Roles = roles, CreatedAt = app.Clock.GetCurrentInstant() };
        db.Users.Add(user);
        db.StaffOrganisations.Add(new StaffOrganisation { UserId = user.Id, OrganisationId = org.Id });
        await db.SaveChangesAsync();
        return user.Id;
    });

    private async Task<JsonElement> CrisisAsync(string token, Guid id)
    {
        var response = await app.As(token).GetAsync($"/api/v1/crises/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadAsync();
    }

    private static JsonElement Due(JsonElement crisis, string key) =>
        crisis.GetProperty("deadlines").EnumerateArray().Single(d => d.GetProperty("key").GetString() == key);

    private Task<int> RunAlertsAsync() => app.WithServiceAsync<CrisisAlerts, int>(a => a.RunOnceAsync(CancellationToken.None));

    private Task<List<CrisisAlert>> AlertsAsync(Guid id) => app.WithDbAsync(db => db.Set<CrisisAlert>().AsNoTracking().Where(a => a.CrisisId == id).OrderBy(a => a.ToldAt).ToListAsync());

    private Task<List<OutboxMessage>> MailsAsync(string kind, string text) =>
        app.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.Kind == kind && m.Body.Contains(text)).OrderBy(m => m.CreatedAt).ToListAsync());

    [Fact]
    public async Task Opening_a_crisis_mails_the_contacts_and_shows_the_meeting_due_15_minutes_later()
    {
        app.Clock.Reset(Instant.FromUtc(2026, 4, 13, 8, 0)); // 12:00 in La Réunion
        var b = W.B;
        var title = $"Plateforme indisponible {Guid.NewGuid():N}"[..36];
        var id = await OpenAsync(app, b, title);

        // The meeting is due 15 minutes after the opening; the first point waits for it.
        var crisis = await CrisisAsync(W.Admin.Token, id);
        var next = crisis.GetProperty("next");
        Assert.Equal("meeting", next.GetProperty("key").GetString());
        Assert.Equal("2026-04-13T08:15:00Z", next.GetProperty("due").GetString());
        Assert.Equal("wall-hours:0.25", next.GetProperty("target").GetString());
        Assert.Equal("running", next.GetProperty("status").GetString());
        Assert.Equal("4h", crisis.GetProperty("cadence").GetString());
        Assert.Single(crisis.GetProperty("deadlines").EnumerateArray());

        // The référent (the default contact) is mailed through the outbox and the SMTP test server; the simple user is not.
        var mails = await MailsAsync(CrisisMails.ClientKind, title);
        var mail = Assert.Single(mails);
        Assert.Equal(b.Referent.Email, mail.To);
        Assert.StartsWith("Guichet : cellule de crise ouverte", mail.Subject, StringComparison.Ordinal);
        await app.WithServiceAsync<OutboxDelivery, int>(d => d.RunOnceAsync(CancellationToken.None));
        var delivered = Assert.Single(await TestSmtp.DeliveredAsync(mail.Id));
        Assert.Contains($"Première réunion de la cellule : au plus tard le {Guichet.Web.Pages.Display.When(Instant.FromUtc(2026, 4, 13, 8, 15), Reunion)}", delivered.TextBody, StringComparison.Ordinal);

        // The staff page puts the meeting first, with its due in the client's zone.
        var admin = await PortalClient.SignInAsync(app, W.Admin.Email);
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync($"/bureau/crises/{id}"));
        Assert.Contains("À faire : Première réunion de la cellule", page, StringComparison.Ordinal);
        Assert.Contains($"au plus tard le {Guichet.Web.Pages.Display.When(Instant.FromUtc(2026, 4, 13, 8, 15), Reunion)} — dans 15 min", page, StringComparison.Ordinal);
        Assert.True(page.IndexOf("À faire", StringComparison.Ordinal) < page.IndexOf("Journal de la crise", StringComparison.Ordinal));

        // The banner for the organisation's users (the link for the référent), not for another organisation's.
        var referent = await PortalClient.SignInAsync(app, b.Referent.Email);
        var home = WebUtility.HtmlDecode(await referent.GetStringAsync("/"));
        Assert.Contains("Cellule de crise ouverte :", home, StringComparison.Ordinal);
        Assert.Contains(title, home, StringComparison.Ordinal);
        Assert.Contains($"/crises/{id}", home, StringComparison.Ordinal);
        var simple = WebUtility.HtmlDecode(await (await PortalClient.SignInAsync(app, b.Simple.Email)).GetStringAsync("/"));
        Assert.Contains(title, simple, StringComparison.Ordinal);
        Assert.DoesNotContain($"/crises/{id}", simple, StringComparison.Ordinal);
        Assert.DoesNotContain(title, WebUtility.HtmlDecode(await (await PortalClient.SignInAsync(app, W.A.Referent.Email)).GetStringAsync("/")), StringComparison.Ordinal);
        Assert.Contains(title, WebUtility.HtmlDecode(await referent.GetStringAsync($"/crises/{id}")), StringComparison.Ordinal);

        // A second crisis on the contract, a client opening one, bad input: refused with stable codes and French messages.
        var again = await app.As(W.Admin.Token).PostJsonAsync("/api/v1/crises", new { contractId = b.ContractId, title = "Encore", description = "x", managerId = W.Admin.Id });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("crisis_open", (await again.ReadAsync()).Code());
        Assert.Equal(HttpStatusCode.Forbidden, (await app.As(b.Referent.Token).PostJsonAsync("/api/v1/crises", new { contractId = b.ContractId, title = "x" })).StatusCode);
        var bad = await app.As(W.Admin.Token).PostJsonAsync("/api/v1/crises", new { contractId = W.ByPreset["e23"].ContractId, cadence = "3h", severity = "grave", managerId = W.AgentA.Id });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.ReadAsync()).GetProperty("errors");
        Assert.Equal("Indiquez l'intitulé de la crise.", errors.GetProperty("title")[0].GetString());
        Assert.StartsWith("Périodicité inconnue", errors.GetProperty("cadence")[0].GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Gravité inconnue", errors.GetProperty("severity")[0].GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Le responsable de la crise doit être", errors.GetProperty("managerId")[0].GetString(), StringComparison.Ordinal);
        var form = await admin.PostFormAsync($"/bureau/crises?contrat={W.ByPreset["e23"].ContractId}", "/bureau/crises", new Dictionary<string, string> { ["contrat"] = W.ByPreset["e23"].ContractId.ToString(), ["Title"] = "" });
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("Indiquez l'intitulé de la crise.", WebUtility.HtmlDecode(await form.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        // Another organisation's crisis is a 404 on the API and the pages; a simple user of the organisation does not read it either.
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(W.A.Referent.Token).GetAsync($"/api/v1/crises/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/crises/{id}/log", new { text = "intrus" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(b.Simple.Token).GetAsync($"/api/v1/crises/{id}")).StatusCode);
        var agent = await PortalClient.SignInAsync(app, W.AgentA.Email);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync($"/bureau/crises/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync($"/bureau/crises/{id}/bilan")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await PortalClient.SignInAsync(app, W.A.Referent.Email)).GetAsync($"/crises/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync($"/bureau/crises?contrat={b.ContractId}")).StatusCode);
    }

    [Fact]
    public async Task A_missed_status_point_is_reminded_then_escalated_once_each_even_when_the_job_runs_twice()
    {
        var start = Instant.FromUtc(2026, 4, 14, 8, 0);
        app.Clock.Reset(start);
        var org = W.ByPreset["es26"];
        var supervisor = await StaffAsync(org, StaffRoles.Supervisor, "superviseur");
        var title = $"Données altérées {Guid.NewGuid():N}"[..30];
        var id = await OpenAsync(app, org, title, cadence: "2h");
        var admin = app.As(W.Admin.Token);

        // 10 minutes in, a third of the 15 before the meeting is due: the manager is reminded, once.
        Assert.DoesNotContain(await AlertsAsync(id), _ => true);
        app.Clock.Advance(Duration.FromMinutes(10));
        await RunAlertsAsync();
        await RunAlertsAsync();
        var reminder = Assert.Single(await AlertsAsync(id));
        Assert.Equal(("meeting", CrisisAlerts.Reminder), (reminder.Key, reminder.Kind));

        // The meeting at 08:12; point 1 is due two hours later, at 10:12.
        app.Clock.Advance(Duration.FromMinutes(2));
        Assert.Equal(HttpStatusCode.OK, (await admin.PostJsonAsync($"/api/v1/crises/{id}/meeting", new { text = "Incident qualifié : production." })).StatusCode);
        var crisis = await CrisisAsync(W.Admin.Token, id);
        Assert.Equal("met", Due(crisis, "meeting").GetProperty("status").GetString());
        Assert.Equal("2026-04-14T10:12:00Z", crisis.GetProperty("next").GetProperty("due").GetString());
        Assert.Equal("2026-04-14T09:57:00Z", crisis.GetProperty("next").GetProperty("remindAt").GetString());

        // 15 minutes before: reminded once; past the due: escalated once, to the supervisor serving the organisation and the manager.
        app.Clock.Reset(Instant.FromUtc(2026, 4, 14, 9, 58));
        await RunAlertsAsync();
        await RunAlertsAsync();
        app.Clock.Reset(Instant.FromUtc(2026, 4, 14, 10, 13));
        await RunAlertsAsync();
        await RunAlertsAsync();
        var alerts = await AlertsAsync(id);
        Assert.Equal([("meeting", "reminder"), ("point-1", "reminder"), ("point-1", "escalation")], alerts.Select(a => (a.Key, a.Kind)));
        var staffMails = await MailsAsync(CrisisMails.StaffKind, title);
        Assert.Equal(4, staffMails.Count); // two reminders to the manager, the escalation to two people
        var supervisorEmail = await app.WithDbAsync(db => db.Users.Where(u => u.Id == supervisor).Select(u => u.Email!).SingleAsync());
        var escalation = staffMails.Single(m => m.To == supervisorEmail);
        Assert.Contains("retard", escalation.Subject, StringComparison.Ordinal);
        Assert.Contains(staffMails, m => m.To == W.Admin.Email && m.Subject.Contains("retard", StringComparison.Ordinal));
        await app.WithServiceAsync<OutboxDelivery, int>(d => d.RunOnceAsync(CancellationToken.None));
        var delivered = Assert.Single(await TestSmtp.DeliveredAsync(escalation.Id));
        Assert.Contains("Point de situation n° 1 de la cellule de crise", delivered.TextBody, StringComparison.Ordinal);

        // The page says it is late, first; the log keeps the reminders and the escalation.
        var page = WebUtility.HtmlDecode(await (await PortalClient.SignInAsync(app, W.Admin.Email)).GetStringAsync($"/bureau/crises/{id}"));
        Assert.Contains("En retard : Point de situation n° 1", page, StringComparison.Ordinal);
        Assert.Contains("en retard de 1 min", page, StringComparison.Ordinal);
        Assert.Contains("Escalade pour retard", page, StringComparison.Ordinal);

        // The point given late stays late; it is mailed to the contacts with its plan; point 2 is due two hours later.
        app.Clock.Advance(Duration.FromMinutes(7)); // 10:20
        var noPlan = await admin.PostJsonAsync($"/api/v1/crises/{id}/points", new { assessment = "Restauration en cours." });
        Assert.Equal(HttpStatusCode.BadRequest, noPlan.StatusCode);
        Assert.Equal("Indiquez le plan d'action de la période suivante.", (await noPlan.ReadAsync()).GetProperty("errors").GetProperty("plan")[0].GetString());
        var given = await admin.PostJsonAsync($"/api/v1/crises/{id}/points", new { assessment = "Restauration de la sauvegarde J-1 en cours.", plan = "Vérifier l'intégrité des dossiers restaurés avant 12 h." });
        Assert.Equal(HttpStatusCode.OK, given.StatusCode);
        crisis = await given.ReadAsync();
        Assert.Equal("breached", Due(crisis, "point-1").GetProperty("status").GetString());
        Assert.Equal("2026-04-14T12:20:00Z", Due(crisis, "point-2").GetProperty("due").GetString());
        var pointMail = Assert.Single(await MailsAsync(CrisisMails.ClientKind, "Vérifier l'intégrité des dossiers restaurés"));
        Assert.Equal(org.Referent.Email, pointMail.To);
        Assert.Contains("point de situation n° 1", pointMail.Subject, StringComparison.Ordinal);

        // The cadence agreed at 4 hours: point 2 re-targeted from point 1 (14:20); nothing more to tell now.
        Assert.Equal(HttpStatusCode.OK, (await admin.PostJsonAsync($"/api/v1/crises/{id}/cadence", new { cadence = "4h", reason = "Convenu avec le client." })).StatusCode);
        Assert.Equal("2026-04-14T14:20:00Z", (await CrisisAsync(W.Admin.Token, id)).GetProperty("next").GetProperty("due").GetString());
        await RunAlertsAsync();
        Assert.Equal(3, (await AlertsAsync(id)).Count);

        // The client's référent reads the point and its plan, not the staff's log entries.
        var client = await CrisisAsync(org.Referent.Token, id);
        Assert.Equal("Vérifier l'intégrité des dossiers restaurés avant 12 h.", client.GetProperty("points")[0].GetProperty("plan").GetString());
        Assert.DoesNotContain(client.GetProperty("log").EnumerateArray(), e => e.GetProperty("kind").GetString() is "escalated" or "reminded" or "note");
    }

    [Fact]
    public async Task Closing_leads_to_a_post_mortem_whose_measures_are_tickets_followed_until_done()
    {
        app.Clock.Reset(Instant.FromUtc(2026, 4, 15, 8, 0)); // Wednesday 10:00 in Paris
        var a = W.A;
        var title = $"Faille de sécurité {Guid.NewGuid():N}"[..30];
        var id = await OpenAsync(app, a, title, managerId: W.AgentA.Id);
        var manager = app.As(W.AgentA.Token);
        Assert.Equal(HttpStatusCode.OK, (await manager.PostJsonAsync($"/api/v1/crises/{id}/meeting", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await manager.PostJsonAsync($"/api/v1/crises/{id}/log", new { text = "Correctif déployé." })).StatusCode);
        var early = await manager.PutAsJsonAsync($"/api/v1/crises/{id}/post-mortem", new { causes = "Trop tôt." });
        Assert.Equal("crisis_open", (await early.ReadAsync()).Code());

        // Only the manager closes (an administrator may lead, not close); closing at 10:30 tells the contacts.
        app.Clock.Advance(Duration.FromMinutes(30));
        var byAdmin = await app.As(W.Admin.Token).PostJsonAsync($"/api/v1/crises/{id}/close", new { text = "Fin." });
        Assert.Equal(HttpStatusCode.Forbidden, byAdmin.StatusCode);
        Assert.Equal("crisis_manager_only", (await byAdmin.ReadAsync()).Code());
        var closed = await manager.PostJsonAsync($"/api/v1/crises/{id}/close", new { text = "Correctif en production, plus aucun accès suspect depuis 2 heures." });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        var crisis = await closed.ReadAsync();
        Assert.False(crisis.GetProperty("open").GetBoolean());
        Assert.Equal("not-applicable", Due(crisis, "point-1").GetProperty("status").GetString());
        // 10 business days of the LS support calendar from Wednesday 15 April 10:30: Wednesday 29 April 10:30.
        Assert.Equal("2026-04-29T08:30:00Z", crisis.GetProperty("next").GetProperty("due").GetString());
        Assert.Single(await MailsAsync(CrisisMails.ClientKind, "cellule de crise « " + title + " » est close"));
        Assert.Equal(HttpStatusCode.Conflict, (await manager.PostJsonAsync($"/api/v1/crises/{id}/points", new { assessment = "x", plan = "y" })).StatusCode);

        // The post-mortem: causes, two measures that become tickets of the organisation; the client does not see the draft.
        Assert.Equal(HttpStatusCode.BadRequest, (await manager.PutAsJsonAsync($"/api/v1/crises/{id}/post-mortem", new { causes = " " })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await manager.PutAsJsonAsync($"/api/v1/crises/{id}/post-mortem", new { causes = "Une dépendance vulnérable non mise à jour." })).StatusCode);
        foreach (var measure in new[] { "Surveiller les avis de sécurité des dépendances.", "Tester la restauration chaque mois." })
        {
            Assert.Equal(HttpStatusCode.OK, (await manager.PostJsonAsync($"/api/v1/crises/{id}/post-mortem/measures", new { text = measure })).StatusCode);
        }

        var postMortem = (await CrisisAsync(W.AgentA.Token, id)).GetProperty("postMortem");
        var tickets = postMortem.GetProperty("measures").EnumerateArray().Select(m => m.GetProperty("ticketId").GetInt64()).ToList();
        Assert.Equal(2, tickets.Count);
        Assert.False(postMortem.GetProperty("allMeasuresDone").GetBoolean());
        var ticket = await (await app.As(a.Referent.Token).GetAsync($"/api/v1/tickets/{tickets[0]}")).ReadAsync();
        Assert.StartsWith("Mesure préventive — ", ticket.GetProperty("subject").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, (await CrisisAsync(a.Referent.Token, id)).GetProperty("postMortem").ValueKind);

        // Published: the deadline is kept, the contacts are told, the référent reads it; the causes no longer change.
        app.Clock.Advance(Duration.FromDays(2));
        var published = await manager.PostJsonAsync($"/api/v1/crises/{id}/post-mortem/publish", new { });
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal("met", Due(await published.ReadAsync(), "post-mortem").GetProperty("status").GetString());
        Assert.Single(await MailsAsync(CrisisMails.ClientKind, "Tester la restauration chaque mois."));
        Assert.Equal("post_mortem_published", (await (await manager.PutAsJsonAsync($"/api/v1/crises/{id}/post-mortem", new { causes = "Autre." })).ReadAsync()).Code());
        var read = (await CrisisAsync(a.Referent.Token, id)).GetProperty("postMortem");
        Assert.Equal("Une dépendance vulnérable non mise à jour.", read.GetProperty("causes").GetString());

        // Each measure is followed until its ticket is closed: done once both are.
        foreach (var number in tickets)
        {
            Assert.Equal(HttpStatusCode.OK, (await app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/tickets/{number}/state", new { state = "en-cours" })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/tickets/{number}/state", new { state = "traite-interlocuteur" })).StatusCode);
            Assert.False((await CrisisAsync(a.Referent.Token, id)).GetProperty("postMortem").GetProperty("allMeasuresDone").GetBoolean());
            Assert.Equal(HttpStatusCode.OK, (await app.As(a.Referent.Token).PostJsonAsync($"/api/v1/tickets/{number}/replies", new { action = "reply-and-close", text = "Fait." })).StatusCode);
        }

        var done = (await CrisisAsync(a.Referent.Token, id)).GetProperty("postMortem");
        Assert.True(done.GetProperty("allMeasuresDone").GetBoolean());
        Assert.All(done.GetProperty("measures").EnumerateArray(), m => Assert.True(m.GetProperty("done").GetBoolean()));
        var page = WebUtility.HtmlDecode(await (await PortalClient.SignInAsync(app, W.AgentA.Email)).GetStringAsync($"/bureau/crises/{id}/bilan"));
        Assert.Contains("toutes faites (2)", page, StringComparison.Ordinal);
        Assert.Contains("Correctif déployé.", page, StringComparison.Ordinal); // the timeline from the log
    }

    [Fact]
    public async Task The_stored_due_instants_are_what_a_rebuild_from_the_log_gives()
    {
        app.Clock.Reset(Instant.FromUtc(2026, 4, 16, 8, 0));
        var org = W.ByPreset["e23"];
        var id = await OpenAsync(app, org, $"Crise reconstruite {Guid.NewGuid():N}"[..30], cadence: "12h");
        var admin = app.As(W.Admin.Token);
        app.Clock.Advance(Duration.FromMinutes(20));
        await admin.PostJsonAsync($"/api/v1/crises/{id}/meeting", new { });
        app.Clock.Advance(Duration.FromHours(1));
        await admin.PostJsonAsync($"/api/v1/crises/{id}/cadence", new { cadence = "2h" });
        app.Clock.Advance(Duration.FromHours(3));
        await admin.PostJsonAsync($"/api/v1/crises/{id}/points", new { assessment = "Bilan.", plan = "Plan.", cadence = "4h" });

        async Task<List<string>> SnapshotAsync() => await app.WithDbAsync(async db =>
        {
            var rows = await db.Set<CrisisDeadline>().AsNoTracking().OrderBy(d => d.CrisisId).ThenBy(d => d.Key).ToListAsync();
            var cells = await db.Set<CrisisCell>().AsNoTracking().OrderBy(c => c.Id).ToListAsync();
            return rows.Select(d => $"{d.CrisisId} {d.Key} {d.Kind} {d.Number} {d.Target} {d.AnchorAt} {d.DueAt} {d.KeptAt} {d.EndedAt}")
                .Concat(cells.Select(c => $"{c.Id} {c.NextDueKey} {c.NextDueAt}")).ToList();
        });

        // The meeting was late (20 min), point 1 re-targeted to 2 h and late too, point 2 due 4 h after point 1.
        var crisis = await CrisisAsync(W.Admin.Token, id);
        Assert.Equal(["breached", "breached", "running"], crisis.GetProperty("deadlines").EnumerateArray().Select(d => d.GetProperty("status").GetString()));
        var incremental = await SnapshotAsync();
        Assert.Equal(0, (await app.WithDbAsync(db => CrisisDeadlines.RebuildAsync(db, check: true, CancellationToken.None))).Changed);

        // Lost, then rebuilt from the log alone: the same rows.
        await app.WithDbAsync(async db =>
        {
            await db.Set<CrisisDeadline>().ExecuteDeleteAsync();
            return await db.Set<CrisisCell>().ExecuteUpdateAsync(c => c.SetProperty(x => x.NextDueAt, (Instant?)null).SetProperty(x => x.NextDueKey, (string?)null));
        });
        var rebuilt = await app.WithDbAsync(db => CrisisDeadlines.RebuildAsync(db, check: false, CancellationToken.None));
        Assert.True(rebuilt.Changed >= 4, $"{rebuilt.Changed} rows rewritten");
        Assert.Equal(incremental, await SnapshotAsync());
        Assert.Equal(0, (await app.WithDbAsync(db => CrisisDeadlines.RebuildAsync(db, check: true, CancellationToken.None))).Changed);
    }
}

public sealed class SqliteCrisisTests(SqliteMailApp app) : CrisisTests(app), IClassFixture<SqliteMailApp>;

public sealed class PostgresCrisisTests(PostgresMailApp app) : CrisisTests(app), IClassFixture<PostgresMailApp>;
