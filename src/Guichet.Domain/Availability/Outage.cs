using NodaTime;

namespace Guichet.Domain.Availability;

/// <summary>Why a service was down, as the outage log records it (ES26 6 (i)–(v), AT 9.4.12.1).</summary>
public enum OutageCause
{
    /// <summary>An unplanned interruption: counted.</summary>
    Unplanned,

    /// <summary>A planned maintenance: excluded when announced early enough, counted otherwise.</summary>
    PlannedMaintenance,

    /// <summary>An urgent maintenance (patches, urgent fixes) outside the windows: excluded [ES26 6 (ii)].</summary>
    UrgentMaintenance,

    /// <summary>Force majeure: excluded [ES26 6 (iii), AT 9.4.12.1].</summary>
    ForceMajeure,

    /// <summary>Equipment supplied by the client or its suppliers: excluded [ES26 6 (iv)].</summary>
    ClientEquipment,

    /// <summary>Systems outside the service's perimeter, e.g. the client's network: excluded [ES26 6 (v)].</summary>
    OutsidePerimeter,

    /// <summary>A third party's doing: excluded [AT 9.4.12.1].</summary>
    ThirdParty,

    /// <summary>The monitoring itself failed: the service is not known to be down, nothing is counted.</summary>
    MonitoringGap,
}

/// <summary>One entry of a service's outage log.</summary>
/// <param name="Reference">How the entry is named in explanations (its id or number).</param>
/// <param name="Start">When the service went down.</param>
/// <param name="End">When it came back, or null while it is still down (counted up to "now").</param>
/// <param name="Cause">The cause as decided by staff.</param>
/// <param name="AnnouncedAt">For a planned maintenance, when it was announced to the client.</param>
public sealed record Outage(string Reference, Instant Start, Instant? End, OutageCause Cause, Instant? AnnouncedAt = null);
