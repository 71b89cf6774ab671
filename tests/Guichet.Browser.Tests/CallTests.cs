using Microsoft.Playwright;

namespace Guichet.Browser.Tests;

/// <summary>
/// A request taken during a call, from the desk (issue 16): the agent finds the caller (suggested while typing) and
/// raises the ticket with the keyboard only, on one page; a missing field is said next to it without losing what was typed; axe clean, fits 390 px.
/// </summary>
public sealed class CallTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task An_agent_raises_a_phone_ticket_from_the_desk_with_the_keyboard_only()
    {
        var organisation = await app.NewOrganisationAsync(simpleUsers: 1);
        var agent = await app.NewStaffAsync($"Agent Appel {BrowserApp.Unique()}", Guichet.Data.StaffRoles.Agent, organisation.Id);
        var caller = $"Utilisateur 1 {organisation.Name.Replace("Commune d'", "", StringComparison.Ordinal)}";

        var page = await app.PageAsAsync(agent, "/bureau");
        var start = page.GetByRole(AriaRole.Link, new() { Name = "Enregistrer une demande reçue par téléphone" });
        await start.FocusAsync();
        await Assertions.Expect(start).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.ArriveAsync(new System.Text.RegularExpressions.Regex("/bureau/appel$"));

        // The search field has the focus: the caller's e-mail, Enter.
        await Assertions.Expect(page.Locator("#qui")).ToBeFocusedAsync();
        var email = organisation.Members[1];
        await page.Keyboard.TypeAsync(email[..^1]);

        // While typing, the people matching are suggested under the field (a link each, reached by Tab); Enter on
        // the field still runs the search without the script.
        var suggestions = page.Locator("#qui-suggestions");
        var suggested = suggestions.GetByRole(AriaRole.Link, new() { Name = caller, Exact = true });
        await Assertions.Expect(suggested).ToBeVisibleAsync();
        await Assertions.Expect(suggestions).ToContainTextAsync("Une personne correspond");
        // The last key, then Tab at once: the answer for the whole address comes after the focus went to the list
        // (the race a fast typist meets); it updates the link where it is and leaves the focus on it.
        await page.Keyboard.TypeAsync(email[^1..]);
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(suggested).ToBeFocusedAsync();
        await Assertions.Expect(suggested).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex(
            System.Text.RegularExpressions.Regex.Escape(Uri.EscapeDataString(email)) + "$"));
        await Assertions.Expect(suggested).ToBeFocusedAsync();
        await page.Locator("#qui").FocusAsync();
        // The search's answer page (the suggestion above has the same name: wait for the navigation, not for a link).
        await page.Keyboard.PressAsync("Enter");
        await page.ArriveAsync(new System.Text.RegularExpressions.Regex(@"/bureau/appel\?.*qui="));
        var match = page.Locator("main").GetByRole(AriaRole.Link, new() { Name = caller, Exact = true }).First;
        await Assertions.Expect(match).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();
        await match.FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        // The form, subject focused, product and priority from the caller's contract; a missing subject is said next to it.
        await Assertions.Expect(page.Locator("#Subject")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#ProductId option:checked")).ToHaveTextAsync("Actes en ligne");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("Le bordereau est refusé depuis ce matin.");
        await page.Locator("#Body").PressAsync("Shift+Tab");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#Subject-error")).ToContainTextAsync("objet");
        await Assertions.Expect(page.Locator("#Body")).ToHaveValueAsync("Le bordereau est refusé depuis ce matin.");
        await page.AssertAccessibleAsync();
        await AssertFitsAsync(page);

        await page.Locator("#Subject").FocusAsync();
        await page.Keyboard.TypeAsync("Appel : bordereau refusé");
        await page.Keyboard.PressAsync("Enter");
        await page.ArriveAsync(new System.Text.RegularExpressions.Regex("/demandes/[0-9]+$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"est enregistrée pour {caller}");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Appel : bordereau refusé");
    }

    private static async Task AssertFitsAsync(IPage page)
    {
        await page.SetViewportSizeAsync(390, 844);
        var fits = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth");
        var wide = fits ? "" : await page.EvaluateAsync<string>("() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 390).map(e => e.tagName + '#' + e.id + '.' + e.className).join(' ')");
        await page.SetViewportSizeAsync(1280, 900);
        Assert.True(fits, "Wider than 390 px: " + wide);
    }
}
