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
    public async Task An_unreachable_server_is_retried_after_the_delay_and_the_mail_then_goes_once()
    {
        var id = await QueueAsync("retard");

        await DeliverAsync(port: ClosedPort());
        var failed = await RowAsync(id);
        Assert.Null(failed.SentAt);
        Assert.Equal(1, failed.Attempts);
        Assert.False(string.IsNullOrWhiteSpace(failed.LastError));
        Assert.Equal(app.Clock.GetCurrentInstant() + OutboxDelivery.RetryDelay(1), failed.NextAttemptAt);

        // The server is back, but the delay has not passed: the message waits.
        app.Clock.Advance(Duration.FromSeconds(30));
        await DeliverAsync();
        Assert.Empty(await TestSmtp.DeliveredAsync(id));
        Assert.Equal(1, (await RowAsync(id)).Attempts);

        app.Clock.Advance(Duration.FromSeconds(30));
        await DeliverAsync();
        await DeliverAsync();
        Assert.Single(await TestSmtp.DeliveredAsync(id));
        var sent = await RowAsync(id);
        Assert.Equal(app.Clock.GetCurrentInstant(), sent.SentAt);
        Assert.Equal(2, sent.Attempts);
        Assert.Null(sent.NextAttemptAt);
        Assert.Equal(failed.LastError, sent.LastError); // kept for the story
    }

    [Fact]
    public async Task Retries_back_off_and_stop_after_ten_attempts_leaving_the_error_for_the_operator()
    {
        var id = await QueueAsync("abandon");
        var closed = ClosedPort();
        var delays = new List<Duration>();
        for (var attempt = 1; attempt <= OutboxDelivery.MaxAttempts; attempt++)
        {
            var before = app.Clock.GetCurrentInstant();
            await DeliverAsync(port: closed);
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

        app.Clock.Advance(Duration.FromDays(2));
        await DeliverAsync();
        Assert.Empty(await TestSmtp.DeliveredAsync(id));
        Assert.Equal(OutboxDelivery.MaxAttempts, (await RowAsync(id)).Attempts);
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

    /// <summary>One delivery run through the application's services, or with another SMTP host or port.</summary>
    private async Task<int> DeliverAsync(string? host = null, int? port = null)
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
        };
        var delivery = new OutboxDelivery(services.GetRequiredService<GuichetDbContext>(), app.Clock, Options.Create(settings), services.GetRequiredService<ILogger<OutboxDelivery>>());
        return await delivery.RunOnceAsync(CancellationToken.None);
    }

    private async Task<Guid> QueueAsync(string name)
    {
        var message = new OutboxMessage
        {
            To = $"{name}-{Guid.NewGuid():N}@commune.example",
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
    }
}

public sealed class SqliteMailApp() : GuichetApp(postgres: false, TestSmtp.Settings);

public sealed class PostgresMailApp() : GuichetApp(postgres: true, TestSmtp.Settings);

public sealed class SqliteMailTests(SqliteMailApp app) : MailTests(app), IClassFixture<SqliteMailApp>;

public sealed class PostgresMailTests(PostgresMailApp app) : MailTests(app), IClassFixture<PostgresMailApp>;
