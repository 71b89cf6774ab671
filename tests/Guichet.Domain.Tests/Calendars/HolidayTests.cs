using Guichet.Domain.Calendars;
using NodaTime;
using NodaTime.Text;

namespace Guichet.Domain.Tests.Calendars;

public class HolidayTests
{
    /// <summary>
    /// Deliberate differences from the date-holidays reference (documented in docs/calendars.md):
    /// dates the reference has that we do not, and dates we have that it does not.
    /// </summary>
    private static readonly (string Territory, int FromYear, string MonthDay, bool OursOnly)[] Differences =
    [
        // Saint-Martin has observed the abolition of slavery on 28 May since 2018; the reference keeps 27 May.
        ("saint-martin", 2018, "05-27", false),
        ("saint-martin", 2018, "05-28", true),

        // Victor Schœlcher day: public offices close in Guadeloupe and Martinique; "optional" in the reference.
        ("guadeloupe", 1984, "07-21", true),
        ("martinique", 1984, "07-21", true),
    ];

    public static TheoryData<string, int> TerritoryYears()
    {
        var data = new TheoryData<string, int>();
        foreach (var territory in Territory.All)
        {
            for (var year = 2024; year <= 2035; year++)
            {
                data.Add(territory.Id, year);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TerritoryYears))]
    public void Every_holiday_matches_the_date_holidays_reference_except_documented_differences(string territoryId, int year)
    {
        var expected = Reference.Value
            .Where(r => r.Territory == territoryId && r.Date.Year == year)
            .Select(r => r.Date)
            .ToHashSet();
        foreach (var (territory, fromYear, monthDay, oursOnly) in Differences)
        {
            if (territory != territoryId || year < fromYear)
            {
                continue;
            }

            var date = LocalDatePattern.Iso.Parse($"{year}-{monthDay}").Value;
            if (oursOnly)
            {
                Assert.DoesNotContain(date, expected);
                expected.Add(date);
            }
            else
            {
                Assert.Contains(date, expected);
                expected.Remove(date);
            }
        }

        Territory.TryGet(territoryId, out var t);
        var actual = FrenchHolidays.For(t, year).Select(h => h.Date).ToHashSet();

        Assert.Equal(expected.Order(), actual.Order());
    }

    [Fact]
    public void The_reference_dataset_covers_every_territory_and_year()
    {
        Assert.Equal(
            Territory.All.Select(t => t.Id).Order(),
            Reference.Value.Select(r => r.Territory).Distinct().Order());
        Assert.Equal(Enumerable.Range(2024, 12), Reference.Value.Select(r => r.Date.Year).Distinct().Order());
    }

    [Theory]
    [InlineData(2024, "2024-03-31")]
    [InlineData(2025, "2025-04-20")]
    [InlineData(2026, "2026-04-05")]
    [InlineData(2038, "2038-04-25")]
    [InlineData(1900, "1900-04-15")]
    [InlineData(1943, "1943-04-25")]
    [InlineData(2008, "2008-03-23")]
    [InlineData(2200, "2200-04-06")]
    public void Easter_sunday_is_computed_by_the_gregorian_rule(int year, string expected)
    {
        Assert.Equal(LocalDatePattern.Iso.Parse(expected).Value, FrenchHolidays.EasterSunday(year));
    }

    [Fact]
    public void Metropolitan_france_has_the_eleven_holidays_of_the_code_du_travail()
    {
        var names = FrenchHolidays.For(Territory.Metropole, 2026).Select(h => h.Name).ToArray();

        Assert.Equal(
            ["Jour de l'an", "Lundi de Pâques", "Fête du Travail", "Victoire 1945", "Ascension", "Lundi de Pentecôte",
             "Fête nationale", "Assomption", "Toussaint", "Armistice 1918", "Noël"],
            names);
    }

    [Fact]
    public void Whit_monday_can_be_left_out()
    {
        var with = FrenchHolidays.For(Territory.Metropole, 2026);
        var without = FrenchHolidays.For(Territory.Metropole, 2026, includeWhitMonday: false);

        Assert.Equal(with.Count - 1, without.Count);
        Assert.DoesNotContain(without, h => h.Date == new LocalDate(2026, 5, 25));
    }

    [Theory]
    [InlineData(1946, "05-01", false)]
    [InlineData(1947, "05-01", true)]
    [InlineData(1952, "05-08", false)]
    [InlineData(1955, "05-08", true)]
    [InlineData(1970, "05-08", false)]
    [InlineData(1982, "05-08", true)]
    [InlineData(1921, "11-11", false)]
    [InlineData(1922, "11-11", true)]
    [InlineData(1900, "07-14", true)]
    public void Holidays_apply_from_the_year_the_law_made_them(int year, string monthDay, bool expected)
    {
        var date = LocalDatePattern.Iso.Parse($"{year}-{monthDay}").Value;

        Assert.Equal(expected, FrenchHolidays.For(Territory.Metropole, year).Any(h => h.Date == date));
    }

    [Theory]
    [InlineData("reunion", "12-20")]
    [InlineData("mayotte", "04-27")]
    [InlineData("guyane", "06-10")]
    [InlineData("martinique", "05-22")]
    [InlineData("guadeloupe", "05-27")]
    [InlineData("saint-barthelemy", "10-09")]
    public void Overseas_territories_commemorate_the_abolition_of_slavery_from_1984(string territoryId, string monthDay)
    {
        Territory.TryGet(territoryId, out var t);
        Assert.DoesNotContain(FrenchHolidays.For(t, 1983), h => h.Name == "Abolition de l'esclavage");
        Assert.Contains(FrenchHolidays.For(t, 1984), h => h.Date == LocalDatePattern.Iso.Parse($"1984-{monthDay}").Value);
    }

    [Fact]
    public void Two_holidays_on_one_date_stay_two_entries_and_one_closed_day()
    {
        // 2030: Whit Monday falls on 10 June, Guyane's abolition day.
        var holidays = FrenchHolidays.For(Territory.Guyane, 2030).Where(h => h.Date == new LocalDate(2030, 6, 10)).ToList();

        Assert.Equal(2, holidays.Count);
    }

    [Theory]
    [InlineData(1899)]
    [InlineData(2201)]
    public void Years_outside_1900_2200_are_refused(int year)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FrenchHolidays.For(Territory.Metropole, year));
    }

    [Fact]
    public void Each_territory_has_its_own_zone()
    {
        Assert.Equal(
            ["Europe/Paris", "Europe/Paris", "America/Guadeloupe", "America/Martinique", "America/Cayenne", "Indian/Reunion",
             "Indian/Mayotte", "America/Marigot", "America/St_Barthelemy"],
            Territory.All.Select(t => t.Zone.Id));
    }

    private static readonly Lazy<List<(string Territory, LocalDate Date)>> Reference = new(() =>
        File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Data", "holidays-date-holidays.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .Select(c => (c[0], LocalDatePattern.Iso.Parse(c[1]).Value))
            .ToList());
}
