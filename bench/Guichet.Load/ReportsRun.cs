using System.CommandLine;
using System.Diagnostics;
using Guichet.Data;
using Guichet.Features.Reports;
using Guichet.Features.Tickets;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Guichet.Load;

/// <summary>
/// Service-level reports (issue 17) on a database made by <c>generate</c> (whose bulk loader writes tickets and
/// events only): the clock outcomes rebuilt for every ticket through <see cref="OutcomeRebuild.RunAsync"/> (the use
/// case of <c>guichet reports rebuild</c>; rate in tickets/s), then 12-month compliance timed as the API computes it
/// (<see cref="Compliance.ForContractAsync"/>), for the contract with the most tickets and for every contract in turn,
/// <c>--rounds</c> times each; median, p95 and max in ms.
/// </summary>
internal static class ReportsRun
{
    public static Command Create(Option<string> data, Option<string> postgres)
    {
        var rounds = new Option<int>("--rounds") { Description = "Times each report is computed.", DefaultValueFactory = _ => 20 };
        var skipRebuild = new Option<bool>("--skip-rebuild") { Description = "The outcomes are already there: time the reports only." };
        var command = new Command("reports", "Clock outcome rebuild rate and 12-month compliance times on a generated database.")
        {
            data, postgres, rounds, skipRebuild,
        };
        command.SetAction(async (parse, ct) =>
        {
            await RunAsync(BenchTarget.Create(parse.GetValue(data), parse.GetValue(postgres)), parse.GetValue(rounds), parse.GetValue(skipRebuild), Console.Out, ct);
            return 0;
        });
        return command;
    }

    private static async Task RunAsync(BenchTarget target, int rounds, bool skipRebuild, TextWriter output, CancellationToken ct)
    {
        await using var db = target.CreateContext();
        var tickets = await db.Tickets.CountAsync(ct);
        await output.WriteLineAsync($"{target.Describe}: {tickets:N0} tickets");
        if (!skipRebuild)
        {
            var watch = Stopwatch.StartNew();
            var report = await OutcomeRebuild.RunAsync(db, write: true, ct);
            watch.Stop();
            await output.WriteLineAsync($"rebuild: {report.Tickets:N0} tickets, {report.Rows:N0} rows ({report.Missing:N0} written) in {watch.Elapsed.TotalSeconds:F1} s = {report.Tickets / watch.Elapsed.TotalSeconds:N0} tickets/s");
        }

        db.ChangeTracker.Clear();
        await output.WriteLineAsync($"outcomes: {await db.ClockOutcomes.CountAsync(ct):N0}");
        var contracts = await (from c in db.Contracts.AsNoTracking()
                               join o in db.Organisations on c.OrganisationId equals o.Id
                               select new { c.Id, c.Name, c.StartsOn, c.PresetId, c.Policy, o.Territory, Tickets = db.Tickets.Count(t => t.ContractId == c.Id) }).ToListAsync(ct);
        var now = SystemClock.Instance.GetCurrentInstant();
        var largest = contracts.MaxBy(c => c.Tickets)!;

        async Task<double> TimeAsync(HashSet<Guid> which)
        {
            var watch = Stopwatch.StartNew();
            foreach (var c in contracts.Where(c => which.Contains(c.Id)))
            {
                var zone = TicketClocks.TerritoryOf(c.Territory).Zone;
                var today = now.InZone(zone).Date;
                await Compliance.ForContractAsync(db, c.Id, c.Name, c.StartsOn, c.PresetId, c.Policy, zone, today.PlusMonths(-12).PlusDays(1), today, now, ct);
            }

            return watch.Elapsed.TotalMilliseconds;
        }

        foreach (var (name, which) in new[] { ($"largest contract ({largest.Tickets:N0} tickets, {largest.PresetId})", new HashSet<Guid> { largest.Id }), ($"all {contracts.Count} contracts", contracts.Select(c => c.Id).ToHashSet()) })
        {
            await TimeAsync(which); // warm-up
            var times = new List<double>();
            for (var i = 0; i < rounds; i++)
            {
                times.Add(await TimeAsync(which));
            }

            times.Sort();
            var p95 = times[Math.Min(times.Count - 1, (int)Math.Ceiling(times.Count * 0.95) - 1)];
            await output.WriteLineAsync($"12-month compliance, {name}: median {times[times.Count / 2]:F0} ms, p95 {p95:F0} ms, max {times[^1]:F0} ms ({rounds} runs)");
        }
    }
}
