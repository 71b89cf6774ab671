using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Guichet.Data;
using Guichet.Features.Calls;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Guichet.Load;

/// <summary>
/// Call records (issue 16): a fresh database with a 50-line call centre (10 contracts on the AT preset, 5 lines each),
/// one year of calls (<c>--calls</c>, 500,000 by default) written as the telephony's CSV export and imported through
/// <see cref="CallRecords.ImportAsync"/> (rate in records/s), imported again (nothing added), then the phone KPI
/// reports timed as the staff page computes them: the year for every contract, the year for one contract, one month
/// for one line.
/// </summary>
internal static class PhoneRun
{
    public static Command Create(Option<string> data, Option<string> postgres)
    {
        var calls = new Option<int>("--calls") { Description = "Calls over the year.", DefaultValueFactory = _ => 500_000 };
        var rounds = new Option<int>("--rounds") { Description = "Times each report is computed.", DefaultValueFactory = _ => 10 };
        var command = new Command("phone", "Call import rate and phone KPI report times on a fresh database (replaces <data>/guichet.db, or fills an empty PostgreSQL database).")
        {
            data, postgres, calls, rounds,
        };
        command.SetAction(async (parse, ct) =>
        {
            await RunAsync(BenchTarget.Create(parse.GetValue(data), parse.GetValue(postgres)), parse.GetValue(calls), parse.GetValue(rounds), Console.Out, ct);
            return 0;
        });
        return command;
    }

    private static async Task RunAsync(BenchTarget target, int count, int rounds, TextWriter output, CancellationToken ct)
    {
        if (!target.IsPostgres)
        {
            Directory.CreateDirectory(target.DataDirectory);
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(target.SqlitePath + suffix);
            }
        }

        var contracts = new List<Guid>();
        var lines = new List<(Guid Id, string Number)>();
        await using (var db = target.CreateContext())
        {
            await Database.MigrateAsync(db, ct);
            for (var i = 0; i < 10; i++)
            {
                var organisation = new Organisation { Name = $"Collectivité {i + 1}", Siret = $"0000000001{i:0000}", Territory = "metropole" };
                var contract = new Contract { OrganisationId = organisation.Id, Name = $"Contrat {i + 1}", PresetId = "at", StartsOn = new LocalDate(2025, 1, 1) };
                db.AddRange(organisation, contract);
                contracts.Add(contract.Id);
                for (var l = 0; l < 5; l++)
                {
                    var line = new PhoneLine { Number = $"+3314000{i:00}{l:00}", Label = $"Ligne {i + 1}.{l + 1}", ContractId = contract.Id };
                    db.Add(line);
                    lines.Add((line.Id, line.Number));
                }
            }

            await db.SaveChangesAsync(ct);
        }

        // One year of calls, spread over the opening hours of working days; 85 % answered (waits 0–60 s), the rest
        // abandoned, missed or sent to the voicemail.
        var random = new Random(2026);
        var start = Instant.FromUtc(2025, 1, 1, 0, 0);
        var csv = new StringBuilder("call_id;caller;called_line;offered_at;answered_at;ended_at;agent;outcome\n", count * 130);
        string[] unsuccessful = ["abandoned", "missed", "voicemail"];
        for (var i = 0; i < count; i++)
        {
            var day = start + Duration.FromDays(random.Next(365));
            var offered = day + Duration.FromHours(7 + random.Next(10)) + Duration.FromSeconds(random.Next(3600));
            var answered = random.NextDouble() < 0.85;
            var wait = random.Next(60);
            var line = lines[random.Next(lines.Count)].Number;
            var ended = offered + Duration.FromSeconds(wait + random.Next(900));
            csv.Append(CultureInfo.InvariantCulture, $"c{i:D7};06{random.Next(100_000_000):D8};{line};{Iso(offered)};{(answered ? Iso(offered + Duration.FromSeconds(wait)) : "")};{Iso(ended)};Agent {random.Next(30)};{(answered ? "answered" : unsuccessful[random.Next(3)])}\n");
        }

        var bytes = Encoding.UTF8.GetBytes(csv.ToString());
        await output.WriteLineAsync($"{target.Describe}: {count:N0} calls, {bytes.Length / 1024.0 / 1024.0:F1} MiB of CSV, 50 lines, 10 contracts");
        foreach (var pass in new[] { "first import", "second import (same file)" })
        {
            await using var db = target.CreateContext();
            var watch = Stopwatch.StartNew();
            var result = await new CallRecords(db, SystemClock.Instance).ImportAsync(new MemoryStream(bytes), ct);
            watch.Stop();
            await output.WriteLineAsync($"{pass}: {result.Added:N0} added, {result.Unchanged:N0} unchanged, {result.Rejected:N0} rejected in {watch.Elapsed.TotalSeconds:F1} s = {count / watch.Elapsed.TotalSeconds:N0} records/s");
        }

        await using (var db = target.CreateContext())
        {
            await output.WriteLineAsync($"records: {await db.Set<CallRecord>().CountAsync(ct):N0}");
            if (target.IsPostgres)
            {
                await db.Database.ExecuteSqlRawAsync("""VACUUM ANALYZE "CallRecords";""", ct);
            }
        }

        var year = (From: new LocalDate(2025, 1, 1), To: new LocalDate(2025, 12, 31));
        var reports = new (string Name, Func<GuichetDbContext, Task<PhoneKpis.Report>> Run)[]
        {
            ("year, all 10 contracts", db => PhoneKpis.ComputeAsync(db, db.Contracts, null, year.From, year.To, ct)),
            ("year, one contract", db => PhoneKpis.ComputeAsync(db, db.Contracts.Where(c => c.Id == contracts[3]), null, year.From, year.To, ct)),
            ("one month, one line", db => PhoneKpis.ComputeAsync(db, db.Contracts.Where(c => c.Id == contracts[3]), lines[17].Id, new LocalDate(2025, 6, 1), new LocalDate(2025, 6, 30), ct)),
        };
        await using var reader = target.CreateContext();
        foreach (var (name, run) in reports)
        {
            var first = await run(reader); // warm-up: connection, plan, caches
            var times = new List<double>();
            for (var r = 0; r < rounds; r++)
            {
                var watch = Stopwatch.StartNew();
                await run(reader);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            await output.WriteLineAsync($"KPI report {name}: {first.Total.Offered:N0} calls, median {times[times.Count / 2]:F0} ms, max {times[^1]:F0} ms ({rounds} runs)");
        }
    }

    private static string Iso(Instant at) => NodaTime.Text.InstantPattern.ExtendedIso.Format(at);
}
