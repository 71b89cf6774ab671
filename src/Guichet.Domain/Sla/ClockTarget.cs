using System.Globalization;
using Guichet.Domain.Calendars;
using NodaTime;

namespace Guichet.Domain.Sla;

/// <summary>
/// What a clock promises. Written in presets as <c>business-hours:4</c>, <c>business-days:3</c>,
/// <c>wall-hours:48</c> or <c>next-release:quarterly</c>.
/// </summary>
public abstract record ClockTarget
{
    private protected ClockTarget()
    {
    }

    /// <summary>The largest number of hours or days a target may give.</summary>
    public const int MaxAmount = 100_000;

    /// <summary>Release kinds a <see cref="NextRelease"/> target may name (AT 9.3.2).</summary>
    public static IReadOnlyList<string> ReleaseKinds { get; } = ["esr", "quarterly", "monthly", "patch", "major", "minor"];

    /// <summary>French description, e.g. "4 heures ouvrées".</summary>
    public abstract string Describe();

    /// <summary>
    /// The instant this target falls due when counted from <paramref name="start"/>: N business hours (the earliest
    /// instant), N business days of <paramref name="calendar"/>, or N wall-clock hours (the calendar is not read); null
    /// for a <see cref="NextRelease"/> target, whose date comes from the planned releases. The one place a target is
    /// applied to an instant: the SLA evaluator and the crisis cell's promises both count with it.
    /// </summary>
    public Instant? DueFrom(Instant start, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return this switch
        {
            BusinessHours h => calendar.AddBusinessTime(start, h.Amount),
            BusinessDays d => calendar.AddBusinessDays(start, d.Days),
            WallClockHours w => start + w.Amount,
            _ => null,
        };
    }

    /// <summary>Parses the preset notation.</summary>
    /// <exception cref="FormatException">The text is not a valid target.</exception>
    public static ClockTarget Parse(string? text)
    {
        if (text is null)
        {
            throw new FormatException("a target is required (null given).");
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            throw new FormatException($"\"{text}\" is not a target; expected business-hours:<n>, business-days:<n>, wall-hours:<n> or next-release:<kind>.");
        }

        var kind = text[..colon];
        var arg = text[(colon + 1)..];
        if (kind == "next-release")
        {
            return ReleaseKinds.Contains(arg)
                ? new NextRelease(arg)
                : throw new FormatException($"\"{text}\": unknown release kind \"{arg}\"; expected one of {string.Join(", ", ReleaseKinds)}.");
        }

        if (!decimal.TryParse(arg, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            throw new FormatException($"\"{text}\": \"{arg}\" is not a number.");
        }

        if (n <= 0)
        {
            throw new FormatException($"\"{text}\": a target must be positive.");
        }

        if (n > MaxAmount)
        {
            throw new FormatException($"\"{text}\": a target cannot exceed {MaxAmount}.");
        }

        return kind switch
        {
            "business-hours" => new BusinessHours(Hours(n)),
            "wall-hours" => new WallClockHours(Hours(n)),
            "business-days" when n == decimal.Truncate(n) => new BusinessDays((int)n),
            "business-days" => throw new FormatException($"\"{text}\": business days must be a whole number."),
            _ => throw new FormatException($"\"{text}\": unknown target kind \"{kind}\"; expected business-hours, business-days, wall-hours or next-release."),
        };
    }

    private static Duration Hours(decimal n) =>
        Duration.FromNanoseconds(decimal.ToInt64(decimal.Round(n * NodaConstants.NanosecondsPerHour)));

    private static string FormatHours(Duration d)
    {
        var minutes = (long)d.TotalMinutes;
        return minutes % 60 == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{minutes / 60} heure{(minutes / 60 > 1 ? "s" : "")}")
            : string.Create(CultureInfo.InvariantCulture, $"{minutes / 60} h {minutes % 60:00}");
    }

    /// <summary>N hours of the clock's business calendar.</summary>
    public sealed record BusinessHours(Duration Amount) : ClockTarget
    {
        /// <inheritdoc />
        public override string Describe() => $"{FormatHours(Amount)} ouvrée{(Amount > Duration.FromHours(1) ? "s" : "")}";

        /// <inheritdoc />
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"business-hours:{(decimal)Amount.TotalHours:0.##}");
    }

    /// <summary>N business days of the clock's calendar (same local time on the N-th following business day).</summary>
    public sealed record BusinessDays(int Days) : ClockTarget
    {
        /// <inheritdoc />
        public override string Describe() => Days > 1 ? $"{Days} jours ouvrés" : $"{Days} jour ouvré";

        /// <inheritdoc />
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"business-days:{Days}");
    }

    /// <summary>N hours of wall-clock time, day and night.</summary>
    public sealed record WallClockHours(Duration Amount) : ClockTarget
    {
        /// <inheritdoc />
        public override string Describe() => $"{FormatHours(Amount)} (jour et nuit)";

        /// <inheritdoc />
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"wall-hours:{(decimal)Amount.TotalHours:0.##}");
    }

    /// <summary>The date of the next planned release of a kind, after the clock starts.</summary>
    public sealed record NextRelease(string Kind) : ClockTarget
    {
        /// <inheritdoc />
        public override string Describe() => Kind switch
        {
            "quarterly" => "prochaine version trimestrielle",
            "monthly" => "prochaine version corrective mensuelle",
            "esr" => "prochaine version ESR",
            "patch" => "prochain correctif",
            "major" => "prochaine version majeure",
            _ => "prochaine version mineure",
        };

        /// <inheritdoc />
        public override string ToString() => $"next-release:{Kind}";
    }
}
