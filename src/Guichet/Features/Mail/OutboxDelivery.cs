using System.Linq.Expressions;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Guichet.Data;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using MimeKit.Text;
using NodaTime;

namespace Guichet.Features.Mail;

/// <summary>
/// Sends the outbox's due mail over one SMTP connection per run. Each message is claimed before it is sent: a
/// conditional update moves its <see cref="OutboxMessage.NextAttemptAt"/> forward by <see cref="Lease"/>, and
/// succeeds only if the row is still due and holds what this run read, so two runs (or two instances) never both
/// send it. A message is sent at least once, not exactly once: if the process dies between the server's acceptance
/// and the row's update, the message goes again when the lease ends (with the same Message-Id).
/// </summary>
/// <remarks>
/// A failure counts as an attempt only when the server has refused that message for good (a 5xx reply to
/// MAIL FROM, RCPT TO or DATA). When the server cannot be reached or signed in to, or the connection is lost before
/// the server has answered, the run stops, every due message waits for the <see cref="SmtpServerBackoff"/> delay
/// with the error recorded, and no attempt is counted: an outage, however long, does not use up the attempts. A
/// refusal for now (4xx) delays its message by <see cref="TemporaryRefusalDelay"/>, uncounted. Mail older than
/// <see cref="MailOptions.MaxAgeMinutes"/> is given up unsent. States: see <see cref="IsDue"/> and <see cref="IsGivenUp"/>.
/// </remarks>
internal sealed partial class OutboxDelivery(GuichetDbContext db, IClock clock, IOptions<MailOptions> options, SmtpServerBackoff server, ILogger<OutboxDelivery> logger)
{
    /// <summary>After this many refusals the message stays in the outbox, with its last error, unsent.</summary>
    public const int MaxAttempts = 10;

    public const int LastErrorMaxLength = 2000;

    /// <summary>How long a claim keeps other runs off a message; well above the SMTP time-out of one send.</summary>
    public static readonly Duration Lease = Duration.FromMinutes(10);

    /// <summary>The wait after a refusal for now (4xx: greylisting, busy or full mailbox), which counts no attempt.</summary>
    public static readonly Duration TemporaryRefusalDelay = Duration.FromMinutes(15);

    private const int BatchSize = 100;

    private static readonly Duration[] Delays =
        [Duration.FromMinutes(1), Duration.FromMinutes(5), Duration.FromMinutes(15), Duration.FromHours(1)];

    private static readonly Duration LastDelay = Duration.FromHours(6);

    private enum Verdict
    {
        Sent,

        /// <summary>The server's fault (unreachable, sign-in, lost connection, 421): nothing counted, the run stops.</summary>
        ServerFailed,

        /// <summary>Refused for now (4xx): the message waits, nothing counted.</summary>
        Later,

        /// <summary>Refused (5xx): one attempt counted, retried until <see cref="MaxAttempts"/>.</summary>
        Refused,

        /// <summary>Refused for good (the recipient does not exist) or impossible to write: given up at once.</summary>
        Rejected,
    }

    /// <summary>
    /// Unsent, not given up, and its time has come: no next attempt and no error (never tried), or a next attempt
    /// (a retry, or a claim whose lease has run out) at or before <paramref name="now"/>.
    /// </summary>
    public static Expression<Func<OutboxMessage, bool>> IsDue(Instant now) =>
        m => m.SentAt == null && ((m.NextAttemptAt == null && m.LastError == null) || m.NextAttemptAt <= now);

    /// <summary>Given up: unsent, no next attempt, and the reason in <see cref="OutboxMessage.LastError"/>.</summary>
    public static readonly Expression<Func<OutboxMessage, bool>> IsGivenUp =
        m => m.SentAt == null && m.NextAttemptAt == null && m.LastError != null;

    /// <summary>The wait after the <paramref name="attempts"/>-th refusal: 1, 5, 15, 60 minutes, then 6 hours.</summary>
    public static Duration RetryDelay(int attempts) => attempts <= Delays.Length ? Delays[Math.Max(attempts, 1) - 1] : LastDelay;

    /// <summary>Sends what is due; returns how many messages the server accepted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var settings = options.Value;
        if (!settings.IsConfigured)
        {
            return 0;
        }

        var now = clock.GetCurrentInstant();
        await GiveUpOldAsync(settings, now, ct);
        if (server.IsWaiting(now))
        {
            return 0;
        }

        var due = await db.Outbox.AsNoTracking()
            .Where(IsDue(now))
            .OrderBy(m => m.CreatedAt)
            .Take(BatchSize)
            .ToListAsync(ct);
        if (due.Count == 0)
        {
            return 0;
        }

