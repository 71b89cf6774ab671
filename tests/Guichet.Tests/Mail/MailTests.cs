using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Web;
using Guichet.Data;
using Guichet.Features.Mail;
using Guichet.Tests.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using NodaTime;

namespace Guichet.Tests.Mail;

/// <summary>
/// The outbox delivered to a real SMTP server (aiosmtpd, started by ./test.sh), read back from its Maildir; on
/// SQLite and on PostgreSQL. Each message is found by its Message-Id, which comes from its outbox row, so the
/// two databases' runs can share the one mailbox.
/// </summary>
public abstract class MailTests(GuichetApp app)
{
    private readonly SmtpServerBackoff _server = new();

    private World W => app.World;

    [Fact]
    public async Task A_reset_mail_reaches_the_mailbox_and_its_code_works_once()
    {
        var person = W.ByPreset["mn"].Simple;
        var anonymous = app.As(null);
        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.PostJsonAsync("/api/v1/auth/forgot-password", new { email = person.Email })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.PostJsonAsync("/api/v1/auth/forgot-password", new { email = "personne@nulle-part.example" })).StatusCode);
        var row = await app.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.To == person.Email));
        Assert.False(await app.WithDbAsync(db => db.Outbox.AnyAsync(m => m.To == "personne@nulle-part.example")));

        Assert.True(await DeliverAsync() >= 1);

        var mail = Assert.Single(await TestSmtp.DeliveredAsync(row.Id));
        Assert.Equal(person.Email, Assert.Single(mail.To.Mailboxes).Address);
        var from = Assert.Single(mail.From.Mailboxes);
        Assert.Equal(("Guichet", TestSmtp.From), (from.Name, from.Address));
        Assert.Equal("Guichet : réinitialisation de votre mot de passe", mail.Subject);
        var body = Assert.IsType<TextPart>(mail.Body);
        Assert.True(body.IsPlain);
        Assert.Equal("utf-8", body.ContentType.Charset, ignoreCase: true);

        var lines = body.Text.Split('\n').Select(l => l.Trim()).ToList();
        Assert.Contains(lines, l => l.Contains("1 heure", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Si vous n'avez pas demandé cette réinitialisation, ignorez ce message", StringComparison.Ordinal));
        var link = Assert.Single(lines, l => l.StartsWith("https://guichet.example/mot-de-passe/reinitialiser?", StringComparison.Ordinal));
        var query = HttpUtility.ParseQueryString(new Uri(link).Query);
        Assert.Equal(person.Email, query["email"]);
        var code = query["code"] ?? "";
        Assert.True(code.Length > 40, code);
        Assert.Contains(code, lines); // also on its own line, to type in

        var reset = await anonymous.PostJsonAsync("/api/v1/auth/reset-password", new { email = person.Email, token = code, newPassword = "Hirondelle-Basalte-Quartz-61" });
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        var reused = await anonymous.PostJsonAsync("/api/v1/auth/reset-password", new { email = person.Email, token = code, newPassword = "Autre-Hirondelle-Quartz-62" });
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Equal("invalid_token", (await reused.ReadAsync()).Code());

        var sent = await RowAsync(row.Id);
        Assert.Equal(app.Clock.GetCurrentInstant(), sent.SentAt);
        Assert.Equal(1, sent.Attempts);
        Assert.Null(sent.LastError);
        Assert.Null(sent.NextAttemptAt);
    }

    [Fact]
    public async Task An_unreachable_server_uses_no_attempt_and_the_mail_goes_once_it_is_back()
    {
        List<Guid> ids = [await QueueAsync("panne-1"), await QueueAsync("panne-2")];
        var closed = ClosedPort();

        // An outage over more rounds than there are attempts: each round stops at the refused connection, and the
        // mail waits as long as the server is left alone (1, 5, then 15 minutes), with the error and no attempt.
        var waits = new List<int>();
        for (var round = 1; round <= OutboxDelivery.MaxAttempts + 2; round++)
        {
            var before = app.Clock.GetCurrentInstant();
            Assert.Equal(0, await DeliverAsync(port: closed, maxAgeMinutes: 0));
            var rows = await RowsAsync(ids);
            Assert.All(rows, r => Assert.Equal((0, null), (r.Attempts, r.SentAt)));
            Assert.Single(rows.Select(r => (r.NextAttemptAt, r.LastError)).Distinct());
            Assert.False(string.IsNullOrWhiteSpace(rows[0].LastError));
            var retryAt = rows[0].NextAttemptAt!.Value;
            waits.Add((int)(retryAt - before).TotalMinutes);

            if (round == 1)
            {
                // Within the back-off no run goes to the server: mail written meanwhile is not even tried.
                app.Clock.Advance(Duration.FromSeconds(30));
                var written = await QueueAsync("panne-3");
                Assert.Equal(0, await DeliverAsync(port: closed, maxAgeMinutes: 0));
                var untouched = await RowAsync(written);
                Assert.Equal((0, null, null), (untouched.Attempts, untouched.NextAttemptAt, untouched.LastError));
                ids.Add(written);
            }

            app.Clock.Advance(retryAt - app.Clock.GetCurrentInstant());
        }

        Assert.Equal([1, 5, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15], waits);

        // Two days later, still down: still no attempt used.
        app.Clock.Advance(Duration.FromDays(2));
        Assert.Equal(0, await DeliverAsync(port: closed, maxAgeMinutes: 0));
        var waiting = await RowsAsync(ids);
        Assert.All(waiting, r => Assert.Equal(0, r.Attempts));

        // The server is back, but the back-off has not run out: nothing goes yet.
        Assert.Equal(0, await DeliverAsync(maxAgeMinutes: 0));
        foreach (var id in ids)
        {
            Assert.Empty(await TestSmtp.DeliveredAsync(id));
        }

        app.Clock.Advance(waiting[0].NextAttemptAt!.Value - app.Clock.GetCurrentInstant());
        Assert.Equal(ids.Count, await DeliverAsync(maxAgeMinutes: 0));
        Assert.Equal(0, await DeliverAsync(maxAgeMinutes: 0));
        foreach (var id in ids)
        {
            Assert.Single(await TestSmtp.DeliveredAsync(id));
            var sent = await RowAsync(id);
            Assert.Equal((app.Clock.GetCurrentInstant(), 1, null), (sent.SentAt, sent.Attempts, sent.NextAttemptAt));
            Assert.Equal(waiting[0].LastError, sent.LastError); // kept for the story
        }
    }

    [Fact]
    public async Task Refusals_count_as_attempts_back_off_and_stop_after_ten_leaving_the_error_for_the_operator()
    {
        // The test server refuses this domain with 554 5.7.1, a refusal that a relay's configuration can cause.
        var id = await QueueAsync("abandon", domain: "refuse.example");
        var delays = new List<Duration>();
        for (var attempt = 1; attempt <= OutboxDelivery.MaxAttempts; attempt++)
        {
            var before = app.Clock.GetCurrentInstant();
            Assert.Equal(0, await DeliverAsync(maxAgeMinutes: 0));
            var row = await RowAsync(id);
            Assert.Equal(attempt, row.Attempts);
            if (attempt < OutboxDelivery.MaxAttempts)
            {
                delays.Add(row.NextAttemptAt!.Value - before);
                app.Clock.Advance(row.NextAttemptAt.Value - before);
            }
        }

        Assert.Equal([1, 5, 15, 60, 360, 360, 360, 360, 360], delays.Select(d => (int)d.TotalMinutes));
        var abandoned = await RowAsync(id);
        Assert.Null(abandoned.SentAt);
        Assert.Null(abandoned.NextAttemptAt);
        Assert.InRange(abandoned.LastError?.Length ?? 0, 1, OutboxDelivery.LastErrorMaxLength);
        Assert.Contains("(554)", abandoned.LastError, StringComparison.Ordinal);
        Assert.Contains("5.7.1", abandoned.LastError, StringComparison.Ordinal);

        app.Clock.Advance(Duration.FromDays(2));
        await DeliverAsync(maxAgeMinutes: 0);
        Assert.Empty(await TestSmtp.DeliveredAsync(id));
        Assert.Equal(abandoned, await RowAsync(id), OutboxComparer.Instance);

        // The operator's query of docs/mail.md, once the cause is fixed (here for this row only): it goes again.
        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync(
            $"""
            UPDATE "Outbox" SET "Attempts" = 0, "NextAttemptAt" = "CreatedAt"
            WHERE "SentAt" IS NULL AND "NextAttemptAt" IS NULL AND "LastError" IS NOT NULL AND "Body" <> ''
            AND "To" = {abandoned.To}
            """));
        await DeliverAsync(maxAgeMinutes: 0);
        var again = await RowAsync(id);
        Assert.Equal(1, again.Attempts);
        Assert.Equal(app.Clock.GetCurrentInstant() + OutboxDelivery.RetryDelay(1), again.NextAttemptAt);
    }

    [Fact]
    public async Task Each_message_is_judged_on_the_servers_reply_to_it()
    {
        var unknown = await QueueAsync("personne", domain: "inconnu.example"); // 550 5.1.1: no such mailbox
        var busy = await QueueAsync("boite", domain: "occupe.example"); // 450 4.2.1: try again later
        app.Clock.Advance(Duration.FromSeconds(1));
        var fine = await QueueAsync("bien"); // the youngest: sent after the refusals, on the same connection

        // The refusals do not stop the run: the server is there, only those messages are refused.
        Assert.Equal(1, await DeliverAsync());
        Assert.Single(await TestSmtp.DeliveredAsync(fine));

        // No such mailbox: sending again cannot help, given up at the first refusal.
        var rejected = await RowAsync(unknown);
        Assert.Equal((null, 1, null), (rejected.SentAt, rejected.Attempts, rejected.NextAttemptAt));
        Assert.Contains("(550)", rejected.LastError, StringComparison.Ordinal);
        Assert.Contains("5.1.1", rejected.LastError, StringComparison.Ordinal);

        // Refused for now: it waits, and the refusal is no attempt.
        var later = await RowAsync(busy);
        Assert.Equal((null, 0), (later.SentAt, later.Attempts));
        Assert.Equal(app.Clock.GetCurrentInstant() + OutboxDelivery.TemporaryRefusalDelay, later.NextAttemptAt);
        Assert.Contains("(450)", later.LastError, StringComparison.Ordinal);

        app.Clock.Advance(OutboxDelivery.TemporaryRefusalDelay);
        Assert.Equal(0, await DeliverAsync());
        Assert.Equal(0, (await RowAsync(busy)).Attempts);
        Assert.Equal(rejected, await RowAsync(unknown), OutboxComparer.Instance);
        Assert.Empty(await TestSmtp.DeliveredAsync(unknown));
        Assert.Empty(await TestSmtp.DeliveredAsync(busy));

        // It does not wait for ever: past the age limit, it is given up.
        app.Clock.Advance(Duration.FromMinutes(new MailOptions().MaxAgeMinutes));
        await DeliverAsync();
        var expired = await RowAsync(busy);
        Assert.Equal((null, 0, null), (expired.SentAt, expired.Attempts, expired.NextAttemptAt));
        Assert.StartsWith("Given up: not sent within 60 minutes of being written. Last error: SmtpCommandException (450)", expired.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mail_older_than_the_age_limit_is_given_up_unsent_with_its_last_error()
    {
        var old = await QueueAsync("vieux");
        Assert.Equal(0, await DeliverAsync(port: ClosedPort()));
        var error = (await RowAsync(old)).LastError;

        // A reset code lives one hour (the default limit): past it, the mail would carry a dead code.
        app.Clock.Advance(Duration.FromMinutes(new MailOptions().MaxAgeMinutes) + Duration.FromSeconds(1));
        var fresh = await QueueAsync("frais");
        Assert.Equal(1, await DeliverAsync());
        Assert.Single(await TestSmtp.DeliveredAsync(fresh));
        Assert.Empty(await TestSmtp.DeliveredAsync(old));
        var given = await RowAsync(old);
        Assert.Equal((null, 0, null), (given.SentAt, given.Attempts, given.NextAttemptAt));
        Assert.Equal($"Given up: not sent within 60 minutes of being written. Last error: {error}", given.LastError);

        app.Clock.Advance(Duration.FromDays(1));
        Assert.Equal(0, await DeliverAsync());
        Assert.Equal(given, await RowAsync(old), OutboxComparer.Instance);
    }

    [Fact]
    public async Task Retention_erases_old_texts_then_old_rows_and_keeps_recent_or_waiting_mail()
    {
        var start = app.Clock.GetCurrentInstant();
        var sentLongAgo = await QueueAsync("ancien");
        var givenUp = await QueueAsync("perdu", domain: "inconnu.example");
        var waiting = await QueueAsync("patient", domain: "occupe.example");
        Assert.Equal(1, await DeliverAsync());

        app.Clock.Advance(Duration.FromDays(6));
        var recent = await QueueAsync("recent");
        Assert.Equal(1, await DeliverAsync(maxAgeMinutes: 0));
        var body = (await RowAsync(recent)).Body;
        Assert.Contains("Ceci est un essai", body, StringComparison.Ordinal);

        // Seven days (the default) after sending or writing: texts erased; who, what and when stay.
        app.Clock.Advance(Duration.FromDays(1) + Duration.FromMinutes(1));
        await RetainAsync();
        var erased = await RowAsync(sentLongAgo);
        Assert.Equal(("", start), (erased.Body, erased.SentAt));
        Assert.StartsWith("ancien-", erased.To, StringComparison.Ordinal);
        Assert.Equal("Guichet : essai d'envoi", erased.Subject);
        var erasedGivenUp = await RowAsync(givenUp);
        Assert.Equal("", erasedGivenUp.Body);
        Assert.Contains("5.1.1", erasedGivenUp.LastError, StringComparison.Ordinal);
        Assert.Equal(body, (await RowAsync(recent)).Body);
        Assert.Equal(body, (await RowAsync(waiting)).Body); // still to send
        Assert.Equal(0, await RetainAsync());

        // Ninety days (the default): rows deleted; mail sent since keeps its row, without its text.
        app.Clock.Advance(Duration.FromDays(83));
        await RetainAsync();
        Assert.False(await app.WithDbAsync(db => db.Outbox.AnyAsync(m => m.Id == sentLongAgo || m.Id == givenUp)));
        var kept = await RowAsync(recent);
        Assert.Equal(("", start + Duration.FromDays(6)), (kept.Body, kept.SentAt));
        Assert.Equal(body, (await RowAsync(waiting)).Body);
        Assert.Equal(0, await RetainAsync());
    }

    [Fact]
    public async Task Two_runs_at_once_deliver_each_message_exactly_once()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 40; i++)
        {
            ids.Add(await QueueAsync($"concurrence-{i}"));
        }

        var runs = await Task.WhenAll(DeliverAsync(), DeliverAsync());

        Assert.Equal(ids.Count, runs.Sum());
        foreach (var id in ids)
        {
            Assert.Single(await TestSmtp.DeliveredAsync(id));
            var row = await RowAsync(id);
            Assert.NotNull(row.SentAt);
            Assert.Equal(1, row.Attempts);
        }
    }

    [Fact]
    public async Task Without_an_smtp_host_mail_stays_in_the_outbox_until_one_is_set()
    {
        var id = await QueueAsync("sans-serveur");

        Assert.Equal(0, await DeliverAsync(host: ""));
        var waiting = await RowAsync(id);
        Assert.Null(waiting.SentAt);
        Assert.Equal(0, waiting.Attempts);
        Assert.Null(waiting.NextAttemptAt);

        Assert.Equal(1, await DeliverAsync());
        Assert.Single(await TestSmtp.DeliveredAsync(id));
    }

    /// <summary>One delivery run through the application's services, or with another SMTP host, port or age limit.</summary>
    /// <remarks>The SMTP server's back-off is this test's (xUnit makes one test class instance per test).</remarks>
    private async Task<int> DeliverAsync(string? host = null, int? port = null, int? maxAgeMinutes = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var configured = services.GetRequiredService<IOptions<MailOptions>>().Value;
        var settings = new MailOptions
        {
            Host = host ?? configured.Host,
            Port = port ?? configured.Port,
            From = configured.From,
            FromName = configured.FromName,
            PublicUrl = configured.PublicUrl,
            MaxAgeMinutes = maxAgeMinutes ?? configured.MaxAgeMinutes,
        };
        var delivery = new OutboxDelivery(services.GetRequiredService<GuichetDbContext>(), app.Clock, Options.Create(settings), _server, services.GetRequiredService<ILogger<OutboxDelivery>>());
        return await delivery.RunOnceAsync(CancellationToken.None);
    }

    /// <summary>One retention run, with the application's settings and clock.</summary>
    private Task<int> RetainAsync() => app.WithServiceAsync<OutboxRetention, int>(r => r.RunOnceAsync(CancellationToken.None));

    private async Task<Guid> QueueAsync(string name, string domain = "commune.example")
    {
        var message = new OutboxMessage
        {
            To = $"{name}-{Guid.NewGuid():N}@{domain}",
            Subject = "Guichet : essai d'envoi",
            Body = "Bonjour,\n\nCeci est un essai : é, à, ç, œ, €.\n",
            CreatedAt = app.Clock.GetCurrentInstant(),
        };
        await app.WithDbAsync(async db =>
        {
            db.Outbox.Add(message);
            return await db.SaveChangesAsync();
        });
        return message.Id;
    }

    private Task<OutboxMessage> RowAsync(Guid id) => app.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.Id == id));

    private Task<List<OutboxMessage>> RowsAsync(List<Guid> ids) => app.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => ids.Contains(m.Id)).ToListAsync());

    /// <summary>A loopback port nobody listens on (it was free a moment ago).</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>The SMTP server and Maildir that ./test.sh starts (GUICHET_TEST_SMTP_PORT, GUICHET_TEST_MAILDIR).</summary>
