using Guichet.Features.Tickets;
using Guichet.Jobs;

namespace Guichet.Features.Contracts;

/// <summary>
/// Warns the account manager and the client's référents of a contract's deadlines (<see cref="ContractDeadlines"/>) by
/// mail through the outbox. Exactly once per deadline and recipient: each mail's <see cref="ContractAlert"/> row and
/// outbox row are saved in one transaction under the unique key (contract, kind, date, recipient); a second run, or
/// another instance racing this one, breaks the key, and its transaction (with its mail) is rolled back.
/// </summary>
internal sealed partial class ContractAlerts(GuichetDbContext db, IClock clock, ILogger<ContractAlerts> logger)
{
    public sealed record Candidate(Contract Contract, string Territory, Guid? AccountManagerId, long? Balance, LocalDate? LastPurchase);

    /// <summary>Contracts with what their deadlines need: territory, account manager, time-bank balance (from the time entries).</summary>
    public static async Task<List<Candidate>> CandidatesAsync(GuichetDbContext db, IQueryable<Contract> contracts, CancellationToken ct)
    {
        var rows = await contracts.AsNoTracking()
            .Select(c => new
            {
                Contract = c,
                Org = db.Organisations.Where(o => o.Id == c.OrganisationId).Select(o => new { o.Territory, o.AccountManagerId }).First(),
                Bought = db.TimeBankPurchases.Where(p => p.ContractId == c.Id).Sum(p => (long?)p.Minutes),
                LastPurchase = db.TimeBankPurchases.Where(p => p.ContractId == c.Id).Max(p => (LocalDate?)p.On),
                Consumed = (from e in db.TicketEvents
                            join t in db.Tickets on e.TicketId equals t.Id
                            where t.ContractId == c.Id && e.Kind == EventKind.TimeEntry && e.OutOfScope
                            select (long?)e.Minutes).Sum(),
            })
            .ToListAsync(ct);
        return [.. rows.Select(r => new Candidate(r.Contract, r.Org.Territory, r.Org.AccountManagerId, r.Bought is { } b ? b - (r.Consumed ?? 0) : null, r.LastPurchase))];
    }

    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var candidates = await CandidatesAsync(db, db.Contracts.Where(c => c.InitialPeriodMonths != null || c.LowTimeBankMinutes != null), ct);
        var now = clock.GetCurrentInstant();
        var sent = 0;
        foreach (var candidate in candidates)
        {
            var c = candidate.Contract;
            var today = now.InZone(TicketClocks.TerritoryOf(candidate.Territory).Zone).Date;
            List<ContractDeadlines.Deadline> due;
            try
            {
                due = [.. ContractDeadlines.Due(c, today, candidate.Balance, candidate.LastPurchase)];
            }
            catch (ArgumentException e)
            {
                LogContractFailed(logger, c.Id, e);
                continue;
            }

            if (due.Count == 0)
            {
                continue;
            }

            var recipients = await RecipientsAsync(c.OrganisationId, candidate.AccountManagerId, ct);
            foreach (var deadline in due)
            {
                foreach (var (email, name) in recipients)
                {
                    sent += await SendOnceAsync(c, deadline, email, name, now, ct) ? 1 : 0;
                }
            }
        }

        return sent;
    }

    private async Task<List<(string Email, string Name)>> RecipientsAsync(Guid organisationId, Guid? accountManagerId, CancellationToken ct)
    {
        var users = await db.Users.AsNoTracking()
            .Where(u => (u.Id == accountManagerId && u.Kind == UserKind.Staff) || (u.OrganisationId == organisationId && u.IsReferent))
            .ToListAsync(ct);
        return [.. users.Where(u => u.Email is not null && !AccountStatus.IsDeactivated(u)).Select(u => (u.Email!, u.DisplayName)).Distinct()];
    }

    private async Task<bool> SendOnceAsync(Contract c, ContractDeadlines.Deadline deadline, string email, string name, Instant now, CancellationToken ct)
    {
        if (await db.ContractAlerts.AnyAsync(a => a.ContractId == c.Id && a.Kind == deadline.Kind && a.Deadline == deadline.Date && a.Recipient == email, ct))
        {
            return false;
        }

        var message = new OutboxMessage
        {
            To = email,
            Subject = ContractDeadlines.Subject(c, deadline),
            Body = $"""
                Bonjour{(string.IsNullOrWhiteSpace(name) ? "" : " " + name)},

                {deadline.Text}

                Ce message est envoyé une seule fois pour cette échéance par Guichet.
                """,
            CreatedAt = now,
        };
        db.Outbox.Add(message);
        db.ContractAlerts.Add(new ContractAlert { ContractId = c.Id, Kind = deadline.Kind, Deadline = deadline.Date, Recipient = email, OutboxMessageId = message.Id, CreatedAt = now });
        try
        {
            // One SaveChanges: one transaction for the alert row and its mail.
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (IsUniqueViolation(e))
        {
            LogAlreadySent(logger, c.Id, deadline.Kind, email);
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private static bool IsUniqueViolation(DbUpdateException e) =>
        e.InnerException is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 }
        || e.InnerException is Npgsql.PostgresException { SqlState: "23505" };

    [LoggerMessage(Level = LogLevel.Information, Message = "Contract {Contract}: the {Kind} alert to {Recipient} was sent by another run.")]
    private static partial void LogAlreadySent(ILogger logger, Guid contract, string kind, string recipient);

    [LoggerMessage(Level = LogLevel.Error, Message = "Contract {Contract}: its terms cannot be evaluated; the others go on.")]
    private static partial void LogContractFailed(ILogger logger, Guid contract, Exception exception);
}

/// <summary>Runs <see cref="ContractAlerts"/> periodically (every hour by default).</summary>
internal sealed class ContractAlertsService(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<ContractAlertsService> logger) : PeriodicJob(scopes, logger)
{
    protected override TimeSpan Period => TimeSpan.FromMinutes(configuration.GetValue("Jobs:ContractAlertsMinutes", 60));

    protected override Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<ContractAlerts>().RunOnceAsync(ct);
}
