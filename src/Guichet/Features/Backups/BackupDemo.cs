using Guichet.Domain.Backups;
using Guichet.Features.Tickets;

namespace Guichet.Features.Backups;

/// <summary>
/// Demo backup runs: every period each contract's policy asks for, at night in the client's zone, as the tooling would
/// push them; the nightly run of three days ago failed on the contracts whose policy keeps a week or less of daily
/// copies (AT), so that the pages show a breach to handle.
/// </summary>
internal static class BackupDemo
{
    public static async Task SeedAsync(GuichetDbContext db, Instant now, CancellationToken ct)
    {
        var contracts = await (from c in db.Contracts.AsNoTracking()
                               join o in db.Organisations on c.OrganisationId equals o.Id
                               select new { c.Id, c.PresetId, c.Policy, c.StartsOn, o.Territory }).ToListAsync(ct);
        foreach (var c in contracts)
        {
            if (BackupRecords.PolicyOf(c.PresetId, c.Policy) is not { } policy)
            {
                continue;
            }

            var zone = TicketClocks.TerritoryOf(c.Territory).Zone;
            var failing = policy.Tiers.Any(t => t is { Cadence: BackupCadence.Daily, Keep: <= 7 }) ? now.InZone(zone).Date.PlusDays(-3) : (LocalDate?)null;
            AddRuns(db, c.Id, policy, zone, c.StartsOn, now, failing);
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>The runs <paramref name="policy"/> asks for up to <paramref name="now"/>, the nightly one of <paramref name="failing"/> failed.</summary>
    public static void AddRuns(GuichetDbContext db, Guid contractId, BackupPolicy policy, DateTimeZone zone, LocalDate startsOn, Instant now, LocalDate? failing)
    {
        var today = now.InZone(zone).Date;
        var first = (now - BackupRecords.Span(policy)).InZone(zone).Date;
        for (var day = first < startsOn ? startsOn : first; day <= today; day = day.PlusDays(1))
        {
            foreach (var tier in policy.Tiers)
            {
                var due = tier.Cadence switch
                {
                    BackupCadence.Daily => true,
                    BackupCadence.Weekly => day.DayOfWeek == IsoDayOfWeek.Sunday,
                    _ => day.Day == (tier.OnDay ?? 1),
                };
                var start = zone.AtLeniently(day.At(new LocalTime(tier.Cadence switch { BackupCadence.Daily => 2, BackupCadence.Weekly => 3, _ => 4 }, 0))).ToInstant();
                if (!due || start + Duration.FromMinutes(45) > now)
                {
                    continue;
                }

                var failed = tier.Cadence == BackupCadence.Daily && day == failing;
                db.Add(new BackupRecord
                {
                    ContractId = contractId,
                    Tier = tier.Id,
                    ExternalId = $"demo-{tier.Id}-{day:yyyyMMdd}",
                    StartedAt = start,
                    FinishedAt = start + Duration.FromMinutes(failed ? 7 : 42),
                    Succeeded = !failed,
                    SizeBytes = failed ? null : 18_000_000_000L + (day.DayOfYear * 25_000_000L),
                    Note = failed ? "Espace de stockage saturé sur le serveur de sauvegarde." : null,
                    RecordedAt = start + Duration.FromMinutes(45),
                    UpdatedAt = start + Duration.FromMinutes(45),
                });
            }
        }
    }
}