internal static class TestSmtp
{
    public const string From = "guichet@support.example";

    public static int Port
    {
        get
        {
            var port = Environment.GetEnvironmentVariable("GUICHET_TEST_SMTP_PORT");
            Assert.False(string.IsNullOrWhiteSpace(port), "GUICHET_TEST_SMTP_PORT is not set: run the suites with ./test.sh, which starts an SMTP server.");
            return int.Parse(port, CultureInfo.InvariantCulture);
        }
    }

    public static string Maildir
    {
        get
        {
            var directory = Environment.GetEnvironmentVariable("GUICHET_TEST_MAILDIR");
            Assert.False(string.IsNullOrWhiteSpace(directory), "GUICHET_TEST_MAILDIR is not set: run the suites with ./test.sh, which starts an SMTP server writing to a Maildir.");
            return directory;
        }
    }

    /// <summary>The application's settings for the test server; fails the tests when ./test.sh did not start it.</summary>
    public static IReadOnlyDictionary<string, string?> Settings()
    {
        var port = Port;
        _ = Maildir;
        return new Dictionary<string, string?>
        {
            ["Guichet:Mail:Host"] = "127.0.0.1",
            ["Guichet:Mail:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Guichet:Mail:From"] = From,
            ["Guichet:PublicUrl"] = "https://guichet.example/",
        };
    }

