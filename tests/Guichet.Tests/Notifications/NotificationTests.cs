using System.Net;
using System.Text.Json;
using Guichet.Data;
using Guichet.Features.Mail;
using Guichet.Features.Notifications;
using Guichet.Tests.Api;
using Guichet.Tests.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using NodaTime;

namespace Guichet.Tests.Notifications;

/// <summary>
/// Ticket notifications end to end: use cases through the API, the dispatcher, the outbox delivered to the real SMTP
/// server of ./test.sh, and the mail read back from its Maildir (found by Message-Id), on SQLite and PostgreSQL.
/// </summary>
public abstract class NotificationTests(GuichetApp app)
{
    public const string ReplyAddress = "support@support.example";

    private World W => app.World;

    [Fact]
    public async Task A_ticket_s_life_tells_the_right_people_in_one_thread_and_never_an_internal_note()
    {
        var client = W.A.Simple;
        var agent = app.As(W.AgentA.Token);
        var created = await (await app.As(client.Token).PostJsonAsync("/api/v1/tickets", new { productId = W.ProductId, queueId = W.QueueId, subject = "Bordereau refusé", body = "Le bordereau du 3 avril est refusé." })).ReadAsync();
        var number = created.GetProperty("number").GetInt64();
        var reference = Ticket.FormatReference(number);

        // Creation: the requester gets the acknowledgement, the team serving organisation A's "Support" queue the new
        // ticket; not the agent serving only the "Commercial" queue, not the referent, not the administrator.
        var first = await DispatchAndDeliverAsync(number);
        Assert.Equal(
            [(W.AgentA.Email, NotificationKind.NewTicket.Id), (client.Email, NotificationKind.Acknowledgement.Id)],
            first.Select(m => (m.Row.To, m.Row.Kind!)).Order().ToList());
        var ack = first.Single(m => m.Row.To == client.Email).Mail;
        Assert.Equal($"[{reference}] Demande enregistrée : Bordereau refusé", ack.Subject);
        Assert.Equal("auto-generated", ack.Headers["Auto-Submitted"]);
        Assert.Equal($"{reference}@support.example", ack.InReplyTo);
        Assert.Equal([$"{reference}@support.example"], ack.References.ToList());
        Assert.StartsWith($"{reference}.", ack.MessageId, StringComparison.Ordinal);
        var text = ack.TextBody;
        Assert.Contains($"sous la référence {reference}", text, StringComparison.Ordinal);
        Assert.Contains($"https://guichet.example/demandes/{number}", text, StringComparison.Ordinal);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(text ?? "", @"- .+ : avant le \w+ \d+(er)? \w+ 2026 à \d\d:\d\d"), text);
        Assert.Contains($"href=\"https://guichet.example/demandes/{number}\"", ack.HtmlBody, StringComparison.Ordinal);

        // Reply-To: signed for this ticket and this person only.
        var replyTo = Assert.Single(ack.ReplyTo.Mailboxes).Address;
        var parsed = ReplyAddresses.Parse(replyTo);
        Assert.NotNull(parsed);
        Assert.Equal(reference, parsed.Value.Reference);
        Assert.StartsWith("support+", replyTo, StringComparison.Ordinal);
        Assert.EndsWith("@support.example", replyTo, StringComparison.Ordinal);
        await app.WithServiceAsync<MailSigning, bool>(signing =>
        {
            Assert.True(ReplyAddresses.Verify(signing, reference, client.Id, parsed.Value.Signature));
            Assert.False(ReplyAddresses.Verify(signing, reference, W.A.Referent.Id, parsed.Value.Signature));
            Assert.False(ReplyAddresses.Verify(signing, Ticket.FormatReference(number + 1), client.Id, parsed.Value.Signature));
            return Task.FromResult(true);
        });

