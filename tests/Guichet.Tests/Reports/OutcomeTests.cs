using System.Net;
using System.Text.Json;
using Guichet.Data;
using Guichet.Domain.Presets;
using Guichet.Features.Contracts;
using Guichet.Features.Reports;
using Guichet.Tests.Api;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Guichet.Tests.Reports;

/// <summary>
/// Stored clock outcomes (docs/reports.md): written with the event that changes them, equal to what a rebuild
/// computes from the traces, and kept by policy versions — a policy change leaves every closed ticket's outcome and
/// every open ticket as it was until an administrator re-applies the new version, which the trace records.
/// </summary>
public abstract class OutcomeTests(GuichetApp app)
{
    private World W => app.World;

    private async Task<JsonElement> PostAsync(string token, string url, object body)
    {
        var response = await app.As(token).PostJsonAsync(url, body);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadAsync();
    }

    private async Task<long> CreateAsync(World.Org org, string priority, string serviceType = "bug-applicatif") =>
        (await PostAsync(org.Referent.Token, "/api/v1/tickets", new { productId = W.ProductId, queueId = W.QueueId, serviceType, priority, subject = "Export en échec", body = "Détail" }))
            .GetProperty("number").GetInt64();

    private Task<JsonElement> ActAsync(string token, long ticket, string action, object body) => PostAsync(token, $"/api/v1/tickets/{ticket}/{action}", body);

    private void Wait(int minutes) => app.Clock.AdvanceMinutes(minutes);

    private Task<List<ClockOutcome>> OutcomesAsync(params long[] tickets) =>
        app.WithServiceAsync<GuichetDbContext, List<ClockOutcome>>(db =>
            db.ClockOutcomes.AsNoTracking().Where(o => tickets.Contains(o.TicketId)).OrderBy(o => o.TicketId).ThenBy(o => o.ClockId).ToListAsync());

    private Task<OutcomeRebuild.Report> CheckAsync() =>
        app.WithServiceAsync<GuichetDbContext, OutcomeRebuild.Report>(db => OutcomeRebuild.RunAsync(db, write: false, CancellationToken.None));

    private static string Describe(OutcomeRebuild.Report r) =>
        $"{r.Differences} differences: " + string.Join(" | ", r.Examples.Select(e => $"{e.TicketId} {e.ClockId} {e.What}"));

