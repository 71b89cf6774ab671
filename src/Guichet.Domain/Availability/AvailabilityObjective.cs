using Guichet.Domain.Calendars;
using NodaTime;

namespace Guichet.Domain.Availability;

/// <summary>How a contract turns a month's outages into its availability rate.</summary>
public enum AvailabilityFormula
{
    /// <summary>
    /// ES26 6: TD = (PRT − Σ TI) / PRT × 100 over the reference period (PRT); excluded interruptions are simply not
    /// counted in TI, the period keeps its length.
    /// </summary>
    ReferencePeriod,

    /// <summary>
    /// AT 9.4.12.1: rate = (NHT − NHI) / NHT × 100, NHT being the period's hours after deducting the hours lost to
    /// maintenance, force majeure or a third party's or the client's doing.
    /// </summary>
    DeductedHours,
}

/// <summary>
/// An availability commitment of a contract for one hosted service (ES26 6: the production environment at 99.85 %;
/// AT 9.4.12: the software at 99.9 % and the remote services at 99.8 %, 24×7).
/// </summary>
/// <param name="Id">Stable id within the preset, e.g. <c>production</c>.</param>
/// <param name="Name">French name of the service the rate is about.</param>
/// <param name="TargetPercent">The rate promised each month, e.g. 99.85.</param>
/// <param name="Formula">How the rate is computed.</param>
/// <param name="Measurement">The calendar the rate is measured on (ES26's PRT; AT's every hour).</param>
/// <param name="ServiceHours">
/// When the service is open outside its recurring maintenance windows (ES26 5: every day 07:00–24:00 but Sundays and
/// holidays), or null when the contract has no recurring window: an outage inside a window is not counted.
/// </param>
/// <param name="MinimumNotice">How long before its start a planned maintenance must be announced to be excluded (ES26 5: 48 h).</param>
/// <param name="Source">The contract clause.</param>
public sealed record AvailabilityObjective(
    string Id,
    string Name,
    decimal TargetPercent,
    AvailabilityFormula Formula,
    CalendarSpec Measurement,
    CalendarSpec? ServiceHours,
    Duration MinimumNotice,
    string Source);