        // Which of them carry files (ids only: the bytes are read per message, when it goes).
        var dueIds = due.Select(m => m.Id).ToList();
        var withFiles = (await db.Set<OutboxAttachment>().Where(a => dueIds.Contains(a.MessageId)).Select(a => a.MessageId).Distinct().ToListAsync(ct)).ToHashSet();
        var sent = 0;
        using var smtp = new SmtpClient { Timeout = 60_000 };
        foreach (var message in due)
        {
            if (!await ClaimAsync(message, now, ct))
            {
                continue;
            }

            var files = withFiles.Contains(message.Id)
                ? await db.Set<OutboxAttachment>().AsNoTracking().Where(a => a.MessageId == message.Id).OrderBy(a => a.Position).ToListAsync(ct)
                : [];
            var unreachable = smtp.IsConnected ? null : await TryConnectAsync(smtp, settings, ct);
            var (verdict, error) = unreachable is null
                ? await SendAsync(smtp, message, files, settings, ct)
                : (Verdict.ServerFailed, unreachable);
            if (verdict == Verdict.ServerFailed)
            {
                // The rest of the batch would meet the same server: it waits, rather than one time-out each.
                await ServerFailedAsync(message, error!, settings);
                break;
            }

            await (verdict switch
            {
                Verdict.Sent => MarkSentAsync(message),
                Verdict.Later => MarkLaterAsync(message, error!),
                _ => MarkRefusedAsync(message, error!, giveUp: verdict == Verdict.Rejected),
            });
            sent += verdict == Verdict.Sent ? 1 : 0;
        }

        if (smtp.IsConnected)
        {
            try
            {
                await smtp.DisconnectAsync(quit: true, ct);
            }
#pragma warning disable CA1031 // Everything is sent and recorded; a failed goodbye changes nothing.
            catch (Exception e) when (!ct.IsCancellationRequested)
#pragma warning restore CA1031
            {
                LogDisconnectFailed(logger, e);
            }
        }

        return sent;
    }

    /// <summary>Gives up the due mail written more than <see cref="MailOptions.MaxAgeMinutes"/> ago, keeping its last error.</summary>
    private async Task GiveUpOldAsync(MailOptions settings, Instant now, CancellationToken ct)
    {
        if (settings.MaxAgeMinutes == 0)
        {
            return;
        }

        var writtenBefore = now - Duration.FromMinutes(settings.MaxAgeMinutes);
        var reason = $"Given up: not sent within {settings.MaxAgeMinutes} minutes of being written. Last error: ";
        var expired = await db.Outbox
            .Where(IsDue(now))
            .Where(m => m.CreatedAt < writtenBefore)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.NextAttemptAt, (Instant?)null)
                .SetProperty(m => m.LastError, m => (reason + (m.LastError ?? "none")).Substring(0, LastErrorMaxLength)), ct);
        if (expired > 0)
        {
            LogExpired(logger, expired, settings.MaxAgeMinutes);
        }
    }

    private async Task<bool> ClaimAsync(OutboxMessage message, Instant now, CancellationToken ct)
    {
        var read = message.NextAttemptAt;
        var attempts = message.Attempts;
        var leaseEnd = clock.GetCurrentInstant() + Lease;
        var claimed = await db.Outbox
            .Where(IsDue(now))
            .Where(m => m.Id == message.Id && m.Attempts == attempts && m.NextAttemptAt == read)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, leaseEnd), ct);
        return claimed == 1;
    }

    private async Task<Exception?> TryConnectAsync(SmtpClient smtp, MailOptions settings, CancellationToken ct)
    {
        try
        {
            var security = settings.UseStartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None;
            await smtp.ConnectAsync(settings.Host!, settings.Port, security, ct);
            if (!string.IsNullOrEmpty(settings.User))
            {
                await smtp.AuthenticateAsync(settings.User, settings.Password ?? "", ct);
            }

            server.Reached();
            return null;
        }
#pragma warning disable CA1031 // Refused, unknown host, time-out, TLS or sign-in failure: the server's fault, recorded and retried later.
        catch (Exception e) when (!ct.IsCancellationRequested)
#pragma warning restore CA1031
        {
            return e;
        }
    }

    private static async Task<(Verdict Verdict, Exception? Error)> SendAsync(SmtpClient smtp, OutboxMessage row, IReadOnlyList<OutboxAttachment> files, MailOptions settings, CancellationToken ct)
    {
        MimeMessage mail;
        try
        {
            mail = Compose(row, files, settings);
        }
#pragma warning disable CA1031 // A row that cannot make a mail (an address MimeKit cannot read) never will: given up.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return (Verdict.Rejected, e);
        }

        try
        {
            await smtp.SendAsync(mail, ct);
            return (Verdict.Sent, null);
        }
        catch (SmtpCommandException e) when (!ct.IsCancellationRequested)
        {
            return (Judge(e), e);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && (IsConnectionFailure(e) || !smtp.IsConnected))
        {
            return (Verdict.ServerFailed, e);
        }
