using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Guichet.Browser.Tests;

/// <summary>What every browser test does on the pages it visits: check accessibility, sign in, move by keyboard.</summary>
internal static partial class Pages
{
    /// <summary>The page states axe has already checked in this run (see <see cref="AssertAccessibleAsync"/>).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Checked = new(StringComparer.Ordinal);

    /// <summary>
    /// What makes a page state distinct for axe: the path with ids and numbers generalised, the query's parameter
    /// names, the 404 page as one, an error summary, a status message or a clock's explanation shown, and the number of menu links (which
    /// differs between anonymous, client, référent, agent and administrator).
    /// </summary>
    private const string PageKeyScript = """
        () => {
          const path = location.pathname
            .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '{id}')
            .replace(/\/[0-9]+(?=\/|$)/g, '/{n}');
          const query = [...new URLSearchParams(location.search).keys()].sort().join('&');
          const h1 = document.querySelector('h1');
          const notFound = h1 && h1.textContent.trim() === 'Page introuvable';
          return (notFound ? '404' : path + (query ? '?' + query : ''))
            + (document.querySelector('.error-summary') ? ' +erreurs' : '')
            + (document.querySelector('[role=status]') ? ' +statut' : '')
            + (document.querySelector('details.clock-explain[open]') ? ' +délais expliqués' : '')
            + ' menu:' + document.querySelectorAll('header a').length;
        }
        """;

