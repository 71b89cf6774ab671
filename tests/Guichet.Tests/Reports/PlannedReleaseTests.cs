using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Guichet.Data;
using Guichet.Features.Reports;
using Guichet.Tests.Api;
using Guichet.Tests.Portal;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Guichet.Tests.Reports;

/// <summary>
/// Planned releases (issue 17, part 6; docs/sla.md): AT's P3/P4 resolution is due at the next quarterly release
/// [AT 9.3.4.3]; when the release moves, the open tickets' dues move, the trace records it, the urgency order follows,
/// and the stored outcomes are still what a rebuild computes from the traces. The test world's AT client is in
/// La Réunion (UTC+4): a release planned on 30/06 is due at the end of that day there, 20:00 UTC.
/// </summary>
public abstract partial class PlannedReleaseTests(GuichetApp app)
{
    private World W => app.World;

    private World.Org At => W.ByPreset["at"];

    private async Task<JsonElement> PostAsync(string token, string url, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await app.As(token).PostJsonAsync(url, body);
        Assert.True(response.StatusCode == expected, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadAsync();
    }

    private async Task<long> CreateAsync(string criticality, string impact) =>
        (await PostAsync(At.Referent.Token, "/api/v1/tickets", new
        {
            productId = W.ProductId,
            queueId = W.QueueId,
            serviceType = "bug-applicatif",
            criticality,
            impact,
            subject = "Statistiques fausses",
            body = "Les totaux du mois sont faux.",
        }, HttpStatusCode.Created)).GetProperty("number").GetInt64();

    private async Task<string?> ResolutionDueAsync(long number)
    {
        var detail = await (await app.As(At.Referent.Token).GetAsync($"/api/v1/tickets/{number}")).ReadAsync();
        var due = detail.GetProperty("clocks").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "resolution").GetProperty("due");
        return due.ValueKind == JsonValueKind.Null ? null : due.GetString();
    }

    private Task<Ticket> TicketAsync(long number) =>
        app.WithServiceAsync<GuichetDbContext, Ticket>(db => db.Tickets.AsNoTracking().SingleAsync(t => t.Id == number));

    private Task<OutcomeRebuild.Report> CheckAsync() =>
        app.WithServiceAsync<GuichetDbContext, OutcomeRebuild.Report>(db => OutcomeRebuild.RunAsync(db, write: false, CancellationToken.None));

    private static string Describe(OutcomeRebuild.Report r) =>
        $"{r.Differences} differences: " + string.Join(" | ", r.Examples.Select(e => $"{e.TicketId} {e.ClockId} {e.What}"));

    [Fact]
    public async Task A_p4_resolution_is_due_at_the_next_quarterly_release_and_moves_with_it()
    {
        var admin = W.Admin.Token;

        // A ticket raised before any release is planned has no due yet.
        var early = await CreateAsync("faible", "reduit");
        Assert.Null(await ResolutionDueAsync(early));

        var quarterly = await PostAsync(admin, "/api/v1/releases", new { productId = W.ProductId, kind = "quarterly", name = "2026.2", plannedOn = "2026-06-30" }, HttpStatusCode.Created);
        var releaseId = quarterly.GetProperty("release").GetProperty("id").GetGuid();
        await PostAsync(admin, "/api/v1/releases", new { productId = W.ProductId, kind = "quarterly", name = "2026.3", plannedOn = "2026-09-30" }, HttpStatusCode.Created);
        await PostAsync(admin, "/api/v1/releases", new { productId = W.ProductId, kind = "monthly", name = "2026.1.4", plannedOn = "2026-05-05" }, HttpStatusCode.Created);

        // The ticket raised before now depends on it (recorded in its trace); a new P4 gets it at creation.
        Assert.Equal("2026-06-30T20:00:00Z", await ResolutionDueAsync(early));
        var number = await CreateAsync("faible", "moyen");
        Assert.Equal("P4", (await TicketAsync(number)).Priority);
        Assert.Equal("2026-06-30T20:00:00Z", await ResolutionDueAsync(number));

        // Taken in charge: the resolution is then the ticket's next due (the desk's urgency order).
        app.Clock.AdvanceMinutes(5);
        await PostAsync(admin, $"/api/v1/tickets/{number}/take", new { });
        var taken = await TicketAsync(number);
        Assert.Equal(("resolution", Instant.FromUtc(2026, 6, 30, 20, 0)), (taken.NextDueClock, taken.NextDueAt!.Value));

        // The release moves: every open ticket depending on it follows, and its trace says so.
        app.Clock.AdvanceMinutes(60);
        var moved = await app.As(admin).PutAsync($"/api/v1/releases/{releaseId}", JsonContent.Create(new { productId = W.ProductId, kind = "quarterly", name = "2026.2", plannedOn = "2026-07-15" }));
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.True((await moved.ReadAsync()).GetProperty("ticketsMoved").GetInt32() >= 2);
        Assert.Equal("2026-07-15T20:00:00Z", await ResolutionDueAsync(number));
        Assert.Equal(Instant.FromUtc(2026, 7, 15, 20, 0), (await TicketAsync(number)).NextDueAt);

        var events = (await (await app.As(At.Referent.Token).GetAsync($"/api/v1/tickets/{number}/events")).ReadAsync()).EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() == "ReleasePlanned").ToList();
        Assert.Equal(2, events.Count);
        Assert.Equal("quarterly=2026-07-15T20:00:00Z", events[1].GetProperty("value").GetString());
        Assert.Equal("quarterly=2026-06-30T20:00:00Z", events[1].GetProperty("previousValue").GetString());
        Assert.Contains("prévue le 15/07/2026 (au lieu du 30/06/2026)", events[1].GetProperty("text").GetString(), StringComparison.Ordinal);

