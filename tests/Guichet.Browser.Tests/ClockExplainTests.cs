using Guichet.Data;
using Guichet.Features.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Guichet.Browser.Tests;

/// <summary>"Expliquer ce délai" on a ticket, opened by an agent: a table folded by day, axe clean, fits 390 px.</summary>
public sealed class ClockExplainTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task An_agent_reads_a_suspended_clock_day_by_day_on_a_phone()
    {
        // The demo's LS ticket waiting for the client (read only): its clocks are suspended since the question.
        var number = await app.WithServicesAsync(s => s.GetRequiredService<GuichetDbContext>().Tickets
            .Where(t => t.Subject == DemoTickets.WaitingSubject).Select(t => t.Id).SingleAsync());
        var page = await app.PageAsAsync("agent-support-un@guichet.example", $"/demandes/{number}");
        await page.SetViewportSizeAsync(390, 844);

        var clock = page.Locator(".clocks > li", new() { HasText = "Résolution" });
        await clock.GetByText("Expliquer ce délai").ClickAsync();
        var table = clock.GetByRole(AriaRole.Table, new() { Name = "Temps compté jour par jour" });
        await Assertions.Expect(table).ToBeVisibleAsync();
        await Assertions.Expect(table.GetByRole(AriaRole.Columnheader, new() { Name = "Cumul" })).ToBeVisibleAsync();
        await Assertions.Expect(table).ToContainTextAsync("suspendu — en attente du client");
        await Assertions.Expect(clock).ToContainTextAsync("Suspendu en ce moment");
        await Assertions.Expect(clock).ToContainTextAsync("Décompte commencé le");
        var rows = await table.Locator("tbody tr").CountAsync();
        Assert.InRange(rows, 1, 10); // a few days, one row each, the days without counting folded

        // Every clock's explanation open at once: nothing wider than the phone.
        await page.EvaluateAsync("() => document.querySelectorAll('.clocks details').forEach(d => d.open = true)");
        Assert.True(await page.Locator(".clocks details[open]").CountAsync() >= 2);

        var wide = await page.EvaluateAsync<string>("() => [...document.querySelectorAll('.clocks, .clocks *')].filter(e => e.getBoundingClientRect().right > 390).map(e => e.tagName + '.' + e.className).join(' ')");
        Assert.True(wide.Length == 0, "Wider than 390 px: " + wide);
        await page.AssertAccessibleAsync();
    }
}
