using System.Net;
using System.Text.Json;
using Guichet.Data;
using Guichet.Features.Reports;
using Guichet.Tests.Api;
using Guichet.Tests.Portal;
using Microsoft.EntityFrameworkCore;

namespace Guichet.Tests.Reports;

/// <summary>
/// The AT priority matrix (issue 17, part 5; docs/sla.md): criticité × impact [AT 9.3.4.1–2] give the priority at
/// creation, by the client and on behalf, are stored on the ticket, and staff requalify either with the priority and
/// the clocks following, recorded in the trace.
/// </summary>
public abstract partial class PriorityMatrixTests(GuichetApp app)
{
    private World W => app.World;

    private World.Org At => W.ByPreset["at"];

    private object Request(string? criticality, string? impact, string? priority = null) => new
    {
        productId = W.ProductId,
        queueId = W.QueueId,
        serviceType = "bug-applicatif",
        criticality,
        impact,
        priority,
        subject = "Dépôt des réponses impossible",
        body = "Le bouton de dépôt ne répond plus.",
    };

    private async Task<JsonElement> DetailAsync(long number) =>
        await (await app.As(W.Admin.Token).GetAsync($"/api/v1/tickets/{number}")).ReadAsync();

    private static JsonElement Clock(JsonElement ticket, string id) =>
        ticket.GetProperty("clocks").EnumerateArray().Single(c => c.GetProperty("id").GetString() == id);

