using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using Guichet.Tests.Api;
using Guichet.Tests.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Guichet.Tests.Web;

/// <summary>
/// Every page route of the application, read from its endpoints (a new page is covered without editing this file, and
/// must be given its expected audience below): who may open it, what a refused caller gets whatever the method and
/// handler (404, before any handler runs), and that no page shows the framework's English validation texts.
/// </summary>
public abstract partial class PageRouteTests(GuichetApp app)
{
    private World W => app.World;

    public enum Role
    {
        Anonymous,
        Referent,
        Simple,
        Agent,
        Admin,
    }

    private static readonly Role[] Everyone = [Role.Anonymous, Role.Referent, Role.Simple, Role.Agent, Role.Admin];
    private static readonly Role[] SignedIn = [Role.Referent, Role.Simple, Role.Agent, Role.Admin];
    private static readonly Role[] Clients = [Role.Referent, Role.Simple];
    private static readonly Role[] Referents = [Role.Referent];
    private static readonly Role[] Staff = [Role.Agent, Role.Admin];
    private static readonly Role[] ReferentsAndStaff = [Role.Referent, Role.Agent, Role.Admin];

    /// <summary>The test world's agent is also a pole manager: they publish news and schedule services.</summary>
    private static readonly Role[] PortalEditors = [Role.Agent, Role.Admin];
    private static readonly Role[] Admins = [Role.Admin];

    /// <summary>Who may open each page, written from the product's rules (docs/ui.md), not read from the gates.</summary>
    private static readonly Dictionary<string, Role[]> MayOpen = new(StringComparer.Ordinal)
    {
        ["/connexion"] = Everyone,
        ["/deconnexion"] = Everyone,
        ["/mot-de-passe/oublie"] = Everyone,
        ["/mot-de-passe/reinitialiser"] = Everyone,
        ["/confidentialite/politique"] = Everyone,
        ["/invitation"] = Everyone,
        ["/erreur/{code:int}"] = Everyone,
        ["/flux/{token}/actualites.xml"] = Everyone,
        ["/flux/{token}/prestations.ics"] = Everyone,
        ["/courriels/desabonnement"] = Everyone,

        ["/mot-de-passe/changer"] = SignedIn,
        ["/confidentialite"] = SignedIn,
        ["/compte"] = SignedIn,
        ["/compte/notifications"] = SignedIn,
        ["/demandes/{number:long}"] = SignedIn,
        ["/demandes/{number:long}/prise-en-main"] = SignedIn,
        ["/documentation"] = SignedIn,
        ["/documentation/{id:guid}"] = SignedIn,
        ["/faq"] = SignedIn,
        ["/faq/{id:long}"] = SignedIn,
        ["/faq/notes/{productId:guid}"] = SignedIn,
        ["/faq/suggestions"] = SignedIn,
        ["/actualites"] = SignedIn,
        ["/outils"] = SignedIn,
        ["/versions"] = SignedIn,
        ["/favoris"] = SignedIn,

        ["/"] = Clients,
        ["/demandes"] = Clients,
        ["/demandes/nouvelle"] = Clients,
        ["/mon-contrat/{id:guid?}"] = Clients,
        ["/etat-du-service"] = Clients,
        ["/etat-du-service/interruptions/{id:guid}"] = SignedIn,

        // Daily production reports: the référents they are mailed to, and staff (docs/production-report.md).
        ["/etat-du-service/rapports"] = ReferentsAndStaff,
        ["/etat-du-service/rapports/{id:guid}"] = ReferentsAndStaff,
        ["/etat-du-service/rapports/{id:guid}/graphiques/{key}.png"] = ReferentsAndStaff,

        ["/statistiques"] = Referents,
        ["/statistiques/rapport-mensuel"] = Referents,
        ["/flux"] = Referents,
        ["/prestations"] = Referents,
        ["/organisation/utilisateurs"] = Referents,
        ["/organisation/utilisateurs/demande"] = Referents,
        ["/organisation/notifications"] = Referents,
        ["/sauvegardes"] = Referents,
        ["/crises/{id:guid}"] = Referents,

        ["/bureau"] = Staff,
        ["/bureau/appel"] = Staff,
        ["/bureau/disponibilite"] = Staff,
        ["/bureau/disponibilite/{id:guid}"] = Staff,
        ["/bureau/disponibilite/maintenances/{id:guid}"] = Staff,
        ["/bureau/sondes"] = Staff,
        ["/bureau/sondes/{id:guid}"] = Staff,
        ["/bureau/versions"] = Staff,
        ["/statistiques/telephonie"] = Staff,
        ["/bureau/sauvegardes"] = Staff,
        ["/bureau/sauvegardes/{id:guid}"] = Staff,
        ["/bureau/crises"] = Staff,
        ["/bureau/crises/{id:guid}"] = Staff,
        ["/bureau/crises/{id:guid}/bilan"] = Staff,
        ["/rapports"] = Staff,
        ["/contrats"] = Staff,
        ["/contrats/echeances"] = Staff,
        ["/contrats/indices"] = Staff,
        ["/contrats/{id:guid}"] = Staff,
        ["/admin/simulateur"] = Staff,
        ["/courriels"] = Staff,
        ["/courriels/{id:long}"] = Staff,

        ["/admin/actualites"] = PortalEditors,
        ["/admin/actualites/{id:guid}"] = PortalEditors,
        ["/admin/prestations"] = PortalEditors,
        ["/admin/prestations/{id:guid}"] = PortalEditors,

        // Contract terms: administrators and account managers; administrators and account managers review user requests.
        ["/contrats/{id:guid}/modifier"] = Admins,
        ["/admin/demandes-utilisateurs"] = Admins,

        ["/admin"] = Admins,
        ["/admin/contrats"] = Admins,
        ["/admin/contrats/{id:guid}"] = Admins,
        ["/admin/files"] = Admins,
        ["/admin/files/{id:guid}"] = Admins,
        ["/admin/organisations"] = Admins,
        ["/admin/organisations/{id:guid}"] = Admins,
        ["/admin/organisations/{id:guid}/notifications"] = Admins,
        ["/admin/modeles-courriel"] = Admins,
        ["/admin/modeles-courriel/{kind}"] = Admins,
        ["/admin/produits"] = Admins,
        ["/admin/produits/{id:guid}"] = Admins,
        ["/admin/utilisateurs"] = Admins,
        ["/admin/utilisateurs/{id:guid}"] = Admins,
        ["/admin/documentation"] = Admins,
        ["/admin/faq"] = Admins,
        ["/admin/faq/{id:long}"] = Admins,
        ["/admin/faq/notes/{versionId:guid}"] = Admins,
        ["/admin/outils"] = Admins,
        ["/admin/outils/{id:guid}"] = Admins,
    };

