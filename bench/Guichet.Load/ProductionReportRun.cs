using System.CommandLine;
using System.Diagnostics;
using Guichet.Data;
using Guichet.Features.Availability;
using Guichet.Features.Probes;
using Guichet.Features.ProductionReports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using NodaTime;

namespace Guichet.Load;

/// <summary>
/// The daily production report (issue 19 part 2): a fresh database with one AT contract in La Réunion whose hosted
/// service has <c>--probes</c> probes (AT's seven checks by default), each with six months of one-minute samples (1 %
/// failures, durations 300 ms – 3 s) and their hourly roll-ups; then yesterday's report built as the job builds it
/// (<see cref="ProductionReportBuilder.BuildAsync"/>: the figures of every check, the month's availability, four charts
/// per probe drawn as PNG), <c>--rounds</c> times; median, p95 and max in ms. Target: under 1 s.
/// </summary>
internal static class ProductionReportRun
{
    public static Command Create(Option<string> data, Option<string> postgres)
    {
        var rounds = new Option<int>("--rounds") { Description = "Times the report is built.", DefaultValueFactory = _ => 10 };
        var probes = new Option<int>("--probes") { Description = "Probes of the contract.", DefaultValueFactory = _ => 7 };
        var png = new Option<string?>("--png") { Description = "A folder to write the last build's charts to (to look at them)." };
        var command = new Command("production-report", "A daily production report built for a contract whose probes have six months of samples.")
        {
            data, postgres, rounds, probes, png,
        };
        command.SetAction(async (parse, ct) =>
        {
            await RunAsync(BenchTarget.Create(parse.GetValue(data), parse.GetValue(postgres)), parse.GetValue(rounds), parse.GetValue(probes), parse.GetValue(png), Console.Out, ct);
            return 0;
        });
        return command;
    }

    private static async Task RunAsync(BenchTarget target, int rounds, int probeCount, string? png, TextWriter output, CancellationToken ct)
    {
        Directory.CreateDirectory(target.DataDirectory);
        await using var db = target.CreateContext();
        await Database.MigrateAsync(db, ct);
        var clock = SystemClock.Instance;
        var now = clock.GetCurrentInstant();
        var contract = await db.Contracts.AsNoTracking().FirstOrDefaultAsync(c => c.Name == "Contrat sondé (banc d'essai)", ct);
        if (contract is null)
        {
            contract = await SeedAsync(target, db, now, probeCount, output, ct);
        }

        var organisation = await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == contract.OrganisationId, ct);
        var samples = await db.Set<ProbeSample>().CountAsync(ct);
        var hours = await db.Set<ProbeHour>().CountAsync(ct);
        await output.WriteLineAsync($"{target.Describe}: {await db.Set<Probe>().CountAsync(ct)} probes, {samples:N0} samples, {hours:N0} hourly roll-ups");

        var configuration = new ConfigurationBuilder().Build();
        var zone = AvailabilityTexts.ZoneOf(organisation.Territory);
        var day = now.InZone(zone).Date.PlusDays(-1);
        async Task<(double Ms, int Charts, long Bytes)> BuildAsync()
        {
            db.ChangeTracker.Clear();
            var builder = new ProductionReportBuilder(db, new ProbeFigures(db, clock, configuration), clock);
            var watch = Stopwatch.StartNew();
            var built = await builder.BuildAsync(contract, organisation, day, ct);
            watch.Stop();
            if (png is not null)
            {
                Directory.CreateDirectory(png);
                foreach (var (key, bytes) in built.Images)
                {
                    await File.WriteAllBytesAsync(Path.Combine(png, key + ".png"), bytes, ct);
                }
            }

            return (watch.Elapsed.TotalMilliseconds, built.Images.Count, built.Images.Values.Sum(i => (long)i.Length));
        }

