using System.Globalization;
using Guichet.Domain.Availability;
using Guichet.Features.Tickets;
using NodaTime.Text;

namespace Guichet.Features.Availability;

/// <summary>The words of availability: cause codes on the wire, French labels, instants read and written.</summary>
internal static class AvailabilityTexts
{
    public static readonly IReadOnlyList<(OutageCause Cause, string Code, string Label)> Causes =
    [
        (OutageCause.Unplanned, "unplanned", "Interruption non planifiée"),
        (OutageCause.PlannedMaintenance, "planned-maintenance", "Maintenance planifiée"),
        (OutageCause.UrgentMaintenance, "urgent-maintenance", "Maintenance urgente"),
        (OutageCause.ForceMajeure, "force-majeure", "Force majeure"),
        (OutageCause.ClientEquipment, "client-equipment", "Équipement du client"),
        (OutageCause.OutsidePerimeter, "outside-perimeter", "Hors du périmètre du service"),
        (OutageCause.ThirdParty, "third-party", "Fait d'un tiers"),
        (OutageCause.MonitoringGap, "monitoring-gap", "Défaut de supervision (état inconnu)"),
    ];

    public static string Code(OutageCause cause) => Causes.First(c => c.Cause == cause).Code;

    public static string Label(OutageCause cause) => Causes.First(c => c.Cause == cause).Label;

    public static OutageCause? Parse(string? code) =>
        Causes.Where(c => string.Equals(c.Code, code?.Trim(), StringComparison.OrdinalIgnoreCase)).Select(c => (OutageCause?)c.Cause).FirstOrDefault();

    public static string CauseChoices => string.Join(", ", Causes.Select(c => c.Code));

    public static string KindLabel(AvailabilityEventKind kind) => kind switch
    {
        AvailabilityEventKind.Created => "Déclarée",
        AvailabilityEventKind.Updated => "Modifiée",
        AvailabilityEventKind.Closed => "Close (service rétabli)",
        AvailabilityEventKind.Comment => "Commentaire",
        AvailabilityEventKind.Contest => "Contestation",
        AvailabilityEventKind.Accepted => "Contestation acceptée",
        AvailabilityEventKind.Rejected => "Contestation rejetée",
        AvailabilityEventKind.Announced => "Annoncée",
        AvailabilityEventKind.Rescheduled => "Reprogrammée",
        _ => "Annulée",
    };

    public static string Iso(Instant at) => InstantPattern.ExtendedIso.Format(at);

    public static string? Iso(Instant? at) => at is { } a ? Iso(a) : null;

    /// <summary>An instant written with its offset or Z (<c>2027-03-02T09:15:00+01:00</c>), or null with a French error.</summary>
    public static Instant? ReadInstant(string? text, string field, string what, bool required, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                errors[field] = [$"{what} est obligatoire."];
            }

            return null;
        }

        text = text.Trim();
        var withOffset = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
        if (withOffset && text.Length <= 40 && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return Instant.FromDateTimeOffset(parsed);
        }

        errors[field] = [$"{what} : format ISO 8601 avec fuseau attendu (par exemple 2027-03-02T09:15:00+01:00)."];
        return null;
    }

    /// <summary>A zone's local time of a page's datetime-local field (<c>2027-03-02T09:15</c>) as ISO with its offset.</summary>
    public static string? FromLocal(string? local, DateTimeZone zone)
    {
        if (string.IsNullOrWhiteSpace(local))
        {
            return null;
        }

        foreach (var pattern in new[] { "uuuu'-'MM'-'dd'T'HH':'mm", "uuuu'-'MM'-'dd'T'HH':'mm':'ss" })
        {
            if (LocalDateTimePattern.CreateWithInvariantCulture(pattern).Parse(local.Trim()) is { Success: true } parsed)
            {
                return Iso(parsed.Value.InZoneLeniently(zone).ToInstant());
            }
        }

        return local;
    }

    /// <summary>An instant as a datetime-local field shows it.</summary>
    public static string ToLocal(Instant? at, DateTimeZone zone) =>
        at is { } a ? LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm").Format(a.InZone(zone).LocalDateTime) : "";

    /// <summary>"1 h 05 min", "18 min", "5 min 44 s", "0 s".</summary>
    public static string Length(Duration d)
    {
        var seconds = (long)Math.Floor(d.TotalSeconds);
        var hours = seconds / 3600;
        var minutes = seconds % 3600 / 60;
        var rest = seconds % 60;
        var parts = new List<string>();
        if (hours > 0)
        {
            parts.Add($"{hours} h");
        }

        if (minutes > 0 || (hours > 0 && rest > 0))
        {
            parts.Add(hours > 0 ? $"{minutes:00} min" : $"{minutes} min");
        }

        if (rest > 0 && hours == 0)
        {
            parts.Add($"{rest} s");
        }

        return parts.Count == 0 ? "0 s" : string.Join(" ", parts);
    }

    /// <summary>The zone of an organisation's territory.</summary>
    public static DateTimeZone ZoneOf(string territory) => TicketClocks.TerritoryOf(territory).Zone;

    /// <summary>A rate as people read it: "99,8734 %".</summary>
    public static string Rate(decimal rate) => rate.ToString("0.####", Display.French) + " %";
}