    /// <summary>A refused GET that sends the caller to their own version of the page instead of a 404 (a POST is still a 404).</summary>
    private static string? ElsewhereOnGet(string route, Role role) => (route, role) switch
    {
        ("/" or "/demandes", Role.Agent or Role.Admin) => "/bureau",
        ("/demandes/nouvelle", Role.Agent or Role.Admin) => "/",
        ("/bureau", Role.Referent or Role.Simple) => "/demandes",
        _ => null,
    };

    private sealed record PageRoute(string Template, IReadOnlyList<string?> PostHandlers, IReadOnlyList<string> QueryNames);

    private sealed record Rows(long TicketOfA, long TicketOfB);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<GuichetApp, Lazy<Task<Rows>>> Setups = [];

    private Task<Rows> SetUpAsync() => Setups.GetValue(app, _ => new Lazy<Task<Rows>>(SetUpOnceAsync)).Value;

    private async Task<Rows> SetUpOnceAsync() => new(await CreateTicketAsync(W.A), await CreateTicketAsync(W.B));

    private async Task<long> CreateTicketAsync(World.Org org)
    {
        var response = await app.As(org.Referent.Token).PostJsonAsync("/api/v1/tickets", new
        {
            productId = W.ProductId,
            queueId = W.QueueId,
            versionId = W.VersionId,
            serviceType = "bug-applicatif",
            subject = "Télétransmission impossible",
            body = "Le bordereau est refusé depuis ce matin.",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadAsync()).GetProperty("number").GetInt64();
    }

    /// <summary>Every page endpoint, with the names of its POST handlers (null: <c>OnPost</c>) from the compiled page.</summary>
    private async Task<IReadOnlyList<PageRoute>> PageRoutesAsync()
    {
        var loader = app.Services.GetRequiredService<PageLoader>();
        var routes = new List<PageRoute>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not { } page)
            {
                continue;
            }

            var compiled = await loader.LoadAsync(page, endpoint.Metadata);
            var posts = compiled.HandlerMethods.Where(h => string.Equals(h.HttpMethod, "Post", StringComparison.OrdinalIgnoreCase)).Select(h => h.Name).Distinct().ToList();
            // What a GET reads from the query string: properties bound from it, and the GET handlers' parameters.
            var properties = compiled.BoundProperties.OfType<PageBoundPropertyDescriptor>().Select(p =>
                p.Property.GetCustomAttribute<FromQueryAttribute>() is { } query ? query.Name ?? p.Name
                : p.Property.GetCustomAttribute<BindPropertyAttribute>() is { SupportsGet: true } bind ? bind.Name ?? p.Name
                : null);
            var parameters = compiled.HandlerMethods.Where(h => string.Equals(h.HttpMethod, "Get", StringComparison.OrdinalIgnoreCase))
                .SelectMany(h => h.Parameters).Where(p => p.ParameterType != typeof(CancellationToken)).Select(p => p.BindingInfo?.BinderModelName ?? p.Name);
            var queryNames = properties.Concat(parameters).OfType<string>().Distinct().ToList();
            routes.Add(new PageRoute("/" + endpoint.RoutePattern.RawText!.TrimStart('/'), posts, queryNames));
        }

