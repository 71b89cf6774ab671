using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;

namespace Guichet.Tests.Api;

/// <summary>Requests taken by staff for a client user (issue 16, part 1), through HTTP on each database.</summary>
public abstract class OnBehalfTests(GuichetApp app)
{
    private World W => app.World;

    private static string Iso(Instant at) => InstantPattern.ExtendedIso.Format(at);

    private object Body(Guid requester, Instant? receivedAt = null, bool answeredDirectly = false, int? minutes = null, string channel = "telephone") => new
    {
        requesterId = requester,
        productId = W.ProductId,
        queueId = W.QueueId,
        serviceType = "bug-applicatif",
        subject = "Appel : télétransmission impossible",
        body = "Le bordereau est refusé depuis ce matin, signalé par téléphone.",
        channel,
        receivedAt = receivedAt is { } at ? Iso(at) : null,
        answeredDirectly,
        minutes,
    };

    private static JsonElement ClockOf(JsonElement ticket, string id) =>
        ticket.GetProperty("clocks").EnumerateArray().Single(c => c.GetProperty("id").GetString() == id);

    [Fact]
    public async Task An_agent_raises_a_ticket_for_a_declared_user_with_the_clocks_from_the_call()
    {
        // The same request raised by the client at the call's time, for reference: its due is what the call's must be.
        var callAt = app.Clock.GetCurrentInstant();
        var reference = await app.As(W.A.Simple.Token).PostJsonAsync("/api/v1/tickets", new
        {
            productId = W.ProductId,
            queueId = W.QueueId,
            serviceType = "bug-applicatif",
            subject = "Référence",
            body = "Même demande.",
        });
        Assert.Equal(HttpStatusCode.Created, reference.StatusCode);
        var referenceDetail = await (await app.As(W.AgentA.Token).GetAsync($"/api/v1/tickets/{(await reference.ReadAsync()).GetProperty("number").GetInt64()}")).ReadAsync();

        // Entered 50 minutes later.
        app.Clock.Advance(Duration.FromMinutes(50));
        var response = await app.As(W.AgentA.Token).PostJsonAsync("/api/v1/tickets/on-behalf", Body(W.A.Simple.Id, callAt));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var number = (await response.ReadAsync()).GetProperty("number").GetInt64();

        var detail = await (await app.As(W.AgentA.Token).GetAsync($"/api/v1/tickets/{number}")).ReadAsync();
        Assert.Equal(W.A.Simple.Id, detail.GetProperty("authorId").GetGuid());
        Assert.Equal(callAt, InstantPattern.ExtendedIso.Parse(detail.GetProperty("createdAt").GetString()!).Value);
        Assert.False(detail.GetProperty("isClosed").GetBoolean());
        var clockId = referenceDetail.GetProperty("clocks").EnumerateArray().First(c => c.GetProperty("due").ValueKind == JsonValueKind.String).GetProperty("id").GetString()!;
        Assert.Equal(ClockOf(referenceDetail, clockId).GetProperty("due").GetString(), ClockOf(detail, clockId).GetProperty("due").GetString());

        // The trace: created at the call's time; who entered it and when, in an internal note.
        var events = await (await app.As(W.AgentA.Token).GetAsync($"/api/v1/tickets/{number}/events")).ReadAsync();
        var created = events.EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "Created");
        Assert.Equal(callAt, InstantPattern.ExtendedIso.Parse(created.GetProperty("at").GetString()!).Value);
        var note = events.EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "Message");
        Assert.Equal(W.AgentA.Id, note.GetProperty("authorId").GetGuid());
        Assert.Equal("internal", note.GetProperty("visibility").GetString());
        Assert.Equal("telephone", note.GetProperty("previousValue").GetString());
        Assert.Equal(callAt + Duration.FromMinutes(50), InstantPattern.ExtendedIso.Parse(note.GetProperty("at").GetString()!).Value);

        // The requester sees it in their list, as their own.
        var mine = await (await app.As(W.A.Simple.Token).GetAsync($"/api/v1/tickets/{number}")).ReadAsync();
        Assert.Equal(number, mine.GetProperty("number").GetInt64());
    }

    [Fact]
    public async Task An_undeclared_user_is_refused_in_french_with_a_stable_code()
    {
        var response = await app.As(W.AgentA.Token).PostJsonAsync("/api/v1/tickets/on-behalf", Body(W.A.Undeclared.Id));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadAsync();
        Assert.Equal("user_not_declared", problem.Code());
        Assert.Contains("n'est pas déclaré", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Contains("déclaré", problem.GetProperty("errors").GetProperty("productId")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_of_an_organisation_the_agent_does_not_serve_is_not_found()
    {
        var response = await app.As(W.AgentA.Token).PostJsonAsync("/api/v1/tickets/on-behalf", Body(W.B.Simple.Id));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.Tickets.CountAsync(t => t.OrganisationId == W.B.Id && t.Subject.StartsWith("Appel"))));
    }

    [Fact]
    public async Task The_callers_suggested_while_typing_are_those_of_the_organisations_served()
    {
        const string Url = "/bureau/appel?handler=suggestions&qui=simple%40";
        static async Task<List<string>> DetailsAsync(HttpResponseMessage response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return [.. (await response.ReadAsync()).EnumerateArray().Select(e => e.GetProperty("detail").GetString()!)];
        }

        // The agent serves the "ls" organisation only: its user is suggested, with a link to the form; the others are not.
        var agent = await DetailsAsync(await (await Portal.PortalClient.SignInAsync(app, W.AgentA.Email)).GetAsync(Url));
        Assert.Contains(agent, d => d.Contains("simple@ls.example", StringComparison.Ordinal));
        Assert.DoesNotContain(agent, d => d.Contains("simple@at.example", StringComparison.Ordinal));
        var admin = await DetailsAsync(await (await Portal.PortalClient.SignInAsync(app, W.Admin.Email)).GetAsync(Url));
        Assert.Contains(admin, d => d.Contains("simple@at.example", StringComparison.Ordinal));

        // One character suggests nobody; a client does not reach the page.
        Assert.Empty(await DetailsAsync(await (await Portal.PortalClient.SignInAsync(app, W.Admin.Email)).GetAsync("/bureau/appel?handler=suggestions&qui=s")));
        Assert.Equal(HttpStatusCode.NotFound, (await (await Portal.PortalClient.SignInAsync(app, W.A.Referent.Email)).GetAsync(Url)).StatusCode);
    }

    [Fact]
    public async Task A_client_cannot_use_the_route()
    {
        var response = await app.As(W.A.Referent.Token).PostJsonAsync("/api/v1/tickets/on-behalf", Body(W.A.Simple.Id));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("staff_only", (await response.ReadAsync()).Code());
    }

    [Fact]
    public async Task The_call_time_is_bounded_and_checked_in_french()
    {
        var now = app.Clock.GetCurrentInstant();
        foreach (var at in new[] { now + Duration.FromHours(1), now - Duration.FromDays(8) })
        {
            var response = await app.As(W.AgentA.Token).PostJsonAsync("/api/v1/tickets/on-behalf", Body(W.A.Simple.Id, at));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("réception", (await response.ReadAsync()).GetProperty("errors").GetProperty("receivedAt")[0].GetString(), StringComparison.Ordinal);
        }

        var badChannel = await app.As(W.AgentA.Token).PostJsonAsync("/api/v1/tickets/on-behalf", Body(W.A.Simple.Id, channel: "pigeon"));
        Assert.Equal(HttpStatusCode.BadRequest, badChannel.StatusCode);
        Assert.Contains("Canal inconnu", (await badChannel.ReadAsync()).GetProperty("errors").GetProperty("channel")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_answered_on_the_spot_is_created_closed_with_its_time_entry()
    {
        var callAt = app.Clock.GetCurrentInstant() - Duration.FromMinutes(30);
        var response = await app.As(W.AgentA.Token).PostJsonAsync("/api/v1/tickets/on-behalf", Body(W.A.Referent.Id, callAt, answeredDirectly: true, minutes: 12));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var number = (await response.ReadAsync()).GetProperty("number").GetInt64();

        var detail = await (await app.As(W.A.Referent.Token).GetAsync($"/api/v1/tickets/{number}")).ReadAsync();
        Assert.True(detail.GetProperty("isClosed").GetBoolean());
        var events = await (await app.As(W.AgentA.Token).GetAsync($"/api/v1/tickets/{number}/events")).ReadAsync();
        var time = events.EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "TimeEntry");
        Assert.Equal(12, time.GetProperty("minutes").GetInt32());
        Assert.Equal(W.AgentA.Id, time.GetProperty("authorId").GetGuid());
        Assert.Equal(callAt + Duration.FromMinutes(12), InstantPattern.ExtendedIso.Parse(time.GetProperty("at").GetString()!).Value);

        // Without a duration, a direct answer is refused.
        var noMinutes = await app.As(W.AgentA.Token).PostJsonAsync("/api/v1/tickets/on-behalf", Body(W.A.Referent.Id, answeredDirectly: true));
        Assert.Equal(HttpStatusCode.BadRequest, noMinutes.StatusCode);
        Assert.True((await noMinutes.ReadAsync()).GetProperty("errors").TryGetProperty("minutes", out _));
    }
}

public sealed class SqliteOnBehalfTests(SqliteApp app) : OnBehalfTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresOnBehalfTests(PostgresApp app) : OnBehalfTests(app), IClassFixture<PostgresApp>;