    [Fact]
    public async Task Outcomes_written_by_each_change_are_what_a_rebuild_computes_from_the_traces()
    {
        var e23 = W.ByPreset["e23"];
        var admin = W.Admin.Token;

        // A: waits for the client (take-charge frozen) and back, taken, qualified, requalified, resolved, chased by
        // the client (back in the provider's hands), resolved again, closed by the client.
        var a = await CreateAsync(e23, "2");
        Wait(60);
        await ActAsync(admin, a, "ask-information", new { text = "Quelle version ?" });
        Wait(24 * 60);
        await ActAsync(e23.Referent.Token, a, "replies", new { action = "reply", text = "La 2.0." });
        Wait(30);
        await ActAsync(admin, a, "take", new { });
        Wait(30);
        await ActAsync(admin, a, "qualification", new { nature = "anomalie" });
        Wait(10);
        await ActAsync(admin, a, "priority", new { priority = "1", reason = "Fonction essentielle bloquée." });
        Wait(120);
        await ActAsync(admin, a, "state", new { state = "traite-interlocuteur" });
        Wait(60);
        await ActAsync(e23.Referent.Token, a, "replies", new { action = "reply-and-chase", text = "Toujours en échec." });
        Wait(60);
        await ActAsync(admin, a, "state", new { state = "en-cours" });
        Wait(60);
        await ActAsync(admin, a, "state", new { state = "traite-interlocuteur" });
        Wait(30);
        await ActAsync(e23.Referent.Token, a, "replies", new { action = "reply-and-close", text = "Corrigé, merci." });

        // B: taken only; C: nothing yet (its take-charge runs).
        var b = await CreateAsync(e23, "3", "assistance-fonctionnelle");
        Wait(15);
        await ActAsync(admin, b, "take", new { });
        var c = await CreateAsync(e23, "3");
        Wait(5);

        var rows = await OutcomesAsync(a, b, c);
        var takeA = rows.Single(r => r.TicketId == a && r.ClockId == "take-charge");
        Assert.Equal("met", takeA.Result);
        Assert.Equal(1, takeA.PolicyVersion);
        Assert.True(takeA.Stop > takeA.Start);
        Assert.Equal("met", rows.Single(r => r.TicketId == b && r.ClockId == "take-charge").Result);
        Assert.Equal("running", rows.Single(r => r.TicketId == c && r.ClockId == "take-charge").Result);
        Assert.NotNull(rows.Single(r => r.TicketId == c && r.ClockId == "take-charge").Due);

        // The closed ticket has a final row for every clock of the policy.
        Assert.Equal(TicketPolicyClockCount("e23"), rows.Count(r => r.TicketId == a));
        Assert.All(rows.Where(r => r.TicketId == a), r => Assert.Contains(r.Result, new[] { "met", "breached", "not-applicable" }));

        var report = await CheckAsync();
        Assert.True(report.Differences == 0, Describe(report));
        Assert.True(report.Rows >= rows.Count);

        // A row changed behind the application's back is found, and a rebuild puts it back.
        await app.WithServiceAsync<GuichetDbContext, int>(db => db.ClockOutcomes.Where(o => o.TicketId == a && o.ClockId == "take-charge")
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Result, "breached")));
        var found = await CheckAsync();
        Assert.Equal(1, found.Changed);
        Assert.Contains(found.Examples, e => e.TicketId == a && e.ClockId == "take-charge");
        await app.WithServiceAsync<GuichetDbContext, OutcomeRebuild.Report>(db => OutcomeRebuild.RunAsync(db, write: true, CancellationToken.None));
        Assert.Equal(0, (await CheckAsync()).Differences);
        Assert.Equal("met", (await OutcomesAsync(a)).Single(r => r.ClockId == "take-charge").Result);
    }

    private static int TicketPolicyClockCount(string preset) => PresetCatalog.All.Single(p => p.Id == preset).Policy.Clocks.Count;

    [Fact]
    public async Task A_policy_change_keeps_closed_and_open_tickets_until_reapplied_with_a_reason()
    {
        var ls = W.A;
        var agent = W.AgentA.Token;

        // Under the preset, a Niveau 3 take-charge has 36 business hours: both are met after about two.
        var closed = await CreateAsync(ls, "3");
        var open = await CreateAsync(ls, "3");
        var running = await CreateAsync(ls, "3");
        Wait(120);
        await ActAsync(agent, closed, "take", new { });
        await ActAsync(agent, open, "take", new { });
        Wait(10);
        await ActAsync(ls.Referent.Token, closed, "replies", new { action = "reply-and-close", text = "Réglé." });
        var before = await OutcomesAsync(closed, open, running);
        Assert.Equal("met", before.Single(r => r.TicketId == closed && r.ClockId == "take-charge").Result);

        // The contract's policy tightened to one business hour, through the command line's use case.
        var tightened = PresetCatalog.ReadJson("ls").Replace("\"3\": \"business-hours:36\"", "\"3\": \"business-hours:1\"", StringComparison.Ordinal);
        Assert.NotEqual(PresetCatalog.ReadJson("ls"), tightened);
        var set = await app.WithServiceAsync<GuichetDbContext, Guichet.Features.Outcome<Contract>>(db =>
            ContractPolicy.SetOwnAsync(db, app.Clock, ls.ContractId, tightened, CancellationToken.None));
        Assert.True(set.TryGet(out var contract, out _));
        Assert.Equal(2, contract.PolicyVersion);
        Wait(5);

        // Nothing already there changed: closed and open tickets keep their version and their outcomes.
        Assert.Equivalent(before, await OutcomesAsync(closed, open, running), strict: true);
        var versions = await app.WithServiceAsync<GuichetDbContext, Dictionary<long, int>>(db =>
            db.Tickets.Where(t => t.Id == closed || t.Id == open || t.Id == running).ToDictionaryAsync(t => t.Id, t => t.PolicyVersion));
        Assert.All(versions.Values, v => Assert.Equal(1, v));

        // A new ticket gets the new version.
        var fresh = await CreateAsync(ls, "3");
        Assert.Equal(2, await app.WithServiceAsync<GuichetDbContext, int>(db => db.Tickets.Where(t => t.Id == fresh).Select(t => t.PolicyVersion).SingleAsync()));
        Assert.Equal(0, (await CheckAsync()).Differences);

        // Re-applying needs an administrator and a reason.
        var url = $"/api/v1/contracts/{ls.ContractId}/policy/reapply";
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(agent).PostJsonAsync(url, new { reason = "Avenant" })).StatusCode);
        var noReason = await app.As(W.Admin.Token).PostJsonAsync(url, new { reason = "  " });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal("validation_failed", (await noReason.ReadAsync()).Code());

        var applied = await PostAsync(W.Admin.Token, url, new { reason = "Avenant n° 2 signé" });
        Assert.Equal(2, applied.GetProperty("version").GetInt32());
        Assert.Equal(2, applied.GetProperty("applied").GetInt32()); // open and running; the closed one is never touched

        var after = await OutcomesAsync(closed, open, running);
        Assert.Equivalent(before.Where(r => r.TicketId == closed), after.Where(r => r.TicketId == closed), strict: true);
        var openTake = after.Single(r => r.TicketId == open && r.ClockId == "take-charge");
        Assert.Equal("breached", openTake.Result);
        Assert.Equal(2, openTake.PolicyVersion);

        var trace = await app.As(W.Admin.Token).GetAsync($"/api/v1/tickets/{open}/events");
        var recorded = (await trace.ReadAsync()).EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "PolicyApplied");
        Assert.Equal("2", recorded.GetProperty("value").GetString());
        Assert.Equal("1", recorded.GetProperty("previousValue").GetString());
        Assert.Equal("Avenant n° 2 signé", recorded.GetProperty("text").GetString());
        Assert.Equal("internal", recorded.GetProperty("visibility").GetString());

        // The client does not see it.
        var clientTrace = await app.As(ls.Referent.Token).GetAsync($"/api/v1/tickets/{open}/events");
        Assert.DoesNotContain((await clientTrace.ReadAsync()).EnumerateArray(), e => e.GetProperty("kind").GetString() == "PolicyApplied");

        var report = await CheckAsync();
        Assert.True(report.Differences == 0, Describe(report));
    }
}

public sealed class SqliteOutcomeTests(SqliteApp app) : OutcomeTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresOutcomeTests(PostgresApp app) : OutcomeTests(app), IClassFixture<PostgresApp>;
