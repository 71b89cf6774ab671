using Guichet.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Guichet.Features.Mail;

/// <summary>
/// Keeps the outbox from becoming an archive of mail, reset codes included: the text of mail that is done with
/// (sent, or given up) is erased <see cref="MailOptions.BodyRetentionDays"/> after it was sent (given-up mail: after
/// it was written), leaving address, subject, dates, attempts and error for the operator; the row is deleted
/// <see cref="MailOptions.RetentionDays"/> after. Mail still waiting keeps its text whatever its age. Recomputed
/// from the rows each time: running it twice, or on two instances, changes nothing more.
/// </summary>
internal sealed partial class OutboxRetention(GuichetDbContext db, IClock clock, IOptions<MailOptions> options, ILogger<OutboxRetention> logger)
{
    /// <summary>Returns how many rows were erased or deleted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var now = clock.GetCurrentInstant();

        var rowsBefore = now - Duration.FromDays(settings.RetentionDays);
        var deleted = await db.Outbox.Where(m => m.SentAt < rowsBefore).ExecuteDeleteAsync(ct)
            + await db.Outbox.Where(OutboxDelivery.IsGivenUp).Where(m => m.CreatedAt < rowsBefore).ExecuteDeleteAsync(ct);

        var bodiesBefore = now - Duration.FromDays(settings.BodyRetentionDays);
        var erased = await db.Outbox.Where(m => m.SentAt < bodiesBefore && m.Body != "")
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Body, ""), ct)
            + await db.Outbox.Where(OutboxDelivery.IsGivenUp).Where(m => m.CreatedAt < bodiesBefore && m.Body != "")
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Body, ""), ct);

        if (deleted + erased > 0)
        {
            LogDone(logger, erased, settings.BodyRetentionDays, deleted, settings.RetentionDays);
        }

        return deleted + erased;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox retention: {Erased} mail texts erased (older than {BodyDays} days), {Deleted} mails deleted (older than {Days} days).")]
    private static partial void LogDone(ILogger logger, int erased, int bodyDays, int deleted, int days);
}

/// <summary>Runs <see cref="OutboxRetention"/> every hour, whether or not an SMTP server is set.</summary>
internal sealed class OutboxRetentionService(IServiceScopeFactory scopes, ILogger<OutboxRetentionService> logger) : Jobs.PeriodicJob(scopes, logger)
{
    protected override TimeSpan Period => TimeSpan.FromHours(1);

    protected override Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<OutboxRetention>().RunOnceAsync(ct);
}