        var first = await BuildAsync(); // warm-up (JIT, fonts, the database's cache)
        await output.WriteLineAsync($"first build (cold): {first.Ms:F0} ms, {first.Charts} charts, {first.Bytes / 1024:N0} KiB of PNG");
        var times = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            times.Add((await BuildAsync()).Ms);
        }

        // Where the time goes: the charts' points read, then the images drawn one after the other.
        var figures = new ProbeFigures(db, clock, configuration);
        var ids = await db.Set<Probe>().Select(p => p.Id).ToListAsync(ct);
        var (_, dayEnd) = ProductionReportBuilder.Bounds(day, zone);
        var read = Stopwatch.StartNew();
        var series = new List<(SeriesRange Range, ProbeSeries Series)>();
        foreach (var id in ids)
        {
            foreach (var range in ReportCharts.Ranges)
            {
                series.Add((range, await ReportCharts.SeriesAsync(figures, id, range, dayEnd, now, ct)));
            }
        }

        read.Stop();
        var draw = Stopwatch.StartNew();
        foreach (var (range, s) in series)
        {
            ReportCharts.Render(ReportCharts.Describe(s, range, s.Name, [2000, 5000], zone), s, zone, "heure locale (La Réunion)");
        }

        await output.WriteLineAsync($"breakdown: chart points read {read.Elapsed.TotalMilliseconds:F0} ms, {series.Count} charts drawn one after the other {draw.Elapsed.TotalMilliseconds:F0} ms");
        times.Sort();
        await output.WriteLineAsync($"report of {day:uuuu-MM-dd} for one contract, {probeCount} probes × 4 charts, {rounds} rounds: median {times[times.Count / 2]:F0} ms, p95 {times[(int)Math.Ceiling(times.Count * 0.95) - 1]:F0} ms, max {times[^1]:F0} ms");
    }

    private static async Task<Data.Contract> SeedAsync(BenchTarget target, GuichetDbContext db, Instant now, int probeCount, TextWriter output, CancellationToken ct)
    {
        var organisation = new Organisation { Name = "Commune sondée (banc d'essai)", Territory = "reunion", Siret = "21974411100019", Address = "1 rue du Banc" };
        var contract = new Data.Contract { OrganisationId = organisation.Id, Name = "Contrat sondé (banc d'essai)", PresetId = "at", StartsOn = new LocalDate(2024, 1, 1) };
        var service = new HostedService { ContractId = contract.Id, Name = "Progiciel hébergé", Environment = "production", ObjectiveId = "progiciel", CreatedAt = now };
        db.AddRange(organisation, contract, service);
        var from = ProbeRollups.HourOf(now.InUtc().LocalDateTime.PlusMonths(-6).InUtc().ToInstant()) + Duration.FromHours(1);
        (string Name, int A, int B)[] checks = [("Accueil entreprise", 2000, 5000), ("Page de dépôt", 3000, 5000), ("Authentification", 2000, 4000), ("Page dynamique", 2000, 5000),
            ("Page statique", 2000, 5000), ("Recherche simple", 2000, 5000), ("Recherche avancée", 4000, 6000)];
        var probes = Enumerable.Range(0, probeCount).Select(i => new Probe
        {
            ServiceId = service.Id,
            Name = checks[i % checks.Length].Name + (i >= checks.Length ? $" {i + 1}" : ""),
            Url = $"https://plateforme.example/{i}",
            CreatedAt = from,
            UpdatedAt = from,
            NextDueAt = now,
            Objectives = [new ProbeObjective { Percent = 80, ThresholdMs = checks[i % checks.Length].A }, new ProbeObjective { Percent = 100, ThresholdMs = checks[i % checks.Length].B }],
        }).ToList();
        db.AddRange(probes);
        await db.SaveChangesAsync(ct);

        var watch = Stopwatch.StartNew();
        var random = new Random(20261205);
        await using var connection = target.CreateConnection();
        await connection.OpenAsync(ct);
        var total = 0L;
        foreach (var probe in probes)
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO \"ProbeSamples\" (\"ProbeId\", \"At\", \"DurationMs\", \"Ok\") VALUES (@p, @a, @d, @o)";
            var p = insert.CreateParameter();
            p.ParameterName = "@p";
            p.Value = target.Key(probe.Id);
            var a = insert.CreateParameter();
            a.ParameterName = "@a";
            var d = insert.CreateParameter();
            d.ParameterName = "@d";
            var o = insert.CreateParameter();
            o.ParameterName = "@o";
            insert.Parameters.Add(p);
            insert.Parameters.Add(a);
            insert.Parameters.Add(d);
            insert.Parameters.Add(o);
            await insert.PrepareAsync(ct);
            for (var at = from; at < now; at += Duration.FromMinutes(1))
            {
                var ok = random.Next(100) != 0;
                a.Value = at.ToDateTimeUtc();
                d.Value = ok ? 300 + (int)(random.NextDouble() * random.NextDouble() * 2700) : 10_000;
                o.Value = ok;
                await insert.ExecuteNonQueryAsync(ct);
                total++;
            }

            await transaction.CommitAsync(ct);
        }

        await output.WriteLineAsync($"seeded {total:N0} samples in {watch.Elapsed.TotalSeconds:F0} s");
        watch.Restart();
        var rolled = await ProbeRollups.RollClosedHoursAsync(db, now, ct);
        await output.WriteLineAsync($"rolled up {rolled:N0} hours in {watch.Elapsed.TotalSeconds:F0} s");
        return contract;
    }
}
