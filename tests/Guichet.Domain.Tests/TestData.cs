using Guichet.Domain.Calendars;
using Guichet.Domain.Presets;
using NodaTime;
using NodaTime.Text;

namespace Guichet.Domain.Tests;

/// <summary>Calendars and parsing helpers shared by the domain tests.</summary>
internal static class TestData
{
    private static readonly OffsetDateTimePattern[] Patterns =
    [
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mmo<G>"),
        OffsetDateTimePattern.ExtendedIso,
    ];

    public static readonly DateTimeZone Paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];

    /// <summary>An instant written with its offset, e.g. <c>2026-04-13T09:00+02:00</c>.</summary>
    public static Instant I(string text)
    {
        foreach (var pattern in Patterns)
        {
            var result = pattern.Parse(text);
            if (result.Success)
            {
                return result.Value.ToInstant();
            }
        }

        throw new FormatException($"Test instant \"{text}\" is malformed.");
    }

    public static Duration H(double hours) => Duration.FromMinutes(Math.Round(hours * 60));

    public static string Show(Instant instant, DateTimeZone zone) =>
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mmo<Z+HH:mm>").Format(instant.InZone(zone).ToOffsetDateTime());

    public static BusinessCalendar PresetCalendar(string preset, string calendar = "support", Territory? territory = null)
    {
        Assert.True(PresetCatalog.TryGet(preset, out var p));
        return p.CalendarsFor(territory ?? Territory.Metropole)[calendar];
    }

    public static BusinessCalendar Ls => PresetCalendar("ls");

    public static BusinessCalendar Mn => PresetCalendar("mn");

    public static BusinessCalendar At => PresetCalendar("at");

    public static readonly IsoDayOfWeek[] EveryDay =
    [
        IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday,
        IsoDayOfWeek.Friday, IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday,
    ];

    /// <summary>Open every day 07:00–20:00 in Paris, no holidays.</summary>
    public static readonly BusinessCalendar SevenToEight = new("7-20", Paris, WeeklySchedule.Uniform(EveryDay, OpeningInterval.Parse("07:00-20:00")), holidays: null);

    /// <summary>Open all day every day in Paris (local days of 23 and 25 hours at DST changes).</summary>
    public static readonly BusinessCalendar AllDayParis = new("24/7", Paris, WeeklySchedule.AlwaysOpen, holidays: null);

    public static BusinessCalendar Daily(string interval) =>
        new("daily", Paris, WeeklySchedule.Uniform(EveryDay, OpeningInterval.Parse(interval)), holidays: null);
}
