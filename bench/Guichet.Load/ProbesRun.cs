using System.CommandLine;
using System.Diagnostics;
using Guichet.Data;
using Guichet.Features.Availability;
using Guichet.Features.Probes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Npgsql;
using NpgsqlTypes;

namespace Guichet.Load;

/// <summary>
/// Synthetic probes (issue 19): a fresh database with 200 probes at one-minute intervals (10 AT contracts, 2 services
/// each, 10 probes per service) and 6 months of their samples bulk-loaded (52.7 million rows at full size), then, at
/// that size: the sustained rate of new samples recorded through <see cref="ProbeAlerts.RecordAsync"/> (what the
/// runner does after each check: the sample, the probe's state, proposals and warnings, one transaction each) by
/// <c>--workers</c> concurrent writers, the hourly roll-up of one hour of the 200 probes, the retention pass deleting
/// one hour of the oldest samples, and a month's figures of one probe.
/// </summary>
internal static class ProbesRun
{
    public static Command Create(Option<string> data, Option<string> postgres)
    {
        var probes = new Option<int>("--probes") { Description = "Probes (one-minute interval).", DefaultValueFactory = _ => 200 };
        var days = new Option<int>("--days") { Description = "Days of samples already stored.", DefaultValueFactory = _ => 183 };
        var samples = new Option<int>("--samples") { Description = "New samples recorded for the insert rate.", DefaultValueFactory = _ => 12_000 };
        var workers = new Option<int>("--workers") { Description = "Concurrent writers of new samples.", DefaultValueFactory = _ => 8 };
        var reuse = new Option<bool>("--reuse") { Description = "Keep the samples a previous run stored in the same database (no reload) and measure again." };
        var command = new Command("probes", "Probe sample insert rate with 6 months of samples stored, roll-up and retention cost (replaces <data>/guichet.db, or fills an empty PostgreSQL database).")
        {
            data, postgres, probes, days, samples, workers, reuse,
        };
        command.SetAction(async (parse, ct) =>
        {
            await RunAsync(BenchTarget.Create(parse.GetValue(data), parse.GetValue(postgres)), parse.GetValue(probes), parse.GetValue(days), parse.GetValue(samples), parse.GetValue(workers), parse.GetValue(reuse), Console.Out, ct);
            return 0;
        });
        return command;
    }

    private static async Task RunAsync(BenchTarget target, int probeCount, int days, int newSamples, int workers, bool reuse, TextWriter output, CancellationToken ct)
    {
        if (reuse)
        {
            await MeasureAsync(target, await StoredProbesAsync(target, ct), days, newSamples, workers, output, ct);
            return;
        }

        if (!target.IsPostgres)
        {
            Directory.CreateDirectory(target.DataDirectory);
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(target.SqlitePath + suffix);
            }
        }

        // "Now" is the end of the stored six months; the stored samples are one a minute for each probe.
        var now = Instant.FromUtc(2026, 10, 1, 0, 0);
        var first = now - Duration.FromDays(days);
        var ids = new List<Guid>();
        await using (var db = target.CreateContext())
        {
            await Database.MigrateAsync(db, ct);
            for (var c = 0; c < Math.Max(1, probeCount / 20); c++)
            {
                var organisation = new Organisation { Name = $"Collectivité {c + 1}", Siret = $"0000000002{c:0000}", Territory = "metropole" };
                var contract = new Contract { OrganisationId = organisation.Id, Name = $"Contrat {c + 1}", PresetId = "at", StartsOn = new LocalDate(2025, 1, 1) };
                db.AddRange(organisation, contract);
                foreach (var objective in new[] { "progiciel", "services-distants" })
                {
                    var service = new HostedService { ContractId = contract.Id, Name = objective, ObjectiveId = objective, CreatedAt = first };
                    db.Add(service);
                    for (var p = 0; p < 10 && ids.Count < probeCount; p++)
                    {
                        var probe = new Probe
                        {
                            ServiceId = service.Id,
                            Name = $"Page {p + 1}",
                            Url = $"https://client{c}.example/page{p}",
                            IntervalSeconds = 60,
                            TimeoutMs = 10_000,
                            CreatedAt = first,
                            UpdatedAt = first,
                            NextDueAt = now,
                            LastSampleAt = now - Duration.FromMinutes(1),
                            LastOk = true,
                            Objectives = [new ProbeObjective { Percent = 80, ThresholdMs = 2000, Source = "AT 10.2.2" }, new ProbeObjective { Percent = 100, ThresholdMs = 5000, Source = "AT 10.2.2" }],
                        };
                        db.Add(probe);
                        ids.Add(probe.Id);
                    }
                }
            }

            await db.SaveChangesAsync(ct);
        }

