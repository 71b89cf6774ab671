using Guichet.Features.Operations;
using NodaTime;

namespace Guichet.Tests.Operations;

/// <summary>Which daily archives stay: the newest N days, the newest of each of N weeks and of each of N months.</summary>
public class BackupRetentionTests
{
    private static LocalDate D(string iso) => NodaTime.Text.LocalDatePattern.Iso.Parse(iso).Value;

    private static IEnumerable<LocalDate> Days(string first, string last)
    {
        for (var d = D(first); d <= D(last); d = d.PlusDays(1))
        {
            yield return d;
        }
    }

    public static TheoryData<string, string, int, int, int, string[]> Cases => new()
    {
        // 120 consecutive days, 7/4/3: the last 7 days, the Sundays ending the last 4 ISO weeks, the last day of the last 3 months.
        { "2026-01-01", "2026-04-30", 7, 4, 3, ["2026-02-28", "2026-03-31", "2026-04-12", "2026-04-19", "2026-04-24", "2026-04-25", "2026-04-26", "2026-04-27", "2026-04-28", "2026-04-29", "2026-04-30"] },
        // Fewer archives than the rule allows: all stay.
        { "2026-04-28", "2026-04-30", 7, 4, 3, ["2026-04-28", "2026-04-29", "2026-04-30"] },
        // Daily only.
        { "2026-04-01", "2026-04-10", 2, 0, 0, ["2026-04-09", "2026-04-10"] },
        // Nothing asked: the newest still stays.
        { "2026-04-01", "2026-04-10", 0, 0, 0, ["2026-04-10"] },
        // A year turning inside an ISO week (2026-12-28 … 2027-01-03 is week 53 of 2026): one weekly archive for it.
        { "2026-12-21", "2027-01-02", 1, 2, 0, ["2026-12-27", "2027-01-02"] },
        // Monthly across a year end.
        { "2026-11-15", "2027-01-05", 1, 0, 3, ["2026-11-30", "2026-12-31", "2027-01-05"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Keeps_what_the_rule_says(string first, string last, int daily, int weekly, int monthly, string[] expected)
    {
        var keep = BackupRetention.ToKeep(Days(first, last), daily, weekly, monthly);

        Assert.Equal(expected, keep.Order().Select(d => d.ToString("yyyy-MM-dd", null)));
    }

    [Fact]
    public void Gaps_and_duplicates_do_not_count_twice()
    {
        var keep = BackupRetention.ToKeep([D("2026-04-01"), D("2026-04-01"), D("2026-03-02"), D("2026-01-15")], 1, 0, 2);

        Assert.Equal([D("2026-03-02"), D("2026-04-01")], keep.Order());
    }

    [Theory]
    [InlineData("guichet-2026-04-13.tar.gz", "2026-04-13")]
    [InlineData("guichet-2026-02-30.tar.gz", null)]
    [InlineData("guichet-2026-04-13.tar.gz.partial", null)]
    [InlineData("notes-2026-04-13.tar.gz", null)]
    [InlineData("guichet-latest.tar.gz", null)]
    public void Only_scheduled_archive_names_have_a_date(string name, string? expected)
    {
        Assert.Equal(expected is null ? null : D(expected), BackupRetention.DateOf(name));
        if (expected is not null)
        {
            Assert.Equal(name, BackupRetention.FileName(D(expected)));
        }
    }

    [Fact]
    public void Prune_deletes_only_scheduled_archives_the_rule_drops()
    {
        var directory = Directory.CreateTempSubdirectory("guichet-prune-").FullName;
        try
        {
            foreach (var day in Days("2026-03-01", "2026-04-13"))
            {
                File.WriteAllText(Path.Combine(directory, BackupRetention.FileName(day)), "x");
            }

            File.WriteAllText(Path.Combine(directory, "a-garder.tar.gz"), "x");

            var removed = BackupRetention.Prune(directory, 3, 2, 2);

            var left = Directory.EnumerateFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(
                ["a-garder.tar.gz", "guichet-2026-03-31.tar.gz", "guichet-2026-04-11.tar.gz", "guichet-2026-04-12.tar.gz", "guichet-2026-04-13.tar.gz"],
                left);
            Assert.Equal(44 - 4, removed.Count);
            Assert.Empty(BackupRetention.Prune(directory, 3, 2, 2));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
