using System.Globalization;
using System.Text;
using Guichet.Domain.Calendars;
using Guichet.Domain.Presets;
using NodaTime.Text;

namespace Guichet.Cli;

/// <summary>Parsing and printing of the values the command line exchanges.</summary>
internal static class CliText
{
    private static readonly OffsetDateTimePattern OutputPattern =
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss;FFFFFFFFFo<Z+HH:mm>");

    private static readonly OffsetDateTimePattern[] OffsetPatterns =
    [
        OffsetDateTimePattern.ExtendedIso,
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mmo<G>"),
    ];

    private static readonly LocalDateTimePattern[] LocalPatterns =
    [
        LocalDateTimePattern.ExtendedIso,
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm"),
    ];

    /// <summary>
    /// Parses an instant: ISO 8601 with an offset (<c>2026-04-06T09:00:00+02:00</c>) or <c>Z</c>; or a local date
    /// and time without offset, read in <paramref name="zone"/> (a skipped time moves forward, a repeated one
    /// takes its first occurrence).
    /// </summary>
    public static Instant ParseInstant(string text, DateTimeZone zone, string option)
    {
        foreach (var pattern in OffsetPatterns)
        {
            var offset = pattern.Parse(text);
            if (offset.Success)
            {
                return InRange(offset.Value.ToInstant(), text, option);
            }
        }

        foreach (var pattern in LocalPatterns)
        {
            var local = pattern.Parse(text);
            if (local.Success)
            {
                return InRange(local.Value.InZoneLeniently(zone).ToInstant(), text, option);
            }
        }

        throw new CliUsageException($"{option}: \"{text}\" is not an instant; expected ISO 8601 such as 2026-04-06T09:00:00+02:00, 2026-04-06T07:00:00Z or 2026-04-06T09:00 (local time)");
    }

    private static Instant InRange(Instant instant, string text, string option)
    {
        // Calendars cover the local years 1900–2200; instants outside are refused here, before any arithmetic.
        var year = instant.InUtc().Year;
        return year is >= FrenchHolidays.MinYear and <= FrenchHolidays.MaxYear
            ? instant
            : throw new CliUsageException($"{option}: \"{text}\" is outside the years {FrenchHolidays.MinYear}–{FrenchHolidays.MaxYear} that calendars cover");
    }

    /// <summary>ISO 8601 with the offset of <paramref name="zone"/> at that instant.</summary>
    public static string FormatInstant(Instant instant, DateTimeZone zone) =>
        OutputPattern.Format(instant.InZone(zone).ToOffsetDateTime());

    /// <summary>Hours and minutes, e.g. <c>36h00</c> or <c>-2h15</c> (seconds truncated).</summary>
    public static string FormatHours(Duration d)
    {
        var sign = d < Duration.Zero ? "-" : "";
        var minutes = (long)Math.Abs(d.TotalMinutes);
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{minutes / 60}h{minutes % 60:00}");
    }

    /// <summary>ISO 8601 duration in hours, minutes and seconds, e.g. <c>PT36H</c>, <c>-PT2H15M</c>, <c>PT0S</c>.</summary>
    public static string FormatIsoDuration(Duration d)
    {
        if (d == Duration.Zero)
        {
            return "PT0S";
        }

        var sign = d < Duration.Zero ? "-" : "";
        var abs = d < Duration.Zero ? -d : d;
        var totalSeconds = (long)abs.TotalSeconds;
        var fraction = abs - Duration.FromSeconds(totalSeconds);
        var sb = new StringBuilder(sign).Append("PT");
        if (totalSeconds / 3600 > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{totalSeconds / 3600}H");
        }

        if (totalSeconds / 60 % 60 > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{totalSeconds / 60 % 60}M");
        }

        if (totalSeconds % 60 > 0 || fraction > Duration.Zero)
        {
            var seconds = (totalSeconds % 60) + (decimal)fraction.TotalNanoseconds / NodaConstants.NanosecondsPerSecond;
            sb.Append(CultureInfo.InvariantCulture, $"{seconds:0.#########}S");
        }

        return sb.ToString();
    }

    public static SlaPreset Preset(string id) =>
        PresetCatalog.TryGet(id, out var preset)
            ? preset
            : throw new CliUsageException($"unknown preset \"{id}\"; expected one of {string.Join(", ", PresetCatalog.Ids)}");

    public static Territory Territory(string? id) =>
        id is null ? Domain.Calendars.Territory.Metropole
        : Domain.Calendars.Territory.TryGet(id, out var territory) ? territory
        : throw new CliUsageException($"unknown territory \"{id}\"; expected one of {string.Join(", ", Domain.Calendars.Territory.All.Select(t => t.Id))}");
}
