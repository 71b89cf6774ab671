using System.Globalization;
using Guichet.Features.Probes;
using ScottPlot;

namespace Guichet.Features.ProductionReports;

/// <summary>
/// The four response-time charts of a check (24 h and 72 h from the samples, a month and six months from the hourly
/// roll-ups), ending at the end of the report's day: their points from <see cref="ProbeFigures"/>, their table (the
/// numbers by hour, six hours, day or week, in the client's zone) and their image, a PNG drawn by ScottPlot (600 ×
/// 300 px, French axis labels, the objectives' thresholds as horizontal lines).
/// </summary>
internal static class ReportCharts
{
    public const int Width = 600;

    public const int Height = 300;

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static readonly IReadOnlyList<SeriesRange> Ranges = [SeriesRange.Day, SeriesRange.ThreeDays, SeriesRange.Month, SeriesRange.SixMonths];

    public static string Key(Guid probeId, SeriesRange range) => $"{probeId:N}-{ProbeFigures.RangeCode(range)}";

    /// <summary>The probe and range of a chart's key, or null.</summary>
    public static (Guid ProbeId, SeriesRange Range)? ReadKey(string? key)
    {
        if (key is null || key.Length < 34 || key[32] != '-' || !Guid.TryParseExact(key[..32], "N", out var id) || ProbeFigures.ReadRange(key[33..]) is not { } range)
        {
            return null;
        }

        return (id, range);
    }

    /// <summary>The charts end where the report's day ends; the six-month chart's daily points at the UTC midnight before.</summary>
    public static Instant EndOf(SeriesRange range, Instant dayEnd) =>
        range == SeriesRange.SixMonths ? Instant.FromUnixTimeSeconds(dayEnd.ToUnixTimeSeconds() / 86400 * 86400) : dayEnd;

    /// <summary>
    /// A chart's points. The 24-hour and 72-hour charts of a day whose samples are no longer kept are drawn from the
    /// hourly roll-ups (the month's points over the same span).
    /// </summary>
    public static async Task<ProbeSeries> SeriesAsync(ProbeFigures figures, Guid probeId, SeriesRange range, Instant dayEnd, Instant now, CancellationToken ct)
    {
        var end = EndOf(range, dayEnd);
        var span = Span(range);
        if (range is SeriesRange.Day or SeriesRange.ThreeDays && end - span < figures.SampleHorizon(now))
        {
            var hourly = await figures.SeriesForJobAsync(probeId, SeriesRange.Month, end, ct);
            return hourly with { Range = ProbeFigures.RangeCode(range), From = end - span, Points = [.. hourly.Points.Where(p => p.At >= end - span)] };
        }

        return await figures.SeriesForJobAsync(probeId, range, end, ct);
    }

    private static Duration Span(SeriesRange range) => range switch
    {
        SeriesRange.Day => Duration.FromHours(24),
        SeriesRange.ThreeDays => Duration.FromHours(72),
        SeriesRange.Month => Duration.FromDays(30),
        _ => Duration.FromDays(183),
    };

    private static (Duration Row, string Unit) RowOf(SeriesRange range) => range switch
    {
        SeriesRange.Day => (Duration.FromHours(1), "par heure"),
        SeriesRange.ThreeDays => (Duration.FromHours(6), "par tranche de 6 heures"),
        SeriesRange.Month => (Duration.FromDays(1), "par jour"),
        _ => (Duration.FromDays(7), "par semaine"),
    };

    public static string RangeTitle(SeriesRange range) => range switch
    {
        SeriesRange.Day => "les dernières 24 heures",
        SeriesRange.ThreeDays => "les dernières 72 heures",
        SeriesRange.Month => "le dernier mois (30 jours)",
        _ => "les 6 derniers mois",
    };

    /// <summary>A chart's stored part: title, description, thresholds and the numbers by row.</summary>
    public static ReportChart Describe(ProbeSeries series, SeriesRange range, string probeName, IReadOnlyList<int> thresholds, DateTimeZone zone)
    {
        var (row, unit) = RowOf(range);
        var rows = new List<ReportChartRow>();
        for (var start = series.From; start < series.To; start += row)
        {
            var end = start + row < series.To ? start + row : series.To;
            var points = series.Points.Where(p => p.At >= start && p.At < end).ToList();
            var count = points.Sum(p => p.Count);
            var failures = points.Sum(p => p.Failures);
            var ok = points.Where(p => p.MeanMs is not null).Sum(p => (long)(p.Count - p.Failures));
            rows.Add(new ReportChartRow(
                RowLabel(start, end, range, zone),
                count,
                failures,
                ok == 0 ? null : (int)Math.Round(points.Where(p => p.MeanMs is not null).Sum(p => (double)p.MeanMs!.Value * (p.Count - p.Failures)) / ok),
                points.Max(p => p.P95Ms),
                points.Max(p => p.MaxMs)));
        }

        var total = rows.Sum(r => r.Count);
        var failed = rows.Sum(r => r.Failures);
        var worst = rows.Max(r => r.P95Ms);
        var slowest = rows.Max(r => r.MaxMs);
        var step = series.StepSeconds >= 86400 ? "un point par jour" : series.StepSeconds >= 3600 ? "un point par heure" : $"un point toutes les {series.StepSeconds / 60} minutes";
        var description = total == 0
            ? $"Temps de réponse de « {probeName} » sur {RangeTitle(range)} : aucune mesure."
            : $"Temps de réponse de « {probeName} » sur {RangeTitle(range)} ({step}) : {Count(total)} mesures dont {Count(failed)} en échec ; "
              + $"95e centile le plus haut {Ms(worst)}, réponse la plus lente {Ms(slowest)} ; seuils des objectifs : {string.Join(" et ", thresholds.Select(ProbeTexts.Seconds))}. "
              + $"Le tableau donne les chiffres {unit}.";
        return new ReportChart(ReportCharts.Key(series.ProbeId, range), series.ProbeId, probeName, ProbeFigures.RangeCode(range),
            $"{probeName} — {RangeTitle(range)}", description, Display.Iso(series.From), Display.Iso(series.To), unit, thresholds, rows);
    }

