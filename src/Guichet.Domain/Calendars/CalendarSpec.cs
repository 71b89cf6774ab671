using NodaTime;

namespace Guichet.Domain.Calendars;

/// <summary>
/// A calendar as a contract describes it, before it is applied to a client: the time zone and holidays may be
/// fixed (the provider's) or the client's (<see cref="FollowsClient"/>).
/// </summary>
public sealed record CalendarSpec
{
    /// <summary>Name within the policy, e.g. <c>support</c> or <c>availability</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Fixed time zone, or null to use the client territory's zone.</summary>
    public DateTimeZone? Zone { get; init; }

    /// <summary>Which holidays close the calendar.</summary>
    public required HolidaySource Holidays { get; init; }

    /// <summary>The territory when <see cref="Holidays"/> is <see cref="HolidaySource.Territory"/>.</summary>
    public Territory? HolidayTerritory { get; init; }

    /// <summary>Whether Whit Monday is observed.</summary>
    public bool IncludeWhitMonday { get; init; } = true;

    /// <summary>Weekly opening windows.</summary>
    public required WeeklySchedule Week { get; init; }

    /// <summary>One-off whole-day closures.</summary>
    public IReadOnlyList<LocalDate> Closures { get; init; } = [];

    /// <summary>Exceptional opening days with their windows.</summary>
    public IReadOnlyDictionary<LocalDate, IReadOnlyList<OpeningInterval>> ExceptionalOpenings { get; init; } =
        new Dictionary<LocalDate, IReadOnlyList<OpeningInterval>>();

    /// <summary>Whether the zone or the holidays depend on the client's territory.</summary>
    public bool FollowsClient => Zone is null || Holidays == HolidaySource.Client;

    /// <summary>The calendar for a client of <paramref name="client"/>.</summary>
    public BusinessCalendar Resolve(Territory client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var holidays = Holidays switch
        {
            HolidaySource.None => null,
            HolidaySource.Client => client,
            _ => HolidayTerritory,
        };
        return new BusinessCalendar(Name, Zone ?? client.Zone, Week, holidays, IncludeWhitMonday, Closures, ExceptionalOpenings);
    }
}

/// <summary>Where a calendar's holidays come from.</summary>
public enum HolidaySource
{
    /// <summary>No holiday closes the calendar.</summary>
    None,

    /// <summary>The holidays of the client's territory.</summary>
    Client,

    /// <summary>The holidays of a fixed territory (usually the provider's).</summary>
    Territory,
}
