using System.Net;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace Guichet.Tests.Api;

/// <summary>Remote-assistance sessions with recorded consent (issue 16, part 5), through HTTP on each database.</summary>
public abstract class RemoteTests(GuichetApp app)
{
    private World W => app.World;

    private async Task<long> NewTicketAsync(World.Org org)
    {
        var response = await app.As(org.Referent.Token).PostJsonAsync("/api/v1/tickets", new
        {
            productId = W.ProductId,
            queueId = W.QueueId,
            serviceType = "bug-applicatif",
            subject = "Poste bloqué",
            body = "Le logiciel ne démarre plus.",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadAsync()).GetProperty("number").GetInt64();
    }

    private static object Session(Instant start, Guid? consentId = null) => new
    {
        consentId,
        tool = "Outil de prise en main",
        startedAt = InstantPattern.ExtendedIso.Format(start),
        endedAt = InstantPattern.ExtendedIso.Format(start + Duration.FromMinutes(20)),
        userPresent = "Utilisateur présent",
        closedBy = "L'utilisateur",
    };

    [Fact]
    public async Task A_session_without_consent_is_refused_in_french()
    {
        var number = await NewTicketAsync(W.A);
        var response = await app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/tickets/{number}/remote-sessions", Session(app.Clock.GetCurrentInstant() - Duration.FromMinutes(30)));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.ReadAsync();
        Assert.Equal("consent_required", problem.Code());
        Assert.Contains("consentement", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Empty((await (await app.As(W.AgentA.Token).GetAsync($"/api/v1/tickets/{number}/remote-sessions")).ReadAsync()).EnumerateArray());

        // An oral consent needs the name of the person who gave it.
        var unnamed = await app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/tickets/{number}/remote-consents", new { });
        Assert.Equal(HttpStatusCode.BadRequest, unnamed.StatusCode);
        Assert.True((await unnamed.ReadAsync()).GetProperty("errors").TryGetProperty("givenBy", out _));

        // A client does not record sessions.
        var client = await app.As(W.A.Referent.Token).PostJsonAsync($"/api/v1/tickets/{number}/remote-sessions", Session(app.Clock.GetCurrentInstant()));
        Assert.Equal(HttpStatusCode.Forbidden, client.StatusCode);
    }

    [Fact]
    public async Task With_the_clients_consent_the_session_shows_for_the_client_and_staff()
    {
        var number = await NewTicketAsync(W.A);
        var consent = await app.As(W.A.Simple.Token).PostJsonAsync($"/api/v1/tickets/{number}/remote-consents", new { });
        Assert.Equal(HttpStatusCode.Created, consent.StatusCode);
        var given = await consent.ReadAsync();
        Assert.Equal("portal", given.GetProperty("kind").GetString());
        Assert.Equal("simple", given.GetProperty("givenBy").GetString());

        // A session that started before the consent was given is not covered by it.
        var before = await app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/tickets/{number}/remote-sessions", Session(app.Clock.GetCurrentInstant() - Duration.FromHours(1)));
        Assert.Equal(HttpStatusCode.Conflict, before.StatusCode);

        app.Clock.Advance(Duration.FromMinutes(30));
        var session = await app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/tickets/{number}/remote-sessions", Session(app.Clock.GetCurrentInstant() - Duration.FromMinutes(25)));
        Assert.Equal(HttpStatusCode.Created, session.StatusCode);
        Assert.Equal(given.GetProperty("id").GetGuid(), (await session.ReadAsync()).GetProperty("consentId").GetGuid());

        foreach (var token in new[] { W.A.Referent.Token, W.AgentA.Token })
        {
            var sessions = await (await app.As(token).GetAsync($"/api/v1/tickets/{number}/remote-sessions")).ReadAsync();
            Assert.Equal("Outil de prise en main", Assert.Single(sessions.EnumerateArray()).GetProperty("tool").GetString());
            var consents = await (await app.As(token).GetAsync($"/api/v1/tickets/{number}/remote-consents")).ReadAsync();
            Assert.Equal("simple", Assert.Single(consents.EnumerateArray()).GetProperty("givenBy").GetString());
        }
    }

    [Fact]
    public async Task An_oral_consent_recorded_by_staff_allows_a_session()
    {
        var number = await NewTicketAsync(W.A);
        var consent = await app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/tickets/{number}/remote-consents", new { givenBy = "La secrétaire de mairie" });
        Assert.Equal(HttpStatusCode.Created, consent.StatusCode);
        Assert.Equal("oral", (await consent.ReadAsync()).GetProperty("kind").GetString());
        app.Clock.Advance(Duration.FromMinutes(30));
        var session = await app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/tickets/{number}/remote-sessions", Session(app.Clock.GetCurrentInstant() - Duration.FromMinutes(25)));
        Assert.Equal(HttpStatusCode.Created, session.StatusCode);
    }

    [Fact]
    public async Task Another_organisations_ticket_is_not_found()
    {
        var number = await NewTicketAsync(W.B);
        foreach (var token in new[] { W.A.Referent.Token, W.AgentA.Token })
        {
            foreach (var path in new[] { "remote-consents", "remote-sessions" })
            {
                Assert.Equal(HttpStatusCode.NotFound, (await app.As(token).GetAsync($"/api/v1/tickets/{number}/{path}")).StatusCode);
                Assert.Equal(HttpStatusCode.NotFound, (await app.As(token).PostJsonAsync($"/api/v1/tickets/{number}/{path}", new { givenBy = "x" })).StatusCode);
            }
        }
    }
}

public sealed class SqliteRemoteTests(SqliteApp app) : RemoteTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresRemoteTests(PostgresApp app) : RemoteTests(app), IClassFixture<PostgresApp>;
