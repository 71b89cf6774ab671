using NodaTime;

namespace Guichet.Domain.Backups;

/// <summary>How often a tier of backups is taken: one restore point per day, per ISO week or per calendar month.</summary>
public enum BackupCadence
{
    /// <summary>One per day (ES26 7 "chaque nuit"; AT 9.4.11.3 J-1…J-6).</summary>
    Daily,

    /// <summary>One per week, Monday to Sunday (AT 9.4.11.3 S-1…S-4).</summary>
    Weekly,

    /// <summary>One per calendar month (ES26 7 "chaque 1er jour du mois"; AT 9.4.11.3 M-1…M-4).</summary>
    Monthly,
}

/// <summary>
/// One tier of a backup policy: its cadence and how many of its restore points must be kept (ES26 7: daily kept
/// 30 calendar days is 30 daily points; monthly kept 3 months is 3 monthly points).
/// </summary>
/// <param name="Id">Stable id within the policy, the one the backup tooling sends (<c>quotidienne</c>…).</param>
/// <param name="Name">French name shown to people.</param>
/// <param name="Cadence">One restore point per day, week or month.</param>
/// <param name="Keep">How many of the latest completed periods must each still have a restore point.</param>
/// <param name="OnDay">For a monthly tier, the day of the month it is taken on (ES26: the 1st), or null for any day of the month.</param>
public sealed record BackupTier(string Id, string Name, BackupCadence Cadence, int Keep, int? OnDay = null);

/// <summary>
/// A contract's backup commitment (ES26 7, AT 9.4.11.3): its tiers, and how fresh the latest complete copy must be.
/// </summary>
/// <param name="Tiers">The tiers, in the contract's order.</param>
/// <param name="MaxAge">
/// The age the latest successful copy may not exceed (AT: "une copie complète de sauvegarde de moins de 24 heures"),
/// or null when the contract sets none.
/// </param>
/// <param name="Source">The contract clause.</param>
public sealed record BackupPolicy(IReadOnlyList<BackupTier> Tiers, Duration? MaxAge, string Source)
{
    /// <summary>The tier of that id, or null.</summary>
    public BackupTier? Tier(string id) => Tiers.FirstOrDefault(t => t.Id == id);
}

/// <summary>One backup run as the provider's tooling (or a person) reported it.</summary>
/// <param name="Tier">The tier it belongs to.</param>
/// <param name="StartedAt">When it started: the period it covers is read from this instant.</param>
/// <param name="Succeeded">Whether it produced a complete copy.</param>
/// <param name="FinishedAt">When it finished (the copy's age counts from there); null while running.</param>
/// <param name="DeletedAt">When its copy was deleted, if reported; a deleted copy is no longer a restore point.</param>
public sealed record BackupRun(string Tier, Instant StartedAt, bool Succeeded, Instant? FinishedAt = null, Instant? DeletedAt = null)
{
    /// <summary>Whether the run's copy is a restore point at <paramref name="now"/>.</summary>
    public bool IsRestorePoint(Instant now) => Succeeded && FinishedAt is { } done && done <= now && (DeletedAt is not { } deleted || deleted > now);
}
