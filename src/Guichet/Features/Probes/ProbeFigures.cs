using System.Globalization;
using Guichet.Domain.Availability;
using Guichet.Features.Availability;
using Guichet.Features.Tickets;

namespace Guichet.Features.Probes;

/// <summary>
/// The probes' figures for the rest of the application (staff pages, the API, the daily production report): per probe
/// and period, each objective's measured percentile, share of samples under its threshold and status, counting only the
/// samples taken inside the contract's measurement calendar (the hosted service's availability objective, resolved for
/// the client's territory, as <see cref="AvailabilityCalculator"/> measures the month); and the points of the charts
/// over 24 h, 72 h (samples), a month and 6 months (hourly roll-ups).
/// <para>
/// Each method exists scoped by a <see cref="Caller"/> (a probe the caller may not see is not found; clients of the
/// organisation may read figures, not settings) and, for jobs such as the daily report's mailing, unscoped
/// (<c>…ForJobAsync</c>).
/// </para>
/// </summary>
internal sealed class ProbeFigures(GuichetDbContext db, IClock clock, IConfiguration configuration)
{
    /// <summary>Raw samples are kept this many months (<c>Probes:SampleMonths</c>, 6 by default).</summary>
    public int SampleMonths => Math.Max(1, configuration.GetValue("Probes:SampleMonths", 6));

    /// <summary>The first instant whose samples are certainly still kept.</summary>
    public Instant SampleHorizon(Instant now) => ProbeRollups.HourOf(now.InUtc().LocalDateTime.PlusMonths(-SampleMonths).InUtc().ToInstant());

    // --- Periods --------------------------------------------------------------------------------------------------

    /// <summary>A probe's figures over [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public async Task<Outcome<ProbeFiguresView>> ForPeriodAsync(Caller caller, Guid probeId, Instant from, Instant to, CancellationToken ct) =>
        await ProbeAccess.VisibleProbes(db, caller).AnyAsync(p => p.Id == probeId, ct)
            ? await ComputeAsync(probeId, from, to, ct)
            : Failure.NotFound("sonde");

    /// <summary>A probe's figures over one day of the client's zone.</summary>
    public async Task<Outcome<ProbeFiguresView>> ForDayAsync(Caller caller, Guid probeId, LocalDate day, CancellationToken ct)
    {
        if (!await ProbeAccess.VisibleProbes(db, caller).AnyAsync(p => p.Id == probeId, ct))
        {
            return Failure.NotFound("sonde");
        }

        var zone = await ZoneOfProbeAsync(probeId, ct);
        return await ComputeAsync(probeId, day.AtStartOfDayInZone(zone).ToInstant(), day.PlusDays(1).AtStartOfDayInZone(zone).ToInstant(), ct);
    }

    /// <summary>
    /// A probe's figures over one month of the client's zone (the month in progress up to now); without a month, the
    /// month in progress in the client's zone.
    /// </summary>
    public async Task<Outcome<ProbeFiguresView>> ForMonthAsync(Caller caller, Guid probeId, YearMonth? month, CancellationToken ct)
    {
        if (!await ProbeAccess.VisibleProbes(db, caller).AnyAsync(p => p.Id == probeId, ct))
        {
            return Failure.NotFound("sonde");
        }

        var zone = await ZoneOfProbeAsync(probeId, ct);
        var today = clock.GetCurrentInstant().InZone(zone).Date;
        var asked = month ?? new YearMonth(today.Year, today.Month);
        return await ComputeAsync(probeId, asked.OnDayOfMonth(1).AtStartOfDayInZone(zone).ToInstant(), asked.PlusMonths(1).OnDayOfMonth(1).AtStartOfDayInZone(zone).ToInstant(), ct);
    }

    /// <summary>Every probe of a contract over [<paramref name="from"/>, <paramref name="to"/>), by service and name.</summary>
    public async Task<Outcome<ContractProbeFigures>> ForContractAsync(Caller caller, Guid contractId, Instant from, Instant to, CancellationToken ct) =>
        await caller.VisibleContracts(db).AnyAsync(c => c.Id == contractId, ct)
            ? await ForContractForJobAsync(contractId, from, to, ct)
            : Failure.NotFound("contrat");