    /// <summary>
    /// No serious or critical axe-core violation on the page as it is now (WCAG 2.1 A and AA rules). Each distinct page
    /// state is checked once per run, by whichever test reaches it first: axe is the slowest step of a visit.
    /// GUICHET_AXE_LOG may name a file that lists the states checked and skipped.
    /// </summary>
    /// <param name="page">The page.</param>
    /// <param name="frames">
    /// False for a page holding a sandboxed frame without scripts (a mail's preview): axe cannot run inside it and
    /// would wait for it forever; the page around it is checked, frame title included.
    /// </param>
    public static async Task AssertAccessibleAsync(this IPage page, bool frames = true)
    {
        var key = await page.EvaluateAsync<string>(PageKeyScript);
        var first = Checked.TryAdd(key, true);
        if (Environment.GetEnvironmentVariable("GUICHET_AXE_LOG") is { Length: > 0 } log)
        {
            lock (Checked)
            {
                File.AppendAllText(log, (first ? "checked " : "skipped ") + key + Environment.NewLine);
            }
        }

        if (!first)
        {
            return;
        }

        // axe-core itself, run in the page with only its violations gathered (the Playwright wrapper's runPartial path
        // builds every passing node's selector and finishes in a second blank page: several times slower).
        foreach (var frame in frames ? page.Frames : [page.MainFrame])
        {
            await frame.EvaluateAsync(AxeSource.Value);
        }

        var violations = System.Text.Json.JsonSerializer.Deserialize<Violation[]>(await page.EvaluateAsync<string>(AxeRunScript, new { frames }), JsonOptions)!;
        var serious = violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{page.Url}: " + string.Join("\n", serious.Select(v =>
            $"{v.Impact} {v.Id}: {v.Help} — {string.Join(" | ", v.Nodes)}")));
    }

    /// <summary>The axe-core script the Deque package carries (the version pinned in Directory.Packages.props).</summary>
    private static readonly Lazy<string> AxeSource = new(() =>
    {
        using var stream = typeof(Deque.AxeCore.Commons.AxeRunOptions).Assembly.GetManifestResourceStream("Deque.AxeCore.Commons.Resources.axe.min.js")
            ?? throw new InvalidOperationException("axe.min.js is not in Deque.AxeCore.Commons");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>WCAG 2.1 A and AA rules and axe's best practices, violations only.</summary>
    private const string AxeRunScript = """
        async ({ frames }) => {
          const results = await axe.run(document, {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
            resultTypes: ['violations'],
            iframes: frames,
          });
          return JSON.stringify(results.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.html) })));
        }
        """;

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new(System.Text.Json.JsonSerializerDefaults.Web);

    private sealed record Violation(string Id, string? Impact, string Help, string[] Nodes);

    /// <summary>
    /// Saves a full-page screenshot when GUICHET_SCREENSHOTS names a directory (how docs/screenshots is made:
    /// see docs/ui.md); otherwise does nothing.
    /// </summary>
    public static async Task ScreenshotAsync(this IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("GUICHET_SCREENSHOTS") is { Length: > 0 } directory)
        {
            await page.SetViewportSizeAsync(1280, 900);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = true });
        }
    }

    public static async Task SignInAsync(this IPage page, string email, string password)
    {
        await page.GotoAsync("/connexion");
        await page.GetByLabel("Adresse e-mail").FillAsync(email);
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
    }

    /// <summary>
    /// Follows a link of the main menu as a person would: opens the folded menu (narrow screens) and the group holding
    /// the link when it is not shown.
    /// </summary>
    public static async Task FollowMenuAsync(this IPage page, string name)
    {
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Navigation principale" });
        var link = nav.GetByRole(AriaRole.Link, new() { Name = name, Exact = true });
        var toggle = page.Locator("header.site .menu-toggle");
        if (await toggle.IsVisibleAsync() && await toggle.GetAttributeAsync("aria-expanded") != "true")
        {
            await toggle.ClickAsync();
        }

        if (!await link.IsVisibleAsync())
        {
            // The group holding the link (a closed group's links are hidden, so the inner locator must include them).
            var hidden = page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true, IncludeHidden = true });
            await nav.Locator("details.group", new() { Has = hidden }).Locator("summary").ClickAsync();
        }

        await link.ClickAsync();
    }

    /// <summary>Waits for the home address, where a client lands after signing in.</summary>
    public static Task WaitForHomeAsync(this IPage page) => page.ArriveAsync(new System.Text.RegularExpressions.Regex("^https?://[^/]+/$"));

    /// <summary>
    /// Waits until the page is at an address matching <paramref name="url"/> (a glob as Playwright's: <c>**</c> any
    /// characters, <c>*</c> any but a slash, the rest as written) and that page has loaded.
    /// </summary>
    public static Task ArriveAsync(this IPage page, string url) => page.ArriveAsync(Glob(url));

    /// <summary>
    /// Waits until the page is at an address matching <paramref name="url"/> and that page has loaded, by asking the
    /// browser until it is so. Not Playwright .NET's <c>WaitForURLAsync</c>: it reads the address, then subscribes to
    /// navigations, and when the address already matches it reads the load state, then subscribes to it; an event that
    /// lands between the two is lost and the wait times out (playwright-dotnet#3364). Met here after a key press (the
    /// navigation) and after a click (the load event), about one full run of the suite in three.
    /// </summary>
    public static async Task ArriveAsync(this IPage page, Regex url)
    {
        await Assertions.Expect(page).ToHaveURLAsync(url, new() { Timeout = 60_000 });
        await page.WaitForFunctionAsync("() => document.readyState === 'complete'", null, new() { Timeout = 60_000 });
    }

    private static Regex Glob(string glob)
    {
        var pattern = new System.Text.StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            if (glob[i] != '*')
            {
                pattern.Append(Regex.Escape(glob[i].ToString()));
            }
            else if (i + 1 < glob.Length && glob[i + 1] == '*')
            {
                pattern.Append(".*");
                i++;
            }
            else
            {
                pattern.Append("[^/]*");
            }
        }

        return new Regex(pattern.Append('$').ToString());
    }

    /// <summary>Presses Tab until the element with this id has the focus, as a keyboard user would.</summary>
    public static async Task TabToAsync(this IPage page, string id, int max = 80)
    {
        for (var i = 0; i < max; i++)
        {
            if (await page.EvaluateAsync<string?>("() => document.activeElement && document.activeElement.id") == id)
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"#{id} cannot be reached with the Tab key on {page.Url}");
    }

    /// <summary>Tabs to a button by its visible text and presses Enter.</summary>
    public static async Task PressButtonByKeyboardAsync(this IPage page, string text, int max = 80)
    {
        for (var i = 0; i < max; i++)
        {
            var focused = await page.EvaluateAsync<string?>("() => document.activeElement && document.activeElement.tagName === 'BUTTON' ? document.activeElement.textContent.trim() : null");
            if (focused == text)
            {
                await page.Keyboard.PressAsync("Enter");
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"The button \"{text}\" cannot be reached with the Tab key on {page.Url}");
    }

    public static async Task<long> TicketNumberAsync(this IPage page)
    {
        var match = TicketPath().Match(new Uri(page.Url).AbsolutePath);
        Assert.True(match.Success, page.Url);
        return long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("^/demandes/([0-9]+)$")]
    private static partial Regex TicketPath();
}