        // One-click unsubscribe header, signed.
        Assert.Equal("List-Unsubscribe=One-Click", ack.Headers["List-Unsubscribe-Post"]);
        Assert.Matches("^<https://guichet.example/courriels/desabonnement\\?u=[0-9a-f]{32}&k=accuse-reception&s=[a-z2-7]{16}>$", ack.Headers["List-Unsubscribe"]);

        // Outlook's Thread-Index: same first 22 bytes for every mail of the ticket.
        var root = Convert.FromBase64String(ack.Headers["Thread-Index"]!)[..22];

        // An internal note tells nobody anything; a public reply tells the requester, in the same thread.
        app.Clock.Advance(Duration.FromMinutes(20));
        Assert.Equal(HttpStatusCode.OK, (await agent.PostJsonAsync($"/api/v1/tickets/{number}/messages", new { text = "Note : client difficile, voir le contrat.", @internal = true })).StatusCode);
        Assert.Empty(await DispatchAndDeliverAsync(number));
        Assert.Equal(HttpStatusCode.OK, (await agent.PostJsonAsync($"/api/v1/tickets/{number}/messages", new { text = "Pouvez-vous joindre le fichier ?\nMerci.", @internal = false })).StatusCode);
        var reply = Assert.Single(await DispatchAndDeliverAsync(number));
        Assert.Equal((client.Email, NotificationKind.Reply.Id), (reply.Row.To, reply.Row.Kind));
        Assert.Contains("Pouvez-vous joindre le fichier ?", reply.Mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Pouvez-vous joindre le fichier ?<br", reply.Mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("client difficile", reply.Mail.TextBody + reply.Mail.HtmlBody, StringComparison.Ordinal);
        Assert.Equal($"{reference}@support.example", reply.Mail.InReplyTo);
        Assert.Equal(root, Convert.FromBase64String(reply.Mail.Headers["Thread-Index"]!)[..22]);
        Assert.NotEqual(ack.MessageId, reply.Mail.MessageId);

        // The client answers: the owner is told, or the team while nobody owns it; the client is not told of their own reply.
        var clientReply = await app.As(client.Token).PostJsonAsync($"/api/v1/tickets/{number}/replies", new { action = "reply-and-chase", text = "Voici le fichier <b>joint</b>." });
        Assert.Equal(HttpStatusCode.OK, clientReply.StatusCode);
        var chase = Assert.Single(await DispatchAndDeliverAsync(number));
        Assert.Equal((W.AgentA.Email, NotificationKind.ClientChase.Id), (chase.Row.To, chase.Row.Kind));
        Assert.Contains("Voici le fichier &lt;b&gt;joint&lt;/b&gt;.", chase.Mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Voici le fichier <b>joint</b>.", chase.Mail.TextBody, StringComparison.Ordinal);

        // Requalification: old and new priority, and the reason; then information requested, with what is asked.
        Assert.Equal(HttpStatusCode.OK, (await agent.PostJsonAsync($"/api/v1/tickets/{number}/priority", new { priority = "3", reason = "Contournement disponible" })).StatusCode);
        var requalified = Assert.Single(await DispatchAndDeliverAsync(number));
        Assert.Equal(NotificationKind.Requalified.Id, requalified.Row.Kind);
        Assert.Matches("La priorité de votre demande passe de « .+ » à « .+ »\\.", requalified.Mail.TextBody);
        Assert.Contains("Motif : Contournement disponible", requalified.Mail.TextBody, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await agent.PostJsonAsync($"/api/v1/tickets/{number}/state", new { state = "a-qualifier-client", comment = "Merci de nous envoyer le bordereau signé." })).StatusCode);
        var asked = Assert.Single(await DispatchAndDeliverAsync(number));
        Assert.Equal(NotificationKind.InformationRequested.Id, asked.Row.Kind);
        Assert.Contains("Merci de nous envoyer le bordereau signé.", asked.Mail.TextBody, StringComparison.Ordinal);

        // Resolved: how to confirm or reopen, and the date after which it closes itself (20 days).
        Assert.Equal(HttpStatusCode.OK, (await agent.PostJsonAsync($"/api/v1/tickets/{number}/state", new { state = "traite-interlocuteur" })).StatusCode);
        var resolved = Assert.Single(await DispatchAndDeliverAsync(number));
        Assert.Equal(NotificationKind.Resolved.Id, resolved.Row.Kind);
        Assert.Contains("« Répondre et clore » la valide", resolved.Mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("sera close après le", resolved.Mail.TextBody, StringComparison.Ordinal);

        // The client reopens it: the team hears of a reopening.
        Assert.Equal(HttpStatusCode.OK, (await app.As(client.Token).PostJsonAsync($"/api/v1/tickets/{number}/replies", new { action = "reply", text = "Toujours refusé." })).StatusCode);
        var reopened = Assert.Single(await DispatchAndDeliverAsync(number));
        Assert.Equal((W.AgentA.Email, NotificationKind.Reopened.Id), (reopened.Row.To, reopened.Row.Kind));
    }

    [Fact]
    public async Task Taking_in_charge_tells_the_client_nothing_and_asking_for_information_sends_one_mail_with_the_question()
    {
        var client = W.A.Simple;
        var agent = app.As(W.AgentA.Token);
        var created = await (await app.As(client.Token).PostJsonAsync("/api/v1/tickets", new { productId = W.ProductId, queueId = W.QueueId, subject = "Export impossible", body = "L'export échoue." })).ReadAsync();
        var number = created.GetProperty("number").GetInt64();
        await DispatchAndDeliverAsync(number);

        Assert.Equal(HttpStatusCode.OK, (await agent.PostJsonAsync($"/api/v1/tickets/{number}/take", new { })).StatusCode);
        Assert.Empty(await DispatchAndDeliverAsync(number));

        // The message and the state change are one commit: one mail, "information requested", with the question.
        Assert.Equal(HttpStatusCode.OK, (await agent.PostJsonAsync($"/api/v1/tickets/{number}/ask-information", new { text = "Quel est le message d'erreur affiché ?" })).StatusCode);
        var asked = Assert.Single(await DispatchAndDeliverAsync(number));
        Assert.Equal((client.Email, NotificationKind.InformationRequested.Id), (asked.Row.To, asked.Row.Kind));
        Assert.Contains("Quel est le message d'erreur affiché ?", asked.Mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_unsubscribe_link_turns_one_kind_off_for_one_person_and_a_forged_one_changes_nothing()
    {
        var client = W.ByPreset["mn"].Simple;
        var number = (await (await app.As(client.Token).PostJsonAsync("/api/v1/tickets", new { productId = W.ProductId, queueId = W.QueueId, subject = "Lien", body = "Texte" })).ReadAsync()).GetProperty("number").GetInt64();
        var ack = Assert.Single(await DispatchAndDeliverAsync(number), m => m.Row.To == client.Email).Mail;
        var link = ack.Headers["List-Unsubscribe"]!.Trim('<', '>');
        var path = new Uri(link).PathAndQuery;
        var anonymous = app.As(null);

        // Opening the link asks for a confirmation and changes nothing.
        var page = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Confirmer", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Set<NotificationPreference>().AnyAsync(p => p.UserId == client.Id)));

        // A forged signature, or someone else's id with this signature: nothing changes.
        var forged = await anonymous.PostAsync(path[..^3] + "aaa", new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Contains("n'est pas valide", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var other = await anonymous.PostAsync(path.Replace($"u={client.Id:N}", $"u={W.ByPreset["mn"].Referent.Id:N}", StringComparison.Ordinal), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Contains("n'est pas valide", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Set<NotificationPreference>().AnyAsync()));

        // One click (RFC 8058: a POST with no token nor cookie) turns the acknowledgement off, and only it.
        var done = await anonymous.PostAsync(path, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("vous ne recevrez plus", await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var preference = await app.WithDbAsync(db => db.Set<NotificationPreference>().AsNoTracking().SingleAsync(p => p.UserId == client.Id));
        Assert.Equal((NotificationKind.Acknowledgement.Id, false), (preference.Kind, preference.Enabled));

        var second = (await (await app.As(client.Token).PostJsonAsync("/api/v1/tickets", new { productId = W.ProductId, queueId = W.QueueId, subject = "Encore", body = "Texte" })).ReadAsync()).GetProperty("number").GetInt64();
        Assert.DoesNotContain(await DispatchAndDeliverAsync(second), m => m.Row.To == client.Email);
    }

    [Fact]
    public async Task Preferences_send_a_kind_in_the_daily_digest_and_organisation_defaults_apply_to_those_without_a_choice()
    {
        var org = W.ByPreset["e23"];
        await app.WithDbAsync(async db =>
        {
            db.Add(new OrganisationNotificationDefault { OrganisationId = org.Id, Kind = NotificationKind.Acknowledgement.Id, Enabled = true, Digest = true, DigestHour = 18 });
            db.Add(new NotificationPreference { UserId = org.Referent.Id, Kind = NotificationKind.Acknowledgement.Id, Enabled = true, Digest = false });
            return await db.SaveChangesAsync();
        });

        var byDefault = (await (await app.As(org.Simple.Token).PostJsonAsync("/api/v1/tickets", new { productId = W.ProductId, queueId = W.QueueId, subject = "Résumé", body = "Texte" })).ReadAsync()).GetProperty("number").GetInt64();
        var own = (await (await app.As(org.Referent.Token).PostJsonAsync("/api/v1/tickets", new { productId = W.ProductId, queueId = W.QueueId, subject = "À l'instant", body = "Texte" })).ReadAsync()).GetProperty("number").GetInt64();
        // One run of the dispatcher tells both tickets: the default sends the first to the digest, the own choice at once.
        Assert.DoesNotContain(await DispatchAndDeliverAsync(byDefault), m => m.Row.To == org.Simple.Email);
        Assert.True(await app.WithDbAsync(db => db.Outbox.AnyAsync(m => m.TicketId == own && m.To == org.Referent.Email && m.Kind == NotificationKind.Acknowledgement.Id)));

        var item = await app.WithDbAsync(db => db.Set<NotificationDigestItem>().AsNoTracking().SingleAsync(i => i.UserId == org.Simple.Id));
        Assert.Equal($"[{Ticket.FormatReference(byDefault)}] Demande enregistrée : Résumé", item.Line);

        // Due at the next 18:00 in the organisation's zone (Alsace-Moselle: Paris): not before. (Other tests of the
        // class move the clock: at the start, 2026-04-13 08:00 UTC, it is 16:00 UTC that day.)
        var paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];
        var local = app.Clock.GetCurrentInstant().InZone(paris);
        var expected = local.Date.At(new LocalTime(18, 0)).InZoneLeniently(paris).ToInstant();
        Assert.Equal(expected > local.ToInstant() ? expected : local.Date.PlusDays(1).At(new LocalTime(18, 0)).InZoneLeniently(paris).ToInstant(), item.DueAt);
        Assert.Equal(0, await app.WithServiceAsync<DigestDelivery, int>(d => d.RunOnceAsync(CancellationToken.None)));
        app.Clock.Advance(item.DueAt - app.Clock.GetCurrentInstant());
        Assert.Equal(1, await app.WithServiceAsync<DigestDelivery, int>(d => d.RunOnceAsync(CancellationToken.None)));
        Assert.Equal(0, await app.WithServiceAsync<DigestDelivery, int>(d => d.RunOnceAsync(CancellationToken.None)));
        var digest = await app.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.To == org.Simple.Email && m.Kind == NotificationKind.Digest.Id));
        Assert.Contains($"https://guichet.example/demandes/{byDefault}", digest.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_dispatchers_at_once_write_each_mail_once()
    {
        var client = W.ByPreset["es26"].Simple;
        var number = (await (await app.As(client.Token).PostJsonAsync("/api/v1/tickets", new { productId = W.ProductId, queueId = W.QueueId, subject = "Concurrence", body = "Texte" })).ReadAsync()).GetProperty("number").GetInt64();
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => app.WithServiceAsync<NotificationDispatcher, int>(d => d.RunOnceAsync(CancellationToken.None)))));
        Assert.True(runs.Sum() >= 1);
        Assert.Equal(1, await app.WithDbAsync(db => db.Outbox.CountAsync(m => m.TicketId == number && m.To == client.Email)));
        Assert.False(await app.WithDbAsync(db => db.Set<TicketNotice>().AnyAsync()));
    }

    [Fact]
    public async Task A_clock_near_its_due_date_warns_the_team_and_its_pole_managers_once_then_its_breach_is_told_once()
    {
        var client = W.A.Simple;
        var created = await (await app.As(client.Token).PostJsonAsync("/api/v1/tickets", new { productId = W.ProductId, queueId = W.QueueId, subject = "Échéance", body = "Texte" })).ReadAsync();
        var number = created.GetProperty("number").GetInt64();
        await DispatchAndDeliverAsync(number);

        // A staff follower hears of it too; a client follower never does (staff kinds).
        await app.WithDbAsync(db =>
        {
            db.Add(new TicketFollower { TicketId = number, UserId = W.Admin.Id, CreatedAt = app.Clock.GetCurrentInstant() });
            db.Add(new TicketFollower { TicketId = number, UserId = W.A.Referent.Id, CreatedAt = app.Clock.GetCurrentInstant() });
            return db.SaveChangesAsync();
        });

        var due = await app.WithDbAsync(db => db.Tickets.AsNoTracking().Where(t => t.Id == number).Select(t => t.NextDueAt).SingleAsync());
        Assert.NotNull(due);

        // Three hours before: nothing yet (the lead time is two hours).
        Advance(due.Value - Duration.FromHours(3));
        Assert.Empty(await AlertAndDeliverAsync(number));

        // An hour before: the team serving the queue (the agent, a pole manager) and the staff follower, once.
        Advance(due.Value - Duration.FromHours(1));
        var warnings = await AlertAndDeliverAsync(number);
        Assert.NotEmpty(warnings);
        Assert.All(warnings, w => Assert.Equal(NotificationKind.ClockWarning.Id, w.Row.Kind));
        Assert.Equal([W.Admin.Email, W.AgentA.Email], warnings.Select(w => w.Row.To).Distinct().Order().ToList());
        var warning = warnings.First(w => w.Row.To == W.AgentA.Email).Mail;
        Assert.StartsWith($"[{Ticket.FormatReference(number)}] Délai bientôt dépassé (", warning.Subject, StringComparison.Ordinal);
        Assert.Contains("arrive à échéance le", warning.TextBody, StringComparison.Ordinal);
        Assert.Equal("auto-generated", warning.Headers["Auto-Submitted"]);
        Assert.Empty(await AlertAndDeliverAsync(number));

        // A minute after the due date: the breach, once; then never again for that due date.
        Advance(due.Value + Duration.FromMinutes(1));
        var breaches = await AlertAndDeliverAsync(number);
        Assert.Contains(breaches, b => b.Row.Kind == NotificationKind.ClockBreached.Id && b.Row.To == W.AgentA.Email);
        Assert.DoesNotContain(breaches, b => b.Row.To == client.Email || b.Row.To == W.A.Referent.Email);
        Assert.Contains("est dépassé depuis le", breaches.First(b => b.Row.Kind == NotificationKind.ClockBreached.Id).Mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(await AlertAndDeliverAsync(number), b => b.Row.Kind == NotificationKind.ClockBreached.Id);

        // Each alert told is kept with the due date it was about: a warning and a breach at least.
        var kinds = await app.WithDbAsync(db => db.Set<ClockAlert>().Where(a => a.TicketId == number).Select(a => a.Kind).Distinct().ToListAsync());
        Assert.Equal([NotificationKind.ClockBreached.Id, NotificationKind.ClockWarning.Id], kinds.Order().ToList());
    }

    private void Advance(Instant to)
    {
        var now = app.Clock.GetCurrentInstant();
        if (to > now)
        {
            app.Clock.Advance(to - now);
        }
    }

    /// <summary>Runs the clock alert job and the outbox, and returns the ticket's new mails with what the server received.</summary>
    private async Task<List<(OutboxMessage Row, MimeMessage Mail)>> AlertAndDeliverAsync(long ticket)
    {
        var before = await app.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.TicketId == ticket).Select(m => m.Id).ToListAsync());
        await app.WithServiceAsync<ClockAlerts, int>(a => a.RunOnceAsync(CancellationToken.None));
        return await DeliverAsync(app, ticket, before);
    }

    /// <summary>Runs the dispatcher and the outbox, and returns the new mails of the ticket with what the server received.</summary>
    private Task<List<(OutboxMessage Row, MimeMessage Mail)>> DispatchAndDeliverAsync(long ticket) => DispatchAndDeliverAsync(app, ticket);

    /// <inheritdoc cref="DispatchAndDeliverAsync(long)"/>
    internal static async Task<List<(OutboxMessage Row, MimeMessage Mail)>> DispatchAndDeliverAsync(GuichetApp app, long ticket)
    {
        var before = await app.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.TicketId == ticket).Select(m => m.Id).ToListAsync());
        await app.WithServiceAsync<NotificationDispatcher, int>(d => d.RunOnceAsync(CancellationToken.None));
        return await DeliverAsync(app, ticket, before);
    }