    private static string Count(int n) => n.ToString("N0", French);

    private static string Ms(int? ms) => ms is { } v ? ProbeTexts.Seconds(v) : "sans réponse";

    private static string RowLabel(Instant start, Instant end, SeriesRange range, DateTimeZone zone)
    {
        var from = start.InZone(zone).LocalDateTime;
        var to = end.InZone(zone).LocalDateTime;
        return range switch
        {
            SeriesRange.Day => $"{from.ToString("dd/MM HH:mm", French)} – {to.ToString("HH:mm", French)}",
            SeriesRange.ThreeDays => $"{from.ToString("dd/MM HH:mm", French)} – {to.ToString(to.Date == from.Date ? "HH:mm" : "dd/MM HH:mm", French)}",
            SeriesRange.Month => from.ToString("ddd dd/MM", French),
            _ => $"du {from.ToString("dd/MM/yyyy", French)} au {to.PlusTicks(-1).ToString("dd/MM/yyyy", French)}",
        };
    }

    /// <summary>The chart's image: the mean and the 95th percentile per point, the thresholds, dates in the client's zone.</summary>
    public static byte[] Render(ReportChart chart, ProbeSeries series, DateTimeZone zone, string zoneLabel)
    {
        var plot = new Plot();
        double X(Instant at) => at.InZone(zone).LocalDateTime.ToDateTimeUnspecified().ToOADate();

        // A gap of more than two points' width breaks the line (a probe stopped, no sample).
        var gap = Duration.FromSeconds(series.StepSeconds * 2L);
        var xs = new List<double>();
        var means = new List<double>();
        var p95s = new List<double>();
        SeriesPoint? previous = null;
        foreach (var p in series.Points)
        {
            if (previous is not null && p.At - previous.At > gap)
            {
                xs.Add(double.NaN);
                means.Add(double.NaN);
                p95s.Add(double.NaN);
            }

            xs.Add(X(p.At));
            means.Add(p.MeanMs is { } m ? m / 1000d : double.NaN);
            p95s.Add(p.P95Ms is { } q ? q / 1000d : double.NaN);
            previous = p;
        }

        var mean = plot.Add.ScatterLine(xs.ToArray(), means.ToArray(), Color.FromHex("#1f4e8c"));
        mean.LineWidth = 2;
        mean.LegendText = "Temps moyen";
        var p95 = plot.Add.ScatterLine(xs.ToArray(), p95s.ToArray(), Color.FromHex("#b35900"));
        p95.LinePattern = LinePattern.Dotted;
        p95.LineWidth = 1.5f;
        p95.LegendText = "95e centile";
        foreach (var threshold in chart.ThresholdsMs.Distinct().Order())
        {
            var line = plot.Add.HorizontalLine(threshold / 1000d, 1.5f, Color.FromHex("#a01010"), LinePattern.Dashed);
            line.LegendText = $"Seuil {ProbeTexts.Seconds(threshold)}";
        }

        var top = Math.Max(chart.ThresholdsMs.DefaultIfEmpty(1000).Max() / 1000d * 1.25, p95s.Where(double.IsFinite).DefaultIfEmpty(0).Max() * 1.1);
        plot.Axes.SetLimits(X(series.From), X(series.To), 0, top);
        var axis = plot.Axes.DateTimeTicksBottom();
        if (axis.TickGenerator is ScottPlot.TickGenerators.DateTimeAutomatic ticks)
        {
            var format = series.StepSeconds < 3600 ? (series.To - series.From > Duration.FromHours(24) ? "dd/MM HH'h'" : "HH:mm") : "dd/MM";
            ticks.LabelFormatter = d => d.ToString(format, French);
        }

        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => v.ToString("0.#", French) };
        plot.Title(chart.Title, size: 14);
        plot.YLabel("Temps de réponse (s)", size: 12);
        plot.XLabel(char.ToUpper(zoneLabel[0], French) + zoneLabel[1..], size: 12);
        plot.ShowLegend(Alignment.UpperLeft);
        return Png(plot);
    }

    /// <summary>
    /// The plot as PNG, drawn on a Skia surface and encoded with a light compression (zlib level 3, "sub" filter):
    /// half the time of the default encoder, for files a little larger (≈ 45 KB a chart).
    /// </summary>
    private static byte[] Png(Plot plot)
    {
        using var surface = SkiaSharp.SKSurface.Create(new SkiaSharp.SKImageInfo(Width, Height, SkiaSharp.SKColorType.Rgba8888, SkiaSharp.SKAlphaType.Premul));
        plot.Render(surface.Canvas, Width, Height);
        using var pixels = surface.PeekPixels();
        using var data = pixels.Encode(new SkiaSharp.SKPngEncoderOptions(SkiaSharp.SKPngEncoderFilterFlags.Sub, 3)) ?? throw new InvalidOperationException("The chart could not be encoded as PNG.");
        return data.ToArray();
    }
}
