using NodaTime;

namespace Guichet.Domain.Calendars;

/// <summary>
/// French public holidays computed by rule, for any year from <see cref="MinYear"/> to <see cref="MaxYear"/>.
/// </summary>
/// <remarks>
/// <para>
/// Metropolitan France has the eleven holidays of the Code du travail (art. L3133-1). Each one applies
/// from the year the law made it a holiday (1 May from 1947, 8 May from 1953 to 1959 and again from
/// 1982, 11 November from 1922). Alsace-Moselle adds Good Friday and 26 December (local law, applied
/// here from 1919). The overseas territories add the commemoration of the abolition of slavery (law
/// 83-550 of 30 June 1983 and its decrees, applied from 1984; Saint-Martin moved it from 27 to 28 May
/// in 2018); Guadeloupe and Martinique also close on Good Friday and on Victor Schœlcher day (21 July),
/// days public offices there observe. The choices and their differences from the <c>date-holidays</c>
/// reference are listed in <c>docs/calendars.md</c>.
/// </para>
/// <para>
/// French law has no "substitute day" when a holiday falls on a weekend: none is added.
/// Whit Monday is a legal holiday that may be worked as the "journée de solidarité": callers choose
/// whether to include it (<c>includeWhitMonday</c>, true by default).
/// </para>
/// </remarks>
public static class FrenchHolidays
{
    /// <summary>Earliest year for which holidays are computed.</summary>
    public const int MinYear = 1900;

    /// <summary>Latest year for which holidays are computed.</summary>
    public const int MaxYear = 2200;

    /// <summary>Name of Whit Monday, which <c>includeWhitMonday: false</c> leaves out.</summary>
    public const string WhitMondayName = "Lundi de Pentecôte";

    private const int Always = int.MinValue;
    private const int Never = int.MaxValue;

    private static readonly Rule[] Rules =
    [
        Fixed("Jour de l'an", 1, 1, All),
        Easter("Vendredi saint", -2, Only(Territory.AlsaceMoselle), from: 1919),
        Easter("Vendredi saint", -2, Only(Territory.Guadeloupe, Territory.Martinique)),
        Easter("Lundi de Pâques", 1, All),
        Fixed("Abolition de l'esclavage", 4, 27, Only(Territory.Mayotte), from: 1984),
        Fixed("Fête du Travail", 5, 1, All, from: 1947),
        Fixed("Victoire 1945", 5, 8, All, from: 1953, to: 1959),
        Fixed("Victoire 1945", 5, 8, All, from: 1982),
        Fixed("Abolition de l'esclavage", 5, 22, Only(Territory.Martinique), from: 1984),
        Fixed("Abolition de l'esclavage", 5, 27, Only(Territory.Guadeloupe), from: 1984),
        Fixed("Abolition de l'esclavage", 5, 27, Only(Territory.SaintMartin), from: 1984, to: 2017),
        Fixed("Abolition de l'esclavage", 5, 28, Only(Territory.SaintMartin), from: 2018),
        Easter("Ascension", 39, All),
        Easter(WhitMondayName, 50, All),
        Fixed("Abolition de l'esclavage", 6, 10, Only(Territory.Guyane), from: 1984),
        Fixed("Fête nationale", 7, 14, All),
        Fixed("Fête de Victor Schœlcher", 7, 21, Only(Territory.Guadeloupe, Territory.Martinique), from: 1984),
        Fixed("Assomption", 8, 15, All),
        Fixed("Abolition de l'esclavage", 10, 9, Only(Territory.SaintBarthelemy), from: 1984),
        Fixed("Toussaint", 11, 1, All),
        Fixed("Armistice 1918", 11, 11, All, from: 1922),
        Fixed("Abolition de l'esclavage", 12, 20, Only(Territory.Reunion), from: 1984),
        Fixed("Noël", 12, 25, All),
        Fixed("Saint-Étienne", 12, 26, Only(Territory.AlsaceMoselle), from: 1919),
    ];

    /// <summary>The holidays of <paramref name="territory"/> in <paramref name="year"/>, sorted by date.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year is outside 1900–2200.</exception>
    public static IReadOnlyList<Holiday> For(Territory territory, int year, bool includeWhitMonday = true)
    {
        ArgumentNullException.ThrowIfNull(territory);
        if (year is < MinYear or > MaxYear)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, $"Holidays are computed for years {MinYear} to {MaxYear}.");
        }

        var easter = EasterSunday(year);
        var result = new List<Holiday>(16);
        foreach (var rule in Rules)
        {
            if (year < rule.From || year > rule.To || !rule.AppliesTo(territory))
            {
                continue;
            }

            if (!includeWhitMonday && rule.Name == WhitMondayName)
            {
                continue;
            }

            result.Add(new Holiday(rule.Date(year, easter), rule.Name));
        }

        result.Sort(static (a, b) => a.Date.CompareTo(b.Date));
        return result;
    }

    /// <summary>Easter Sunday of the Gregorian calendar (anonymous Gregorian algorithm, "Meeus/Jones/Butcher").</summary>
    public static LocalDate EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new LocalDate(year, month, day);
    }

    private static Func<Territory, bool> All => static _ => true;

    private static Func<Territory, bool> Only(params Territory[] territories) => t => Array.IndexOf(territories, t) >= 0;

    private static Rule Fixed(string name, int month, int day, Func<Territory, bool> appliesTo, int from = Always, int to = Never) =>
        new(name, (year, _) => new LocalDate(year, month, day), appliesTo, from, to);

    private static Rule Easter(string name, int offsetDays, Func<Territory, bool> appliesTo, int from = Always, int to = Never) =>
        new(name, (_, easter) => easter.PlusDays(offsetDays), appliesTo, from, to);

    private sealed record Rule(string Name, Func<int, LocalDate, LocalDate> Date, Func<Territory, bool> AppliesTo, int From, int To);
}
