using Guichet.Domain.Tickets;
using Microsoft.Playwright;

namespace Guichet.Browser.Tests;

/// <summary>The agent desk shows each ticket's priority by its contract's label and filters by it.</summary>
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
        await page.WaitForURLAsync($"**priorite={Uri.EscapeDataString(value!)}**");
        var filtered = await PriorityCellsAsync(page);
        Assert.NotEmpty(filtered);
        var optionText = await page.Locator("#priorite option:checked").TextContentAsync();
        Assert.All(filtered, p => Assert.Contains(p, optionText!.Split(" / "), StringComparer.Ordinal));
        Assert.Contains(label, filtered);
        await page.AssertAccessibleAsync();
    }

    private static async Task<List<string>> PriorityCellsAsync(IPage page)
    {
        var column = await page.Locator("table thead th").AllTextContentsAsync();
        var index = column.ToList().IndexOf("Priorité") + 1;
        Assert.True(index > 0);
        return [.. (await page.Locator($"table tbody tr td:nth-child({index})").AllTextContentsAsync()).Select(t => t.Trim())];
    }
}