    /// <summary>Unscoped <see cref="ForContractAsync"/>, for jobs (the daily production report).</summary>
    public async Task<ContractProbeFigures> ForContractForJobAsync(Guid contractId, Instant from, Instant to, CancellationToken ct)
    {
        var ids = await ProbesOfContract(contractId).Select(p => p.Id).ToListAsync(ct);
        var figures = new List<ProbeFiguresView>();
        foreach (var id in ids)
        {
            figures.Add(await ComputeAsync(id, from, to, ct));
        }

        return new ContractProbeFigures(contractId, from, to, [.. figures.OrderBy(f => f.ServiceName, StringComparer.Ordinal).ThenBy(f => f.Name, StringComparer.Ordinal)]);
    }

    /// <summary>Unscoped figures of one probe, for jobs.</summary>
    public Task<ProbeFiguresView> ForPeriodForJobAsync(Guid probeId, Instant from, Instant to, CancellationToken ct) => ComputeAsync(probeId, from, to, ct);

    // --- Charts ---------------------------------------------------------------------------------------------------

    /// <summary>The points of a chart ending now (all samples, the measurement calendar is not applied to charts).</summary>
    public async Task<Outcome<ProbeSeries>> SeriesAsync(Caller caller, Guid probeId, SeriesRange range, CancellationToken ct) =>
        await ProbeAccess.VisibleProbes(db, caller).AnyAsync(p => p.Id == probeId, ct)
            ? await SeriesForJobAsync(probeId, range, clock.GetCurrentInstant(), ct)
            : Failure.NotFound("sonde");

    /// <summary>Unscoped <see cref="SeriesAsync"/> ending at <paramref name="to"/>, for jobs.</summary>
    public async Task<ProbeSeries> SeriesForJobAsync(Guid probeId, SeriesRange range, Instant to, CancellationToken ct)
    {
        var name = await db.Set<Probe>().Where(p => p.Id == probeId).Select(p => p.Name).SingleAsync(ct);
        var (span, step, fromSamples) = range switch
        {
            SeriesRange.Day => (Duration.FromHours(24), Duration.FromMinutes(5), true),
            SeriesRange.ThreeDays => (Duration.FromHours(72), Duration.FromMinutes(15), true),
            SeriesRange.Month => (Duration.FromDays(30), Duration.FromHours(1), false),
            _ => (Duration.FromDays(183), Duration.FromDays(1), false),
        };
        var stepSeconds = (long)step.TotalSeconds;
        var end = Instant.FromUnixTimeSeconds((to.ToUnixTimeSeconds() + stepSeconds - 1) / stepSeconds * stepSeconds);
        var from = end - span;
        Instant Slot(Instant at) => Instant.FromUnixTimeSeconds(at.ToUnixTimeSeconds() / stepSeconds * stepSeconds);
        var points = new List<SeriesPoint>();
        if (fromSamples)
        {
            var samples = await db.Set<ProbeSample>().AsNoTracking().Where(s => s.ProbeId == probeId && s.At >= from && s.At < end)
                .Select(s => new { s.At, s.DurationMs, s.Ok }).ToListAsync(ct);
            foreach (var g in samples.GroupBy(s => Slot(s.At)).OrderBy(g => g.Key))
            {
                var ok = g.Where(s => s.Ok).Select(s => s.DurationMs).ToList();
                var sorted = ok.Order().Select(d => (int?)d).Concat(g.Where(s => !s.Ok).Select(_ => (int?)null)).ToList();
                points.Add(new SeriesPoint(g.Key, g.Count(), g.Count() - ok.Count, ok.Count == 0 ? null : (int)Math.Round(ok.Average()), ResponseTimes.Percentile(sorted, 95), ok.Count == 0 ? null : ok.Max()));
            }
        }
        else
        {
            var hours = await db.Set<ProbeHour>().AsNoTracking().Where(h => h.ProbeId == probeId && h.Hour >= from && h.Hour < end).ToListAsync(ct);
            foreach (var g in hours.GroupBy(h => Slot(h.Hour)).OrderBy(g => g.Key))
            {
                var count = g.Sum(h => h.Count);
                var failures = g.Sum(h => h.Failures);
                var okCount = count - failures;
                var p95 = g.Count() == 1 ? g.First().P95Ms : ProbeRollups.Percentile(Merge(g), failures, 95);
                points.Add(new SeriesPoint(g.Key, count, failures, okCount == 0 ? null : (int)Math.Round((double)g.Sum(h => h.SumMs) / okCount), p95, g.Max(h => h.MaxMs)));
            }
        }

        return new ProbeSeries(probeId, name, RangeCode(range), from, end, (int)stepSeconds, fromSamples ? "samples" : "hourly", points);
    }

