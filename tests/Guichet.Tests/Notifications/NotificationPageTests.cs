using System.Net;
using Guichet.Data;
using Guichet.Features.Mail;
using Guichet.Features.Notifications;
using Guichet.Tests.Api;
using Guichet.Tests.Portal;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Guichet.Tests.Notifications;

/// <summary>
/// The pages of notifications, through HTTP with a signed-in session: a person's preferences (their audience's kinds
/// only, the organisation's default where they have no choice, errors next to the field with nothing lost) and the mail
/// log of a ticket (staff only), on SQLite and PostgreSQL.
/// </summary>
public abstract class NotificationPageTests(GuichetApp app)
{
    private World W => app.World;

    [Fact]
    public async Task A_person_chooses_each_kind_of_their_audience_and_a_wrong_hour_is_said_next_to_its_field()
    {
        var org = W.B;
        await app.WithDbAsync(db =>
        {
            db.Add(new OrganisationNotificationDefault { OrganisationId = org.Id, Kind = NotificationKind.Reply.Id, Enabled = true, Digest = true, DigestHour = 17 });
            return db.SaveChangesAsync();
        });
        var client = await PortalClient.SignInAsync(app, org.Simple.Email);

        // The account page leads there; the client kinds only, the organisation's default shown where there is no choice.
        Assert.Contains("href=\"/compte/notifications\"", await client.GetStringAsync("/compte"), StringComparison.Ordinal);
        var page = await TextAsync(await client.GetAsync("/compte/notifications"));
        Assert.Contains(NotificationKind.Acknowledgement.Label, page, StringComparison.Ordinal);
        Assert.Contains(NotificationKind.Closed.Label, page, StringComparison.Ordinal);
        Assert.DoesNotContain(NotificationKind.NewTicket.Label, page, StringComparison.Ordinal);
        Assert.DoesNotContain(NotificationKind.ClockBreached.Label, page, StringComparison.Ordinal);
        Assert.Contains("le réglage par défaut s'applique (dans le résumé quotidien de 17 h)", page, StringComparison.Ordinal);

        // An hour out of range: the French message next to that row's field, what was typed kept, nothing saved.
        var form = new Dictionary<string, string>
        {
            ["Rows[0].Kind"] = NotificationKind.Acknowledgement.Id,
            ["Rows[0].Mode"] = "immediat",
            ["Rows[0].Hour"] = "8",
            ["Rows[1].Kind"] = NotificationKind.Reply.Id,
            ["Rows[1].Enabled"] = "true",
            ["Rows[1].Mode"] = "resume",
            ["Rows[1].Hour"] = "25",
        };
        var refused = await client.PostFormAsync("/compte/notifications", "/compte/notifications", new(form));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var text = await TextAsync(refused);
        Assert.Contains("<span class=\"field-error\" id=\"heure-reponse-error\">L'heure du résumé est un nombre entier de 0 à 23.</span>", text, StringComparison.Ordinal);
        Assert.Matches("id=\"heure-reponse\" name=\"Rows\\[1\\].Hour\" value=\"25\"", text);
        Assert.Contains("aria-describedby=\"heure-reponse-hint heure-reponse-error\" aria-invalid=\"true\"", text, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Set<NotificationPreference>().AnyAsync(p => p.UserId == org.Simple.Id)));

