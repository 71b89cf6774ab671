using System.Globalization;
using Guichet.Domain.Sla;
using NodaTime.Text;

namespace Guichet.Web.Pages;

/// <summary>French display of instants (in the viewer's zone), durations and clocks.</summary>
internal static class Display
{
    public static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>Names in French alphabetical order (« Élise » beside « Emma », case ignored), as people expect a list sorted.</summary>
    public static readonly StringComparer FrenchOrder = StringComparer.Create(French, ignoreCase: true);

    private static readonly LocalDateTimePattern Long = LocalDateTimePattern.Create("dddd d MMMM yyyy 'à' HH:mm", French);

    private static readonly LocalDateTimePattern Short = LocalDateTimePattern.Create("dd/MM/yyyy HH:mm", French);

    /// <summary>"mardi 7 avril 2026 à 12:00".</summary>
    public static string When(Instant instant, DateTimeZone zone) => Long.Format(instant.InZone(zone).LocalDateTime);

    /// <summary>"07/04/2026 12:00".</summary>
    public static string ShortWhen(Instant instant, DateTimeZone zone) => Short.Format(instant.InZone(zone).LocalDateTime);

    /// <summary>ISO 8601 for the datetime attribute of &lt;time&gt;.</summary>
    /// <summary>A size in megabytes, French style (« 12,5 Mo »).</summary>
    public static string Megabytes(long bytes) => (bytes / (1024.0 * 1024)).ToString("0.#", French) + " Mo";

    public static string Iso(Instant instant) => InstantPattern.ExtendedIso.Format(instant);

    /// <summary>"2 j 3 h", "3 h 05", "12 min".</summary>
    public static string Span(Duration d)
    {
        var negative = d < Duration.Zero;
        if (negative)
        {
            d = -d;
        }

        var text = d.Days > 0 ? $"{d.Days} j {d.Hours} h"
            : d.Hours > 0 ? $"{d.Hours} h {d.Minutes:00}"
            : $"{d.Minutes} min";
        return negative ? "-" + text : text;
    }

    /// <summary>Age of a ticket: "aujourd'hui", "3 jours", "2 mois".</summary>
    public static string Age(Instant created, Instant now)
    {
        var days = (int)Math.Floor((now - created).TotalDays);
        return days switch
        {
            < 1 => "aujourd'hui",
            1 => "1 jour",
            < 60 => $"{days} jours",
            _ => $"{days / 30} mois",
        };
    }

    /// <summary>A clock in plain French, from the client's or the provider's point of view.</summary>
    public static string Clock(ClockResult clock, DateTimeZone zone, bool client)
    {
        var status = clock.Status;
        return status switch
        {
            ClockStatus.Met => $"Respecté{(clock.Stop is { } stop ? " — le " + When(stop, zone) : "")}",
            ClockStatus.Breached when clock.Stop is not null => "Dépassé",
            ClockStatus.Breached => $"Dépassé depuis le {When(clock.Due!.Value, zone)}",
            ClockStatus.Frozen => client ? "Suspendu — en attente de votre réponse" : "Suspendu — en attente du client",
            ClockStatus.Running when clock.Due is { } due => $"avant le {When(due, zone)}",
            ClockStatus.Running => "En cours",
            ClockStatus.NotStarted => "Pas encore commencé",
            _ => "Sans objet",
        };
    }

    /// <summary>CSS class of a clock's status; "soon" when less than a quarter of its target remains.</summary>
    public static string ClockClass(ClockResult clock) =>
        clock.Status == ClockStatus.Running && clock.Remaining is { } r && clock.Target is not null && r < Duration.FromHours(2)
            ? "clock-soon"
            : "clock-" + clock.Status.ToId();
}