    public static string RangeCode(SeriesRange range) => range switch
    {
        SeriesRange.Day => "24h",
        SeriesRange.ThreeDays => "72h",
        SeriesRange.Month => "month",
        _ => "6months",
    };

    public static SeriesRange? ReadRange(string? code) => code?.Trim() switch
    {
        "24h" => SeriesRange.Day,
        "72h" => SeriesRange.ThreeDays,
        "month" => SeriesRange.Month,
        "6months" => SeriesRange.SixMonths,
        _ => null,
    };

    // --- Computation ----------------------------------------------------------------------------------------------

    private IQueryable<Probe> ProbesOfContract(Guid contractId)
    {
        var services = db.Set<HostedService>().Where(s => s.ContractId == contractId).Select(s => s.Id);
        return db.Set<Probe>().Where(p => services.Contains(p.ServiceId));
    }

    private async Task<DateTimeZone> ZoneOfProbeAsync(Guid probeId, CancellationToken ct)
    {
        var territory = await (from p in db.Set<Probe>()
                               join s in db.Set<HostedService>() on p.ServiceId equals s.Id
                               join c in db.Contracts on s.ContractId equals c.Id
                               join o in db.Organisations on c.OrganisationId equals o.Id
                               where p.Id == probeId
                               select o.Territory).SingleAsync(ct);
        return AvailabilityTexts.ZoneOf(territory);
    }

    /// <summary>The measured intervals of the probe's service over a period (every instant when its objective is gone).</summary>
    internal async Task<(Probe Probe, HostedService Service, IReadOnlyList<Interval> Measured)> CalendarAsync(Guid probeId, Instant from, Instant to, CancellationToken ct)
    {
        var probe = await db.Set<Probe>().AsNoTracking().Include(p => p.Objectives).SingleAsync(p => p.Id == probeId, ct);
        var service = await db.Set<HostedService>().AsNoTracking().SingleAsync(s => s.Id == probe.ServiceId, ct);
        var contract = await db.Contracts.AsNoTracking().SingleAsync(c => c.Id == service.ContractId, ct);
        var territory = await db.Organisations.Where(o => o.Id == contract.OrganisationId).Select(o => o.Territory).SingleAsync(ct);
        IReadOnlyList<Interval> measured = AvailabilityLog.Objectives(contract).FirstOrDefault(o => o.Id == service.ObjectiveId) is { } objective
            ? AvailabilityCalculator.MeasuredIntervals(objective, TicketClocks.TerritoryOf(territory), from, to)
            : to > from ? [new Interval(from, to)] : [];
        return (probe, service, measured);
    }

