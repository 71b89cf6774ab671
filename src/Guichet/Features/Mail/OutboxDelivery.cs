using System.Text;
using Guichet.Data;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;
using NodaTime;

namespace Guichet.Features.Mail;

/// <summary>
/// Sends the outbox's due mail over one SMTP connection per run. Each message is claimed before it is sent: a
/// conditional update moves its <see cref="OutboxMessage.NextAttemptAt"/> forward by <see cref="Lease"/>, and
/// succeeds only if the row still holds what this run read, so two runs (or two instances) never both send it.
/// A message is sent at least once, not exactly once: if the process dies between the server's acceptance and
/// the row's update, the message goes again when the lease ends (with the same Message-Id).
/// </summary>
internal sealed partial class OutboxDelivery(GuichetDbContext db, IClock clock, IOptions<MailOptions> options, ILogger<OutboxDelivery> logger)
{
    /// <summary>After this many failed attempts the message stays in the outbox, with its last error, unsent.</summary>
    public const int MaxAttempts = 10;

    public const int LastErrorMaxLength = 2000;

    /// <summary>How long a claim keeps other runs off a message; well above the SMTP time-out of one send.</summary>
    public static readonly Duration Lease = Duration.FromMinutes(10);

    private const int BatchSize = 100;

    private static readonly Duration[] Delays =
        [Duration.FromMinutes(1), Duration.FromMinutes(5), Duration.FromMinutes(15), Duration.FromHours(1)];

    private static readonly Duration LastDelay = Duration.FromHours(6);

    /// <summary>The wait after the <paramref name="attempts"/>-th failure: 1, 5, 15, 60 minutes, then 6 hours.</summary>
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
        var due = await db.Outbox.AsNoTracking()
            .Where(m => m.SentAt == null && m.Attempts < MaxAttempts && (m.NextAttemptAt == null || m.NextAttemptAt <= now))
            .OrderBy(m => m.CreatedAt)
            .Take(BatchSize)
            .ToListAsync(ct);
        if (due.Count == 0)
        {
            return 0;
        }

        var sent = 0;
        Exception? unreachable = null;
        using var smtp = new SmtpClient { Timeout = 60_000 };
        foreach (var message in due)
        {
            if (!await ClaimAsync(message, ct))
            {
                continue;
            }

            // Once the server could not be reached, the rest of the batch fails with the same error (and is
            // retried on its own schedule) rather than waiting for one time-out each.
            var error = unreachable;
            if (error is null && !smtp.IsConnected)
            {
                error = unreachable = await TryConnectAsync(smtp, settings, ct);
            }

            if (error is null)
            {
                try
                {
                    await smtp.SendAsync(Compose(message, settings), ct);
                }
#pragma warning disable CA1031 // Whatever the reason (refused recipient, broken connection, bad address), it is recorded on the message.
                catch (Exception e) when (!ct.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    error = e;
                }
            }

            if (error is null)
            {
                await MarkSentAsync(message);
                sent++;
            }
            else
            {
                await MarkFailedAsync(message, error);
            }
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

    private async Task<bool> ClaimAsync(OutboxMessage message, CancellationToken ct)
    {
        var read = message.NextAttemptAt;
        var attempts = message.Attempts;
        var leaseEnd = clock.GetCurrentInstant() + Lease;
        var claimed = await db.Outbox
            .Where(m => m.Id == message.Id && m.SentAt == null && m.Attempts == attempts && m.NextAttemptAt == read)
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

            return null;
        }
#pragma warning disable CA1031 // Refused, unknown host, TLS or sign-in failure: the messages record it and are retried later.
        catch (Exception e) when (!ct.IsCancellationRequested)
#pragma warning restore CA1031
        {
            LogUnreachable(logger, settings.Host!, settings.Port, e);
            return e;
        }
    }

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

    private async Task MarkFailedAsync(OutboxMessage message, Exception error)
    {
        var attempts = message.Attempts + 1;
        Instant? next = attempts >= MaxAttempts ? null : clock.GetCurrentInstant() + RetryDelay(attempts);
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

    private static string Describe(Exception error)
    {
        var text = error is SmtpCommandException command
            ? $"{error.GetType().Name} ({(int)command.StatusCode}): {error.Message}"
            : $"{error.GetType().Name}: {error.Message}";
        return text.Length <= LastErrorMaxLength ? text : text[..LastErrorMaxLength];
    }

    private static MimeMessage Compose(OutboxMessage row, MailOptions settings)
    {
        var sender = MailboxAddress.Parse(settings.From!); // Checked at start-up when a host is set.
        var message = new MimeMessage
        {
            Subject = row.Subject,
            Date = row.CreatedAt.ToDateTimeOffset(),

            // From the outbox row: a message sent again after a crash carries the same id, and mail clients merge them.
            MessageId = $"{row.Id:N}@{sender.Domain}",
        };
        message.From.Add(new MailboxAddress(settings.FromName, sender.Address));
        message.To.Add(MailboxAddress.Parse(row.To));
        var body = new TextPart(TextFormat.Plain);
        body.SetText(Encoding.UTF8, row.Body);
        message.Body = body;
        return message;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMTP server {Host}:{Port} unreachable; the due mail will be retried.")]
    private static partial void LogUnreachable(ILogger logger, string host, int port, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {Message} not sent (attempt {Attempts}); next attempt at {Next}.")]
    private static partial void LogFailed(ILogger logger, Guid message, int attempts, Instant next, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Mail {Message} not sent after {Attempts} attempts; it stays in the outbox with its last error.")]
    private static partial void LogGaveUp(ILogger logger, Guid message, int attempts, Exception exception);

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