    [Fact]
    public async Task An_at_ticket_created_with_criticite_haute_and_impact_moyen_is_p2()
    {
        var response = await app.As(At.Referent.Token).PostJsonAsync("/api/v1/tickets", Request("haute", "moyen"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadAsync();
        Assert.Equal("P2", created.GetProperty("priority").GetString());
        var detail = await DetailAsync(created.GetProperty("number").GetInt64());
        Assert.Equal("haute", detail.GetProperty("criticality").GetString());
        Assert.Equal("moyen", detail.GetProperty("impact").GetString());
        Assert.Equal("P2", detail.GetProperty("clientPriority").GetString());
        Assert.Equal("3 jours ouvrés", Clock(detail, "resolution").GetProperty("target").GetString());
    }

    [Fact]
    public async Task The_api_describes_the_two_questions_for_the_at_contract_only()
    {
        var me = await (await app.As(At.Referent.Token).GetAsync("/api/v1/me")).ReadAsync();
        var matrix = me.GetProperty("products")[0].GetProperty("priorityMatrix");
        Assert.Equal("Criticité", matrix.GetProperty("criticality").GetProperty("label").GetString());
        Assert.Equal(["fort", "moyen", "reduit"], matrix.GetProperty("impact").GetProperty("levels").EnumerateArray().Select(l => l.GetProperty("id").GetString()));
        Assert.Equal("P2", matrix.GetProperty("priorities").GetProperty("haute").GetProperty("moyen").GetString());

        var e23 = await (await app.As(W.ByPreset["e23"].Referent.Token).GetAsync("/api/v1/me")).ReadAsync();
        Assert.Equal(JsonValueKind.Null, e23.GetProperty("products")[0].GetProperty("priorityMatrix").ValueKind);
    }

    [Fact]
    public async Task Staff_on_behalf_give_the_criteria_too()
    {
        var response = await app.As(W.Admin.Token).PostJsonAsync("/api/v1/tickets/on-behalf", new
        {
            requesterId = At.Referent.Id,
            productId = W.ProductId,
            queueId = W.QueueId,
            serviceType = "bug-applicatif",
            criticality = "moyenne",
            impact = "fort",
            channel = "telephone",
            subject = "Appel : séance d'enchère bloquée",
            body = "Signalé par téléphone.",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("P2", (await response.ReadAsync()).GetProperty("priority").GetString());
    }

    [Fact]
    public async Task The_priority_cannot_be_chosen_on_a_matrix_contract_and_the_criteria_must_be_known()
    {
        var chosen = await app.As(At.Referent.Token).PostJsonAsync("/api/v1/tickets", Request("haute", "moyen", priority: "P1"));
        Assert.Equal(HttpStatusCode.BadRequest, chosen.StatusCode);
        var problem = await chosen.ReadAsync();
        Assert.Equal("validation_failed", problem.Code());
        Assert.Contains("criticité", problem.GetProperty("errors").GetProperty("priority")[0].GetString(), StringComparison.Ordinal);

        var unknown = await (await app.As(At.Referent.Token).PostJsonAsync("/api/v1/tickets", Request("critique", null))).ReadAsync();
        Assert.True(unknown.GetProperty("errors").TryGetProperty("criticality", out _));
        Assert.True(unknown.GetProperty("errors").TryGetProperty("impact", out _));

        // Another contract has no matrix: its requests keep their priority, and criteria are refused.
        var e23 = await app.As(W.ByPreset["e23"].Referent.Token).PostJsonAsync("/api/v1/tickets", Request("haute", "moyen"));
        Assert.Equal(HttpStatusCode.BadRequest, e23.StatusCode);
        Assert.True((await e23.ReadAsync()).GetProperty("errors").TryGetProperty("criticality", out _));
    }

    [Fact]
    public async Task Staff_requalify_a_criterion_the_priority_is_derived_again_and_the_clocks_follow()
    {
        var number = (await (await app.As(At.Referent.Token).PostJsonAsync("/api/v1/tickets", Request("haute", "moyen"))).ReadAsync()).GetProperty("number").GetInt64();
        app.Clock.AdvanceMinutes(30);

        var refused = await app.As(At.Referent.Token).PostJsonAsync($"/api/v1/tickets/{number}/criteria", new { impact = "fort", reason = "Tous les dossiers." });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var noReason = await app.As(W.Admin.Token).PostJsonAsync($"/api/v1/tickets/{number}/criteria", new { impact = "fort" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);

        var changed = await app.As(W.Admin.Token).PostJsonAsync($"/api/v1/tickets/{number}/criteria", new { impact = "fort", reason = "Tous les dossiers déposés sont touchés." });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("P1", (await changed.ReadAsync()).GetProperty("priority").GetString());

        var detail = await DetailAsync(number);
        Assert.Equal("fort", detail.GetProperty("impact").GetString());
        Assert.Equal("haute", detail.GetProperty("criticality").GetString());
        Assert.Equal("1 jour ouvré", Clock(detail, "resolution").GetProperty("target").GetString());

        // The client sees the requalification in the history.
        var events = (await (await app.As(At.Referent.Token).GetAsync($"/api/v1/tickets/{number}/events")).ReadAsync()).EnumerateArray().ToList();
        var criterion = events.Single(e => e.GetProperty("kind").GetString() == "CriterionChanged");
        Assert.Equal("impact:fort", criterion.GetProperty("value").GetString());
        Assert.Equal("impact:moyen", criterion.GetProperty("previousValue").GetString());
        var priority = events.Single(e => e.GetProperty("kind").GetString() == "PriorityChanged");
        Assert.Equal(("P1", "P2"), (priority.GetProperty("value").GetString(), priority.GetProperty("previousValue").GetString()));

        var again = await app.As(W.Admin.Token).PostJsonAsync($"/api/v1/tickets/{number}/criteria", new { impact = "fort", reason = "Idem." });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        var report = await app.WithServiceAsync<GuichetDbContext, OutcomeRebuild.Report>(db => OutcomeRebuild.RunAsync(db, write: false, CancellationToken.None));
        Assert.Equal(0, report.Differences);
        var outcome = await app.WithServiceAsync<GuichetDbContext, ClockOutcome>(db => db.ClockOutcomes.AsNoTracking().SingleAsync(o => o.TicketId == number && o.ClockId == "resolution"));
        Assert.Equal("P1", outcome.Priority);
    }
}

public abstract partial class PriorityMatrixTests
{
    [Fact]
    public async Task The_portal_form_asks_criticite_and_impact_with_their_definitions_on_an_at_contract_only()
    {
        var client = await PortalClient.SignInAsync(app, At.Referent.Email);
        var form = WebUtility.HtmlDecode(await client.GetStringAsync("/demandes/nouvelle"));
        Assert.Contains("<legend>Criticité</legend>", form, StringComparison.Ordinal);
        Assert.Contains("<legend>Impact</legend>", form, StringComparison.Ordinal);
        Assert.Contains("dépôt d'une réponse électronique", form, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"Priority\"", form, StringComparison.Ordinal);

        var e23 = await (await PortalClient.SignInAsync(app, W.ByPreset["e23"].Referent.Email)).GetStringAsync("/demandes/nouvelle");
        Assert.Contains("id=\"Priority\"", e23, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Criticality\"", e23, StringComparison.Ordinal);

        var fields = new Dictionary<string, string>
        {
            ["Subject"] = "Dépôt impossible",
            ["Body"] = "Le bouton ne répond plus.",
            ["ProductId"] = W.ProductId.ToString(),
            ["QueueId"] = W.QueueId.ToString(),
            ["ServiceType"] = "bug-applicatif",
            ["Criticality"] = "haute",
        };
        var missing = await client.PostFormAsync("/demandes/nouvelle", "/demandes/nouvelle", new(fields));
        Assert.Equal(HttpStatusCode.OK, missing.StatusCode);
        var page = await missing.Content.ReadAsStringAsync();
        Assert.Contains("id=\"Impact-error\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"haute\" checked=\"checked\"", page, StringComparison.Ordinal);

        fields["Impact"] = "moyen";
        var created = await client.PostFormAsync("/demandes/nouvelle", "/demandes/nouvelle", fields);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var number = long.Parse(created.Headers.Location!.OriginalString.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("P2", (await DetailAsync(number)).GetProperty("priority").GetString());

        // Staff see the criteria on the ticket and may requalify them there; the client sees the change in the history.
        var staff = await PortalClient.SignInAsync(app, W.Admin.Email);
        var url = $"/demandes/{number}";
        var detail = WebUtility.HtmlDecode(await staff.GetStringAsync(url));
        Assert.Contains("Requalifier la criticité ou l'impact", detail, StringComparison.Ordinal);
        var requalified = await staff.PostFormAsync(url, url + "?handler=criteria", new() { ["criticality"] = "faible", ["impact"] = "moyen", ["reason"] = "Fonction secondaire." });
        Assert.Equal(HttpStatusCode.Redirect, requalified.StatusCode);
        Assert.Equal("P4", (await DetailAsync(number)).GetProperty("priority").GetString());
        Assert.Contains("criticité : Haute → Faible", WebUtility.HtmlDecode(await client.GetStringAsync(url)), StringComparison.Ordinal);

        // The staff on-behalf form asks the same questions for this client.
        var call = await staff.GetStringAsync($"/bureau/appel?appelant={At.Referent.Id}");
        Assert.Contains("name=\"Criticality\"", call, StringComparison.Ordinal);
    }
}

public sealed class SqlitePriorityMatrixTests(SqliteApp app) : PriorityMatrixTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresPriorityMatrixTests(PostgresApp app) : PriorityMatrixTests(app), IClassFixture<PostgresApp>;