    private async Task<ProbeFiguresView> ComputeAsync(Guid probeId, Instant from, Instant to, CancellationToken ct)
    {
        var (probe, service, measured) = await CalendarAsync(probeId, from, to, ct);
        var objectives = probe.Objectives.OrderBy(o => o.ThresholdMs).ThenBy(o => o.Percent).ToList();
        var now = clock.GetCurrentInstant();
        if (from >= SampleHorizon(now))
        {
            var samples = (await db.Set<ProbeSample>().AsNoTracking().Where(s => s.ProbeId == probeId && s.At >= from && s.At < to)
                    .Select(s => new { s.At, s.DurationMs, s.Ok }).ToListAsync(ct))
                .Where(s => ResponseTimes.Inside(measured, s.At)).Select(s => (s.DurationMs, s.Ok)).ToList();
            var results = ResponseTimes.Evaluate(objectives.Select(o => new ResponseTimeObjective(o.Percent, o.ThresholdMs)), samples);
            var ok = samples.Where(s => s.Ok).Select(s => s.DurationMs).ToList();
            return View(probe, service, from, to, "samples", samples.Count, samples.Count - ok.Count,
                ok.Count == 0 ? null : (int)Math.Round(ok.Average()), ok.Count == 0 ? null : ok.Max(), objectives, results);
        }

        // Older than the samples kept: the hourly roll-ups whose hour starts inside the calendar (whole hours: exact for
        // calendars on whole hours, as the presets' are) and their histograms.
        var hours = (await db.Set<ProbeHour>().AsNoTracking().Where(h => h.ProbeId == probeId && h.Hour >= from && h.Hour < to).ToListAsync(ct))
            .Where(h => ResponseTimes.Inside(measured, h.Hour)).ToList();
        var histogram = Merge(hours);
        var count = hours.Sum(h => h.Count);
        var failures = hours.Sum(h => h.Failures);
        var rolled = objectives.Select(o => new ResponseTimeResult(new ResponseTimeObjective(o.Percent, o.ThresholdMs), count, ProbeRollups.Under(histogram, o.ThresholdMs), ProbeRollups.Percentile(histogram, failures, o.Percent))).ToList();
        var okSamples = count - failures;
        return View(probe, service, from, to, "hourly", count, failures, okSamples == 0 ? null : (int)Math.Round((double)hours.Sum(h => h.SumMs) / okSamples),
            hours.Max(h => h.MaxMs), objectives, rolled);
    }

    private static int[] Merge(IEnumerable<ProbeHour> hours)
    {
        var merged = new int[ProbeRollups.Buckets.Length + 1];
        foreach (var h in hours)
        {
            var counts = ProbeRollups.Read(h.Histogram);
            for (var i = 0; i < merged.Length; i++)
            {
                merged[i] += counts[i];
            }
        }

        return merged;
    }

    private static ProbeFiguresView View(Probe probe, HostedService service, Instant from, Instant to, string source, int samples, int failures, int? mean, int? max, List<ProbeObjective> objectives, IReadOnlyList<ResponseTimeResult> results) =>
        new(probe.Id, probe.Name, service.Id, service.Name, service.ContractId, from, to, source, samples, failures,
            samples == 0 ? null : Math.Round((samples - failures) * 100m / samples, 2), mean, max,
            [.. objectives.Zip(results, (o, r) => new ObjectiveFigure(o.Id, o.Percent, o.ThresholdMs, ProbeTexts.ObjectiveLabel(o.Percent, o.ThresholdMs),
                r.Samples, r.Under, r.SharePercent, r.MeasuredMs, ProbeTexts.StatusCode(r.Met), ProbeTexts.StatusLabel(r.Met)))]);
}

/// <summary>What staff and the figures may read: probes of the services of the contracts the caller sees.</summary>
internal static class ProbeAccess
{
    public static IQueryable<Probe> VisibleProbes(GuichetDbContext db, Caller caller)
    {
        var services = AvailabilityLog.VisibleServices(db, caller).Select(s => s.Id);
        return db.Set<Probe>().Where(p => services.Contains(p.ServiceId));
    }
}

/// <summary>The probes' words in French.</summary>
internal static class ProbeTexts
{
    /// <summary>"&lt; 2 s pour 80 %".</summary>
    public static string ObjectiveLabel(decimal percent, int thresholdMs) =>
        $"< {Seconds(thresholdMs)} pour {percent.ToString("0.##", CultureInfo.GetCultureInfo("fr-FR"))} %";

    /// <summary>"13/04/2026 à 10:05" in <paramref name="zone"/>.</summary>
    public static string When(Instant at, DateTimeZone zone) =>
        at.InZone(zone).ToString("dd'/'MM'/'yyyy 'à' HH':'mm", CultureInfo.InvariantCulture);

    /// <summary>"2 s", "1,5 s", "800 ms".</summary>
    public static string Seconds(int ms) =>
        ms < 1000 ? $"{ms} ms" : $"{(ms / 1000m).ToString("0.###", CultureInfo.GetCultureInfo("fr-FR"))} s";

    public static string StatusCode(bool? met) => met switch
    {
        true => "respecte",
        false => "non-respecte",
        null => "pas-de-mesure",
    };

    public static string StatusLabel(bool? met) => met switch
    {
        true => "respecté",
        false => "non respecté",
        null => "pas de mesure",
    };
}