        // A kind that is not a client's (or none at all): refused in French, nothing saved.
        var staffKind = await client.PostFormAsync("/compte/notifications", "/compte/notifications", new()
        {
            ["Rows[0].Kind"] = NotificationKind.NewTicket.Id,
            ["Rows[0].Mode"] = "immediat",
            ["Rows[0].Hour"] = "8",
            ["Rows[1].Kind"] = "inconnu",
        });
        Assert.Contains("Ce type de notification n'existe pas ou ne vous concerne pas.", await TextAsync(staffKind), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Set<NotificationPreference>().AnyAsync(p => p.UserId == org.Simple.Id)));

        // Corrected: saved per person and kind, and shown as the person's choice.
        form["Rows[1].Hour"] = "18";
        var saved = await client.PostFormAsync("/compte/notifications", "/compte/notifications", form);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var rows = await app.WithDbAsync(db => db.Set<NotificationPreference>().AsNoTracking().Where(p => p.UserId == org.Simple.Id).OrderBy(p => p.Kind).ToListAsync());
        Assert.Equal(
            [(NotificationKind.Acknowledgement.Id, false, false, 8), (NotificationKind.Reply.Id, true, true, 18)],
            rows.Select(r => (r.Kind, r.Enabled, r.Digest, r.DigestHour)).ToList());
        page = await TextAsync(await client.GetAsync("/compte/notifications"));
        Assert.Contains("Vos préférences de notification sont enregistrées.", page, StringComparison.Ordinal);
        Assert.Matches("id=\"heure-reponse\" name=\"Rows\\[1\\].Hour\" value=\"18\"", page);
        Assert.Contains("Votre choix. Réglage par défaut de votre organisation : dans le résumé quotidien de 17 h.", page, StringComparison.Ordinal);

        // Staff see the staff kinds, with the built-in default.
        var agent = await TextAsync(await (await PortalClient.SignInAsync(app, W.AgentA.Email)).GetAsync("/compte/notifications"));
        Assert.Contains(NotificationKind.NewTicket.Label, agent, StringComparison.Ordinal);
        Assert.Contains(NotificationKind.ClockBreached.Label, agent, StringComparison.Ordinal);
        Assert.DoesNotContain(NotificationKind.Acknowledgement.Label, agent, StringComparison.Ordinal);
        Assert.Contains("le réglage par défaut s'applique (immédiatement)", agent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_see_the_mails_of_a_ticket_and_their_state_and_the_client_does_not()
    {
        var client = W.A.Simple;
        var number = (await (await app.As(client.Token).PostJsonAsync("/api/v1/tickets", new { productId = W.ProductId, queueId = W.QueueId, subject = "Journal des courriels", body = "Texte" })).ReadAsync()).GetProperty("number").GetInt64();
        await app.WithServiceAsync<NotificationDispatcher, int>(d => d.RunOnceAsync(CancellationToken.None));
        await app.WithServiceAsync<OutboxDelivery, int>(d => d.RunOnceAsync(CancellationToken.None));

        // An internal note writes no mail; one mail given up after refusals shows its reason.
        Assert.Equal(HttpStatusCode.OK, (await app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/tickets/{number}/messages", new { text = "Note interne : ne pas relancer.", @internal = true })).StatusCode);
        await app.WithServiceAsync<NotificationDispatcher, int>(d => d.RunOnceAsync(CancellationToken.None));
        await app.WithDbAsync(db =>
        {
            db.Outbox.Add(new OutboxMessage
            {
                To = "personne@inconnu.example",
                Subject = "Réponse",
                Body = "Texte",
                CreatedAt = app.Clock.GetCurrentInstant(),
                TicketId = number,
                Kind = NotificationKind.Reply.Id,
                Attempts = 10,
                LastError = "550 5.1.1 boîte inconnue",
            });
            return db.SaveChangesAsync();
        });

        var rows = await app.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.TicketId == number).ToListAsync());
        var sent = Assert.Single(rows, m => m.To == W.AgentA.Email && m.Kind == NotificationKind.NewTicket.Id);
        Assert.NotNull(sent.SentAt);
        var zone = DateTimeZoneProviders.Tzdb["Europe/Paris"];
        var agent = await TextAsync(await (await PortalClient.SignInAsync(app, W.AgentA.Email)).GetAsync($"/demandes/{number}"));
        Assert.Contains("Courriels envoyés", agent, StringComparison.Ordinal);
        Assert.Contains($"<strong>{NotificationKind.NewTicket.Label}</strong> : envoyé à {W.AgentA.Email} le {sent.SentAt.Value.InZone(zone):dd/MM/yyyy HH:mm}", agent, StringComparison.Ordinal);
        Assert.Contains($"<strong>{NotificationKind.Reply.Label}</strong> : à personne@inconnu.example : échec : 550 5.1.1 boîte inconnue", agent, StringComparison.Ordinal);
        // The team's notice, the requester's acknowledgement and the given-up reply.
        Assert.Equal(3, rows.Count);
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(agent, "<li class=\"mail-"));

        var own = await TextAsync(await (await PortalClient.SignInAsync(app, client.Email)).GetAsync($"/demandes/{number}"));
        Assert.Contains("Journal des courriels", own, StringComparison.Ordinal);
        Assert.DoesNotContain("Courriels envoyés", own, StringComparison.Ordinal);
        Assert.DoesNotContain("personne@inconnu.example", own, StringComparison.Ordinal);
    }

    private static async Task<string> TextAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }
}

public sealed class SqliteNotificationPageTests(SqliteNotificationApp app) : NotificationPageTests(app), IClassFixture<SqliteNotificationApp>;

public sealed class PostgresNotificationPageTests(PostgresNotificationApp app) : NotificationPageTests(app), IClassFixture<PostgresNotificationApp>;