        Assert.NotEmpty(routes);
        var undeclared = routes.Select(r => r.Template).Where(t => !MayOpen.ContainsKey(t)).ToList();
        Assert.True(undeclared.Count == 0, $"Pages with no expected audience in this test: {string.Join(", ", undeclared)}");
        Assert.Empty(MayOpen.Keys.Except(routes.Select(r => r.Template)));
        return routes;
    }

    /// <summary>
    /// A route with its parameters filled: with rows the role may not see when <paramref name="hidden"/> (another
    /// organisation's ticket and contract, a product the client is not on), else with rows it may see.
    /// </summary>
    private string Fill(string template, Rows rows, bool hidden) => ParameterPattern().Replace(template, m => m.Groups[1].Value switch
    {
        "number" => (hidden ? rows.TicketOfB : rows.TicketOfA).ToString(System.Globalization.CultureInfo.InvariantCulture),
        "code" => "404",
        "token" => "jeton-inconnu",
        "productId" => (hidden ? W.OtherProductId : W.ProductId).ToString(),
        "versionId" => W.VersionId.ToString(),
        "kind" => "reponse",
        "key" => "inconnu-24h",
        "id" when template.StartsWith("/contrats/", StringComparison.Ordinal) || template.StartsWith("/mon-contrat/", StringComparison.Ordinal) || template == "/bureau/disponibilite/{id:guid}"
            => (hidden ? W.B.ContractId : W.A.ContractId).ToString(),
        "id" when template.StartsWith("/admin/contrats/", StringComparison.Ordinal) => W.A.ContractId.ToString(),
        "id" when template.StartsWith("/admin/organisations/", StringComparison.Ordinal) => W.A.Id.ToString(),
        "id" when template.StartsWith("/admin/produits/", StringComparison.Ordinal) => W.ProductId.ToString(),
        "id" when template.StartsWith("/admin/files/", StringComparison.Ordinal) => W.QueueId.ToString(),
        "id" when template.StartsWith("/admin/utilisateurs/", StringComparison.Ordinal) => W.A.Simple.Id.ToString(),
        // No row of these in the test world: an unknown id, which nobody may see either.
        "id" when template.EndsWith(":long}", StringComparison.Ordinal) => "987654",
        "id" => "7d1c5a3e-1f0b-4d8e-9a55-3c2b1a0f9e8d",
        var name => throw new InvalidOperationException($"No value for the route parameter {name} of {template}."),
    });

    private async Task<HttpClient> ClientAsync(Role role) => role switch
    {
        Role.Anonymous => app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false }),
        Role.Referent => await PortalClient.SignInAsync(app, W.A.Referent.Email),
        Role.Simple => await PortalClient.SignInAsync(app, W.A.Simple.Email),
        Role.Agent => await PortalClient.SignInAsync(app, W.AgentA.Email),
        _ => await PortalClient.SignInAsync(app, W.Admin.Email),
    };

    [Theory]
    [InlineData(Role.Referent)]
    [InlineData(Role.Simple)]
    [InlineData(Role.Agent)]
    [InlineData(Role.Admin)]
    public async Task A_page_the_caller_may_not_see_is_a_404_whatever_the_method_and_handler(Role role)
    {
        var rows = await SetUpAsync();
        var client = await ClientAsync(role);
        var token = TokenPattern().Match(await client.GetStringAsync("/compte")).Groups[1].Value;
        Assert.NotEmpty(token);
        var failures = new List<string>();
        var refusedCount = 0;
        foreach (var route in await PageRoutesAsync())
        {
            var gateRefuses = !MayOpen[route.Template].Contains(role);
            var url = Fill(route.Template, rows, hidden: true);
            var get = await client.GetAsync(url);
            var elsewhere = ElsewhereOnGet(route.Template, role);
            if (gateRefuses && elsewhere is not null)
            {
                if (get.StatusCode != HttpStatusCode.Redirect || get.Headers.Location?.OriginalString != elsewhere)
                {
                    failures.Add($"GET {url}: {(int)get.StatusCode} {get.Headers.Location}, expected a redirect to {elsewhere}");
                }
            }
            else if (gateRefuses && get.StatusCode != HttpStatusCode.NotFound)
            {
                failures.Add($"GET {url}: {(int)get.StatusCode}, expected 404");
            }
            else if ((int)get.StatusCode >= 500)
            {
                failures.Add($"GET {url}: {(int)get.StatusCode}");
            }

            // Refused: by the gate, or the row is not the caller's (a 404 from the page). Every post must then be a 404.
            if (!gateRefuses && get.StatusCode != HttpStatusCode.NotFound)
            {
                continue;
            }

            refusedCount++;
            foreach (var handler in route.PostHandlers.Append(null).Append("Inconnu").Distinct())
            {
                var target = handler is null ? url : $"{url}?handler={handler}";
                var post = await client.PostAsync(target, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
                if (post.StatusCode != HttpStatusCode.NotFound)
                {
                    failures.Add($"POST {target}: {(int)post.StatusCode}, expected 404");
                }
            }
        }

        Assert.True(failures.Count == 0, $"As {role}:\n{string.Join("\n", failures)}");
        Assert.True(refusedCount > 5, $"As {role}, only {refusedCount} pages were refused: the test checks little.");
    }

    /// <summary>Texts of ASP.NET's default (English) validation and binding messages.</summary>
    private static readonly string[] EnglishPhrases =
    [
        "field is required", "is not valid", "The value", "must be a number", "is invalid", "The field", "is required.",
        "A value for the", "was not provided", "must be between", "must be a string", "A non-empty request body",
    ];

    [Theory]
    [InlineData(Role.Anonymous)]
    [InlineData(Role.Referent)]
    [InlineData(Role.Simple)]
    [InlineData(Role.Agent)]
    [InlineData(Role.Admin)]
    public async Task Every_page_opens_without_parameters_with_no_error_and_no_English_message(Role role)
    {
        var rows = await SetUpAsync();
        var client = await ClientAsync(role);
        var failures = new List<string>();
        var opened = 0;
        foreach (var route in await PageRoutesAsync())
        {
            var url = Fill(route.Template, rows, hidden: false);
            var response = await client.GetAsync(url);
            var html = await response.Content.ReadAsStringAsync();
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"GET {url}: {(int)response.StatusCode}");
            }

            if (response.StatusCode == HttpStatusCode.OK)
            {
                opened++;
            }

            foreach (var phrase in EnglishPhrases.Where(p => html.Contains(p, StringComparison.Ordinal)))
            {
                failures.Add($"GET {url}: « {phrase} » in {Excerpt(html, phrase)}");
            }
        }

        Assert.True(failures.Count == 0, $"As {role}:\n{string.Join("\n", failures)}");
        Assert.True(opened >= (role == Role.Anonymous ? 4 : 10), $"As {role}, only {opened} pages opened.");
    }

    [Theory]
    [InlineData(Role.Anonymous)]
    [InlineData(Role.Referent)]
    [InlineData(Role.Simple)]
    [InlineData(Role.Agent)]
    [InlineData(Role.Admin)]
    public async Task Every_page_given_empty_or_unreadable_query_values_answers_in_French_without_an_error(Role role)
    {
        var rows = await SetUpAsync();
        var client = await ClientAsync(role);
        var failures = new List<string>();
        var tried = 0;
        foreach (var route in (await PageRoutesAsync()).Where(r => r.QueryNames.Count > 0))
        {
            foreach (var value in new[] { "", "zz" })
            {
                var url = Fill(route.Template, rows, hidden: false) + "?" + string.Join('&', route.QueryNames.Select(n => $"{Uri.EscapeDataString(n)}={value}"));
                var response = await client.GetAsync(url);
                var html = await response.Content.ReadAsStringAsync();
                tried++;
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"GET {url}: {(int)response.StatusCode}");
                }

                foreach (var phrase in EnglishPhrases.Where(p => html.Contains(p, StringComparison.Ordinal)))
                {
                    failures.Add($"GET {url}: « {phrase} » in {Excerpt(html, phrase)}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"As {role}:\n{string.Join("\n", failures)}");
        Assert.True(tried >= 20, $"Only {tried} addresses with query values were tried.");
    }

    private static string Excerpt(string html, string phrase)
    {
        var at = html.IndexOf(phrase, StringComparison.Ordinal);
        return html.Substring(Math.Max(0, at - 80), Math.Min(html.Length - Math.Max(0, at - 80), 160 + phrase.Length)).ReplaceLineEndings(" ");
    }

    [GeneratedRegex(@"\{(\w+)(?::[^}]*)?\}")]
    private static partial Regex ParameterPattern();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

public sealed class SqlitePageRouteTests(SqliteApp app) : PageRouteTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresPageRouteTests(PostgresApp app) : PageRouteTests(app), IClassFixture<PostgresApp>;