        var outcome = await app.WithServiceAsync<GuichetDbContext, ClockOutcome>(db => db.ClockOutcomes.AsNoTracking().SingleAsync(o => o.TicketId == number && o.ClockId == "resolution"));
        Assert.Equal(Instant.FromUtc(2026, 7, 15, 20, 0), outcome.Due);
        var report = await CheckAsync();
        Assert.True(report.Differences == 0, Describe(report));

        // Removed, the ticket moves on to the next quarterly release.
        var deleted = await app.As(admin).DeleteAsync($"/api/v1/releases/{releaseId}");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal("2026-09-30T20:00:00Z", await ResolutionDueAsync(number));

        // Clients see their products' releases and cannot plan any.
        var seen = await (await app.As(At.Referent.Token).GetAsync("/api/v1/releases")).ReadAsync();
        Assert.Contains(seen.EnumerateArray(), r => r.GetProperty("name").GetString() == "2026.3" && r.GetProperty("kindLabel").GetString() == "trimestrielle");
        var byClient = await app.As(At.Referent.Token).PostJsonAsync("/api/v1/releases", new { productId = W.ProductId, kind = "quarterly", name = "x", plannedOn = "2026-12-31" });
        Assert.Equal(HttpStatusCode.NotFound, byClient.StatusCode);

        report = await CheckAsync();
        Assert.True(report.Differences == 0, Describe(report));
    }

    [Fact]
    public async Task A_release_with_an_unknown_kind_or_date_is_refused_field_by_field()
    {
        var response = await app.As(W.Admin.Token).PostJsonAsync("/api/v1/releases", new { productId = Guid.NewGuid(), kind = "yearly", name = "", plannedOn = "30/06/2026" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadAsync()).GetProperty("errors");
        foreach (var field in new[] { "productId", "kind", "name", "plannedOn" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await app.As(W.Admin.Token).DeleteAsync($"/api/v1/releases/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task Staff_set_the_date_agreed_with_the_client_for_a_p3_and_the_client_sees_it()
    {
        var p3 = await CreateAsync("moyenne", "moyen");
        app.Clock.AdvanceMinutes(10);

        var agreed = await app.As(W.Admin.Token).PostJsonAsync($"/api/v1/tickets/{p3}/agreed-due", new { date = "2026-05-20", reason = "Convenu par téléphone avec le référent." });
        Assert.Equal(HttpStatusCode.OK, agreed.StatusCode);
        Assert.Equal("2026-05-20T20:00:00Z", await ResolutionDueAsync(p3));

        var events = (await (await app.As(At.Referent.Token).GetAsync($"/api/v1/tickets/{p3}/events")).ReadAsync()).EnumerateArray().ToList();
        var entry = events.Single(e => e.GetProperty("kind").GetString() == "DueAgreed");
        Assert.Equal("public", entry.GetProperty("visibility").GetString());
        Assert.Contains("20/05/2026", entry.GetProperty("text").GetString(), StringComparison.Ordinal);

        // A P2's resolution is counted in business days: no date to agree; a past date or a client is refused.
        var p2 = await CreateAsync("haute", "moyen");
        Assert.Equal(HttpStatusCode.Conflict, (await app.As(W.Admin.Token).PostJsonAsync($"/api/v1/tickets/{p2}/agreed-due", new { date = "2026-05-20", reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.As(W.Admin.Token).PostJsonAsync($"/api/v1/tickets/{p3}/agreed-due", new { date = "2026-01-02", reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.As(At.Referent.Token).PostJsonAsync($"/api/v1/tickets/{p3}/agreed-due", new { date = "2026-06-02", reason = "x" })).StatusCode);

        var report = await CheckAsync();
        Assert.True(report.Differences == 0, Describe(report));
    }
}

public abstract partial class PlannedReleaseTests
{
    [Fact]
    public async Task Staff_plan_a_release_on_their_page_and_clients_see_it_under_prochaines_versions()
    {
        var staff = await PortalClient.SignInAsync(app, W.Admin.Email);
        var invalid = await staff.PostFormAsync("/bureau/versions", "/bureau/versions?handler=Save", new() { ["ProductId"] = W.ProductId.ToString(), ["Kind"] = "monthly", ["Name"] = "", ["PlannedOn"] = "demain" });
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        var form = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("id=\"PlannedOn-error\"", form, StringComparison.Ordinal);
        Assert.Contains("id=\"Name-error\"", form, StringComparison.Ordinal);

        var saved = await staff.PostFormAsync("/bureau/versions", "/bureau/versions?handler=Save", new() { ["ProductId"] = W.ProductId.ToString(), ["Kind"] = "monthly", ["Name"] = "2026.4.9", ["PlannedOn"] = "2026-08-04" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("2026.4.9", await staff.GetStringAsync("/bureau/versions"), StringComparison.Ordinal);

        var client = await PortalClient.SignInAsync(app, At.Referent.Email);
        var upcoming = WebUtility.HtmlDecode(await client.GetStringAsync("/versions"));
        Assert.Contains("<th scope=\"row\">2026.4.9</th>", upcoming, StringComparison.Ordinal);
        Assert.Contains("04/08/2026", upcoming, StringComparison.Ordinal);
        Assert.Contains("corrective mensuelle", upcoming, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/bureau/versions")).StatusCode);
    }
}

public sealed class SqlitePlannedReleaseTests(SqliteApp app) : PlannedReleaseTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresPlannedReleaseTests(PostgresApp app) : PlannedReleaseTests(app), IClassFixture<PostgresApp>;
