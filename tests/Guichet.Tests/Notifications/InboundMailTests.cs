using System.Globalization;
using System.Net;
using Guichet.Data;
using Guichet.Features.Mail;
using Guichet.Features.Mail.Inbound;
using Guichet.Features.Notifications;
using Guichet.Tests.Api;
using Guichet.Tests.Mail;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Search;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using NodaTime;

namespace Guichet.Tests.Notifications;

/// <summary>
/// Tickets by mail, end to end with real servers: a test mails the support address through the SMTP server of
/// ./test.sh, which delivers it to the support mailbox of the IMAP server (Dovecot); Guichet reads it over IMAP, files
/// it, and its answers go out through the SMTP server to the client's own IMAP mailbox, where the test reads them.
/// Each fixture has its own support mailbox; SQLite and PostgreSQL.
/// </summary>
public abstract class InboundMailTests(InboundMailApp app)
{
    private World W => app.World;

    [Fact]
    public async Task A_client_s_mail_opens_a_ticket_and_the_conversation_goes_on_by_mail_in_one_thread()
    {
        var client = W.A.Simple;
        var subject = $"Export impossible {Guid.NewGuid():N}"[..30];

        // The client mails the product's address with an attachment.
        var first = Mail(client.Email, app.SupportAddress, subject, "Bonjour,\n\nL'export des actes échoue depuis ce matin.\n\nCordialement,\nSimple");
        first.Body = new Multipart("mixed")
        {
            new TextPart("plain") { Text = "Bonjour,\n\nL'export des actes échoue depuis ce matin.\n\nCordialement,\nSimple" },
            new MimePart("application", "pdf") { FileName = "capture.pdf", Content = new MimeContent(new MemoryStream("%PDF-1.4 test"u8.ToArray())), ContentDisposition = new ContentDisposition(ContentDisposition.Attachment), ContentTransferEncoding = ContentEncoding.Base64 },
        };
        await SendAsync(first);
        Assert.Equal(1, await ReadMailboxAsync());

        var ticket = await app.WithDbAsync(db => db.Tickets.AsNoTracking().SingleAsync(t => t.Subject == subject));
        Assert.Equal(client.Id, ticket.AuthorId);
        Assert.Contains("L'export des actes échoue depuis ce matin.", ticket.Body, StringComparison.Ordinal);
        var attachment = await app.WithDbAsync(db => db.Attachments.AsNoTracking().SingleAsync(a => a.TicketId == ticket.Id));
        Assert.Equal(("capture.pdf", "application/pdf"), (attachment.FileName, attachment.ContentType));

        // The acknowledgement reaches the client's own mailbox.
        var ack = await DeliveredToAsync(client.Email, ticket.Id, NotificationKind.Acknowledgement.Id);
        Assert.Contains(ticket.Reference, ack.Subject, StringComparison.Ordinal);
        var root = $"{ticket.Reference}@support.example";
        Assert.Equal(root, ack.InReplyTo);

        // An agent asks for information on the portal: the client receives it in the same thread.
        var agent = app.As(W.AgentA.Token);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostJsonAsync($"/api/v1/tickets/{ticket.Id}/state", new { state = "a-qualifier-client", comment = "Quel est le numéro de l'acte concerné ?" })).StatusCode);
        var asked = await DeliveredToAsync(client.Email, ticket.Id, NotificationKind.InformationRequested.Id);
        Assert.Equal(root, asked.InReplyTo);
        Assert.Contains("Quel est le numéro de l'acte concerné ?", asked.TextBody, StringComparison.Ordinal);
        var waiting = await TicketAsync(ticket.Id);

        // The client answers from a mail client, quoting the history: the answer lands on the ticket, trimmed, and
        // the ticket moves as the portal's "Répondre" moves it.
        app.Clock.Advance(Duration.FromHours(1));
        var answer = Mail(client.Email, asked.ReplyTo.Mailboxes.Single().Address, "RE: " + asked.Subject,
            "C'est l'acte 2026-114.\n\nLe lun. 13 avr. 2026 à 11:00, Guichet <guichet@support.example> a écrit :\n> Quel est le numéro de l'acte concerné ?\n> Merci.");
        answer.InReplyTo = asked.MessageId;
        answer.References.Add(asked.MessageId!);
        await SendAsync(answer);
        Assert.Equal(1, await ReadMailboxAsync());
        var messages = await app.WithDbAsync(db => db.TicketEvents.AsNoTracking().Where(e => e.TicketId == ticket.Id && e.Kind == EventKind.Message).OrderBy(e => e.Id).Select(e => e.Text).ToListAsync());
        Assert.Equal("C'est l'acte 2026-114.", messages[^1]);
        var after = await TicketAsync(ticket.Id);
        Assert.NotEqual(waiting.State, after.State);
        Assert.Equal(await PortalReplyStateAsync(waiting.State), after.State);

        // The team hears of the client's reply, in the same thread.
        var told = await DeliveredToAsync(W.AgentA.Email, ticket.Id, NotificationKind.ClientReply.Id);
        Assert.Equal(root, told.InReplyTo);
    }

    [Fact]
    public async Task What_cannot_be_filed_safely_goes_to_quarantine_and_machines_are_never_answered()
    {
        var outboxBefore = await app.WithDbAsync(db => db.Outbox.CountAsync());

        // An unknown sender.
        await SendAsync(Mail("inconnu.total@ailleurs.example", app.SupportAddress, "Demande d'un inconnu", "Bonjour, je voudrais de l'aide."));

        // An out-of-office and an auto-reply from a declared client.
        var client = W.ByPreset["mn"].Simple;
        var away = Mail(client.Email, app.SupportAddress, "Absence du bureau", "Je suis absente jusqu'au 20 avril.");
        away.Headers.Add("X-Auto-Response-Suppress", "All");
        await SendAsync(away);
        var auto = Mail(client.Email, app.SupportAddress, "Réponse automatique : votre demande", "Message reçu.");
        auto.Headers.Add("Auto-Submitted", "auto-replied");
        await SendAsync(auto);

        // A reply from another organisation's user to a ticket's signed address.
        var number = await CreateTicketAsync(W.A.Simple, "Signée");
        var signed = await app.WithServiceAsync<MailSigning, string>(s => Task.FromResult(ReplyAddresses.For(app.MailSettings, s, Ticket.FormatReference(number), W.A.Simple.Id)!));
        await SendAsync(Mail(W.ByPreset["e23"].Simple.Email, signed, "Re: Signée", "Je réponds à la place."));

        Assert.Equal(4, await ReadMailboxAsync());
        var mails = await app.WithDbAsync(db => db.Set<InboundMail>().AsNoTracking().Where(m => m.Mailbox == app.MailboxName).OrderBy(m => m.Id).ToListAsync());
        var bySubject = mails.ToDictionary(m => m.Subject);
        Assert.Equal(InboundStatus.Quarantined, bySubject["Demande d'un inconnu"].Status);
        Assert.Contains("Expéditeur inconnu", bySubject["Demande d'un inconnu"].Reason, StringComparison.Ordinal);
        Assert.Equal(InboundStatus.Ignored, bySubject["Absence du bureau"].Status);
        Assert.Equal(InboundStatus.Ignored, bySubject["Réponse automatique : votre demande"].Status);
        Assert.Equal(InboundStatus.Quarantined, bySubject["Re: Signée"].Status);
        Assert.Contains("autre organisation", bySubject["Re: Signée"].Reason, StringComparison.Ordinal);

        // Nothing was answered and no ticket changed: the only new mail is the acknowledgement of the ticket made above.
        await app.WithServiceAsync<NotificationDispatcher, int>(d => d.RunOnceAsync(CancellationToken.None));
        var written = await app.WithDbAsync(db => db.Outbox.AsNoTracking().OrderBy(m => m.CreatedAt).Skip(outboxBefore).Select(m => new { m.To, m.Kind, m.TicketId }).ToListAsync());
        Assert.DoesNotContain(written, m => m.To == "inconnu.total@ailleurs.example" || m.To == client.Email || m.To == W.ByPreset["e23"].Simple.Email);
        Assert.All(written, m => Assert.Equal(number, m.TicketId));
        Assert.Equal(0, await app.WithDbAsync(db => db.TicketEvents.CountAsync(e => e.TicketId == number && e.Kind == EventKind.Message)));
    }

    [Fact]
    public async Task The_same_mail_fetched_twice_is_one_ticket()
    {
        var subject = $"Doublon {Guid.NewGuid():N}"[..24];
        var mail = Mail(W.ByPreset["at"].Simple.Email, app.SupportAddress, subject, "Une seule demande.");
        await SendAsync(mail);
        Assert.Equal(1, await ReadMailboxAsync());

        // The server delivers it again (a copy), and the reader forgets where it stopped (a crash before saving it).
        await SendAsync(mail);
        await app.WithDbAsync(db => db.Set<MailboxState>().Where(s => s.Name == app.MailboxName).ExecuteUpdateAsync(s => s.SetProperty(m => m.LastUid, 0)));
        Assert.Equal(0, await ReadMailboxAsync());
        Assert.Equal(1, await app.WithDbAsync(db => db.Tickets.CountAsync(t => t.Subject == subject)));
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<InboundMail>().CountAsync(m => m.MessageId == mail.MessageId)));
    }

    [Fact]
    public async Task A_bounce_flags_the_address_and_no_further_mail_goes_to_it()
    {
        // Before the bounce, the person is told of their own request.
        var person = W.ByPreset["es26"].Referent;
        var before = await CreateTicketAsync(person, "Avant le rejet");
        await app.WithServiceAsync<NotificationDispatcher, int>(d => d.RunOnceAsync(CancellationToken.None));
        Assert.True(await app.WithDbAsync(db => db.Outbox.AnyAsync(m => m.TicketId == before && m.To == person.Email)));

        var report = new MultipartReport("delivery-status")
        {
            new TextPart("plain") { Text = $"Delivery to {person.Email} failed permanently." },
        };
        var status = new MessageDeliveryStatus();
        status.StatusGroups.Add(new HeaderList { { "Reporting-MTA", "dns; mx.example" } });
        status.StatusGroups.Add(new HeaderList { { "Final-Recipient", $"rfc822; {person.Email}" }, { "Action", "failed" }, { "Status", "5.1.1" } });
        report.Add(status);
        var bounce = Mail("MAILER-DAEMON@mx.example", app.SupportAddress, "Undelivered Mail Returned to Sender", "");
        bounce.Body = report;
        bounce.Headers.Add("Auto-Submitted", "auto-replied");
        await SendAsync(bounce);
        Assert.Equal(1, await ReadMailboxAsync());

        var user = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == person.Id));
        Assert.NotNull(user.EmailUndeliverableAt);
        Assert.Contains(person.Email, user.EmailUndeliverableReason, StringComparison.Ordinal);

        // After it, nothing more is sent to the failing address.
        var number = await CreateTicketAsync(person, "Après le rejet");
        await app.WithServiceAsync<NotificationDispatcher, int>(d => d.RunOnceAsync(CancellationToken.None));
        Assert.False(await app.WithDbAsync(db => db.Outbox.AnyAsync(m => m.TicketId == number && m.To == person.Email)));
        Assert.False(await app.WithDbAsync(db => db.Set<TicketNotice>().AnyAsync(n => n.Event.TicketId == number)));
    }

    [Fact]
    public async Task A_reply_to_a_closed_ticket_gets_a_polite_answer_a_few_times_a_day_at_most()
    {
        var client = W.ByPreset["ls"].Referent;
        var number = await CreateTicketAsync(client, "Bientôt close");
        Assert.Equal(HttpStatusCode.OK, (await app.As(client.Token).PostJsonAsync($"/api/v1/tickets/{number}/replies", new { action = "reply-and-close", text = "Merci, c'est réglé." })).StatusCode);
        var closed = await TicketAsync(number);
        Assert.True(closed.IsClosed, closed.State);

        for (var i = 0; i < 4; i++)
        {
            await SendAsync(Mail(client.Email, app.SupportAddress, $"Re: [{Ticket.FormatReference(number)}] Bientôt close", $"Encore une question ({i})."));
        }

        Assert.Equal(4, await ReadMailboxAsync());
        var statuses = await app.WithDbAsync(db => db.Set<InboundMail>().AsNoTracking().Where(m => m.Mailbox == app.MailboxName && m.Subject.EndsWith("Bientôt close")).OrderBy(m => m.Id).Select(m => m.Status).ToListAsync());
        Assert.Equal([InboundStatus.Answered, InboundStatus.Answered, InboundStatus.Answered, InboundStatus.Quarantined], statuses);
        var answers = await app.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.To == client.Email && m.Kind == InboundFiler.AnswerKind).ToListAsync());
        Assert.Equal(3, answers.Count);
        Assert.Contains("https://guichet.example/demandes/nouvelle", answers[0].Body, StringComparison.Ordinal);
        Assert.Contains("Auto-Submitted: auto-replied", answers[0].Headers, StringComparison.Ordinal);
        Assert.Equal(closed.Version, (await TicketAsync(number)).Version);
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static MimeMessage Mail(string from, string to, string subject, string text)
    {
        var message = new MimeMessage { Subject = subject, Body = new TextPart("plain") { Text = text } };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("client.example");
        message.Date = DateTimeOffset.UtcNow;
        return message;
    }

    private static async Task SendAsync(MimeMessage message)
    {
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync("127.0.0.1", TestSmtp.Port, SecureSocketOptions.None);
        await smtp.SendAsync(message);
        await smtp.DisconnectAsync(true);
    }

    /// <summary>Reads the fixture's support mailbox once (as the job would); returns how many mails were filed.</summary>
    private Task<int> ReadMailboxAsync() => app.WithServiceAsync<MailboxReader, int>(r => r.RunOnceAsync(CancellationToken.None));

    private async Task<long> CreateTicketAsync(World.Person client, string subject)
    {
        var response = await app.As(client.Token).PostJsonAsync("/api/v1/tickets", new { productId = W.ProductId, queueId = W.QueueId, subject, body = "Texte de la demande." });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadAsync()).GetProperty("number").GetInt64();
    }

    private Task<Ticket> TicketAsync(long number) => app.WithDbAsync(db => db.Tickets.AsNoTracking().SingleAsync(t => t.Id == number));

    /// <summary>The state the portal's "Répondre" leads to from <paramref name="state"/>, on a twin ticket answered on the portal.</summary>
    private async Task<string> PortalReplyStateAsync(string state)
    {
        var client = W.A.Simple;
        var twin = await CreateTicketAsync(client, "Jumelle");
        Assert.Equal(HttpStatusCode.OK, (await app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/tickets/{twin}/state", new { state })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.As(client.Token).PostJsonAsync($"/api/v1/tickets/{twin}/replies", new { action = "reply", text = "Réponse sur le portail." })).StatusCode);
        return (await TicketAsync(twin)).State;
    }

    /// <summary>Dispatches and delivers the ticket's notifications, then finds the one of this kind in the person's IMAP mailbox.</summary>
    private async Task<MimeMessage> DeliveredToAsync(string address, long ticket, string kind)
    {
        await app.WithServiceAsync<NotificationDispatcher, int>(d => d.RunOnceAsync(CancellationToken.None));
        await app.WithServiceAsync<OutboxDelivery, int>(d => d.RunOnceAsync(CancellationToken.None));
        var row = await app.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.TicketId == ticket && m.To == address && m.Kind == kind).OrderByDescending(m => m.CreatedAt).FirstAsync());
        Assert.NotNull(row.SentAt);
        using var imap = new ImapClient();
        await imap.ConnectAsync("127.0.0.1", TestImap.Port, SecureSocketOptions.None);
        await imap.AuthenticateAsync(address, TestImap.Password);
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var found = await imap.Inbox.SearchAsync(SearchQuery.HeaderContains("Message-ID", row.MessageId!));
        var message = await imap.Inbox.GetMessageAsync(Assert.Single(found));
        await imap.DisconnectAsync(true);
        return message;
    }
}

