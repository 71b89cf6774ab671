using Guichet.Data;
using Guichet.Domain.Tickets;
using Microsoft.Playwright;

namespace Guichet.Browser.Tests;

/// <summary>
/// The agent desk shows each ticket's priority by its contract's label and filters by it; its tabs, its bulk assignment
/// through the form, and its layout at 1366 and 390 px (axe clean, nothing wider than the screen).
/// </summary>
public sealed class DeskTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly HashSet<string> Labels = [.. PriorityScheme.All.SelectMany(s => s.Levels).Select(l => l.Label)];

    [Fact]
    public async Task The_desk_shows_priority_labels_and_filters_by_priority()
    {
        var page = await app.PageAsAsync("admin@guichet.example");
        await page.GotoAsync("/bureau");
        var priorities = await PriorityCellsAsync(page);
        Assert.NotEmpty(priorities);
        Assert.All(priorities, p => Assert.Contains(p, Labels));

        // Filter on the most frequent priority: every row left has it, and fewer rows than before or the same.
        var label = priorities.GroupBy(p => p).OrderByDescending(g => g.Count()).First().Key;
        var option = page.Locator("#priorite option").Filter(new() { HasText = label });
        var value = await option.First.GetAttributeAsync("value");
        await page.GetByLabel("Priorité").SelectOptionAsync(value!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer" }).ClickAsync();
        await page.ArriveAsync($"**priorite={Uri.EscapeDataString(value!)}**");
        var filtered = await PriorityCellsAsync(page);
        Assert.NotEmpty(filtered);
        var optionText = await page.Locator("#priorite option:checked").TextContentAsync();
        Assert.All(filtered, p => Assert.Contains(p, optionText!.Split(" / "), StringComparer.Ordinal));
        Assert.Contains(label, filtered);
        await page.AssertAccessibleAsync();
    }

    [Fact]
    public async Task An_agent_switches_tab_and_assigns_tickets_in_bulk_at_1366_and_390_px()
    {
        // An organisation of this test's own, served by an agent of its own: its desk holds these tickets only.
        var organisation = await app.NewOrganisationAsync(simpleUsers: 0);
        var n = BrowserApp.Unique();
        var agentName = $"Agent Lot {n}";
        var agent = await app.NewStaffAsync(agentName, StaffRoles.Agent, organisation.Id);
        var first = await app.NewTicketAsync(organisation.Referent, organisation.Products[0], $"Première demande du lot {n}");
        var second = await app.NewTicketAsync(organisation.Referent, organisation.Products[0], $"Seconde demande du lot {n}");

        var page = await app.PageAsAsync(agent);
        await page.SetViewportSizeAsync(1366, 900);
        await page.GotoAsync("/bureau");
        await AssertFitsAsync(page, 1366);
        await page.AssertAccessibleAsync();

        // The "Non assignées" tab: both tickets, the tab marked as the current page.
        var tabs = page.GetByRole(AriaRole.Navigation, new() { Name = "Vues de la file" });
        await tabs.GetByRole(AriaRole.Link, new() { Name = "Non assignées" }).ClickAsync();
        await page.ArriveAsync("**vue=non-assignees**");
        await Assertions.Expect(tabs.Locator("a[aria-current=page]")).ToContainTextAsync("Non assignées (2)");
        await Assertions.Expect(page.Locator("table.tickets tbody tr")).ToHaveCountAsync(2);

        // Both chosen, assigned to the agent through the form: done for each, said, and the tab now empty.
        await page.GetByLabel($"Sélectionner la demande n° {Ticket.FormatReference(first)}", new() { Exact = true }).CheckAsync();
        await page.GetByLabel($"Sélectionner la demande n° {Ticket.FormatReference(second)}", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Nouveau propriétaire").SelectOptionAsync(new SelectOptionValue { Label = agentName });
        await page.GetByRole(AriaRole.Button, new() { Name = "Appliquer aux demandes cochées" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Modification groupée : 2 faite(s), 0 refusée(s)");
        await Assertions.Expect(page.Locator("table.tickets tbody tr")).ToHaveCountAsync(0);
        await page.AssertAccessibleAsync();

        // "Mes demandes": both, the owner named; at 390 px the page does not scroll sideways, the table scrolls in its region.
        await tabs.GetByRole(AriaRole.Link, new() { Name = "Mes demandes" }).ClickAsync();
        await page.ArriveAsync("**vue=mes**");
        await Assertions.Expect(page.Locator("table.tickets tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("table.tickets tbody")).ToContainTextAsync(agentName);
        await page.SetViewportSizeAsync(390, 844);
        await AssertFitsAsync(page, 390);
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("bureau-390");
        await page.SetViewportSizeAsync(1366, 900);
    }

    [Fact]
    public async Task On_a_phone_the_list_comes_first_and_the_filters_are_folded_unless_a_field_is_in_error()
    {
        var organisation = await app.NewOrganisationAsync(simpleUsers: 0);
        var n = BrowserApp.Unique();
        var agent = await app.NewStaffAsync($"Agent Mobile {n}", StaffRoles.Agent, organisation.Id);
        var subject = $"Demande lue sur un téléphone {n}";
        await app.NewTicketAsync(organisation.Referent, organisation.Products[0], subject);
        await app.NewTicketAsync(organisation.Referent, organisation.Products[0], $"Autre demande du même jour {n}");

        var page = await app.PageAsAsync(agent);
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/bureau");
        var summary = page.Locator("details.fold > summary");
        await Assertions.Expect(summary).ToHaveTextAsync("Filtrer la file, mes filtres enregistrés");
        await Assertions.Expect(page.Locator("#q")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#filterName")).ToBeHiddenAsync();
        var row = page.Locator("table.tickets").GetByRole(AriaRole.Link, new() { Name = subject });
        var box = await row.BoundingBoxAsync();
        Assert.True(box is not null && box.Y + box.Height <= 844, $"The first ticket is not on the first screen at 390 px: {box?.Y}");
        await AssertFitsAsync(page, 390);
        await page.AssertAccessibleAsync();

        // Opened with the keyboard; a search chosen: the result comes first, the folded filters say how many criteria
        // are chosen, and open on what was typed.
        await summary.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#q")).ToBeVisibleAsync();
        await page.Locator("#q").FillAsync(subject);
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer", Exact = true }).ClickAsync();
        await page.ArriveAsync("**q=**");
        await Assertions.Expect(page.Locator("table.tickets tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(summary).ToHaveTextAsync("Filtrer la file — 1 critère choisi, mes filtres enregistrés");
        await Assertions.Expect(page.Locator("#q")).ToBeHiddenAsync();
        box = await row.BoundingBoxAsync();
        Assert.True(box is not null && box.Y + box.Height <= 844, $"The search's result is not on the first screen at 390 px: {box?.Y}");
        await page.AssertAccessibleAsync();
        await summary.ClickAsync();
        await Assertions.Expect(page.Locator("#q")).ToHaveValueAsync(subject);
        await Assertions.Expect(page.Locator("#q")).ToBeVisibleAsync();

        // A filter saved without a name: the error is listed first and its field is shown, not folded.
        await page.GotoAsync("/bureau");
        await Assertions.Expect(page.Locator("#filterName")).ToBeHiddenAsync();
        await summary.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la vue et les critères" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#filterName")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#filterName-error")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();

        // On a wide screen nothing is folded.
        await page.SetViewportSizeAsync(1366, 900);
        await page.GotoAsync("/bureau");
        await Assertions.Expect(page.Locator("#q")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#filterName")).ToBeVisibleAsync();
    }

    private static async Task AssertFitsAsync(IPage page, int width)
    {
        var sizes = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(sizes[0] <= sizes[1], $"The desk scrolls sideways at {width} px: {sizes[0]} > {sizes[1]}");
        var wide = await page.EvaluateAsync<string>($"() => [...document.querySelectorAll('main *')].filter(e => !e.closest('.table-scroll') && e.getBoundingClientRect().right > {width + 1}).map(e => e.tagName + '#' + e.id + '.' + e.className).join(' ')");
        Assert.True(wide.Length == 0, $"Wider than {width} px: " + wide);
    }

    private static async Task<List<string>> PriorityCellsAsync(IPage page)
    {
        var column = await page.Locator("table thead th").AllTextContentsAsync();
        var index = column.ToList().IndexOf("Priorité") + 1;
        Assert.True(index > 0);
        return [.. (await page.Locator($"table tbody tr td:nth-child({index})").AllTextContentsAsync()).Select(t => t.Trim())];
    }
}
