using System.Globalization;
using NodaTime;

namespace Guichet.Domain.Calendars;

/// <summary>
/// A window of local wall-clock time within one day, <c>[Start, End)</c>: it includes its start and excludes
/// its end. <c>End</c> may be 24:00 (the end of the day). Written <c>"09:00-12:00"</c>.
/// </summary>
/// <remarks>
/// On the days a time zone changes its offset, the window covers exactly the instants whose local time on
/// that date lies in <c>[Start, End)</c>: a window that touches a skipped hour is shorter, one that touches a
/// repeated hour is longer (both occurrences of the repeated local times are inside it).
/// </remarks>
public readonly record struct OpeningInterval
{
    /// <summary>Creates a window; <paramref name="start"/> and <paramref name="end"/> are offsets from local midnight.</summary>
    /// <exception cref="ArgumentException">The window is empty, reversed, or outside 00:00–24:00.</exception>
    public OpeningInterval(Duration start, Duration end)
    {
        if (start < Duration.Zero || end > Duration.FromDays(1) || start >= end)
        {
            throw new ArgumentException($"An opening interval must satisfy 00:00 ≤ start < end ≤ 24:00 (got {Format(start)}-{Format(end)}).");
        }

        Start = start;
        End = end;
    }

    /// <summary>Offset of the opening from local midnight.</summary>
    public Duration Start { get; }

    /// <summary>Offset of the closing from local midnight (exclusive; up to 24 hours).</summary>
    public Duration End { get; }

    /// <summary>Length of the window on a day without an offset change.</summary>
    public Duration Length => End - Start;

    /// <summary>Parses <c>"HH:mm-HH:mm"</c> (end may be <c>24:00</c>).</summary>
    /// <exception cref="FormatException">The text is not a valid window.</exception>
    public static OpeningInterval Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !TryParseTime(parts[0], out var start) || !TryParseTime(parts[1], out var end))
        {
            throw new FormatException($"\"{text}\" is not an opening interval; expected HH:mm-HH:mm, e.g. 09:00-12:00.");
        }

        try
        {
            return new OpeningInterval(start, end);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"\"{text}\": {e.Message}", e);
        }
    }

    /// <summary>Whether the two windows share any time.</summary>
    public bool Overlaps(OpeningInterval other) => Start < other.End && other.Start < End;

    /// <inheritdoc />
    public override string ToString() => $"{Format(Start)}-{Format(End)}";

    private static string Format(Duration d) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)d.TotalHours:00}:{d.Minutes:00}");

    private static bool TryParseTime(string s, out Duration value)
    {
        value = Duration.Zero;
        var hm = s.Split(':');
        if (hm.Length != 2 || hm[0].Length is < 1 or > 2 || hm[1].Length != 2
            || !int.TryParse(hm[0], NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            || !int.TryParse(hm[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || m > 59 || h > 24 || (h == 24 && m != 0))
        {
            return false;
        }

        value = Duration.FromMinutes((h * 60) + m);
        return true;
    }
}
