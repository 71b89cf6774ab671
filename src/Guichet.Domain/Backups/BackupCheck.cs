using Guichet.Domain.Contracts;
using NodaTime;

namespace Guichet.Domain.Backups;

/// <summary>What a period of a tier holds.</summary>
public enum SlotState
{
    /// <summary>A restore point exists for the period.</summary>
    Held,

    /// <summary>The period is over and no run succeeded in it.</summary>
    Missing,

    /// <summary>Its only failed runs: the period is over, the backup failed and was not redone.</summary>
    Failed,

    /// <summary>A run succeeded in the period but its copy was deleted while it should still be kept.</summary>
    Deleted,

    /// <summary>The period is not over and holds no restore point yet (not a fault).</summary>
    Pending,
}

/// <summary>One period of a tier (a day, a week, a month, or the month's given day) and what it holds.</summary>
/// <param name="Tier">The tier.</param>
/// <param name="From">First day of the period, in the contract's zone.</param>
/// <param name="To">Day after its last day.</param>
/// <param name="State">What it holds.</param>
/// <param name="Run">The restore point (or the deleted or failed run that explains the state), if any.</param>
/// <param name="Label">French name of the period: "du 02/12/2026", "de la semaine du 23/11/2026", "de novembre 2026".</param>
public sealed record BackupSlot(BackupTier Tier, LocalDate From, LocalDate To, SlotState State, BackupRun? Run, string Label);

/// <summary>What a finding is about.</summary>
public enum BackupFindingKind
{
    /// <summary>A completed period has no restore point (no run, or only failed ones).</summary>
    Missing,

    /// <summary>A restore point that should still be kept was deleted.</summary>
    RetentionNotHeld,

    /// <summary>The latest complete copy is older than the policy allows.</summary>
    Stale,
}

/// <summary>
/// A breach of the backup commitment, with its French explanation. <see cref="Key"/> is stable for one breach (the
/// kind, the tier and the period; for a stale copy, the copy it is about), so that it is reported once.
/// </summary>
public sealed record BackupFinding(BackupFindingKind Kind, string? TierId, LocalDate? Period, string Message, string Key);

/// <summary>The state of a contract's backups at an instant: each tier's periods, the breaches, the latest copy.</summary>
public sealed record BackupStatus(IReadOnlyList<BackupSlot> Slots, IReadOnlyList<BackupFinding> Findings, BackupRun? Latest)
{
    /// <summary>Whether the commitment holds (no breach).</summary>
    public bool Holds => Findings.Count == 0;
}

/// <summary>
/// Checks backup runs against a policy (ES26 7, AT 9.4.11.3). For each tier, the latest <see cref="BackupTier.Keep"/>
/// completed periods must each hold a restore point: a successful run started in the period (read in the contract's
/// zone) whose copy is not deleted. The period in progress is shown but never a fault. Periods that began before
/// <c>since</c> (the contract's start) are not asked for. With a <see cref="BackupPolicy.MaxAge"/>, the latest copy
/// must have finished within it (counted from <c>since</c> when there is no copy yet).
/// </summary>
public static class BackupCheck
{
    /// <summary>The state of the backups at <paramref name="now"/>, periods read in <paramref name="zone"/>, none asked for before <paramref name="since"/>.</summary>
    public static BackupStatus Evaluate(BackupPolicy policy, IEnumerable<BackupRun> runs, DateTimeZone zone, Instant now, LocalDate since)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(zone);
        var all = runs.ToList();
        var slots = new List<BackupSlot>();
        var findings = new List<BackupFinding>();
        var today = now.InZone(zone).Date;
        foreach (var tier in policy.Tiers)
        {
            var completed = 0;
            // Walk the periods back from the one holding today until Keep completed ones are seen (or the contract's start).
            for (var period = PeriodStart(tier, today); completed < tier.Keep; period = Previous(tier, period))
            {
                var (from, to) = Window(tier, period);
                if (from < since)
                {
                    break;
                }

                var start = zone.AtStartOfDay(from).ToInstant();
                var end = zone.AtStartOfDay(to).ToInstant();
                if (start > now)
                {
                    continue; // a monthly tier's day not reached yet this month
                }

                var over = end <= now;
                var inPeriod = all.Where(r => r.Tier == tier.Id && r.StartedAt >= start && r.StartedAt < end).OrderByDescending(r => r.StartedAt).ToList();
                var label = Label(tier, from);
                BackupSlot slot;
                if (inPeriod.FirstOrDefault(r => r.IsRestorePoint(now)) is { } point)
                {
                    slot = new(tier, from, to, SlotState.Held, point, label);
                }
                else if (!over)
                {
                    slot = new(tier, from, to, SlotState.Pending, inPeriod.FirstOrDefault(), label);
                }
                else if (inPeriod.FirstOrDefault(r => r.Succeeded && r.DeletedAt is not null) is { } deleted)
                {
                    slot = new(tier, from, to, SlotState.Deleted, deleted, label);
                    findings.Add(new(BackupFindingKind.RetentionNotHeld, tier.Id, from,
                        $"La sauvegarde {tier.Name.ToLowerInvariant()} {label} a été supprimée le {French.Date(deleted.DeletedAt!.Value.InZone(zone).Date)} alors qu'elle devait être conservée ({Kept(tier)}).",
                        Key(BackupFindingKind.RetentionNotHeld, tier, from)));
                }
                else if (inPeriod.Count > 0)
                {
                    slot = new(tier, from, to, SlotState.Failed, inPeriod[0], label);
                    findings.Add(new(BackupFindingKind.Missing, tier.Id, from,
                        $"La sauvegarde {tier.Name.ToLowerInvariant()} {label} a échoué et n'a pas été refaite.",
                        Key(BackupFindingKind.Missing, tier, from)));
                }
                else
                {
                    slot = new(tier, from, to, SlotState.Missing, null, label);
                    findings.Add(new(BackupFindingKind.Missing, tier.Id, from,
                        $"Aucune sauvegarde {tier.Name.ToLowerInvariant()} {label}.",
                        Key(BackupFindingKind.Missing, tier, from)));
                }

                slots.Add(slot);
                if (over)
                {
                    completed++;
                }
            }
        }

