using System.Text.RegularExpressions;
using NodaTime.Calendars;
using NodaTime.Text;

namespace Guichet.Features.Operations;

/// <summary>
/// Which daily archives to keep (grandfather-father-son): the newest <c>daily</c> days, the newest archive of each
/// of the newest <c>weekly</c> ISO weeks, and the newest archive of each of the newest <c>monthly</c> months. An
/// archive any rule keeps stays; the others go. The newest archive always stays (nothing leaves a provider without
/// a backup), whatever the settings.
/// </summary>
internal static partial class BackupRetention
{
    public static IReadOnlySet<LocalDate> ToKeep(IEnumerable<LocalDate> archives, int daily, int weekly, int monthly)
    {
        var newestFirst = archives.Distinct().OrderDescending().ToList();
        var keep = new HashSet<LocalDate>(newestFirst.Take(Math.Max(1, daily)));
        keep.UnionWith(newestFirst.GroupBy(d => (WeekYearRules.Iso.GetWeekYear(d), WeekYearRules.Iso.GetWeekOfWeekYear(d))).Take(Math.Max(0, weekly)).Select(g => g.First()));
        keep.UnionWith(newestFirst.GroupBy(d => (d.Year, d.Month)).Take(Math.Max(0, monthly)).Select(g => g.First()));
        return keep;
    }

    /// <summary>The name of the scheduled archive of <paramref name="date"/>: <c>guichet-2026-04-13.tar.gz</c>.</summary>
    public static string FileName(LocalDate date) => $"guichet-{LocalDatePattern.Iso.Format(date)}.tar.gz";

    /// <summary>The date of a scheduled archive from its name; null for any other file (never pruned).</summary>
    public static LocalDate? DateOf(string fileName)
    {
        var match = ArchiveName().Match(fileName);
        return match.Success && LocalDatePattern.Iso.Parse(match.Groups[1].Value) is { Success: true } parsed ? parsed.Value : null;
    }

    /// <summary>Deletes the scheduled archives of <paramref name="directory"/> the rule does not keep; returns their names.</summary>
    public static IReadOnlyList<string> Prune(string directory, int daily, int weekly, int monthly)
    {
        var archives = System.IO.Directory.EnumerateFiles(directory)
            .Select(path => (Path: path, Date: DateOf(Path.GetFileName(path))))
            .Where(a => a.Date is not null)
            .ToList();
        var keep = ToKeep(archives.Select(a => a.Date!.Value), daily, weekly, monthly);
        var removed = new List<string>();
        foreach (var (path, date) in archives.Where(a => !keep.Contains(a.Date!.Value)))
        {
            File.Delete(path);
            removed.Add(Path.GetFileName(path));
        }

        return removed.Order(StringComparer.Ordinal).ToList();
    }

    [GeneratedRegex(@"^guichet-(\d{4}-\d{2}-\d{2})\.tar\.gz$", RegexOptions.CultureInvariant)]
    private static partial Regex ArchiveName();
}
