namespace Guichet.Features.Probes;

/// <summary>
/// The retention job: rolls up every hour over (<see cref="ProbeRollups.RollClosedHoursAsync"/>), then deletes the
/// samples older than <c>Probes:SampleMonths</c> (6) — whole UTC hours only, already rolled up — and the roll-ups older
/// than <c>Probes:HourMonths</c> (25).
/// </summary>
internal sealed class ProbeRetention(GuichetDbContext db, IClock clock, IConfiguration configuration, ProbeFigures figures)
{
    public int HourMonths => Math.Max(figures.SampleMonths + 1, configuration.GetValue("Probes:HourMonths", 25));

    /// <summary>One pass; returns the hours rolled up and the rows deleted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var rolled = await ProbeRollups.RollClosedHoursAsync(db, now, ct);
        var horizon = figures.SampleHorizon(now);
        // A sample is deleted only once its hour is rolled up: the roll-ups never lose what the samples said.
        var rolledTo = await db.Set<ProbeHour>().GroupBy(h => h.ProbeId).Select(g => new { ProbeId = g.Key, Hour = g.Max(h => h.Hour) }).ToListAsync(ct);
        var deleted = 0;
        foreach (var r in rolledTo)
        {
            var before = Instant.Min(horizon, r.Hour + Duration.FromHours(1));
            deleted += await db.Set<ProbeSample>().Where(s => s.ProbeId == r.ProbeId && s.At < before).ExecuteDeleteAsync(ct);
        }

        var hourHorizon = ProbeRollups.HourOf(now.InUtc().LocalDateTime.PlusMonths(-HourMonths).InUtc().ToInstant());
        deleted += await db.Set<ProbeHour>().Where(h => h.Hour < hourHorizon).ExecuteDeleteAsync(ct);
        return rolled + deleted;
    }
}

/// <summary>Runs <see cref="ProbeRetention"/> every 5 minutes (<c>Jobs:ProbeRetentionSeconds</c>).</summary>
internal sealed class ProbeRetentionService(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<ProbeRetentionService> logger) : Jobs.PeriodicJob(scopes, logger)
{
    protected override TimeSpan Period => TimeSpan.FromSeconds(Math.Max(5, configuration.GetValue("Jobs:ProbeRetentionSeconds", 300)));

    protected override Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<ProbeRetention>().RunOnceAsync(ct);
}
