using Guichet.Features.Accounts;
using Guichet.Features.Tickets;

namespace Guichet.Features.Backups;

/// <summary>
/// Watches every contract's backups against its policy and tells staff of each breach once (a period with no copy, a
/// copy deleted too early, a copy too old) [ES26 7, AT 9.4.11.3]. A breach is written to <see cref="BackupAlert"/>
/// with its mails to the outbox in one transaction; the alert's unique key (contract, breach) makes a second run, or
/// a racing instance, write nothing. The mails go to the supervisors and pole managers who serve the contract's
/// organisation, or to the administrators when none does. Breaches already past when a contract is first watched are
/// reported too: a new contract's missing history is worth knowing.
/// </summary>
internal sealed class BackupWatch(GuichetDbContext db, IClock clock)
{
    public const string Kind = "backup-alert";

    /// <summary>One pass over every contract; returns how many breaches were newly reported.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var contracts = await (from c in db.Contracts.AsNoTracking()
                               join o in db.Organisations on c.OrganisationId equals o.Id
                               select new { c.Id, c.Name, c.PresetId, c.Policy, c.StartsOn, c.OrganisationId, Organisation = o.Name, o.Territory }).ToListAsync(ct);
        var reported = 0;
        foreach (var c in contracts)
        {
            if (BackupRecords.PolicyOf(c.PresetId, c.Policy) is not { } policy)
            {
                continue;
            }

            var zone = TicketClocks.TerritoryOf(c.Territory).Zone;
            if (c.StartsOn > now.InZone(zone).Date)
            {
                continue;
            }

            var since = now - BackupRecords.Span(policy);
            var runs = await db.Set<BackupRecord>().AsNoTracking().Where(r => r.ContractId == c.Id && r.StartedAt >= since).ToListAsync(ct);
            var findings = BackupRecords.Check(policy, runs, zone, now, c.StartsOn).Findings;
            if (findings.Count == 0)
            {
                continue;
            }

            var keys = findings.Select(f => f.Key).ToList();
            var known = await db.Set<BackupAlert>().AsNoTracking().Where(a => a.ContractId == c.Id && keys.Contains(a.Key)).Select(a => a.Key).ToListAsync(ct);
            var fresh = findings.Where(f => !known.Contains(f.Key)).ToList();
            if (fresh.Count == 0)
            {
                continue;
            }

            var recipients = await Accounts.ResponsibleStaff.OfAsync(db, c.OrganisationId, ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            foreach (var finding in fresh)
            {
                db.Add(new BackupAlert { ContractId = c.Id, Key = finding.Key, Message = finding.Message, DetectedAt = now });
            }

            Mail.PersonalMails.ToEach(db, recipients, Kind, $"Guichet : sauvegardes non conformes — {c.Organisation}, {c.Name}",
                user => Body(user.DisplayName, c.Organisation, c.Name, c.Id, fresh.Select(f => f.Message)), now);

            try
            {
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                reported += fresh.Count;
            }
            catch (DbUpdateException)
            {
                // Another instance reported them first: its mails stand, this run's are dropped.
                await transaction.RollbackAsync(ct);
            }

            db.ChangeTracker.Clear();
        }

        return reported;
    }

    internal static string Body(string name, string organisation, string contract, Guid contractId, IEnumerable<string> messages) => $"""
        Bonjour{(string.IsNullOrWhiteSpace(name) ? "" : " " + name)},

        Les sauvegardes du contrat « {contract} » ({organisation}) ne respectent plus l'engagement du contrat :

        {string.Join("\n", messages.Select(m => "- " + m))}

        Vérifiez l'outil de sauvegarde, refaites les sauvegardes manquantes si c'est encore possible, puis consultez l'état
        du contrat : /bureau/sauvegardes/{contractId}

        Chaque manquement n'est signalé qu'une fois par Guichet.
        """;
}

/// <summary>Runs <see cref="BackupWatch"/> every hour (<c>Jobs:BackupWatchSeconds</c>).</summary>
internal sealed class BackupWatchService(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<BackupWatchService> logger) : Jobs.PeriodicJob(scopes, logger)
{
    protected override TimeSpan Period => TimeSpan.FromSeconds(Math.Max(5, configuration.GetValue("Jobs:BackupWatchSeconds", 3600)));

    protected override Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<BackupWatch>().RunOnceAsync(ct);
}
