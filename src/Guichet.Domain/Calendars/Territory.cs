using NodaTime;

namespace Guichet.Domain.Calendars;

/// <summary>
/// A French territory whose public holidays and time zone a client organisation follows.
/// Ids are stable (they appear in presets, the database and the command line).
/// </summary>
public sealed class Territory
{
    private Territory(string id, string name, string zoneId)
    {
        Id = id;
        Name = name;
        ZoneId = zoneId;
        Zone = DateTimeZoneProviders.Tzdb[zoneId];
    }

    /// <summary>Stable identifier, e.g. <c>metropole</c> or <c>reunion</c>.</summary>
    public string Id { get; }

    /// <summary>French display name.</summary>
    public string Name { get; }

    /// <summary>IANA time zone id of the territory.</summary>
    public string ZoneId { get; }

    /// <summary>The territory's time zone.</summary>
    public DateTimeZone Zone { get; }

    /// <summary>Metropolitan France (Europe/Paris).</summary>
    public static readonly Territory Metropole = new("metropole", "France métropolitaine", "Europe/Paris");

    /// <summary>Bas-Rhin, Haut-Rhin and Moselle: metropolitan holidays plus Good Friday and 26 December.</summary>
    public static readonly Territory AlsaceMoselle = new("alsace-moselle", "Alsace-Moselle", "Europe/Paris");

    /// <summary>Guadeloupe (America/Guadeloupe).</summary>
    public static readonly Territory Guadeloupe = new("guadeloupe", "Guadeloupe", "America/Guadeloupe");

    /// <summary>Martinique (America/Martinique).</summary>
    public static readonly Territory Martinique = new("martinique", "Martinique", "America/Martinique");

    /// <summary>Guyane (America/Cayenne).</summary>
    public static readonly Territory Guyane = new("guyane", "Guyane", "America/Cayenne");

    /// <summary>La Réunion (Indian/Reunion).</summary>
    public static readonly Territory Reunion = new("reunion", "La Réunion", "Indian/Reunion");

    /// <summary>Mayotte (Indian/Mayotte).</summary>
    public static readonly Territory Mayotte = new("mayotte", "Mayotte", "Indian/Mayotte");

    /// <summary>Saint-Martin (America/Marigot).</summary>
    public static readonly Territory SaintMartin = new("saint-martin", "Saint-Martin", "America/Marigot");

    /// <summary>Saint-Barthélemy (America/St_Barthelemy).</summary>
    public static readonly Territory SaintBarthelemy = new("saint-barthelemy", "Saint-Barthélemy", "America/St_Barthelemy");

    /// <summary>Every supported territory, in display order.</summary>
    public static IReadOnlyList<Territory> All { get; } =
    [
        Metropole, AlsaceMoselle, Guadeloupe, Martinique, Guyane, Reunion, Mayotte, SaintMartin, SaintBarthelemy,
    ];

    /// <summary>Finds a territory by its id (case-insensitive).</summary>
    public static bool TryGet(string? id, out Territory territory)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Id, id, StringComparison.OrdinalIgnoreCase))
            {
                territory = candidate;
                return true;
            }
        }

        territory = Metropole;
        return false;
    }

    /// <inheritdoc />
    public override string ToString() => Id;
}