    /// <summary>The messages the server received for an outbox row (its Message-Id is the row's id).</summary>
    public static async Task<List<MimeMessage>> DeliveredAsync(Guid outboxId)
    {
        var messageId = $"{outboxId:N}@support.example";
        var found = new List<MimeMessage>();
        foreach (var folder in new[] { "new", "cur" }.Select(f => Path.Combine(Maildir, f)).Where(Directory.Exists))
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
}

/// <summary>Two outbox rows hold the same values.</summary>
internal sealed class OutboxComparer : IEqualityComparer<OutboxMessage>
{
    public static readonly OutboxComparer Instance = new();

    public bool Equals(OutboxMessage? x, OutboxMessage? y) =>
        x is not null && y is not null
        && (x.Id, x.To, x.Subject, x.Body, x.CreatedAt, x.SentAt, x.Attempts, x.NextAttemptAt, x.LastError)
        == (y.Id, y.To, y.Subject, y.Body, y.CreatedAt, y.SentAt, y.Attempts, y.NextAttemptAt, y.LastError);

    public int GetHashCode(OutboxMessage obj) => obj.Id.GetHashCode();
}

public class MailOptionsTests
{
    [Fact]
    public void Settings_say_what_is_missing()
    {
        Assert.Empty(new MailOptions().Problems());
        Assert.Equal(["Guichet:Mail:From must be the sender's address when Guichet:Mail:Host is set."], new MailOptions { Host = "smtp.example" }.Problems());
        Assert.Single(new MailOptions { Host = "smtp.example", From = "guichet@support.example", Port = 0 }.Problems());
        Assert.Single(new MailOptions { PublicUrl = "guichet.example" }.Problems());
        Assert.Equal("https://guichet.example/x", new MailOptions { PublicUrl = "https://guichet.example/" }.Link("/x"));
        Assert.Equal((60, 7, 90), (new MailOptions().MaxAgeMinutes, new MailOptions().BodyRetentionDays, new MailOptions().RetentionDays));
        Assert.Empty(new MailOptions { MaxAgeMinutes = 0, BodyRetentionDays = 0, RetentionDays = 0 }.Problems());
        Assert.Single(new MailOptions { MaxAgeMinutes = -1 }.Problems());
        Assert.Single(new MailOptions { BodyRetentionDays = -1 }.Problems());
        Assert.Equal(["Guichet:Mail:RetentionDays must be between 0 and 36500, not 40000."], new MailOptions { RetentionDays = 40_000 }.Problems());
    }
}

public sealed class SqliteMailApp() : GuichetApp(postgres: false, TestSmtp.Settings);

public sealed class PostgresMailApp() : GuichetApp(postgres: true, TestSmtp.Settings);

public sealed class SqliteMailTests(SqliteMailApp app) : MailTests(app), IClassFixture<SqliteMailApp>;

public sealed class PostgresMailTests(PostgresMailApp app) : MailTests(app), IClassFixture<PostgresMailApp>;
