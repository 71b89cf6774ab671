using System.Text.RegularExpressions;
using Guichet.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Guichet.Browser.Tests;

/// <summary>
/// Every page of the application, read from the server's own routes (a new page is covered without editing this
/// file), opened without a query string by each role at a phone's 390 × 844: no sideways scroll, no error box on
/// arrival, no English word in the text or in the attributes a person hears or reads, axe clean. One class per role so
/// the walks run in parallel. A simple user's pages are the référent's minus some (not walked again, to keep the suite
/// short; the HTTP suite's PageRouteTests checks a simple user's every page for English messages). With GUICHET_SCREENSHOTS set, the first screens of each side are also saved at 390
/// and 1366 px (how the screenshots of docs/ui.md are made).
/// </summary>
public abstract partial class EveryPageTests(BrowserApp app)
{
    public enum Role
    {
        Referent,
        Agent,
        Admin,
    }

    /// <summary>Routes a browser does not open as a page: feeds (XML, iCalendar), a form target, links from mails.</summary>
    private static readonly string[] NotPages = ["/flux/{token}/actualites.xml", "/flux/{token}/prestations.ics", "/deconnexion", "/courriels/desabonnement", "/invitation", "/mot-de-passe/reinitialiser"];

    /// <summary>
    /// Words of English a French page never needs: the framework's messages, day and month names, the usual button
    /// words. Matched as whole words, case-insensitively, on the visible text and on labels, titles, placeholders, alts.
    /// </summary>
    [GeneratedRegex(@"\b(the|field|fields|required|invalid|error|errors|please|submit|click|loading|search|cancel|delete|edit|save|previous|next|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|april|june|july|august|october|december|sort|scope|status|not found|unauthorized|forbidden|value|yes|no|true|false|null|undefined|none)\b", RegexOptions.IgnoreCase)]
    private static partial Regex English();

    private const string TextScript = """
        () => {
          const attributes = [...document.querySelectorAll('[aria-label],[title],[placeholder],[alt],input[type=submit][value]')]
            .map(e => [e.getAttribute('aria-label'), e.getAttribute('title'), e.getAttribute('placeholder'), e.getAttribute('alt'), e.type === 'submit' ? e.value : null].filter(x => x).join(' '));
          return document.title + '\n' + document.body.innerText + '\n' + attributes.join('\n');
        }
        """;

    private const string WideScript = """
        () => document.documentElement.scrollWidth <= window.innerWidth ? '' :
          [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(0, 8).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().replace(/\s+/g, '.') : '')).join(' ')
        """;

    protected async Task WalkAsync(Role role)
    {
        var organisation = await app.NewOrganisationAsync(simpleUsers: 0);
        var ticket = await app.NewTicketAsync(organisation.Referent, organisation.Products[0], "Édition des titres impossible");
        var email = role switch
        {
            Role.Referent => organisation.Referent,
            Role.Agent => await app.NewStaffAsync("Camille Essai", StaffRoles.Agent | StaffRoles.PoleManager, organisation.Id),
            _ => "admin@guichet.example",
        };
        var page = await app.PageAsAsync(email, "/compte");
        await page.SetViewportSizeAsync(390, 844);

        var templates = await app.WithServicesAsync(services => Task.FromResult(services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(t => !NotPages.Contains(t))
            .Distinct().Order(StringComparer.Ordinal).ToList()));
        Assert.True(templates.Count > 40, $"Only {templates.Count} page routes were found.");

        var failures = new List<string>();
        var opened = new List<string>();
        var unfilled = new List<string>();
        var timings = new List<(long, string)>();
        foreach (var template in templates)
        {
            var url = await FillAsync(page, template, ticket, organisation);
            if (url is null)
            {
                unfilled.Add(template);
                continue;
            }

            var watch = System.Diagnostics.Stopwatch.StartNew();
            var response = await page.GotoAsync(url);
            if (response is null || response.Status == 404)
            {
                continue; // Not this role's page: the HTTP suite checks that every refused page is a 404 (PageRouteTests).
            }

            if (!(response.Headers.TryGetValue("content-type", out var type) && type.StartsWith("text/html", StringComparison.Ordinal)))
            {
                continue; // An address a page's script reads (FAQ suggestions), not a page.
            }

            if (response.Status >= 400 && !template.StartsWith("/erreur/", StringComparison.Ordinal))
            {
                failures.Add($"{url}: {response.Status}");
                continue;
            }

            opened.Add(url);
            if (await page.EvaluateAsync<string>(WideScript) is { Length: > 0 } wide)
            {
                failures.Add($"{url}: wider than 390 px: {wide}");
            }

            if (!template.StartsWith("/erreur/", StringComparison.Ordinal) && await page.Locator(".error-summary, .errors, [role=alert]").CountAsync() > 0)
            {
                failures.Add($"{url}: opens with an error: {await page.Locator(".error-summary, .errors, [role=alert]").First.InnerTextAsync()}");
            }

            // E-mail addresses are names, not words (other tests' users live at "…@invalid.example").
            var text = Address().Replace(await page.EvaluateAsync<string>(TextScript), "");
            foreach (Match m in English().Matches(text))
            {
                var at = Math.Max(0, m.Index - 40);
                failures.Add($"{url}: English « {m.Value} » in « {text.Substring(at, Math.Min(text.Length - at, 80 + m.Length)).ReplaceLineEndings(" ")} »");
            }

            var visit = watch.ElapsedMilliseconds;
            await page.AssertAccessibleAsync();
            await ShootAsync(page, role, template);
            timings.Add((watch.ElapsedMilliseconds, $"{url} (visite {visit} ms, axe {watch.ElapsedMilliseconds - visit} ms)"));
        }

        if (Environment.GetEnvironmentVariable("GUICHET_PAGE_TIMINGS") is { Length: > 0 } log)
        {
            await File.AppendAllLinesAsync(log, timings.OrderByDescending(t => t.Item1).Select(t => $"{role} {t.Item1} ms {t.Item2}"));
        }


        Assert.True(failures.Count == 0, $"As {role}:\n{string.Join("\n", failures.Distinct())}");
        var least = role switch { Role.Referent => 20, Role.Agent => 20, _ => 40 };
        Assert.True(opened.Count >= least, $"As {role}, only {opened.Count} pages opened: {string.Join(", ", opened)}; not filled: {string.Join(", ", unfilled)}");
    }

