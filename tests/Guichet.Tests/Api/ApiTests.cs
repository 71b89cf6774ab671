using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Guichet.Data;
using Guichet.Features.Tickets;
using Guichet.Jobs;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Guichet.Tests.Api;

/// <summary>The API through HTTP, on each database: the same tests run on SQLite and on PostgreSQL.</summary>
public abstract class ApiTests(GuichetApp app)
{
    private World W => app.World;

    private async Task<JsonElement> CreateTicketAsync(World.Org org, string? priority = null, string subject = "Télétransmission impossible", string serviceType = "bug-applicatif")
    {
        // AT derives the priority from criticité × impact [AT 9.3.4.2]: P2 is criticité haute, impact moyen.
        var (criticality, impact) = org == W.ByPreset["at"] && priority == "P2" ? ("haute", "moyen") : ((string?)null, (string?)null);
        var response = await app.As(org.Referent.Token).PostJsonAsync("/api/v1/tickets", new
        {
            productId = W.ProductId,
            queueId = W.QueueId,
            versionId = W.VersionId,
            serviceType,
            priority = criticality is null ? priority : null,
            criticality,
            impact,
            subject,
            body = "Le bordereau est refusé depuis ce matin.",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadAsync();
    }

    private static long Number(JsonElement ticket) => ticket.GetProperty("number").GetInt64();

    private async Task<JsonElement> GetTicketAsync(string token, long number)
    {
        var response = await app.As(token).GetAsync($"/api/v1/tickets/{number}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadAsync();
    }

    private static JsonElement Clock(JsonElement ticket, string id) =>
        ticket.GetProperty("clocks").EnumerateArray().Single(c => c.GetProperty("id").GetString() == id);

    [Fact]
    public async Task The_database_has_no_pending_model_changes()
    {
        Assert.False(await app.WithDbAsync(db => Task.FromResult(db.Database.HasPendingModelChanges())));
        Assert.Equal(app.UsesPostgres ? "Npgsql.EntityFrameworkCore.PostgreSQL" : "Microsoft.EntityFrameworkCore.Sqlite", await app.WithDbAsync(db => Task.FromResult(db.Database.ProviderName)));
    }

    [Fact]
    public async Task Me_lists_the_products_the_user_may_raise_tickets_on()
    {
        var me = await (await app.As(W.A.Referent.Token).GetAsync("/api/v1/me")).ReadAsync();

        Assert.Equal(W.A.Referent.Email, me.GetProperty("user").GetProperty("email").GetString());
        Assert.Equal(W.A.Id, me.GetProperty("organisation").GetProperty("id").GetGuid());
        var product = me.GetProperty("products").EnumerateArray().Single();
        Assert.Equal(W.ProductId, product.GetProperty("id").GetGuid());
        Assert.Equal(["0", "1", "2", "3"], product.GetProperty("priorities").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.Contains(product.GetProperty("serviceTypes").EnumerateArray(), s => s.GetProperty("id").GetString() == "bug-applicatif");
        Assert.Equal(2, product.GetProperty("versions").GetArrayLength());
        Assert.Equal(2, product.GetProperty("queues").GetArrayLength());

        var undeclared = await (await app.As(W.A.Undeclared.Token).GetAsync("/api/v1/me")).ReadAsync();
        Assert.Equal(0, undeclared.GetProperty("products").GetArrayLength());
    }

    [Fact]
    public async Task Ls_ticket_lifecycle_with_freeze_requalification_and_validation()
    {
        var created = await CreateTicketAsync(W.A, priority: "1");
        var number = Number(created);
        var agent = app.As(W.AgentA.Token);

        var fresh = await GetTicketAsync(W.AgentA.Token, number);
        Assert.Equal("nouveau", fresh.GetProperty("state").GetString());
        Assert.Equal("running", Clock(fresh, "take-charge").GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.OK, (await agent.PostJsonAsync($"/api/v1/tickets/{number}/milestones", new { milestone = "taken-in-charge" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostJsonAsync($"/api/v1/tickets/{number}/qualification", new { nature = "anomalie" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostJsonAsync($"/api/v1/tickets/{number}/priority", new { priority = "2", reason = "Contournement disponible" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostJsonAsync($"/api/v1/tickets/{number}/state", new { state = "a-qualifier-client", comment = "Merci de nous envoyer le bordereau." })).StatusCode);

        var waiting = await GetTicketAsync(W.A.Referent.Token, number);
        Assert.Equal("met", Clock(waiting, "take-charge").GetProperty("status").GetString());
        Assert.Equal("frozen", Clock(waiting, "resolution").GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, Clock(waiting, "resolution").GetProperty("due").ValueKind);
        Assert.Equal("2", waiting.GetProperty("priority").GetString());

        app.Clock.Advance(Duration.FromHours(2));
        var reply = await app.As(W.A.Referent.Token).PostJsonAsync($"/api/v1/tickets/{number}/replies", new { action = "reply", text = "Voici le bordereau." });
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        var running = await GetTicketAsync(W.A.Referent.Token, number);
        Assert.Equal("retour-information-client", running.GetProperty("state").GetString());
        Assert.Equal("running", Clock(running, "resolution").GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.OK, (await agent.PostJsonAsync($"/api/v1/tickets/{number}/state", new { state = "traite-interlocuteur" })).StatusCode);
        var resolved = await GetTicketAsync(W.A.Referent.Token, number);
        Assert.Equal("met", Clock(resolved, "resolution").GetProperty("status").GetString());

        var close = await app.As(W.A.Referent.Token).PostJsonAsync($"/api/v1/tickets/{number}/replies", new { action = "reply-and-close", text = "C'est réglé, merci." });
        Assert.Equal(HttpStatusCode.OK, close.StatusCode);
        var closed = await GetTicketAsync(W.A.Referent.Token, number);
        Assert.True(closed.GetProperty("isClosed").GetBoolean());
        Assert.Equal("clos-par-le-client", closed.GetProperty("state").GetString());

        var events = await (await app.As(W.A.Referent.Token).GetAsync($"/api/v1/tickets/{number}/events")).ReadAsync();
        Assert.Equal(
            ["Created", "Milestone", "Qualified", "PriorityChanged", "StateChanged", "Message", "StateChanged", "StateChanged", "Message", "StateChanged", "Milestone"],
            events.EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
    }

    [Theory]
    [InlineData("e23", "2")]
    [InlineData("es26", "majeure")]
    [InlineData("mn", "standard")]
    [InlineData("at", "P2")]
    public async Task Every_preset_runs_a_ticket_to_its_end(string preset, string priority)
    {
        var org = W.ByPreset[preset];
        var number = Number(await CreateTicketAsync(org, priority));
        var admin = app.As(W.Admin.Token);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostJsonAsync($"/api/v1/tickets/{number}/state", new { state = "en-cours" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostJsonAsync($"/api/v1/tickets/{number}/qualification", new { nature = "anomalie" })).StatusCode);
        var handled = await GetTicketAsync(org.Referent.Token, number);
        Assert.Equal("met", Clock(handled, "take-charge").GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.OK, (await admin.PostJsonAsync($"/api/v1/tickets/{number}/state", new { state = "traite-interlocuteur" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.As(org.Referent.Token).PostJsonAsync($"/api/v1/tickets/{number}/replies", new { action = "reply-and-close", text = "Merci." })).StatusCode);
        var closed = await GetTicketAsync(org.Referent.Token, number);
        Assert.True(closed.GetProperty("isClosed").GetBoolean());
        Assert.DoesNotContain(closed.GetProperty("clocks").EnumerateArray(), c => c.GetProperty("status").GetString() is "running" or "frozen");
    }

    [Fact]
    public async Task Only_declared_users_raise_tickets_on_a_product()
    {
        var response = await app.As(W.A.Undeclared.Token).PostJsonAsync("/api/v1/tickets", new { productId = W.ProductId, queueId = W.QueueId, subject = "x", body = "y" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadAsync();
        Assert.Equal("validation_failed", problem.Code());
        Assert.True(problem.GetProperty("errors").TryGetProperty("productId", out _));
    }

    [Fact]
    public async Task Mass_assignment_of_protected_fields_is_ignored()
    {
        var response = await app.As(W.A.Simple.Token).PostJsonAsync("/api/v1/tickets", new
        {
            productId = W.ProductId,
            queueId = W.QueueId,
            subject = "Champs protégés",
            body = "Tentative",
            organisationId = W.B.Id,
            authorId = W.Admin.Id,
            state = "clos-par-le-client",
            createdAt = "2001-01-01T00:00:00Z",
            role = "admin",
            version = 99,
            isClosed = true,
            nextDueAt = "2099-01-01T00:00:00Z",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var number = Number(await response.ReadAsync());

        var stored = await app.WithDbAsync(db => db.Tickets.AsNoTracking().SingleAsync(t => t.Id == number));
        Assert.Equal(W.A.Id, stored.OrganisationId);
        Assert.Equal(W.A.Simple.Id, stored.AuthorId);
        Assert.Equal("nouveau", stored.State);
        Assert.False(stored.IsClosed);
        Assert.Equal(app.Clock.GetCurrentInstant(), stored.CreatedAt);
        Assert.Equal(0, stored.Version);
        Assert.True(stored.NextDueAt is null || stored.NextDueAt < Instant.FromUtc(2090, 1, 1, 0, 0));
    }

    [Theory]
    [InlineData("?q=' OR 1=1 --")]
    [InlineData("?q=%25%25%25_\\")]
    [InlineData("?sort=Id;DROP TABLE Tickets")]
    [InlineData("?sort=subject")]
    [InlineData("?status=everything")]
    [InlineData("?scope=../../etc")]
    [InlineData("?page=-1")]
    [InlineData("?page=abc")]
    [InlineData("?pageSize=100000")]
    [InlineData("?organisationId=not-a-guid")]
    [InlineData("?state=<script>alert(1)</script>")]
    [InlineData("?priority=%00%01")]
    public async Task Hostile_query_strings_get_400_or_an_empty_list_never_500(string query)
    {
        foreach (var token in new[] { W.A.Referent.Token, W.AgentA.Token })
        {
            var response = await app.As(token).GetAsync("/api/v1/tickets" + query);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{query}: {(int)response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                Assert.Equal(0, (await response.ReadAsync()).GetProperty("items").GetArrayLength());
            }
        }

        Assert.Equal(HttpStatusCode.OK, (await app.As(W.A.Referent.Token).GetAsync("/api/v1/tickets?status=all")).StatusCode);
    }

    [Fact]
    public async Task Lists_are_scoped_and_filtered()
    {
        var mine = Number(await CreateTicketAsync(W.A, subject: "Filtrage mine"));
        await CreateTicketAsync(W.B, subject: "Filtrage autre organisation");

        var org = await (await app.As(W.A.Simple.Token).GetAsync("/api/v1/tickets?scope=organisation&status=all&pageSize=100")).ReadAsync();
        Assert.Contains(org.GetProperty("items").EnumerateArray(), t => t.GetProperty("number").GetInt64() == mine);
        Assert.All(org.GetProperty("items").EnumerateArray(), t => Assert.Equal(W.A.Id, t.GetProperty("organisationId").GetGuid()));

        var own = await (await app.As(W.A.Simple.Token).GetAsync("/api/v1/tickets?scope=mine&status=all")).ReadAsync();
        Assert.DoesNotContain(own.GetProperty("items").EnumerateArray(), t => t.GetProperty("number").GetInt64() == mine);

        var search = await (await app.As(W.A.Referent.Token).GetAsync("/api/v1/tickets?q=Filtrage&status=all")).ReadAsync();
        Assert.Equal(1, search.GetProperty("total").GetInt32());

        var agent = await (await app.As(W.AgentA.Token).GetAsync("/api/v1/tickets?status=all&pageSize=100")).ReadAsync();
        Assert.All(agent.GetProperty("items").EnumerateArray(), t => Assert.Equal(W.A.Id, t.GetProperty("organisationId").GetGuid()));

        var urgent = await (await app.As(W.Admin.Token).GetAsync("/api/v1/tickets?sort=urgency&pageSize=100")).ReadAsync();
        var dues = urgent.GetProperty("items").EnumerateArray()
            .Select(t => t.GetProperty("nextDueAt").GetString() is { } d ? NodaTime.Text.InstantPattern.ExtendedIso.Parse(d).Value : (Instant?)null)
            .ToList();
        var withDue = dues.TakeWhile(d => d is not null).Select(d => d!.Value).ToList();
        Assert.NotEmpty(withDue);
        Assert.Equal(withDue.Order(), withDue);
        Assert.All(dues.Skip(withDue.Count), d => Assert.Null(d));

        // Paging through the urgency queue gives the same order as one big page, across the due/no-due boundary: four
        // tickets of this test's own, two of them without a due (whatever the other tests of the class left).
        var urgency = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            urgency.Add(Number(await CreateTicketAsync(W.A, subject: $"Filtrage urgence {i}")));
        }

        await app.WithDbAsync(async db =>
        {
            var some = await db.Tickets.Where(t => t.Id == urgency[0] || t.Id == urgency[1]).ToListAsync();
            some.ForEach(t => t.NextDueAt = null);
            return await db.SaveChangesAsync();
        });
        var allItems = (await (await app.As(W.Admin.Token).GetAsync("/api/v1/tickets?sort=urgency&status=all&pageSize=100")).ReadAsync())
            .GetProperty("items").EnumerateArray().ToList();
        var all = allItems.Select(t => t.GetProperty("number").GetInt64()).ToList();
        var dueCount = allItems.Count(t => t.GetProperty("nextDueAt").ValueKind != JsonValueKind.Null);
        Assert.InRange(dueCount, 2, all.Count - 2);

        // Pages of 3; pages exactly as long as the tickets with a due (the second page starts past them); one longer.
        foreach (var size in new[] { 3, dueCount, dueCount - 1, dueCount + 1 })
        {
            var paged = new List<long>();
            for (var page = 1; page <= (all.Count / size) + 1; page++)
            {
                var items = (await (await app.As(W.Admin.Token).GetAsync($"/api/v1/tickets?sort=urgency&status=all&pageSize={size}&page={page}")).ReadAsync()).GetProperty("items");
                paged.AddRange(items.EnumerateArray().Select(t => t.GetProperty("number").GetInt64()));
            }

            Assert.Equal(all, paged);
        }

        // Filters naming another organisation find nothing rather than widening the scope.
        foreach (var token in new[] { W.A.Referent.Token, W.AgentA.Token })
        {
            var other = await (await app.As(token).GetAsync($"/api/v1/tickets?organisationId={W.B.Id}&status=all")).ReadAsync();
            Assert.Equal(0, other.GetProperty("total").GetInt32());
        }
    }

    [Fact]
    public async Task Staff_limited_to_a_queue_see_only_that_queue()
    {
        var support = Number(await CreateTicketAsync(W.A, subject: "File support"));
        var commercial = await app.As(W.A.Referent.Token).PostJsonAsync("/api/v1/tickets", new { productId = W.ProductId, queueId = W.OtherQueueId, subject = "File commerciale", body = "Un devis, s'il vous plaît." });
        var commercialNumber = Number(await commercial.ReadAsync());

        var client = app.As(W.AgentCommercialA.Token);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/tickets/{support}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/tickets/{commercialNumber}")).StatusCode);
        var list = await (await client.GetAsync("/api/v1/tickets?status=all&pageSize=100")).ReadAsync();
        Assert.All(list.GetProperty("items").EnumerateArray(), t => Assert.Equal(W.OtherQueueId, t.GetProperty("queueId").GetGuid()));

        // An account manager writes to the client but does not requalify.
        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync($"/api/v1/tickets/{commercialNumber}/messages", new { text = "Le devis suit." })).StatusCode);
        var requalify = await client.PostJsonAsync($"/api/v1/tickets/{commercialNumber}/priority", new { priority = "3", reason = "Pas urgent" });
        Assert.Equal(HttpStatusCode.Forbidden, requalify.StatusCode);
        Assert.Equal("role_required", (await requalify.ReadAsync()).Code());
    }

    [Fact]
    public async Task The_ticket_load_s_visibility_check_answers_as_the_visible_tickets_query()
    {
        // The ticket load reads a ticket by its number and then asks Caller.Sees; the lists ask VisibleTickets. Both
        // must draw the same line, for every kind of caller, over tickets of two organisations and two queues.
        await CreateTicketAsync(W.A, subject: "File support");
        await app.As(W.A.Referent.Token).PostJsonAsync("/api/v1/tickets", new { productId = W.ProductId, queueId = W.OtherQueueId, subject = "File commerciale", body = "Un devis." });
        await CreateTicketAsync(W.B, subject: "Autre organisation");
        var people = new[] { W.A.Referent, W.A.Simple, W.B.Referent, W.AgentA, W.AgentCommercialA, W.Admin };
        var differences = await app.WithDbAsync(async db =>
        {
            var tickets = await db.Tickets.AsNoTracking().ToListAsync();
            var found = new List<string>();
            foreach (var person in people)
            {
                var caller = (await Guichet.Features.Accounts.Caller.OfUserAsync(db, person.Id, default))!;
                var listed = (await caller.VisibleTickets(db).Select(t => t.Id).ToListAsync()).ToHashSet();
                var seen = tickets.Where(caller.Sees).Select(t => t.Id).ToHashSet();
                Assert.NotEmpty(seen);
                if (!listed.SetEquals(seen))
                {
                    found.Add($"{person.Email}: listed {string.Join(",", listed.Order())}, seen {string.Join(",", seen.Order())}");
                }
            }

            return found;
        });
        Assert.Empty(differences);
    }

    [Fact]
    public async Task Another_organisations_data_is_404_on_every_route()
    {
        // Data of organisation B that a user of organisation A tries to reach through every route of the API.
        var ticket = Number(await CreateTicketAsync(W.B));
        var upload = new MultipartFormDataContent { { new ByteArrayContent("secret"u8.ToArray()), "file", "b.txt" } };
        var uploaded = await app.As(W.B.Referent.Token).PostAsync($"/api/v1/tickets/{ticket}/attachments", upload);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var attachment = (await uploaded.ReadAsync()).GetProperty("id").GetGuid();
        var tokenId = await app.WithDbAsync(db => db.ApiTokens.Where(t => t.UserId == W.B.Referent.Id).Select(t => t.Id).FirstAsync());
        var (service, outage, contest, maintenance) = await Guichet.Tests.Availability.AvailabilityTests.CrossOrganisationRowsAsync(app, W.B);
        var (probe, proposal) = await Guichet.Tests.Probes.ProbeTests.CrossOrganisationRowsAsync(app, W.B, service);
        var report = await Guichet.Tests.ProductionReports.ProductionReportTests.CrossOrganisationReportAsync(app, W.B);
        var crisis = (await Guichet.Tests.Crisis.CrisisTests.CrossOrganisationCrisisAsync(app, W.B)).ToString();
        var ids = new Dictionary<string, string>
        {
            ["/probes/{id}"] = probe.ToString(),
            ["/probes/{id}/samples"] = probe.ToString(),
            ["/probes/{id}/figures"] = probe.ToString(),
            ["/probes/{id}/series"] = probe.ToString(),
            ["/proposals/{id}"] = proposal.ToString(),
            ["/proposals/{id}/confirm"] = proposal.ToString(),
            ["/proposals/{id}/confirm-end"] = proposal.ToString(),
            ["/proposals/{id}/dismiss"] = proposal.ToString(),
            ["/production-reports/{id}"] = report.ToString(),
            ["/contracts/{id}/production-reports"] = W.B.ContractId.ToString(),
            ["/contracts/{id}/production-reports/schedule"] = W.B.ContractId.ToString(),
            ["/crises/{id}"] = crisis,
            ["/crises/{id}/meeting"] = crisis,
            ["/crises/{id}/points"] = crisis,
            ["/crises/{id}/cadence"] = crisis,
            ["/crises/{id}/log"] = crisis,
            ["/crises/{id}/close"] = crisis,
            ["/crises/{id}/post-mortem"] = crisis,
            ["/crises/{id}/post-mortem/measures"] = crisis,
            ["/crises/{id}/post-mortem/publish"] = crisis,
            ["/availability/services/{id}"] = service.ToString(),
            ["/availability/outages/{id}"] = outage.ToString(),
            ["/outages/{id}/comments"] = outage.ToString(),
            ["/outages/{id}/contests"] = outage.ToString(),
            ["/contests/{id}/decision"] = contest.ToString(),
            ["/availability/maintenances/{id}"] = maintenance.ToString(),
            ["/maintenances/{id}/cancel"] = maintenance.ToString(),
            ["number"] = ticket.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["/attachments/{id}"] = attachment.ToString(),
            ["/organisations/{id}"] = W.B.Id.ToString(),
            ["/users/{id}"] = W.B.Referent.Id.ToString(),
            ["/contracts/{id}"] = W.B.ContractId.ToString(),
            ["/contracts/{id}/terms"] = W.B.ContractId.ToString(),
            ["/contracts/{id}/time-bank/purchases"] = W.B.ContractId.ToString(),
            ["/contracts/{id}/policy/reapply"] = W.B.ContractId.ToString(),
            ["/contracts/{id}/backups"] = W.B.ContractId.ToString(),
            ["/contracts/{id}/backups/restore"] = W.B.ContractId.ToString(),
            ["/me/tokens/{id}"] = tokenId.ToString(),
            ["/followers/{userId:guid}"] = W.B.Simple.Id.ToString(),

            // Planned releases belong to products, not to an organisation: a client may change none (404), and no
            // release has this id.
            ["/releases/{id}"] = Guid.NewGuid().ToString(),
        };

        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/v1/", StringComparison.Ordinal) && e.RoutePattern.Parameters.Count > 0)
            .ToList();
        Assert.True(routes.Count >= 14, $"only {routes.Count} routes with parameters");
        foreach (var route in routes)
        {
            var raw = route.RoutePattern.RawText!;
            var path = raw;
            foreach (var parameter in route.RoutePattern.Parameters)
            {
                var key = parameter.Name == "number" ? "number" : ids.Keys.FirstOrDefault(k => raw.EndsWith(k.Replace("{id}", "{id:guid}", StringComparison.Ordinal), StringComparison.Ordinal));
                Assert.True(key is not null, $"The cross-organisation test does not know how to fill {raw}: add the route to its table.");
                path = path.Replace($"{{{parameter.Name}{(parameter.ParameterPolicies.Count > 0 ? ":" + string.Join(":", parameter.ParameterPolicies.Select(p => p.Content)) : "")}}}", ids[key!], StringComparison.Ordinal);
            }

            foreach (var method in route.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods)
            {
                foreach (var token in new[] { W.A.Referent.Token, W.AgentA.Token })
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method), path);
                    if (method is "POST" or "PUT" or "PATCH")
                    {
                        request.Content = path.EndsWith("/attachments", StringComparison.Ordinal)
                            ? new MultipartFormDataContent { { new ByteArrayContent("x"u8.ToArray()), "file", "x.txt" } }
                            : JsonContent.Create(new { text = "intrusion", action = "reply", state = "en-cours", priority = "P1", reason = "r", nature = "anomalie", minutes = 5, milestone = "resolved" });
                    }

                    var response = await app.As(token).SendAsync(request);
                    Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path} → {(int)response.StatusCode}");
                }
            }
        }

        // Routes without parameters (lists, /me…) never show organisation B's data to A, whatever the query.
        var plain = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/v1/", StringComparison.Ordinal) && e.RoutePattern.Parameters.Count == 0
                && e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Contains("GET"))
            .Select(e => e.RoutePattern.RawText!)
            .ToList();
        Assert.Contains("/api/v1/tickets/", plain);
        foreach (var path in plain)
        {
            foreach (var token in new[] { W.A.Referent.Token, W.AgentA.Token })
            {
                if (path == "/api/v1/reports/times")
                {
                    // Staff only (a client: 404); B's contract or organisation named in the query is not found.
                    Assert.Equal(HttpStatusCode.NotFound, (await app.As(token).GetAsync($"{path}?contractId={W.B.ContractId}")).StatusCode);
                    Assert.Equal(HttpStatusCode.NotFound, (await app.As(token).GetAsync($"{path}?organisationId={W.B.Id}")).StatusCode);
                    if (token == W.AgentA.Token)
                    {
                        var own = await app.As(token).GetAsync(path);
                        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
                        Assert.DoesNotContain(W.B.ContractId.ToString(), await own.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
                    }

                    continue;
                }

                if (path is "/api/v1/reports/compliance" or "/api/v1/availability/" or "/api/v1/production-reports")
                {
                    // A report of one contract, named in the query: B's is not found (docs/reports.md).
                    Assert.Equal(HttpStatusCode.NotFound, (await app.As(token).GetAsync($"{path}?contractId={W.B.ContractId}")).StatusCode);
                    Assert.Equal(HttpStatusCode.NotFound, (await app.As(token).GetAsync($"{path}?contractId={W.B.ContractId}&day=2026-04-12")).StatusCode);
                    continue;
                }

                foreach (var query in new[] { "", $"?organisationId={W.B.Id}&status=all", "?status=all&pageSize=100" })
                {
                    var response = await app.As(token).GetAsync(path + query);
                    var text = await response.Content.ReadAsStringAsync();
                    Assert.True(response.IsSuccessStatusCode, $"GET {path}{query} → {(int)response.StatusCode}");
                    Assert.DoesNotContain(W.B.Id.ToString(), text, StringComparison.OrdinalIgnoreCase);
                    Assert.DoesNotContain(W.B.Referent.Id.ToString(), text, StringComparison.OrdinalIgnoreCase);
                    Assert.DoesNotContain($"\"number\":{ticket},", text, StringComparison.Ordinal);
                }
            }
        }

        // Nothing was changed on organisation B's ticket.
        var events = await app.WithDbAsync(db => db.TicketEvents.CountAsync(e => e.TicketId == ticket));
        Assert.Equal(2, events); // created + attachment
    }

    [Fact]
    public async Task Illegal_transitions_are_409_with_the_reason()
    {
        var number = Number(await CreateTicketAsync(W.A));
        var response = await app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/tickets/{number}/state", new { state = "clos-par-le-client" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.ReadAsync();
        Assert.Equal("transition_not_allowed", problem.Code());
        Assert.Contains("non autorisé", problem.GetProperty("title").GetString(), StringComparison.Ordinal);

        var noVersion = await app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/tickets/{number}/state", new { state = "bug-corrige-version" });
        Assert.Equal(HttpStatusCode.Conflict, noVersion.StatusCode);
    }

    [Fact]
    public async Task Taking_in_charge_is_one_commit_milestone_owner_and_handling_state()
    {
        var number = Number(await CreateTicketAsync(W.A, priority: "1"));
        var version = (await GetTicketAsync(W.AgentA.Token, number)).GetProperty("version").GetInt32();

        // A client may not take a ticket in charge (the house's answer to a client on a staff route: 403 with the code).
        var byClient = await app.As(W.A.Referent.Token).PostJsonAsync($"/api/v1/tickets/{number}/take", new { });
        Assert.Equal(HttpStatusCode.Forbidden, byClient.StatusCode);
        Assert.Equal("staff_only", (await byClient.ReadAsync()).Code());

        var stale = await app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/tickets/{number}/take", new { version = version - 1 });
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);

        var taken = await app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/tickets/{number}/take", new { version });
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        var changed = await taken.ReadAsync();
        Assert.Equal("en-cours", changed.GetProperty("state").GetString());
        Assert.Equal(version + 1, changed.GetProperty("version").GetInt32()); // one commit

        var ticket = await GetTicketAsync(W.A.Referent.Token, number);
        Assert.Equal(W.AgentA.Id, ticket.GetProperty("ownerId").GetGuid());
        Assert.Equal("met", Clock(ticket, "take-charge").GetProperty("status").GetString());
        var events = await (await app.As(W.AgentA.Token).GetAsync($"/api/v1/tickets/{number}/events")).ReadAsync();
        Assert.Equal(["Created", "Milestone", "Assigned", "StateChanged"], events.EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal("taken-in-charge", events[1].GetProperty("value").GetString());
        Assert.Equal("nouveau", events[3].GetProperty("previousValue").GetString());

        // Nothing left to do: a stable code, nothing recorded.
        var again = await app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/tickets/{number}/take", new { });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var problem = await again.ReadAsync();
        Assert.Equal("already_taken_in_charge", problem.Code());
        Assert.Equal("Vous avez déjà pris cette demande en charge.", problem.GetProperty("title").GetString());

        // Another agent takes it over: only the owner changes (the milestone is recorded once, the state is kept).
        Assert.Equal(HttpStatusCode.OK, (await app.As(W.Admin.Token).PostJsonAsync($"/api/v1/tickets/{number}/take", new { })).StatusCode);
        Assert.Equal(W.Admin.Id, (await GetTicketAsync(W.AgentA.Token, number)).GetProperty("ownerId").GetGuid());
        var after = await (await app.As(W.AgentA.Token).GetAsync($"/api/v1/tickets/{number}/events")).ReadAsync();
        Assert.Equal("Assigned", after.EnumerateArray().Last().GetProperty("kind").GetString());
        Assert.Single(after.EnumerateArray(), e => e.GetProperty("kind").GetString() == "Milestone");

        // A closed ticket is not taken in charge.
        Assert.Equal(HttpStatusCode.OK, (await app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/tickets/{number}/state", new { state = "traite-interlocuteur" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.As(W.A.Referent.Token).PostJsonAsync($"/api/v1/tickets/{number}/replies", new { action = "reply-and-close", text = "Merci." })).StatusCode);
        var closed = await app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/tickets/{number}/take", new { });
        Assert.Equal(HttpStatusCode.Conflict, closed.StatusCode);
        Assert.Equal("ticket_closed", (await closed.ReadAsync()).Code());
    }

    [Fact]
    public async Task Asking_for_information_sends_the_message_and_waits_for_the_client_in_one_commit()
    {
        var number = Number(await CreateTicketAsync(W.A));

        var byClient = await app.As(W.A.Referent.Token).PostJsonAsync($"/api/v1/tickets/{number}/ask-information", new { text = "Question ?" });
        Assert.Equal(HttpStatusCode.Forbidden, byClient.StatusCode);
        Assert.Equal("staff_only", (await byClient.ReadAsync()).Code());

        var empty = await app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/tickets/{number}/ask-information", new { text = "  " });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var invalid = await empty.ReadAsync();
        Assert.Equal("Indiquez la question posée au client.", invalid.GetProperty("errors").GetProperty("text")[0].GetString());

        var asked = await app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/tickets/{number}/ask-information", new { text = "Merci de nous envoyer le bordereau refusé." });
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Equal("a-qualifier-client", (await asked.ReadAsync()).GetProperty("state").GetString());
        var ticket = await GetTicketAsync(W.A.Referent.Token, number);
        Assert.Equal("frozen", Clock(ticket, "resolution").GetProperty("status").GetString());
        var events = (await (await app.As(W.A.Referent.Token).GetAsync($"/api/v1/tickets/{number}/events")).ReadAsync()).EnumerateArray().ToList();
        Assert.Equal(["Created", "Message", "StateChanged"], events.Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal("Merci de nous envoyer le bordereau refusé.", events[1].GetProperty("text").GetString());

        // A reply to the client with "then move to": one commit, and an illegal move refuses the message with it.
        var version = ticket.GetProperty("version").GetInt32();
        var refused = await app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/tickets/{number}/messages", new { text = "Clos !", state = "clos-par-le-client" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("transition_not_allowed", (await refused.ReadAsync()).Code());
        var replied = await app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/tickets/{number}/messages", new { text = "Nous reprenons.", state = "en-cours", version });
        Assert.Equal(HttpStatusCode.OK, replied.StatusCode);
        var changed = await replied.ReadAsync();
        Assert.Equal("en-cours", changed.GetProperty("state").GetString());
        Assert.Equal(version + 1, changed.GetProperty("version").GetInt32());

        // A closed ticket waits for no one.
        Assert.Equal(HttpStatusCode.OK, (await app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/tickets/{number}/state", new { state = "traite-interlocuteur" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.As(W.A.Referent.Token).PostJsonAsync($"/api/v1/tickets/{number}/replies", new { action = "reply-and-close", text = "Merci." })).StatusCode);
        var closed = await app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/tickets/{number}/ask-information", new { text = "Encore une question" });
        Assert.Equal(HttpStatusCode.Conflict, closed.StatusCode);
        Assert.Equal("ticket_closed", (await closed.ReadAsync()).Code());
    }

    [Fact]
    public async Task Take_and_ask_information_on_another_organisations_ticket_are_404()
    {
        var number = Number(await CreateTicketAsync(W.B));
        foreach (var (path, body) in new (string, object)[] { ("take", new { }), ("ask-information", new { text = "Question" }) })
        {
            var response = await app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/tickets/{number}/{path}", body);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        Assert.Equal(1, await app.WithDbAsync(db => db.TicketEvents.CountAsync(e => e.TicketId == number)));
    }

    [Fact]
    public async Task Lowering_a_niveau_0_needs_a_reason_and_records_the_client_notification()
    {
        var number = Number(await CreateTicketAsync(W.A, priority: "0"));
        var agent = app.As(W.AgentA.Token);

        var noReason = await agent.PostJsonAsync($"/api/v1/tickets/{number}/priority", new { priority = "2" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);

        var lowered = await agent.PostJsonAsync($"/api/v1/tickets/{number}/priority", new { priority = "2", reason = "Une procédure manuelle simple existe.", notificationChannel = "telephone" });
        Assert.Equal(HttpStatusCode.OK, lowered.StatusCode);
        var events = await (await app.As(W.A.Referent.Token).GetAsync($"/api/v1/tickets/{number}/events")).ReadAsync();
        var notified = events.EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "ClientNotified");
        Assert.Equal("telephone", notified.GetProperty("value").GetString());
        Assert.Equal("Une procédure manuelle simple existe.", notified.GetProperty("text").GetString());
        var change = events.EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "PriorityChanged");
        Assert.Equal("0", change.GetProperty("previousValue").GetString());
    }

    [Fact]
    public async Task Two_agents_editing_one_ticket_the_second_gets_a_conflict_and_nothing_is_lost()
    {
        var number = Number(await CreateTicketAsync(W.A));
        var version = (await GetTicketAsync(W.AgentA.Token, number)).GetProperty("version").GetInt32();

        var first = await app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/tickets/{number}/messages", new { text = "Première réponse", version });
        var second = await app.As(W.Admin.Token).PostJsonAsync($"/api/v1/tickets/{number}/messages", new { text = "Seconde réponse", version });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, second.StatusCode);
        Assert.Equal("version_mismatch", (await second.ReadAsync()).Code());

        // Truly concurrent writes without a version: each either lands or gets 409; no write is half-applied.
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/tickets/{number}/messages", new { text = $"Message {i}", @internal = true })));
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, ((int)r.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var landed = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        var messages = await app.WithDbAsync(db => db.TicketEvents.CountAsync(e => e.TicketId == number && e.Kind == EventKind.Message));
        Assert.Equal(1 + landed, messages);
        var finalVersion = await app.WithDbAsync(db => db.Tickets.Where(t => t.Id == number).Select(t => t.Version).SingleAsync());
        Assert.Equal(version + 1 + landed, finalVersion);
    }

    [Fact]
    public async Task A_contract_with_its_own_policy_evaluates_its_tickets_with_it()
    {
        // The LS policy with a 2-hour take-charge for priority 2 instead of 12.
        var own = Guichet.Domain.Presets.PresetCatalog.ReadJson("ls")
            .Replace("\"id\": \"ls\"", "\"id\": \"ls-ville\"", StringComparison.Ordinal)
            .Replace("\"2\": \"business-hours:12\"", "\"2\": \"business-hours:2\"", StringComparison.Ordinal);
        Assert.Null(TicketClocks.ValidatePolicy(own));
        await SetPolicyAsync(own);
        try
        {
            var ticket = await GetTicketAsync(W.AgentA.Token, Number(await CreateTicketAsync(W.A, priority: "2", subject: "Politique propre")));
            Assert.Equal("ls-ville", ticket.GetProperty("preset").GetString());
            var takeCharge = Clock(ticket, "take-charge");
            Assert.Equal(120, takeCharge.GetProperty("remainingMinutes").GetInt64() + takeCharge.GetProperty("elapsedMinutes").GetInt64());

            var me = await (await app.As(W.A.Referent.Token).GetAsync("/api/v1/me")).ReadAsync();
            Assert.Contains(me.GetProperty("products").EnumerateArray(), p => p.GetProperty("preset").GetString() == "ls-ville");
        }
        finally
        {
            await SetPolicyAsync(null);
        }

        var standard = Clock(await GetTicketAsync(W.AgentA.Token, Number(await CreateTicketAsync(W.A, priority: "2", subject: "Politique du contrat type"))), "take-charge");
        Assert.Equal(720, standard.GetProperty("remainingMinutes").GetInt64() + standard.GetProperty("elapsedMinutes").GetInt64());

        Task<int> SetPolicyAsync(string? policy) => app.WithDbAsync(db => db.Contracts.Where(c => c.Id == W.A.ContractId)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Policy, policy)));
    }

    [Fact]
    public async Task Tickets_created_at_once_are_each_committed_with_their_own_number_and_trace()
    {
        var created = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => CreateTicketAsync(i % 2 == 0 ? W.A : W.B, subject: $"Création simultanée {i}")));

        var numbers = created.Select(Number).ToList();
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        var stored = await app.WithDbAsync(db => db.Tickets.Where(t => numbers.Contains(t.Id))
            .Select(t => new { t.Id, t.Subject, t.OrganisationId, Created = t.Events.Count(e => e.Kind == EventKind.Created) })
            .ToListAsync());
        Assert.Equal(24, stored.Count);
        Assert.All(stored, t => Assert.Equal(1, t.Created));
        for (var i = 0; i < 24; i++)
        {
            var ticket = stored.Single(t => t.Id == numbers[i]);
            Assert.Equal($"Création simultanée {i}", ticket.Subject);
            Assert.Equal(i % 2 == 0 ? W.A.Id : W.B.Id, ticket.OrganisationId);
        }
    }

    [Fact]
    public async Task A_ticket_that_cannot_be_saved_does_not_take_the_rest_of_its_batch_with_it()
    {
        Ticket New(string subject, Guid organisationId)
        {
            var now = app.Clock.GetCurrentInstant();
            var ticket = new Ticket
            {
                OrganisationId = organisationId,
                ContractId = W.A.ContractId,
                QueueId = W.QueueId,
                ProductId = W.ProductId,
                ServiceType = "bug-applicatif",
                ClientPriority = "2",
                Priority = "2",
                Subject = subject,
                Body = "Lot de création",
                AuthorId = W.A.Referent.Id,
                State = "nouveau",
                CreatedAt = now,
                UpdatedAt = now,
                StateChangedAt = now,
            };
            ticket.Events.Add(new Guichet.Data.TicketTraceEntry { At = now, Kind = EventKind.Created, AuthorId = W.A.Referent.Id, Visibility = Visibility.Public });
            return ticket;
        }

        // The middle ticket names an organisation that does not exist: the foreign key refuses it.
        List<Ticket> batch = [New("Lot 1", W.A.Id), New("Lot 2", Guid.NewGuid()), New("Lot 3", W.A.Id)];
        var queue = app.Services.GetRequiredService<TicketCreationQueue>();
        var outcomes = await queue.SaveBatchAsync(batch);

        Assert.Null(outcomes[0]);
        Assert.NotNull(outcomes[1]);
        Assert.Null(outcomes[2]);
        var saved = await app.WithDbAsync(db => db.Tickets.Where(t => t.Subject.StartsWith("Lot ")).OrderBy(t => t.Id).Select(t => new { t.Id, t.Subject, Events = t.Events.Count }).ToListAsync());
        Assert.Equal(["Lot 1", "Lot 3"], saved.Select(t => t.Subject));
        Assert.Equal([batch[0].Id, batch[2].Id], saved.Select(t => t.Id));
        Assert.All(saved, t => Assert.Equal(1, t.Events));
    }

    [Fact]
    public async Task The_automatic_transition_job_run_twice_or_concurrently_closes_once()
    {
        var number = Number(await CreateTicketAsync(W.A, subject: "Fermeture automatique"));
        Assert.Equal(HttpStatusCode.OK, (await app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/tickets/{number}/state", new { state = "traite-interlocuteur" })).StatusCode);

        app.Clock.Advance(Duration.FromDays(19));
        Assert.Equal(0, await app.WithServiceAsync<AutomaticTransitions, int>(j => j.RunOnceAsync(CancellationToken.None)));

        app.Clock.Advance(Duration.FromDays(2));
        var runs = await Task.WhenAll(
            app.WithServiceAsync<AutomaticTransitions, int>(j => j.RunOnceAsync(CancellationToken.None)),
            app.WithServiceAsync<AutomaticTransitions, int>(j => j.RunOnceAsync(CancellationToken.None)));
        var again = await app.WithServiceAsync<AutomaticTransitions, int>(j => j.RunOnceAsync(CancellationToken.None));

        Assert.Equal(0, again);
        var ticket = await GetTicketAsync(W.A.Referent.Token, number);
        Assert.Equal("traite-fermeture-automatique", ticket.GetProperty("state").GetString());
        var closings = await app.WithDbAsync(db => db.TicketEvents.CountAsync(e => e.TicketId == number && e.Value == "traite-fermeture-automatique"));
        Assert.Equal(1, closings);
        Assert.True(runs.Sum() >= 1);
    }

    [Fact]
    public async Task Repeated_failed_logins_lock_the_account_without_telling_who_exists()
    {
        var person = W.ByPreset["mn"].Undeclared;
        var client = app.As(null);
        Assert.Equal(HttpStatusCode.OK, (await app.As(person.Token).GetAsync("/api/v1/me")).StatusCode);

        // Parallel failures all count, whatever their collisions on the account's row.
        var failures = await Task.WhenAll(Enumerable.Range(0, 5).Select(i =>
            client.PostJsonAsync("/api/v1/auth/login", new { email = person.Email, password = "mauvais mot de passe " + i })));
        Assert.All(failures, f => Assert.Equal(HttpStatusCode.Unauthorized, f.StatusCode));

        var right = await client.PostJsonAsync("/api/v1/auth/login", new { email = person.Email, password = GuichetApp.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Equal("invalid_credentials", (await right.ReadAsync()).Code());
        Assert.True(await app.WithDbAsync(db => db.Users.Where(u => u.Id == person.Id).Select(u => u.LockoutEnd).SingleAsync()) is not null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.As(person.Token).GetAsync("/api/v1/me")).StatusCode); // tokens too

        // An unknown address gets the same answer, however many times.
        for (var i = 0; i < 6; i++)
        {
            var unknown = await client.PostJsonAsync("/api/v1/auth/login", new { email = "personne@nulle-part.example", password = "x" + i });
            Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
            Assert.Equal("invalid_credentials", (await unknown.ReadAsync()).Code());
        }

        // Unlocked after 15 minutes.
        app.Clock.Advance(Duration.FromMinutes(16));
        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync("/api/v1/auth/login", new { email = person.Email, password = GuichetApp.Password })).StatusCode);
    }

    [Fact]
    public async Task A_revoked_token_is_refused()
    {
        var login = await (await app.As(null).PostJsonAsync("/api/v1/auth/login", new { email = W.ByPreset["e23"].Simple.Email, password = GuichetApp.Password })).ReadAsync();
        var token = login.GetProperty("token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await app.As(token).GetAsync("/api/v1/me")).StatusCode);

        var tokens = await (await app.As(token).GetAsync("/api/v1/me/tokens")).ReadAsync();
        foreach (var t in tokens.EnumerateArray())
        {
            Assert.Equal(HttpStatusCode.NoContent, (await app.As(token).DeleteAsync($"/api/v1/me/tokens/{t.GetProperty("id").GetGuid()}")).StatusCode);
        }

        var refused = await app.As(token).GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("unauthorized", (await refused.ReadAsync()).Code());
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.As("gui_forged").GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.As(null).GetAsync("/api/v1/tickets")).StatusCode);
    }

    [Fact]
    public async Task A_personal_token_records_its_last_use_at_most_every_five_minutes()
    {
        var login = await (await app.As(null).PostJsonAsync("/api/v1/auth/login", new { email = W.ByPreset["es26"].Undeclared.Email, password = GuichetApp.Password })).ReadAsync();
        var session = app.As(login.GetProperty("token").GetString()!);
        var created = await (await session.PostJsonAsync("/api/v1/me/tokens", new { name = "intégration" })).ReadAsync();
        var personal = app.As(created.GetProperty("token").GetString()!);

        async Task<string?> LastUseAsync()
        {
            var listed = (await (await session.GetAsync("/api/v1/me/tokens")).ReadAsync()).EnumerateArray().Single(t => t.GetProperty("name").GetString() == "intégration");
            return listed.TryGetProperty("lastUsedAt", out var used) ? used.GetString() : null;
        }

        Assert.Null(await LastUseAsync());
        var first = app.Clock.GetCurrentInstant();
        Assert.Equal(HttpStatusCode.OK, (await personal.GetAsync("/api/v1/tickets")).StatusCode);
        Assert.Equal(first.ToString(), await LastUseAsync());

        // Used again within five minutes: the first use stays; after them, the new one is recorded.
        app.Clock.Advance(Duration.FromMinutes(4));
        Assert.Equal(HttpStatusCode.OK, (await personal.GetAsync("/api/v1/tickets")).StatusCode);
        Assert.Equal(first.ToString(), await LastUseAsync());
        app.Clock.Advance(Duration.FromMinutes(2));
        Assert.Equal(HttpStatusCode.OK, (await personal.GetAsync("/api/v1/tickets")).StatusCode);
        Assert.Equal(app.Clock.GetCurrentInstant().ToString(), await LastUseAsync());
    }

    [Fact]
    public async Task A_first_login_must_change_its_password_before_anything_else()
    {
        var person = W.ByPreset["es26"].Simple;
        await app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Id == person.Id);
            user.MustChangePassword = true;
            return await db.SaveChangesAsync();
        });

        var client = app.As(person.Token);
        var blocked = await client.GetAsync("/api/v1/tickets");
        Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
        Assert.Equal("password_change_required", (await blocked.ReadAsync()).Code());
        Assert.True((await (await client.GetAsync("/api/v1/me")).ReadAsync()).GetProperty("user").GetProperty("mustChangePassword").GetBoolean());

        var weak = await client.PostJsonAsync("/api/v1/me/password", new { currentPassword = GuichetApp.Password, newPassword = "motdepasse12" });
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        var shortOne = await client.PostJsonAsync("/api/v1/me/password", new { currentPassword = GuichetApp.Password, newPassword = "K7#q!z" });
        Assert.Equal(HttpStatusCode.BadRequest, shortOne.StatusCode);

        var changed = await client.PostJsonAsync("/api/v1/me/password", new { currentPassword = GuichetApp.Password, newPassword = "Orchidée-Boussole-Tempête-73" });
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/tickets")).StatusCode);
    }

    [Fact]
    public async Task A_password_reset_token_is_single_use()
    {
        var person = W.ByPreset["at"].Simple;
        var anonymous = app.As(null);
        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.PostJsonAsync("/api/v1/auth/forgot-password", new { email = person.Email })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.PostJsonAsync("/api/v1/auth/forgot-password", new { email = "personne@nulle-part.example" })).StatusCode);

        var mail = await app.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.To == person.Email));
        var code = mail.Body.Split('\n').Select(l => l.Trim()).First(l => l.Length > 40 && !l.Contains(' ', StringComparison.Ordinal));

        var reset = await anonymous.PostJsonAsync("/api/v1/auth/reset-password", new { email = person.Email, token = code, newPassword = "Girouette-Marelle-Saphir-19" });
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        var reused = await anonymous.PostJsonAsync("/api/v1/auth/reset-password", new { email = person.Email, token = code, newPassword = "Autre-Girouette-Saphir-20" });
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Equal("invalid_token", (await reused.ReadAsync()).Code());

        var login = await anonymous.PostJsonAsync("/api/v1/auth/login", new { email = person.Email, password = "Girouette-Marelle-Saphir-19" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.As(person.Token).GetAsync("/api/v1/me")).StatusCode); // old tokens revoked
    }

    [Fact]
    public async Task Changing_the_password_keeps_the_current_token_and_revokes_the_others()
    {
        var person = W.ByPreset["e23"].Undeclared;
        var login = await (await app.As(null).PostJsonAsync("/api/v1/auth/login", new { email = person.Email, password = GuichetApp.Password })).ReadAsync();
        var session = login.GetProperty("token").GetString()!;

        var wrong = await app.As(session).PostJsonAsync("/api/v1/me/password", new { currentPassword = "pas le bon", newPassword = "Lanterne-Cobalt-Ruisseau-88" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var changed = await app.As(session).PostJsonAsync("/api/v1/me/password", new { currentPassword = GuichetApp.Password, newPassword = "Lanterne-Cobalt-Ruisseau-88" });
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await app.As(session).GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.As(person.Token).GetAsync("/api/v1/me")).StatusCode);

        // A sign-in token expires after 12 hours.
        app.Clock.Advance(Duration.FromHours(13));
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.As(session).GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task Passwords_are_renewed_when_the_contract_asks_for_it()
    {
        var person = W.ByPreset["mn"].Simple;
        await app.WithDbAsync(async db =>
        {
            (await db.Contracts.SingleAsync(c => c.Id == W.ByPreset["mn"].ContractId)).PasswordMaxAgeDays = 365;
            (await db.Users.SingleAsync(u => u.Id == person.Id)).PasswordChangedAt = app.Clock.GetCurrentInstant() - Duration.FromDays(400);
            return await db.SaveChangesAsync();
        });

        var blocked = await app.As(person.Token).GetAsync("/api/v1/tickets");
        Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
        Assert.Equal("password_change_required", (await blocked.ReadAsync()).Code());
        Assert.Equal(HttpStatusCode.OK, (await app.As(W.ByPreset["mn"].Referent.Token).GetAsync("/api/v1/tickets")).StatusCode);
    }

    [Fact]
    public async Task Control_characters_and_oversized_values_are_400_on_every_database()
    {
        var client = app.As(W.A.Referent.Token);
        var nul = await client.PostJsonAsync("/api/v1/tickets", new { productId = W.ProductId, queueId = W.QueueId, subject = "Objet\u0000nul", body = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        var huge = await client.PostJsonAsync("/api/v1/tickets", new { productId = W.ProductId, queueId = W.QueueId, subject = new string('a', 301), body = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);

        var number = Number(await CreateTicketAsync(W.A));
        var reply = await client.PostJsonAsync($"/api/v1/tickets/{number}/replies", new { action = "reply", text = "a\u0000b" });
        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        var reason = await app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/tickets/{number}/priority", new { priority = "0", reason = new string('r', 2001) });
        Assert.Equal(HttpStatusCode.BadRequest, reason.StatusCode);

        var login = await app.As(null).PostJsonAsync("/api/v1/auth/login", new { email = "a\u0000b@x.example", password = "x" });
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        var longPassword = await app.As(null).PostJsonAsync("/api/v1/auth/login", new { email = W.A.Simple.Email, password = new string('p', 100_000) });
        Assert.Equal(HttpStatusCode.Unauthorized, longPassword.StatusCode);

        var longName = new MultipartFormDataContent { { new ByteArrayContent("x"u8.ToArray()), "file", new string('n', 240) + ".txt" } };
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/api/v1/tickets/{number}/attachments", longName)).StatusCode);
        var odd = new MultipartFormDataContent { { new ByteArrayContent("x"u8.ToArray()), "file", "odd.bin" } };
        odd.First().Headers.TryAddWithoutValidation("Content-Type", "text/plain; charset=\"é\"");
        var uploaded = await client.PostAsync($"/api/v1/tickets/{number}/attachments", odd);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var download = await client.GetAsync($"/api/v1/attachments/{(await uploaded.ReadAsync()).GetProperty("id").GetGuid()}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
    }

    [Fact]
    public async Task Internal_notes_and_attachments_stay_with_the_staff()
    {
        var number = Number(await CreateTicketAsync(W.A));
        Assert.Equal(HttpStatusCode.OK, (await app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/tickets/{number}/messages", new { text = "Note interne : client difficile", @internal = true })).StatusCode);
        var content = new MultipartFormDataContent { { new ByteArrayContent("journal"u8.ToArray()), "file", "journal.log" }, { new StringContent("true"), "internal" } };
        var uploaded = await app.As(W.AgentA.Token).PostAsync($"/api/v1/tickets/{number}/attachments", content);
        var id = (await uploaded.ReadAsync()).GetProperty("id").GetGuid();

        var events = await (await app.As(W.A.Referent.Token).GetAsync($"/api/v1/tickets/{number}/events")).ReadAsync();
        Assert.DoesNotContain(events.EnumerateArray(), e => e.GetProperty("visibility").GetString() == "internal");
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(W.A.Referent.Token).GetAsync($"/api/v1/attachments/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.As(W.AgentA.Token).GetAsync($"/api/v1/attachments/{id}")).StatusCode);
        var ticket = await GetTicketAsync(W.A.Referent.Token, number);
        Assert.Equal(0, ticket.GetProperty("attachments").GetArrayLength());
    }

    [Fact]
    public async Task Attachments_are_stored_under_a_server_name_and_downloaded_as_attachments()
    {
        var number = Number(await CreateTicketAsync(W.A));
        var content = new MultipartFormDataContent { { new ByteArrayContent("<script>alert(1)</script>"u8.ToArray()), "file", "../../etc/<img src=x onerror=alert(1)>.html" } };
        content.First().Headers.ContentType = new MediaTypeHeaderValue("text/html");
        var uploaded = await app.As(W.A.Referent.Token).PostAsync($"/api/v1/tickets/{number}/attachments", content);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var body = await uploaded.ReadAsync();
        Assert.Equal("<img src=x onerror=alert(1)>.html", body.GetProperty("fileName").GetString());

        var stored = await app.WithDbAsync(db => db.Attachments.AsNoTracking().SingleAsync(a => a.TicketId == number));
        Assert.Matches("^[0-9a-f]{32}$", stored.StoredName);
        Assert.True(File.Exists(Path.Combine(app.DataDirectory, "attachments", stored.StoredName)));

        var download = await app.As(W.AgentA.Token).GetAsync($"/api/v1/attachments/{stored.Id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("<script>alert(1)</script>", await download.Content.ReadAsStringAsync());

        var tooLarge = new MultipartFormDataContent { { new ByteArrayContent(new byte[70_000]), "file", "big.bin" } };
        var refused = await app.As(W.A.Referent.Token).PostAsync($"/api/v1/tickets/{number}/attachments", tooLarge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
    }

    [Fact]
    public async Task Time_entries_and_assignment_are_staff_only_and_checked()
    {
        var number = Number(await CreateTicketAsync(W.A));

        Assert.Equal(HttpStatusCode.Forbidden, (await app.As(W.A.Referent.Token).PostJsonAsync($"/api/v1/tickets/{number}/time-entries", new { minutes = 30 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/tickets/{number}/time-entries", new { minutes = 0 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/tickets/{number}/time-entries", new { minutes = 45, note = "Analyse", outOfScope = true })).StatusCode);

        Assert.Equal(HttpStatusCode.BadRequest, (await app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/tickets/{number}/assignment", new { ownerId = W.B.Referent.Id })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/tickets/{number}/assignment", new { ownerId = W.AgentA.Id, responsibleId = W.Admin.Id })).StatusCode);
        var ticket = await GetTicketAsync(W.A.Referent.Token, number);
        Assert.Equal(W.AgentA.Id, ticket.GetProperty("ownerId").GetGuid());

        var events = await (await app.As(W.A.Referent.Token).GetAsync($"/api/v1/tickets/{number}/events")).ReadAsync();
        Assert.DoesNotContain(events.EnumerateArray(), e => e.GetProperty("kind").GetString() == "TimeEntry"); // internal
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        var response = await app.As(null).GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await response.ReadAsync();
        Assert.True(doc.GetProperty("paths").TryGetProperty("/api/v1/tickets/{number}", out _));
        Assert.True(doc.GetProperty("paths").TryGetProperty("/api/v1/me", out _));
    }

    [Fact]
    public async Task Every_successful_answer_of_the_openapi_document_has_a_schema()
    {
        var doc = await (await app.As(null).GetAsync("/openapi/v1.json")).ReadAsync();

        // A 2xx answer either carries a described body or none by design (204 No Content, 202 Accepted for later work).
        var missing = new List<string>();
        foreach (var path in doc.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("responses", out _)))
            {
                var successes = operation.Value.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('2')).ToList();
                if (successes.Count == 0)
                {
                    missing.Add($"{operation.Name.ToUpperInvariant()} {path.Name} (no 2xx answer)");
                }

                foreach (var response in successes.Where(r => r.Name is not ("204" or "202")))
                {
                    var described = response.Value.TryGetProperty("content", out var content)
                        && content.EnumerateObject().Any(m => m.Value.TryGetProperty("schema", out _));
                    if (!described)
                    {
                        missing.Add($"{operation.Name.ToUpperInvariant()} {path.Name} ({response.Name})");
                    }
                }
            }
        }

        Assert.True(missing.Count == 0, $"Answers without a schema:\n{string.Join("\n", missing.Order(StringComparer.Ordinal))}");
    }

    [Fact]
    public async Task Malformed_bodies_get_a_problem_not_a_crash()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tickets") { Content = new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", W.A.Referent.Token);
        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }
}

public sealed class SqliteApiTests(SqliteApp app) : ApiTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresApiTests(PostgresApp app) : ApiTests(app), IClassFixture<PostgresApp>;
