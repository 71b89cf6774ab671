using NodaTime;

namespace Guichet.Domain.Availability;

/// <summary>Why a part of an outage counts or not.</summary>
public enum PartReason
{
    /// <summary>Unavailability within the measured period: counted.</summary>
    Counted,

    /// <summary>A planned maintenance announced later than the contract's notice: counted as unavailability.</summary>
    CountedLateNotice,

    /// <summary>Outside the measured period (ES26: before 07:00, after 20:00, weekends and holidays).</summary>
    OutsideMeasurement,

    /// <summary>Inside a recurring maintenance window (ES26 5: nights, Sundays, holidays).</summary>
    MaintenanceWindow,

    /// <summary>A planned maintenance announced at least the contract's notice before its start.</summary>
    AnnouncedMaintenance,

    /// <summary>An urgent maintenance.</summary>
    UrgentMaintenance,

    /// <summary>Force majeure.</summary>
    ForceMajeure,

    /// <summary>Equipment of the client or its suppliers.</summary>
    ClientEquipment,

    /// <summary>Systems outside the service's perimeter.</summary>
    OutsidePerimeter,

    /// <summary>A third party's doing.</summary>
    ThirdParty,

    /// <summary>The monitoring failed: neither available nor unavailable.</summary>
    MonitoringGap,
}

/// <summary>A stretch of one outage with the reason it counts or not.</summary>
public sealed record OutagePart(Interval Period, PartReason Reason)
{
    /// <summary>Whether the stretch is unavailability the rate counts.</summary>
    public bool Counted => Reason is PartReason.Counted or PartReason.CountedLateNotice;

    /// <summary>
    /// Whether the stretch is deducted from the period under <see cref="AvailabilityFormula.DeductedHours"/> (where it
    /// lies within the measured period): lost to maintenance, force majeure, a third party or the client.
    /// </summary>
    public bool Deductible => Reason is not (PartReason.Counted or PartReason.CountedLateNotice or PartReason.OutsideMeasurement or PartReason.MonitoringGap);

    /// <summary>The reason in French, as the explanation of a rate says it.</summary>
    public string Label => LabelOf(Reason);

    /// <summary>A reason in French.</summary>
    public static string LabelOf(PartReason reason) => reason switch
    {
        PartReason.Counted => "comptée comme indisponibilité",
        PartReason.CountedLateNotice => "comptée : maintenance annoncée trop tard (moins que le préavis du contrat)",
        PartReason.OutsideMeasurement => "hors de la période de mesure",
        PartReason.MaintenanceWindow => "dans une fenêtre de maintenance",
        PartReason.AnnouncedMaintenance => "maintenance planifiée annoncée dans le préavis",
        PartReason.UrgentMaintenance => "maintenance urgente",
        PartReason.ForceMajeure => "force majeure",
        PartReason.ClientEquipment => "équipement du client",
        PartReason.OutsidePerimeter => "hors du périmètre du service",
        PartReason.ThirdParty => "fait d'un tiers",
        _ => "défaut de supervision : ni disponible ni indisponible",
    };
}

/// <summary>One outage of the month, cut into the stretches that count and those that do not.</summary>
public sealed record OutageLine(Outage Outage, IReadOnlyList<OutagePart> Parts)
{
    /// <summary>The time this outage counts as unavailability (before overlaps with other entries are merged).</summary>
    public Duration Counted => Parts.Where(p => p.Counted).Aggregate(Duration.Zero, (sum, p) => sum + p.Period.Duration);

    /// <summary>The time of this outage that does not count.</summary>
    public Duration Excluded => Parts.Where(p => !p.Counted).Aggregate(Duration.Zero, (sum, p) => sum + p.Period.Duration);
}

/// <summary>A service's availability over one month of its contract, with its explanation.</summary>
/// <param name="Objective">The commitment.</param>
/// <param name="Month">The month, in the measurement calendar's zone.</param>
/// <param name="Bounds">The month's first and last instants (end exclusive).</param>
/// <param name="Period">The measured time of the whole month (ES26's PRT; every hour for AT).</param>
/// <param name="Deducted">The measured time lost to deductible causes (outages of several entries merged).</param>
/// <param name="Unavailable">The counted unavailability (merged; a stretch also deductible is not counted).</param>
/// <param name="Rate">The rate in percent over <see cref="Basis"/>.</param>
/// <param name="InProgress">Whether the month is not over: the rate is what it reaches if nothing else happens.</param>
/// <param name="Lines">Each outage of the month with its stretches.</param>
public sealed record MonthAvailability(
    AvailabilityObjective Objective,
    YearMonth Month,
    Interval Bounds,
    Duration Period,
    Duration Deducted,
    Duration Unavailable,
    decimal Rate,
    bool InProgress,
    IReadOnlyList<OutageLine> Lines)
{
    /// <summary>The time the rate is computed over: the period, less the deductions under AT's formula.</summary>
    public Duration Basis => Objective.Formula == AvailabilityFormula.DeductedHours ? Period - Deducted : Period;

    /// <summary>Whether the rate reaches the target.</summary>
    public bool Met => Rate >= Objective.TargetPercent;

    /// <summary>The unavailability the target allows over the month (rounded down to the second).</summary>
    public Duration Allowed => Duration.FromSeconds((long)Math.Floor((decimal)Basis.BclCompatibleTicks / NodaConstants.TicksPerSecond * (100m - Objective.TargetPercent) / 100m));

    /// <summary>What is left of <see cref="Allowed"/> ("il reste 18 min d'indisponibilité avant l'objectif"), zero once spent.</summary>
    public Duration BudgetLeft => Unavailable >= Allowed ? Duration.Zero : Allowed - Unavailable;
}