/// <summary>The IMAP server ./test.sh starts (Dovecot; any user name, one password).</summary>
internal static class TestImap
{
    public const string Password = "secret";

    public static int Port
    {
        get
        {
            var port = Environment.GetEnvironmentVariable("GUICHET_TEST_IMAP_PORT");
            Assert.False(string.IsNullOrWhiteSpace(port), "GUICHET_TEST_IMAP_PORT is not set: run the suites with ./test.sh, which starts an IMAP server.");
            return int.Parse(port, CultureInfo.InvariantCulture);
        }
    }
}

/// <summary>An application reading its own support mailbox on the test IMAP server, with jobs off (the tests run them).</summary>
public abstract class InboundMailApp : GuichetApp
{
    private static readonly string Id = Guid.NewGuid().ToString("N")[..8];

    protected InboundMailApp(bool postgres, string name)
        : base(postgres, () => Settings(name))
    {
        MailboxName = name;
        SupportAddress = $"support-{name}-{Id}@support.example";
    }

    public string MailboxName { get; }

    public string SupportAddress { get; }

    internal MailOptions MailSettings => new() { ReplyAddress = SupportAddress, From = TestSmtp.From, PublicUrl = "https://guichet.example/" };

    private static Dictionary<string, string?> Settings(string name)
    {
        var address = $"support-{name}-{Id}@support.example";
        return new Dictionary<string, string?>(TestSmtp.Settings())
        {
            ["Guichet:Mail:ReplyAddress"] = address,
            ["Guichet:Mail:MaxAgeMinutes"] = "0",
            ["Guichet:Mail:Inbound:Mailboxes:0:Name"] = name,
            ["Guichet:Mail:Inbound:Mailboxes:0:Host"] = "127.0.0.1",
            ["Guichet:Mail:Inbound:Mailboxes:0:Port"] = TestImap.Port.ToString(CultureInfo.InvariantCulture),
            ["Guichet:Mail:Inbound:Mailboxes:0:Security"] = "None",
            ["Guichet:Mail:Inbound:Mailboxes:0:User"] = address,
            ["Guichet:Mail:Inbound:Mailboxes:0:Password"] = TestImap.Password,
            ["Guichet:Mail:Inbound:Mailboxes:0:Product"] = "Actes",
            ["Guichet:Mail:Inbound:Mailboxes:0:Queue"] = "Support",
        };
    }
}

public sealed class SqliteInboundMailApp() : InboundMailApp(postgres: false, "sqlite");

public sealed class PostgresInboundMailApp() : InboundMailApp(postgres: true, "postgres");

public sealed class SqliteInboundMailTests(SqliteInboundMailApp app) : InboundMailTests(app), IClassFixture<SqliteInboundMailApp>;

public sealed class PostgresInboundMailTests(PostgresInboundMailApp app) : InboundMailTests(app), IClassFixture<PostgresInboundMailApp>;