        var minutes = days * 24 * 60;
        var total = (long)minutes * ids.Count;
        await output.WriteLineAsync($"{target.Describe}: {ids.Count} probes at one-minute intervals, {days} days = {total:N0} samples to load");
        var watch = Stopwatch.StartNew();
        await BulkLoadAsync(target, ids, first, minutes, ct);
        watch.Stop();
        await output.WriteLineAsync($"bulk load: {watch.Elapsed.TotalSeconds:F0} s ({total / watch.Elapsed.TotalSeconds:N0} rows/s)");
        await using (var db = target.CreateContext())
        {
            watch.Restart();
            // The roll-ups of the stored months, as the retention job would have left them.
            var hours = await ProbeRollups.RollClosedHoursAsync(db, now - Duration.FromHours(1), ct);
            await output.WriteLineAsync($"roll-ups of the stored months: {hours:N0} hours in {watch.Elapsed.TotalSeconds:F0} s");
        }

        await MeasureAsync(target, ids, days, newSamples, workers, output, ct);
    }

    /// <summary>The probes a previous run stored (for <c>--reuse</c>), in a stable order.</summary>
    private static async Task<List<Guid>> StoredProbesAsync(BenchTarget target, CancellationToken ct)
    {
        await using var db = target.CreateContext();
        return await db.Set<Probe>().OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(ct);
    }

    /// <summary>At the stored size: statistics refreshed, then the insert rate, the roll-up, retention and a month's figures.</summary>
    private static async Task MeasureAsync(BenchTarget target, List<Guid> ids, int days, int newSamples, int workers, TextWriter output, CancellationToken ct)
    {
        var now = Instant.FromUtc(2026, 10, 1, 0, 0);
        var watch = Stopwatch.StartNew();
        await using (var db = target.CreateContext())
        {
            if (target.IsPostgres)
            {
                // One statement per command: VACUUM refuses to run inside the implicit transaction of a batch.
                await db.Database.ExecuteSqlRawAsync("""VACUUM ANALYZE "ProbeSamples";""", ct);
                await db.Database.ExecuteSqlRawAsync("""VACUUM ANALYZE "ProbeHours";""", ct);
                await db.Database.ExecuteSqlRawAsync("""VACUUM ANALYZE "Probes";""", ct);
            }
            else
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA optimize;", ct);
            }

            await output.WriteLineAsync($"samples stored: {await db.Set<ProbeSample>().LongCountAsync(ct):N0}");
        }

        // The sustained insert rate: new samples one minute apart per probe, recorded as the runner records them.
        var queue = new System.Collections.Concurrent.ConcurrentQueue<(Guid Probe, Instant At, int I)>(
            Enumerable.Range(0, newSamples).Select(i => (ids[i % ids.Count], now + Duration.FromMinutes(i / ids.Count), i)));
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        watch.Restart();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            while (queue.TryDequeue(out var item))
            {
                var one = Stopwatch.StartNew();
                await using var db = target.CreateContext();
                var ok = item.I % 50 != 0;
                await new ProbeAlerts(db).RecordAsync(item.Probe, item.At, new CheckResult(150 + (item.I * 37 % 3000), ok, ok ? 200 : 503, ok ? null : "Statut 503 au lieu de 200.", null), ct);
                latencies.Add(one.Elapsed.TotalMilliseconds);
            }
        }));
        watch.Stop();
        var sorted = latencies.Order().ToList();
        await output.WriteLineAsync($"new samples: {newSamples:N0} by {workers} writers in {watch.Elapsed.TotalSeconds:F1} s = {newSamples / watch.Elapsed.TotalSeconds:N0} samples/s " +
            $"(needed: {ids.Count / 60.0:F1}/s); per sample p50 {sorted[sorted.Count / 2]:F1} ms, p95 {sorted[(int)(sorted.Count * 0.95)]:F1} ms, max {sorted[^1]:F1} ms");

        // The hourly roll-up of the first new hour (200 probes × 60 samples), then the retention pass of one hour.
        var later = now + Duration.FromMinutes(newSamples / ids.Count) + ProbeRollups.Settle;
        await using (var db = target.CreateContext())
        {
            watch.Restart();
            var rolled = await ProbeRollups.RollClosedHoursAsync(db, later, ct);
            await output.WriteLineAsync($"hourly roll-up: {rolled} probe-hours in {watch.Elapsed.TotalMilliseconds:F0} ms");
            var clock = new FixedClock(now + Duration.FromHours(1) + Duration.FromDays(days - 183));
            var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();
            var figures = new ProbeFigures(db, clock, configuration);
            watch.Restart();
            var done = await new ProbeRetention(db, clock, configuration, figures).RunOnceAsync(ct);
            await output.WriteLineAsync($"retention pass (roll-up + samples past 6 months deleted): {done:N0} rows in {watch.Elapsed.TotalMilliseconds:F0} ms");
            var times = new List<double>();
            for (var r = 0; r < 5; r++)
            {
                watch.Restart();
                await figures.ForPeriodForJobAsync(ids[7], now - Duration.FromDays(30), now, ct);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            await output.WriteLineAsync($"a month's figures of one probe (43,200 samples): median {times[2]:F0} ms, max {times[^1]:F0} ms");
        }
    }

    /// <summary>Loads the samples probe by probe in time order (the unique index is appended to), in batches of one transaction.</summary>
    private static async Task BulkLoadAsync(BenchTarget target, List<Guid> ids, Instant first, int minutes, CancellationToken ct)
    {
        if (target.IsPostgres)
        {
            await using var connection = new NpgsqlConnection(target.Postgres);
            await connection.OpenAsync(ct);
            var start = first.ToDateTimeUtc();
            foreach (var id in ids)
            {
                // One COPY per probe (263,520 rows at 183 days): a single one for 52 million rows outlasted the
                // connection's read timeout while the server wrote the index at its end.
                await using var writer = await connection.BeginBinaryImportAsync("""COPY "ProbeSamples" ("ProbeId", "At", "DurationMs", "Ok", "StatusCode") FROM STDIN (FORMAT BINARY)""", ct);
                writer.Timeout = TimeSpan.FromMinutes(10);
                for (var m = 0; m < minutes; m++)
                {
                    await writer.StartRowAsync(ct);
                    await writer.WriteAsync(id, NpgsqlDbType.Uuid, ct);
                    await writer.WriteAsync(start.AddMinutes(m), NpgsqlDbType.TimestampTz, ct);
                    await writer.WriteAsync(SampleMs(m), NpgsqlDbType.Integer, ct);
                    await writer.WriteAsync(true, NpgsqlDbType.Boolean, ct);
                    await writer.WriteAsync(200, NpgsqlDbType.Integer, ct);
                }

                await writer.CompleteAsync(ct);
            }

            return;
        }

        await using var sqlite = new SqliteConnection(target.SqliteConnectionString);
        await sqlite.OpenAsync(ct);
        await using (var pragma = sqlite.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-200000;";
            await pragma.ExecuteNonQueryAsync(ct);
        }

        foreach (var id in ids)
        {
            await using var transaction = (SqliteTransaction)await sqlite.BeginTransactionAsync(ct);
            await using var insert = sqlite.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """INSERT INTO "ProbeSamples" ("ProbeId", "At", "DurationMs", "Ok", "StatusCode") VALUES ($p, $at, $d, 1, 200)""";
            var p = insert.Parameters.Add("$p", SqliteType.Text);
            var at = insert.Parameters.Add("$at", SqliteType.Text);
            var d = insert.Parameters.Add("$d", SqliteType.Integer);
            p.Value = target.Key(id);
            await insert.PrepareAsync(ct);
            var start = first.ToDateTimeUtc();
            for (var m = 0; m < minutes; m++)
            {
                at.Value = start.AddMinutes(m).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
                d.Value = SampleMs(m);
                await insert.ExecuteNonQueryAsync(ct);
            }

            await transaction.CommitAsync(ct);
        }
    }

    private sealed class FixedClock(Instant at) : IClock
    {
        public Instant GetCurrentInstant() => at;
    }

    /// <summary>A plausible duration: mostly 150–1,500 ms, one in 20 slower.</summary>
    private static int SampleMs(int minute) => minute % 20 == 0 ? 2500 + (minute * 7 % 2000) : 150 + (minute * 37 % 1350);
}
