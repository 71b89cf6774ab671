using System.Text.Json;
using Guichet.Features.Availability;
using Guichet.Features.Probes;
using Guichet.Features.Tickets;

namespace Guichet.Features.ProductionReports;

/// <summary>
/// Builds a contract's report for one day of the client's zone: per check the objectives, the measures and the status
/// over the day inside the measurement calendar (<see cref="ProbeFigures"/>), the month's availability so far and its
/// outages (<see cref="AvailabilityFigures"/>, as at the end of the day), and four charts per check with their numbers.
/// </summary>
internal sealed class ProductionReportBuilder(GuichetDbContext db, ProbeFigures probes, IClock clock)
{
    public const int SnapshotVersion = 1;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A report built, not yet stored: its row, its figures and its images by chart key.</summary>
    public sealed record Built(ProductionReport Report, ReportSnapshot Snapshot, IReadOnlyDictionary<string, byte[]> Images);

    /// <summary>The French name of the client's clock: "heure de Paris", "heure locale (La Réunion)".</summary>
    public static string ZoneLabel(string territory)
    {
        var t = TicketClocks.TerritoryOf(territory);
        return t.ZoneId == "Europe/Paris" ? "heure de Paris" : $"heure locale ({t.Name})";
    }

    public static (Instant From, Instant To) Bounds(LocalDate day, DateTimeZone zone) =>
        (day.AtStartOfDayInZone(zone).ToInstant(), day.PlusDays(1).AtStartOfDayInZone(zone).ToInstant());

    public async Task<Built> BuildAsync(Contract contract, Organisation organisation, LocalDate day, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var zone = AvailabilityTexts.ZoneOf(organisation.Territory);
        var zoneLabel = ZoneLabel(organisation.Territory);
        var (from, to) = Bounds(day, zone);

        var figures = await probes.ForContractForJobAsync(contract.Id, from, to, ct);
        var checks = figures.Probes.Select(p => new ReportCheck(p.ProbeId, p.ServiceName, p.Name, p.Samples, p.Failures, p.SuccessPercent, p.MeanMs, p.MaxMs,
            [.. p.Objectives.Select(o => new ReportObjective(o.Label, o.Percent, o.ThresholdMs, o.Samples, o.Under, o.SharePercent, o.MeasuredMs, o.Status, o.StatusLabel))])).ToList();

        // The month so far, as it stood at the end of the day (a later correction of the log does not rewrite it).
        var month = new YearMonth(day.Year, day.Month);
        var (around, until) = AvailabilityFigures.Around(month);
        var data = await AvailabilityFigures.LoadAsync(db, contract, around, until, ct);
        var asOf = to < now ? to : now;
        var months = AvailabilityFigures.Months(data, month, asOf).Select(AvailabilityFigures.View).ToList();
        var availability = months.Select(m => new ReportServiceMonth(m.ServiceId, m.Name, m.Target, m.Rate, m.Met, m.InProgress, m.UnavailableSeconds, m.AllowedSeconds, m.Summary)).ToList();
        var outages = months.SelectMany(m => m.Outages.Select(o => new ReportOutage(m.Name, o.Reference, o.Kind, o.CauseLabel, o.Start, o.End, o.CountedSeconds)))
            .OrderBy(o => o.Start, StringComparer.Ordinal).ToList();

        // The charts: the points read here one chart after the other (one connection), each image drawn on the thread
        // pool as soon as its points are read (each chart its own plot), so drawing overlaps the reading.
        var charts = new List<ReportChart>();
        var drawing = new List<Task<byte[]>>();
        foreach (var check in checks)
        {
            var thresholds = check.Objectives.Select(o => o.ThresholdMs).Distinct().Order().ToList();
            foreach (var range in ReportCharts.Ranges)
            {
                var series = await ReportCharts.SeriesAsync(probes, check.ProbeId, range, to, now, ct);
                var chart = ReportCharts.Describe(series, range, check.Name, thresholds, zone);
                charts.Add(chart);
                drawing.Add(Task.Run(() => ReportCharts.Render(chart, series, zone, zoneLabel), ct));
            }
        }

        var images = await Task.WhenAll(drawing);

        var snapshot = new ReportSnapshot(SnapshotVersion, contract.Name, organisation.Name, zoneLabel, month.ToString("yyyy-MM", null), checks, availability, outages, charts);
        var report = new ProductionReport
        {
            ContractId = contract.Id,
            OrganisationId = organisation.Id,
            Day = day,
            From = from,
            To = to,
            Zone = zone.Id,
            BuiltAt = now,
            Snapshot = JsonSerializer.Serialize(snapshot, Json),
        };
        return new Built(report, snapshot, charts.Select((c, i) => (c.Key, images[i])).ToDictionary(x => x.Key, x => x.Item2));
    }

    public static ReportSnapshot Read(ProductionReport report) =>
        JsonSerializer.Deserialize<ReportSnapshot>(report.Snapshot, Json) ?? throw new InvalidOperationException($"The report {report.Id} has no snapshot.");
}
