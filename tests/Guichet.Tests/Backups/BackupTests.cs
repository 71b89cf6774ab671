using System.Net;
using System.Text.Json;
using Guichet.Data;
using Guichet.Features.Accounts;
using Guichet.Features.Backups;
using Guichet.Features.Mail;
using Guichet.Tests.Api;
using Guichet.Tests.Portal;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guichet.Tests.Backups;

/// <summary>
/// The backup commitment as stored facts (issue 18, part 5) on the AT contract of the test world (organisation B, La
/// Réunion, UTC+4): runs pushed by the backup tooling's account, the contract's state against AT 9.4.11.3, breaches
/// mailed once through the real SMTP server, a restore request from the portal becoming a ticket with its own clock,
/// on each database. The test clock reads Monday 13 April 2026, 12:00 in La Réunion.
/// </summary>
public abstract class BackupTestBase(GuichetApp app)
{
    protected World W => app.World;

    protected GuichetApp App => app;

    protected static object Run(string id, string tier, string start, bool succeeded = true, string? deletedAt = null, long? size = 1_500_000_000) => new
    {
        contractId = (Guid?)null,
        tier,
        runId = id,
        startedAt = start + "+04:00",
        finishedAt = start[..14] + "30:00+04:00",
        succeeded,
        sizeBytes = size,
        deletedAt,
    };

    protected async Task<string> BackupTokenAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuichetDbContext>();
        var now = App.Clock.GetCurrentInstant();
        var user = await MachineAccounts.EnsureAsync(db, scope.ServiceProvider.GetRequiredService<UserManager<User>>(), MachineAccounts.Backup, "Outil de sauvegarde", now, CancellationToken.None);
        return await ApiTokens.CreateAsync(db, user.Id, "tests", now);
    }

    protected async Task<HttpResponseMessage> PushAsync(string token, Guid contractId, object run)
    {
        var json = JsonSerializer.SerializeToElement(run);
        var body = json.EnumerateObject().ToDictionary(p => p.Name, p => p.Name == "contractId" ? JsonSerializer.SerializeToElement(contractId) : p.Value);
        return await App.As(token).PostJsonAsync("/api/v1/backups/runs", body);
    }

    /// <summary>Every run AT asks for, up to this morning: 6 days, 4 weeks, 3 months (January to March).</summary>
    protected async Task PushFullHistoryAsync(string token, string prefix)
    {
        var starts = new List<(string Id, string Tier, string Start)>();
        for (var day = 7; day <= 13; day++)
        {
            starts.Add(($"{prefix}j-{day}", "journaliere", $"2026-04-{day:00}T02:00:00"));
        }

        foreach (var (sunday, i) in new[] { "2026-04-12", "2026-04-05", "2026-03-29", "2026-03-22" }.Select((d, i) => (d, i)))
        {
            starts.Add(($"{prefix}s-{i}", "hebdomadaire", $"{sunday}T03:00:00"));
        }

        foreach (var month in new[] { "01", "02", "03" })
        {
            starts.Add(($"{prefix}m-{month}", "mensuelle", $"2026-{month}-01T04:00:00"));
        }

        foreach (var (id, tier, start) in starts)
        {
            var response = await PushAsync(token, W.B.ContractId, Run(id, tier, start));
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>The test world's "referent" of organisation B is made a référent (the world's users are not, by default).</summary>
    protected Task<int> MakeReferentAsync() => App.WithDbAsync(db => db.Users.Where(u => u.Id == W.B.Referent.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsReferent, true)));

    protected Task<List<string>> AlertKeysAsync() =>
        App.WithDbAsync(db => db.Set<BackupAlert>().Where(a => a.ContractId == W.B.ContractId).OrderBy(a => a.DetectedAt).ThenBy(a => a.Key).Select(a => a.Key).ToListAsync());

    protected Task<int> WatchAsync() => App.WithServiceAsync<BackupWatch, int>(w => w.RunOnceAsync(CancellationToken.None));
}

