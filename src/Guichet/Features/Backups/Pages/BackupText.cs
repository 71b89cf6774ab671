using System.Globalization;

namespace Guichet.Features.Backups.Pages;

/// <summary>How the backup pages write instants and sizes.</summary>
internal static class BackupText
{
    /// <summary>"04/12/2026 à 02:30" in the contract's zone.</summary>
    public static string When(Instant at, string zoneId) =>
        at.InZone(DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) ?? DateTimeZone.Utc).ToString("dd'/'MM'/'uuuu 'à' HH':'mm", CultureInfo.InvariantCulture);

    /// <summary>"12,4 Go", "850 Mo".</summary>
    public static string Size(long? bytes) => bytes switch
    {
        null => "",
        >= 1L << 30 => (bytes.Value / (double)(1L << 30)).ToString("0.0", Web.Pages.Display.French) + " Go",
        >= 1L << 20 => (bytes.Value / (double)(1L << 20)).ToString("0", Web.Pages.Display.French) + " Mo",
        _ => (bytes.Value / 1024.0).ToString("0", Web.Pages.Display.French) + " ko",
    };
}