    /// <summary>Delivers the outbox and returns the ticket's mails written since <paramref name="before"/>, each as the SMTP server received it.</summary>
    private static async Task<List<(OutboxMessage Row, MimeMessage Mail)>> DeliverAsync(GuichetApp app, long ticket, List<Guid> before)
    {
        var rows = await app.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.TicketId == ticket && !before.Contains(m.Id)).ToListAsync());
        if (rows.Count > 0)
        {
            await app.WithServiceAsync<OutboxDelivery, int>(d => d.RunOnceAsync(CancellationToken.None));
        }

        var result = new List<(OutboxMessage, MimeMessage)>();
        foreach (var row in rows)
        {
            result.Add((row, Assert.Single(await DeliveredAsync(row.MessageId!))));
        }

        return result;
    }

    private static async Task<List<MimeMessage>> DeliveredAsync(string messageId)
    {
        var found = new List<MimeMessage>();
        foreach (var folder in new[] { "new", "cur" }.Select(f => Path.Combine(TestSmtp.Maildir, f)).Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(folder))
            {
                var message = await MimeMessage.LoadAsync(file);
                if (message.MessageId == messageId)
                {
                    found.Add(message);
                }
            }
        }

        return found;
    }

    internal static IReadOnlyDictionary<string, string?> Settings() =>
        new Dictionary<string, string?>(TestSmtp.Settings())
        {
            ["Guichet:Mail:ReplyAddress"] = ReplyAddress,
            ["Guichet:Mail:MaxAgeMinutes"] = "0",
        };
}

public sealed class SqliteNotificationApp() : GuichetApp(postgres: false, NotificationTests.Settings);

public sealed class PostgresNotificationApp() : GuichetApp(postgres: true, NotificationTests.Settings);

public sealed class SqliteNotificationTests(SqliteNotificationApp app) : NotificationTests(app), IClassFixture<SqliteNotificationApp>;

public sealed class PostgresNotificationTests(PostgresNotificationApp app) : NotificationTests(app), IClassFixture<PostgresNotificationApp>;