    /// <summary>
    /// The template with its parameters filled with rows the role may see: a link of the same shape on the page one
    /// level up (a list links to its rows), else the test's own ticket, contract, organisation or product.
    /// </summary>
    private static async Task<string?> FillAsync(IPage page, string template, long ticket, TestOrganisation organisation)
    {
        if (!template.Contains('{', StringComparison.Ordinal))
        {
            return template;
        }

        if (template == "/erreur/{code:int}")
        {
            return "/erreur/404";
        }

        if (template.EndsWith("?}", StringComparison.Ordinal))
        {
            return template[..template.LastIndexOf('/')];
        }

        var known = Parameter().Replace(template, m => m.Groups[1].Value switch
        {
            "number" => ticket.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "id" when template.StartsWith("/contrats/", StringComparison.Ordinal) || template.StartsWith("/admin/contrats/", StringComparison.Ordinal) => organisation.ContractId.ToString(),
            "id" when template.StartsWith("/admin/organisations/", StringComparison.Ordinal) => organisation.Id.ToString(),
            "id" when template.StartsWith("/admin/produits/", StringComparison.Ordinal) => organisation.Products[0].ToString(),
            "productId" => organisation.Products[0].ToString(),
            _ => "?",
        });
        if (!known.Contains('?', StringComparison.Ordinal))
        {
            return known;
        }

        // A link of this shape on the list one level up.
        var parent = template[..template.IndexOf('{', StringComparison.Ordinal)].TrimEnd('/');
        if (parent.Length == 0)
        {
            return null;
        }

        var response = await page.GotoAsync(parent);
        if (response is null || response.Status != 200)
        {
            return null;
        }

        var shape = new Regex("^" + Parameter().Replace(Regex.Escape(template).Replace(@"\{", "{", StringComparison.Ordinal), "[^/?#]+") + "$");
        var hrefs = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('main a[href]')].map(a => new URL(a.href).pathname)");
        return hrefs.FirstOrDefault(h => shape.IsMatch(h));
    }

    /// <summary>The pages docs/ui.md shows, per role (the first screens of each side).</summary>
    private static readonly Dictionary<Role, string[]> Shown = new()
    {
        [Role.Referent] = ["/", "/demandes", "/demandes/nouvelle", "/demandes/{number:long}", "/mon-contrat/{id:guid?}", "/statistiques", "/statistiques/rapport-mensuel"],
        [Role.Agent] = ["/bureau", "/bureau/appel", "/demandes/{number:long}", "/contrats/{id:guid}", "/admin/simulateur", "/statistiques/telephonie", "/rapports"],
        [Role.Admin] = ["/admin", "/admin/modeles-courriel"],
    };

    private static async Task ShootAsync(IPage page, Role role, string template)
    {
        if (Environment.GetEnvironmentVariable("GUICHET_SCREENSHOTS") is not { Length: > 0 } directory || !Shown[role].Contains(template))
        {
            return;
        }

        Directory.CreateDirectory(Path.Combine(directory, "390"));
        Directory.CreateDirectory(Path.Combine(directory, "1366"));
        var name = role.ToString().ToLowerInvariant() + "-" + (Regex.Replace(template, @"[^a-z0-9]+", "-").Trim('-') is { Length: > 0 } n ? n : "accueil");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, "390", name + ".png"), FullPage = true });
        await page.SetViewportSizeAsync(1366, 900);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, "1366", name + ".png"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
    }

    [GeneratedRegex(@"\{(\w+)(?::[^}]*)?\}")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"\S+@\S+")]
    private static partial Regex Address();
}

public sealed class EveryPageAsReferentTests(BrowserApp app) : EveryPageTests(app), IClassFixture<BrowserApp>
{
    [Fact]
    public Task Every_page_fits_a_phone_and_speaks_French() => WalkAsync(Role.Referent);
}

public sealed class EveryPageAsAgentTests(BrowserApp app) : EveryPageTests(app), IClassFixture<BrowserApp>
{
    [Fact]
    public Task Every_page_fits_a_phone_and_speaks_French() => WalkAsync(Role.Agent);
}

public sealed class EveryPageAsAdminTests(BrowserApp app) : EveryPageTests(app), IClassFixture<BrowserApp>
{
    [Fact]
    public Task Every_page_fits_a_phone_and_speaks_French() => WalkAsync(Role.Admin);
}
