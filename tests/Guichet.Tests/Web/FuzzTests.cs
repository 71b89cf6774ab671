using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Guichet.Tests.Api;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Guichet.Tests.Web;

/// <summary>
/// Every write endpoint of the API, found from the routing table, gets random and malformed bodies and path values
/// (1,000 requests, seeded: a failure replays): none may answer 5xx.
/// </summary>
public abstract class FuzzTests(GuichetApp app)
{
    private const int Requests = 1_000;

    private static readonly string[] Fields =
    [
        "text", "action", "version", "state", "priority", "reason", "channel", "nature", "milestone", "minutes", "outOfScope", "note",
        "subject", "body", "productId", "queueId", "versionId", "serviceType", "ownerId", "responsibleId", "internal", "comment",
        "integrationVersionId", "email", "password", "token", "newPassword", "currentPassword", "name", "index", "series", "month",
        "value", "initialPeriodMonths", "renewals", "startsOn", "endsOn", "noticeMonths", "amounts", "quotas", "hours", "date", "at",
    ];

    [Fact]
    public async Task Random_and_malformed_requests_to_every_write_endpoint_never_answer_5xx()
    {
        var w = app.World;
        var ticket = await app.As(w.A.Referent.Token).PostJsonAsync("/api/v1/tickets", new { productId = w.ProductId, queueId = w.QueueId, versionId = w.VersionId, serviceType = "bug-applicatif", subject = "Cible du fuzz", body = "Texte." });
        Assert.Equal(HttpStatusCode.Created, ticket.StatusCode);
        var number = (await ticket.ReadAsync()).GetProperty("number").GetInt64();

        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/v1/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Where(m => m is "POST" or "PUT" or "PATCH" or "DELETE").Select(m => (Method: m, Route: e.RoutePattern)))
            .ToList();
        Assert.True(endpoints.Count >= 15, $"only {endpoints.Count} write endpoints");

        var random = new Random(20261204);
        string[] tokens = [w.Admin.Token, w.A.Referent.Token, w.AgentA.Token];
        string[] numbers = [number.ToString(System.Globalization.CultureInfo.InvariantCulture), "0", "-1", "9223372036854775807", "99999999999999999999", "abc", "1e3"];
        string[] guids = [w.A.ContractId.ToString(), w.B.ContractId.ToString(), w.ProductId.ToString(), Guid.Empty.ToString(), Guid.NewGuid().ToString(), "pas-un-guid", "%00"];
        var failures = new List<string>();
        for (var i = 0; i < Requests; i++)
        {
            var (method, route) = endpoints[random.Next(endpoints.Count)];
            var path = route.RawText!;
            foreach (var parameter in route.Parameters)
            {
                var policies = parameter.ParameterPolicies.Count > 0 ? ":" + string.Join(":", parameter.ParameterPolicies.Select(p => p.Content)) : "";
                var value = parameter.Name == "number" ? numbers[random.Next(numbers.Length)] : guids[random.Next(guids.Length)];
                path = path.Replace($"{{{parameter.Name}{policies}}}", Uri.EscapeDataString(value), StringComparison.Ordinal);
            }

            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = Body(random) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[random.Next(tokens.Length)]);
            var response = await app.CreateClient().SendAsync(request);
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{method} {path} → {(int)response.StatusCode}: {await request.Content!.ReadAsStringAsync()} → {await response.Content.ReadAsStringAsync()}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
    }

    private static StringContent Body(Random random)
    {
        var kind = random.Next(10);
        var text = kind switch
        {
            0 => "{",
            1 => "",
            2 => "[1,2,3]",
            3 => "null",
            4 => "\"texte\"",
            5 => "{\"text\": \"\\u0000\"}",
            _ => RandomObject(random, depth: 0),
        };
        var content = new StringContent(text, Encoding.UTF8);
        content.Headers.ContentType = random.Next(12) switch
        {
            0 => new MediaTypeHeaderValue("text/plain"),
            1 => MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x"),
            2 => new MediaTypeHeaderValue("application/x-www-form-urlencoded"),
            _ => new MediaTypeHeaderValue("application/json"),
        };
        return content;
    }

    private static string RandomObject(Random random, int depth)
    {
        var count = random.Next(0, 7);
        var members = Enumerable.Range(0, count).Select(_ => $"\"{Fields[random.Next(Fields.Length)]}\": {RandomValue(random, depth)}");
        return "{" + string.Join(", ", members) + "}";
    }

    private static string RandomValue(Random random, int depth) => random.Next(depth > 2 ? 16 : 18) switch
    {
        0 => "null",
        1 => "true",
        2 => "-1",
        3 => "0",
        4 => "2147483648",
        5 => "1e308",
        6 => "\"\"",
        7 => "\"9999-12-31\"",
        8 => "\"0001-01-01T00:00:00Z\"",
        9 => $"\"{Guid.NewGuid()}\"",
        10 => "\"" + new string('[', random.Next(1, 300)) + "\"",
        11 => "\"\\u202Efdp.exe\\r\\n\"",
        12 => "\"" + new string('x', random.Next(0, 70_000)) + "\"",
        13 => "\"reply-and-close\"",
        14 => "\"1\"",
        15 => "3.5",
        16 => "[" + RandomValue(random, depth + 1) + "]",
        _ => RandomObject(random, depth + 1),
    };
}

public sealed class SqliteFuzzTests(SqliteApp app) : FuzzTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresFuzzTests(PostgresApp app) : FuzzTests(app), IClassFixture<PostgresApp>;