#pragma warning disable CA1031 // Anything else is about this message as far as we know: counted, so that it ends.
        catch (Exception e) when (!ct.IsCancellationRequested)
#pragma warning restore CA1031
        {
            return (Verdict.Refused, e);
        }
    }

    /// <summary>The connection broke, timed out or stopped making sense before the server judged the message.</summary>
    private static bool IsConnectionFailure(Exception e) =>
        e is IOException or SocketException or TimeoutException or OperationCanceledException
            or SmtpProtocolException or ServiceNotConnectedException or ServiceNotAuthenticatedException;

    /// <summary>What a reply to MAIL FROM, RCPT TO or DATA says about the message.</summary>
    private static Verdict Judge(SmtpCommandException e)
    {
        var code = (int)e.StatusCode;
        return code switch
        {
            421 => Verdict.ServerFailed, // "service not available, closing the channel": about the server, not the message
            >= 400 and < 500 => Verdict.Later,
            >= 500 when e.ErrorCode == SmtpErrorCode.RecipientNotAccepted && UnknownMailbox().IsMatch(e.Message) => Verdict.Rejected,
            _ => Verdict.Refused,
        };
    }

    /// <summary>
    /// The enhanced status codes (RFC 3463) by which a server says the recipient's address is wrong: no such mailbox
    /// (5.1.1), no such domain (5.1.2), bad syntax (5.1.3), moved (5.1.6), domain accepts no mail (5.1.10). Sending
    /// again cannot help. A 5xx without one of these (relay refused 5.7.1, policy, sender's address) may come from a
    /// server's configuration an operator can fix, and is retried.
    /// </summary>
    [GeneratedRegex(@"^\s*5\.1\.(1|2|3|6|10)(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex UnknownMailbox();

    // The outcome is recorded even if the run is being cancelled: the server has already answered.
    private async Task MarkSentAsync(OutboxMessage message)
    {
        var now = clock.GetCurrentInstant();
        await db.Outbox
            .Where(m => m.Id == message.Id && m.SentAt == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.SentAt, now)
                .SetProperty(m => m.Attempts, m => m.Attempts + 1)
                .SetProperty(m => m.NextAttemptAt, (Instant?)null), CancellationToken.None);
    }

    private async Task MarkRefusedAsync(OutboxMessage message, Exception error, bool giveUp)
    {
        var attempts = message.Attempts + 1;
        Instant? next = giveUp || attempts >= MaxAttempts ? null : clock.GetCurrentInstant() + RetryDelay(attempts);
        var text = Describe(error);
        await db.Outbox
            .Where(m => m.Id == message.Id && m.SentAt == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.LastError, text)
                .SetProperty(m => m.NextAttemptAt, next), CancellationToken.None);
        if (next is null)
        {
            LogGaveUp(logger, message.Id, attempts, error);
        }
        else
        {
            LogFailed(logger, message.Id, attempts, next.Value, error);
        }
    }

    private async Task MarkLaterAsync(OutboxMessage message, Exception error)
    {
        var next = clock.GetCurrentInstant() + TemporaryRefusalDelay;
        await PostponeAsync(message, Describe(error), next);
        LogLater(logger, message.Id, next, error);
    }

    /// <summary>
    /// The server failed while <paramref name="message"/> was going: it and every other due message wait for the
    /// server's back-off, with the error, their attempts untouched.
    /// </summary>
    private async Task ServerFailedAsync(OutboxMessage message, Exception error, MailOptions settings)
    {
        var now = clock.GetCurrentInstant();
        var retryAt = server.Failed(now);
        var text = Describe(error);
        await PostponeAsync(message, text, retryAt);

        // Only what is due: not what another run has claimed, nor what has been given up.
        var waiting = await db.Outbox
            .Where(IsDue(now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.NextAttemptAt, (Instant?)retryAt)
                .SetProperty(m => m.LastError, text), CancellationToken.None);
        LogServerFailed(logger, settings.Host!, settings.Port, waiting + 1, retryAt, error);
    }

    private Task<int> PostponeAsync(OutboxMessage message, string error, Instant next) =>
        db.Outbox
            .Where(m => m.Id == message.Id && m.SentAt == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.LastError, error)
                .SetProperty(m => m.NextAttemptAt, (Instant?)next), CancellationToken.None);

    private static string Describe(Exception error)
    {
        var text = error is SmtpCommandException command
            ? $"{error.GetType().Name} ({(int)command.StatusCode}): {error.Message}"
            : $"{error.GetType().Name}: {error.Message}";
        return text.Length <= LastErrorMaxLength ? text : text[..LastErrorMaxLength];
    }

    /// <summary>
    /// The mail of an outbox row: plain text; text and HTML as <c>multipart/alternative</c>; with files, the HTML and
    /// its images as <c>multipart/related</c> (each image a part with its Content-ID, which the HTML names as
    /// <c>cid:</c>), the alternative between the text and that whole.
    /// </summary>
    internal static MimeMessage Compose(OutboxMessage row, IReadOnlyList<OutboxAttachment> files, MailOptions settings)
    {
        var sender = MailboxAddress.Parse(settings.From!); // Checked at start-up when a host is set.
        var message = new MimeMessage
        {
            Subject = row.Subject,
            Date = row.CreatedAt.ToDateTimeOffset(),

            // From the outbox row: a message sent again after a crash carries the same id, and mail clients merge them.
            MessageId = row.MessageId ?? $"{row.Id:N}@{sender.Domain}",
        };
        message.From.Add(new MailboxAddress(settings.FromName, sender.Address));
        message.To.Add(MailboxAddress.Parse(row.To));
        MailHeaders.Apply(message, row.Headers);
        var text = new TextPart(TextFormat.Plain);
        text.SetText(Encoding.UTF8, row.Body);
        if (row.Html is null)
        {
            message.Body = text;
            return message;
        }

        if (files.Count == 0)
        {
            var html = new TextPart(TextFormat.Html);
            html.SetText(Encoding.UTF8, row.Html);
            message.Body = new MultipartAlternative { text, html };
            return message;
        }

        var body = new BodyBuilder { HtmlBody = row.Html };
        foreach (var file in files)
        {
            var part = body.LinkedResources.Add(file.FileName, file.Content, ContentType.Parse(file.MediaType));
            part.ContentId = file.ContentId;
        }

        var related = body.ToMessageBody();
        message.Body = new MultipartAlternative { text, related };
        return message;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMTP server {Host}:{Port} unreachable or connection lost; {Count} mails wait until {RetryAt}, no attempt counted.")]
    private static partial void LogServerFailed(ILogger logger, string host, int port, int count, Instant retryAt, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {Message} refused for now by the server; tried again at {Next}, no attempt counted.")]
    private static partial void LogLater(ILogger logger, Guid message, Instant next, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {Message} refused (attempt {Attempts}); next attempt at {Next}.")]
    private static partial void LogFailed(ILogger logger, Guid message, int attempts, Instant next, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Mail {Message} given up (attempts: {Attempts}); it stays in the outbox with its last error.")]
    private static partial void LogGaveUp(ILogger logger, Guid message, int attempts, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} mails given up: not sent within {Minutes} minutes of being written; they stay in the outbox with their last error.")]
    private static partial void LogExpired(ILogger logger, int count, int minutes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Closing the SMTP connection failed.")]
    private static partial void LogDisconnectFailed(ILogger logger, Exception exception);
}

/// <summary>Runs <see cref="OutboxDelivery"/> periodically (every 10 seconds by default, <c>Jobs:OutboxSeconds</c>).</summary>
internal sealed class OutboxDeliveryService(IServiceScopeFactory scopes, IConfiguration configuration, IOptions<MailOptions> options, ILogger<OutboxDeliveryService> logger) : Jobs.PeriodicJob(scopes, logger)
{
    protected override TimeSpan Period => TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Jobs:OutboxSeconds", 10)));

    // Without an SMTP server, MailStartupCheck has said so and mail waits in the outbox.
    protected override bool Enabled => options.Value.IsConfigured;

    protected override Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<OutboxDelivery>().RunOnceAsync(ct);
}

/// <summary>Says once, at start-up, that mail is not sent when no SMTP server is configured.</summary>
internal sealed partial class MailStartupCheck(IOptions<MailOptions> options, ILogger<MailStartupCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.IsConfigured)
        {
            LogNotConfigured(logger, MailOptions.Section + ":Host");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "No SMTP server ({Setting} is empty): mail stays in the outbox, unsent.")]
    private static partial void LogNotConfigured(ILogger logger, string setting);
}
