using Guichet.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime;

namespace Guichet.Browser.Tests;

/// <summary>
/// The notification pages in Chromium: a client's preferences at 390 px (errors next to the field, by keyboard and
/// mouse, axe clean) and the mail log of a ticket, which staff see and the client does not.
/// </summary>
public sealed class NotificationPageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Agent = "agent-support-un@guichet.example";

    [Fact]
    public async Task A_client_sets_a_kind_in_the_daily_digest_on_a_phone_and_a_wrong_hour_is_said_next_to_it()
    {
        var organisation = await app.NewOrganisationAsync(simpleUsers: 1);
        var client = await app.PageAsAsync(organisation.Members[1], "/compte");
        await client.SetViewportSizeAsync(390, 844);
        await client.GetByRole(AriaRole.Link, new() { Name = "Mes notifications par courriel" }).ClickAsync();
        await client.ArriveAsync("**/compte/notifications");
        await Assertions.Expect(client.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Mes notifications par courriel");
        await Assertions.Expect(client.GetByRole(AriaRole.Group, new() { Name = "Réponse du support" })).ToBeVisibleAsync();
        await Assertions.Expect(client.GetByRole(AriaRole.Group, new() { Name = "Nouvelle demande pour l'équipe" })).ToHaveCountAsync(0);
        await ShotsAsync(client, "notifications-preferences");
        // The whole page fits a phone's width (the header's menu folds behind its button), and axe finds nothing there.
        var wide = await client.EvaluateAsync<string>("() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 390).map(e => e.tagName + '#' + e.id).join(' ')");
        Assert.True(wide.Length == 0, "Wider than 390 px: " + wide);
        await client.AssertAccessibleAsync();
        await client.SetViewportSizeAsync(1280, 900);
        await client.AssertAccessibleAsync();

        var reply = client.GetByRole(AriaRole.Group, new() { Name = "Réponse du support" });
        await reply.GetByLabel("Dans le résumé quotidien").CheckAsync();
        await client.Locator("#heure-reponse").FillAsync("30");
        await client.GetByRole(AriaRole.Group, new() { Name = "Demande close" }).GetByLabel("Recevoir ce message").UncheckAsync();
        await client.GetByRole(AriaRole.Button, new() { Name = "Enregistrer mes préférences" }).ClickAsync();

        await Assertions.Expect(client.Locator("#heure-reponse-error")).ToHaveTextAsync("L'heure du résumé est un nombre entier de 0 à 23.");
        await Assertions.Expect(client.Locator("#heure-reponse")).ToHaveValueAsync("30");
        await Assertions.Expect(client.Locator("#heure-reponse")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(reply.GetByLabel("Dans le résumé quotidien")).ToBeCheckedAsync();
        await Assertions.Expect(client.GetByRole(AriaRole.Group, new() { Name = "Demande close" }).GetByLabel("Recevoir ce message")).Not.ToBeCheckedAsync();
        await client.AssertAccessibleAsync();
        await ShotsAsync(client, "notifications-preferences-erreur");

        // The summary's link leads to the field; corrected, it is saved.
        await client.Locator(".error-summary a").First.ClickAsync();
        await Assertions.Expect(client.Locator("#heure-reponse")).ToBeFocusedAsync();
        await client.Keyboard.PressAsync("Control+A");
        await client.Keyboard.TypeAsync("18");
        await client.PressButtonByKeyboardAsync("Enregistrer mes préférences");
        await Assertions.Expect(client.GetByRole(AriaRole.Status)).ToContainTextAsync("Vos préférences de notification sont enregistrées.");
        await Assertions.Expect(client.Locator("#heure-reponse")).ToHaveValueAsync("18");
        await client.AssertAccessibleAsync();

        var saved = await app.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<GuichetDbContext>();
            var id = await db.Users.Where(u => u.Email == organisation.Members[1]).Select(u => u.Id).SingleAsync();
            return await db.Set<Features.Notifications.NotificationPreference>().Where(p => p.UserId == id).Select(p => new { p.Kind, p.Enabled, p.Digest, p.DigestHour }).ToListAsync();
        });
        Assert.Contains(new { Kind = "reponse", Enabled = true, Digest = true, DigestHour = 18 }, saved);
        Assert.Contains(new { Kind = "close", Enabled = false, Digest = false, DigestHour = 8 }, saved);
    }

    [Fact]
    public async Task Staff_read_the_mails_of_a_ticket_and_the_client_does_not_see_them()
    {
        var organisation = await app.NewOrganisationAsync(simpleUsers: 0, servedBy: [Agent]);
        var number = await app.NewTicketAsync(organisation.Referent, organisation.Products[0], "Courriels de la demande");

        // Rows the outbox job never takes (sent, given up, next attempt far away): the Outbox tests' counts stay theirs.
        var now = SystemClock.Instance.GetCurrentInstant();
        await app.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<GuichetDbContext>();
            db.Outbox.AddRange(
                new OutboxMessage { To = organisation.Referent, Subject = "Accusé", Body = "Texte", CreatedAt = now, SentAt = now, TicketId = number, Kind = "accuse-reception" },
                new OutboxMessage { To = "collegue@refuse.example", Subject = "Réponse", Body = "Texte", CreatedAt = now, TicketId = number, Kind = "reponse", Attempts = 10, LastError = "554 5.7.1 refusé" },
                new OutboxMessage { To = Agent, Subject = "Nouveau", Body = "Texte", CreatedAt = now, TicketId = number, Kind = "nouveau-ticket", Attempts = 1, NextAttemptAt = now + Duration.FromDays(3650), LastError = "450 occupé" });
            return await db.SaveChangesAsync();
        });

        var staff = await app.PageAsAsync(Agent, $"/demandes/{number}");
        var log = staff.GetByRole(AriaRole.Region, new() { Name = "Courriels envoyés" });
        await Assertions.Expect(log.Locator("li")).ToHaveCountAsync(3);
        await Assertions.Expect(log).ToContainTextAsync($"Accusé de réception de votre demande : envoyé à {organisation.Referent} le");
        await Assertions.Expect(log).ToContainTextAsync("Réponse du support : à collegue@refuse.example : échec : 554 5.7.1 refusé");
        await Assertions.Expect(log).ToContainTextAsync($"Nouvelle demande pour l'équipe : à {Agent} : en attente depuis le");
        await staff.AssertAccessibleAsync();
        await ShotsAsync(staff, "demande-courriels-envoyes", log);

        var client = await app.PageAsAsync(organisation.Referent, $"/demandes/{number}");
        await Assertions.Expect(client.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Courriels de la demande");
        await Assertions.Expect(client.GetByText("Courriels envoyés")).ToHaveCountAsync(0);
        await Assertions.Expect(client.GetByText("collegue@refuse.example")).ToHaveCountAsync(0);
    }

    /// <summary>Screenshots at 390 and 1366 px when GUICHET_SCREENSHOTS names a directory (looked at by hand).</summary>
    private static async Task ShotsAsync(IPage page, string name, ILocator? scrollTo = null)
    {
        if (Environment.GetEnvironmentVariable("GUICHET_SCREENSHOTS") is not { Length: > 0 } directory)
        {
            return;
        }

        var size = page.ViewportSize;
        foreach (var width in new[] { 390, 1366 })
        {
            await page.SetViewportSizeAsync(width, 900);
            if (scrollTo is not null)
            {
                await scrollTo.ScrollIntoViewIfNeededAsync();
            }

            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, $"{name}-{width}.png"), FullPage = scrollTo is null });
        }

        if (size is not null)
        {
            await page.SetViewportSizeAsync(size.Width, size.Height);
        }
    }
}
