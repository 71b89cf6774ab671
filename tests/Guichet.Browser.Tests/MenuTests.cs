using Microsoft.Playwright;

namespace Guichet.Browser.Tests;

/// <summary>
/// The main menu in Chromium: at most six entries, the less daily pages in groups that open and close by mouse and
/// keyboard, and below 768 px a menu folded behind one button, with nothing wider than the phone.
/// </summary>
public sealed class MenuTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Admin = "admin@guichet.example";

    [Fact]
    public async Task On_a_phone_the_menu_folds_behind_one_button_and_nothing_is_wider_than_the_screen()
    {
        var organisation = await app.NewOrganisationAsync(simpleUsers: 0);
        var page = await app.PageAsAsync(organisation.Referent, "/");
        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();

        var toggle = page.GetByRole(AriaRole.Button, new() { Name = "Menu" });
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Navigation principale" });
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(nav).ToBeHiddenAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390"), "the page scrolls sideways at 390 px");

        await toggle.ClickAsync();
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(nav).ToBeVisibleAsync();
        Assert.InRange(await nav.Locator(":scope > ul > li").CountAsync(), 4, 6);
        var wide = await page.EvaluateAsync<string>("() => [...document.querySelectorAll('header *')].filter(e => e.getBoundingClientRect().right > 390).map(e => e.tagName + '.' + e.className).join(' ')");
        Assert.True(wide.Length == 0, "Wider than 390 px: " + wide);
        await nav.GetByText("Aide", new() { Exact = true }).ClickAsync();
        await page.AssertAccessibleAsync();
        await ShotAsync(page, "menu-390");

        await page.FollowMenuAsync("FAQ");
        await page.ArriveAsync("**/faq");
        await page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        // The group stays closed on its own page (a hidden link is not found by role unless asked).
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "FAQ", Exact = true, IncludeHidden = true })).ToHaveAttributeAsync("aria-current", "page");
        await Assertions.Expect(nav.Locator("summary.current")).ToHaveTextAsync("Aide (rubrique en cours)");
    }

    [Fact]
    public async Task On_a_desk_a_group_opens_by_keyboard_closes_with_escape_and_names_the_current_page()
    {
        var page = await app.PageAsAsync(Admin, "/admin/actualites");
        await page.SetViewportSizeAsync(1366, 900);
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Navigation principale" });
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Menu" })).ToBeHiddenAsync();
        Assert.InRange(await nav.Locator(":scope > ul > li").CountAsync(), 3, 6);

        // The page is in the "Portail" group: the group says so, the link is the current page, the group starts closed.
        var summary = nav.Locator("summary", new() { HasText = "Portail" });
        await Assertions.Expect(summary).ToHaveClassAsync("current");
        var link = nav.GetByRole(AriaRole.Link, new() { Name = "Informations", Exact = true });
        await Assertions.Expect(link).ToBeHiddenAsync();

        await summary.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(link).ToBeVisibleAsync();
        await Assertions.Expect(link).ToHaveAttributeAsync("aria-current", "page");
        await page.AssertAccessibleAsync();
        await ShotAsync(page, "menu-1366");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(link).ToBeHiddenAsync();
        await Assertions.Expect(summary).ToBeFocusedAsync();

        // "Administration" is not the current page here, though /admin/actualites is under /admin.
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Administration" })).Not.ToHaveAttributeAsync("aria-current", "page");
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Administration" })).ToBeVisibleAsync();
        await page.FollowMenuAsync("Administration");
        await page.ArriveAsync("**/admin");
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Administration" })).ToHaveAttributeAsync("aria-current", "page");
    }

    /// <summary>The viewport as it is, when GUICHET_SCREENSHOTS names a directory (looked at by hand, docs/ui.md).</summary>
    private static async Task ShotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("GUICHET_SCREENSHOTS") is { Length: > 0 } directory)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png") });
        }
    }
}