/// <summary>The account, its fence, bad input, who reads the state, and the restore request.</summary>
public abstract class BackupTests(GuichetApp app) : BackupTestBase(app)
{
    [Fact]
    public async Task The_backup_account_only_records_runs_and_bad_runs_are_refused_in_french()
    {
        await MakeReferentAsync();
        var token = await BackupTokenAsync();
        var fenced = await App.As(token).GetAsync("/api/v1/tickets/");
        Assert.Equal(HttpStatusCode.Forbidden, fenced.StatusCode);
        Assert.Equal("backup_only", (await fenced.ReadAsync()).Code());
        Assert.Equal(HttpStatusCode.Forbidden, (await App.As(token).GetAsync($"/api/v1/contracts/{W.B.ContractId}/backups")).StatusCode);

        // A contract whose preset has no backups (LS, installed at the client's).
        var none = await PushAsync(token, W.A.ContractId, Run("x-1", "journaliere", "2026-04-12T02:00:00"));
        Assert.Equal(HttpStatusCode.Conflict, none.StatusCode);
        Assert.Equal("no_backup_policy", (await none.ReadAsync()).Code());

        var bad = await App.As(token).PostJsonAsync("/api/v1/backups/runs", new { contractId = W.B.ContractId, tier = "annuelle", startedAt = "hier", succeeded = true });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.ReadAsync();
        Assert.Equal("validation_failed", problem.Code());
        Assert.Contains("journaliere (journalière)", problem.GetProperty("errors").GetProperty("tier")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("ISO 8601", problem.GetProperty("errors").GetProperty("startedAt")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("Une sauvegarde réussie a une fin.", problem.GetProperty("errors").GetProperty("finishedAt")[0].GetString());
        var future = await PushAsync(token, W.B.ContractId, Run("x-2", "journaliere", "2026-04-20T02:00:00"));
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.Equal(0, await App.WithDbAsync(db => db.Set<BackupRecord>().CountAsync(r => r.ExternalId != null && r.ExternalId.StartsWith("x-"))));

        // People: a client never records; an agent only for the organisations they serve (B is not theirs: 404).
        Assert.Equal(HttpStatusCode.Forbidden, (await PushAsync(W.B.Referent.Token, W.B.ContractId, Run("x-3", "journaliere", "2026-04-12T02:00:00"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PushAsync(W.AgentA.Token, W.B.ContractId, Run("x-4", "journaliere", "2026-04-12T02:00:00"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PushAsync(W.Admin.Token, W.B.ContractId, Run("x-5", "journaliere", "2026-04-12T02:00:00"))).StatusCode);

        // The state is the référent's and staff's: not another organisation's, not a simple user's.
        Assert.Equal(HttpStatusCode.OK, (await App.As(W.B.Referent.Token).GetAsync($"/api/v1/contracts/{W.B.ContractId}/backups")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.As(W.B.Simple.Token).GetAsync($"/api/v1/contracts/{W.B.ContractId}/backups")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.As(W.A.Referent.Token).GetAsync($"/api/v1/contracts/{W.B.ContractId}/backups")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.As(W.Admin.Token).GetAsync($"/api/v1/contracts/{W.A.ContractId}/backups")).StatusCode);
    }

    [Fact]
    public async Task A_restore_request_from_the_portal_is_a_ticket_with_its_one_business_hour_clock()
    {
        await MakeReferentAsync();
        var token = await BackupTokenAsync();
        await PushFullHistoryAsync(token, "r");
        var point = await App.WithDbAsync(db => db.Set<BackupRecord>().Where(r => r.ContractId == W.B.ContractId && r.ExternalId == "rj-12").Select(r => r.Id).SingleAsync());
        var deleted = await PushAsync(token, W.B.ContractId, Run("rj-11", "journaliere", "2026-04-11T02:00:00", deletedAt: "2026-04-12T00:00:00+04:00"));
        var gone = (await deleted.ReadAsync()).GetProperty("id").GetGuid();

        var referent = await PortalClient.SignInAsync(App, W.B.Referent.Email);
        var page = System.Net.WebUtility.HtmlDecode(await referent.GetStringAsync("/sauvegardes"));
        Assert.Contains("Demander une restauration", page, StringComparison.Ordinal);
        Assert.Contains("Sauvegarde journalière terminée le 12/04/2026 à 02:30", page, StringComparison.Ordinal);
        Assert.DoesNotContain("terminée le 11/04/2026", page, StringComparison.Ordinal); // deleted: not offered

        // Nothing chosen, nothing described: both named next to their fields, no ticket.
        var empty = await referent.PostFormAsync("/sauvegardes", "/sauvegardes", new() { ["ContractId"] = W.B.ContractId.ToString() });
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        var errors = System.Net.WebUtility.HtmlDecode(await empty.Content.ReadAsStringAsync());
        Assert.Contains($"id=\"RunId-{W.B.ContractId}-error\">Choisissez la sauvegarde à partir de laquelle restaurer.", errors, StringComparison.Ordinal);
        Assert.Contains($"id=\"Details-{W.B.ContractId}-error\">", errors, StringComparison.Ordinal);
        var deletedChoice = await App.As(W.B.Referent.Token).PostJsonAsync($"/api/v1/contracts/{W.B.ContractId}/backups/restore", new { runId = gone, details = "Dossiers du 10 avril" });
        Assert.Equal("Cette sauvegarde n'est plus disponible : choisissez-en une autre.", (await deletedChoice.ReadAsync()).GetProperty("errors").GetProperty("runId")[0].GetString());
        Assert.Equal(0, await App.WithDbAsync(db => db.Tickets.CountAsync(t => t.ServiceType == BackupRecords.RestoreServiceType)));

        var posted = await referent.PostFormAsync("/sauvegardes", "/sauvegardes", new()
        {
            ["ContractId"] = W.B.ContractId.ToString(),
            ["RunId"] = point.ToString(),
            ["Details"] = "Les dossiers de consultation supprimés par erreur ce matin.",
        });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var number = long.Parse(posted.Headers.Location!.OriginalString.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        var ticket = await (await App.As(W.B.Referent.Token).GetAsync($"/api/v1/tickets/{number}")).ReadAsync();
        Assert.Equal("restauration", ticket.GetProperty("serviceType").GetString());
        Assert.Equal("Demande de restauration — sauvegarde journalière du 12/04/2026 à 02:30", ticket.GetProperty("subject").GetString());
        Assert.Contains("Les dossiers de consultation supprimés par erreur ce matin.", ticket.GetProperty("body").GetString(), StringComparison.Ordinal);
        // AT 9.4.11.3: one business hour. Monday 13 April 08:00 UTC is 10:00 in Paris (the support calendar): due 11:00.
        var clock = ticket.GetProperty("clocks").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "restore");
        Assert.Equal("running", clock.GetProperty("status").GetString());
        Assert.Equal("2026-04-13T09:00:00Z", clock.GetProperty("due").GetString());
        Assert.Contains($"{Ticket.FormatReference(number)} — Demande de restauration — sauvegarde journalière du 12/04/2026 à 02:30",
            System.Net.WebUtility.HtmlDecode(await referent.GetStringAsync("/sauvegardes")), StringComparison.Ordinal);
    }
}

/// <summary>The watch (its own database: it moves the clock).</summary>
public abstract class BackupWatchTests(GuichetApp app) : BackupTestBase(app)
{
    [Fact]
    public async Task Pushed_runs_hold_the_commitment_and_a_copy_deleted_too_early_breaks_it_once_mailed()
    {
        var token = await BackupTokenAsync();
        await PushFullHistoryAsync(token, "w");

        var status = await (await App.As(W.Admin.Token).GetAsync($"/api/v1/contracts/{W.B.ContractId}/backups")).ReadAsync();
        Assert.True(status.GetProperty("holds").GetBoolean(), status.ToString());
        Assert.Equal("Indian/Reunion", status.GetProperty("zone").GetString());
        Assert.Equal("2026-04-12T22:30:00Z", status.GetProperty("latest").GetProperty("finishedAt").GetString()); // today 02:30 in La Réunion
        Assert.Equal(
            ["journaliere:2026-04-13:held", "journaliere:2026-04-12:held", "journaliere:2026-04-07:held"],
            status.GetProperty("slots").EnumerateArray().Select(s => $"{s.GetProperty("tier").GetString()}:{s.GetProperty("from").GetString()}:{s.GetProperty("state").GetString()}")
                .Where(s => s.StartsWith("journaliere", StringComparison.Ordinal)).Where((_, i) => i is 0 or 1 or 6));
        Assert.Equal(7, status.GetProperty("slots").EnumerateArray().Count(s => s.GetProperty("tier").GetString() == "journaliere"));

        // The tooling reports that the copy of 10 April was deleted on the 12th: J-3 is no longer kept.
        var again = await PushAsync(token, W.B.ContractId, Run("wj-10", "journaliere", "2026-04-10T02:00:00", deletedAt: "2026-04-12T00:00:00+04:00"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, await App.WithDbAsync(db => db.Set<BackupRecord>().CountAsync(r => r.ContractId == W.B.ContractId && r.ExternalId == "wj-10")));
        status = await (await App.As(W.Admin.Token).GetAsync($"/api/v1/contracts/{W.B.ContractId}/backups")).ReadAsync();
        Assert.False(status.GetProperty("holds").GetBoolean());
        var finding = Assert.Single(status.GetProperty("findings").EnumerateArray());
        Assert.Equal("retention:journaliere:2026-04-10", finding.GetProperty("key").GetString());
        Assert.Equal("La sauvegarde journalière du 10/04/2026 a été supprimée le 12/04/2026 alors qu'elle devait être conservée (6 derniers jours).", finding.GetProperty("message").GetString());

        // The watch reports it once, to the administrators (nobody who serves organisation B supervises it). The ES26
        // contract of the test world, which has had no run at all, is reported too: only B's alerts are looked at.
        Assert.True(await WatchAsync() >= 1);
        Assert.Equal(0, await WatchAsync());
        Assert.Equal(["retention:journaliere:2026-04-10"], await AlertKeysAsync());
        var subject = "Guichet : sauvegardes non conformes — Organisation at, at";
        var row = Assert.Single(await App.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.Kind == BackupWatch.Kind && m.Subject == subject).ToListAsync()));
        Assert.Equal(W.Admin.Email, row.To);
        await App.WithServiceAsync<OutboxDelivery, int>(d => d.RunOnceAsync(CancellationToken.None));
        var mail = Assert.Single(await Mail.TestSmtp.DeliveredAsync(row.Id));
        Assert.Equal(subject, mail.Subject);
        Assert.Contains("- La sauvegarde journalière du 10/04/2026 a été supprimée le 12/04/2026", mail.TextBody, StringComparison.Ordinal);

        // A day later without a new run: the latest copy is 33 h 30 old (13 April 02:30); 13 April, now over, is held.
        App.Clock.Advance(NodaTime.Duration.FromHours(24));
        await WatchAsync();
        var stale = "stale:" + NodaTime.Instant.FromUtc(2026, 4, 12, 22, 30).ToUnixTimeSeconds();
        Assert.Equal(["retention:journaliere:2026-04-10", stale], await AlertKeysAsync());
        Assert.Equal(2, await App.WithDbAsync(db => db.Outbox.CountAsync(m => m.Kind == BackupWatch.Kind && m.Subject == subject)));
        Assert.Equal(0, await WatchAsync());
    }
}

public sealed class SqliteBackupTests(Mail.SqliteMailApp app) : BackupTests(app), IClassFixture<Mail.SqliteMailApp>;

public sealed class SqliteBackupWatchTests(Mail.SqliteMailApp app) : BackupWatchTests(app), IClassFixture<Mail.SqliteMailApp>;

public sealed class PostgresBackupWatchTests(Mail.PostgresMailApp app) : BackupWatchTests(app), IClassFixture<Mail.PostgresMailApp>;

public sealed class PostgresBackupTests(Mail.PostgresMailApp app) : BackupTests(app), IClassFixture<Mail.PostgresMailApp>;