        var latest = all.Where(r => r.IsRestorePoint(now)).MaxBy(r => r.FinishedAt);
        if (policy.MaxAge is { } maxAge)
        {
            var reference = latest?.FinishedAt ?? zone.AtStartOfDay(since).ToInstant();
            if (now - reference > maxAge)
            {
                var age = now - reference;
                findings.Add(new(BackupFindingKind.Stale, null, null,
                    latest is null
                        ? $"Aucune copie complète depuis le début du contrat, le {French.Date(since)} ; la dernière copie doit dater de moins de {Hours(maxAge)}."
                        : $"La dernière copie complète date du {French.Date(reference.InZone(zone).Date)} à {reference.InZone(zone).TimeOfDay:HH':'mm} ({Hours(age)}) ; elle doit dater de moins de {Hours(maxAge)}.",
                    $"stale:{reference.ToUnixTimeSeconds()}"));
            }
        }

        return new BackupStatus(slots, findings, latest);
    }

    private static string Key(BackupFindingKind kind, BackupTier tier, LocalDate from) =>
        $"{(kind == BackupFindingKind.Missing ? "missing" : "retention")}:{tier.Id}:{from:yyyy'-'MM'-'dd}";

    private static string Hours(Duration d) => $"{(int)Math.Floor(d.TotalHours)} h";

    private static string Kept(BackupTier tier) => tier.Cadence switch
    {
        BackupCadence.Daily => $"{tier.Keep} derniers jours",
        BackupCadence.Weekly => $"{tier.Keep} dernières semaines",
        _ => $"{tier.Keep} derniers mois",
    };

    private static LocalDate PeriodStart(BackupTier tier, LocalDate day) => tier.Cadence switch
    {
        BackupCadence.Daily => day,
        BackupCadence.Weekly => day.PlusDays(-((int)day.DayOfWeek - 1)),
        _ => new LocalDate(day.Year, day.Month, 1),
    };

    private static LocalDate Previous(BackupTier tier, LocalDate periodStart) => tier.Cadence switch
    {
        BackupCadence.Daily => periodStart.PlusDays(-1),
        BackupCadence.Weekly => periodStart.PlusWeeks(-1),
        _ => periodStart.PlusMonths(-1),
    };

    /// <summary>The days a period's runs are read in: the period itself, or a monthly tier's day.</summary>
    private static (LocalDate From, LocalDate To) Window(BackupTier tier, LocalDate periodStart) => tier.Cadence switch
    {
        BackupCadence.Daily => (periodStart, periodStart.PlusDays(1)),
        BackupCadence.Weekly => (periodStart, periodStart.PlusWeeks(1)),
        _ when tier.OnDay is { } day => (periodStart.PlusDays(Math.Min(day, periodStart.Calendar.GetDaysInMonth(periodStart.Year, periodStart.Month)) - 1),
                                         periodStart.PlusDays(Math.Min(day, periodStart.Calendar.GetDaysInMonth(periodStart.Year, periodStart.Month)))),
        _ => (periodStart, periodStart.PlusMonths(1)),
    };

    private static string Label(BackupTier tier, LocalDate from) => tier.Cadence switch
    {
        BackupCadence.Daily => $"du {French.Date(from)}",
        BackupCadence.Weekly => $"de la semaine du {French.Date(from)}",
        _ when tier.OnDay is not null => $"du {French.Date(from)}",
        _ => French.Month(new YearMonth(from.Year, from.Month)) is var month && "aeiou".Contains(month[0], StringComparison.Ordinal) ? $"d'{month}" : $"de {month}",
    };
}
