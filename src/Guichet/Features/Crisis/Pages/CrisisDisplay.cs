namespace Guichet.Features.Crisis.Pages;

/// <summary>How the crisis pages say a promise: its due in the client's zone, and how late or how far it is.</summary>
internal static class CrisisDisplay
{
    public static string When(string iso, DateTimeZone zone) => Display.When(CrisisTexts.ParseIso(iso), zone);

    /// <summary>"dû au plus tard le 13/04/2026 à 10:15 — dans 12 min" or "… — en retard de 1 h 05".</summary>
    public static string Due(CrisisDueView due, DateTimeZone zone, Instant now)
    {
        var at = CrisisTexts.ParseIso(due.Due);
        var when = $"au plus tard le {Display.When(at, zone)}";
        return due.KeptAt is not null || due.Status == "not-applicable" ? when
            : due.Late ? $"{when} — en retard de {Display.Span(now - at)}"
            : $"{when} — dans {Display.Span(at - now)}";
    }
}
