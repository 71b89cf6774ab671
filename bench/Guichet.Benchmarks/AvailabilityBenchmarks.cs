using BenchmarkDotNet.Attributes;
using Guichet.Domain.Availability;
using Guichet.Domain.Calendars;
using Guichet.Domain.Presets;
using NodaTime;

namespace Guichet.Benchmarks;

/// <summary>
/// Issue 18's availability target: 1,000 contracts over the 12 months of 2027, each with 20 outages of random causes
/// and 30 planned maintenances in its log, every month of every contract computed (12,000 months with their
/// explanations) — under 500 ms for all. Contracts alternate ES26 (metropolitan France, La Réunion, Guadeloupe) and
/// AT; calendars are warm after the first operation, as in a running server.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 8)]
public class AvailabilityBenchmarks
{
    private const int Contracts = 1_000;
    private readonly List<(AvailabilityObjective Objective, Territory Territory, Outage[] Log)> _contracts = [];

    [GlobalSetup]
    public void Setup()
    {
        PresetCatalog.TryGet("es26", out var es26);
        PresetCatalog.TryGet("at", out var at);
        Territory[] territories = [Territory.Metropole, Territory.Reunion, Territory.Guadeloupe];
        var random = new Random(20261205);
        var from = Instant.FromUtc(2027, 1, 1, 0, 0).ToUnixTimeSeconds();
        var to = Instant.FromUtc(2028, 1, 1, 0, 0).ToUnixTimeSeconds();
        var causes = Enum.GetValues<OutageCause>();
        for (var c = 0; c < Contracts; c++)
        {
            var objective = c % 4 == 3 ? at!.Availability[c % 2] : es26!.Availability[0];
            var log = new List<Outage>();
            for (var i = 0; i < 50; i++)
            {
                var start = Instant.FromUnixTimeSeconds(random.NextInt64(from, to));
                var planned = i >= 20;
                var length = Duration.FromMinutes(random.Next(5, planned ? 240 : 600));
                log.Add(new Outage($"{c}-{i}", start, start + length, planned ? OutageCause.PlannedMaintenance : causes[random.Next(causes.Length)],
                    planned ? start - Duration.FromHours(random.Next(1, 120)) : null));
            }

            _contracts.Add((objective, territories[c % territories.Length], [.. log]));
        }
    }

    [Benchmark]
    public decimal Twelve_months_of_1000_contracts()
    {
        var now = Instant.FromUtc(2028, 1, 15, 0, 0);
        var sum = 0m;
        foreach (var (objective, territory, log) in _contracts)
        {
            for (var m = 1; m <= 12; m++)
            {
                sum += AvailabilityCalculator.Month(objective, territory, new YearMonth(2027, m), log, now).Rate;
            }
        }

        return sum;
    }
}
