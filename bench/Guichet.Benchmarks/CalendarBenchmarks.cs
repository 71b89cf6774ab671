using BenchmarkDotNet.Attributes;
using Guichet.Domain.Calendars;
using Guichet.Domain.Presets;
using NodaTime;

namespace Guichet.Benchmarks;

/// <summary>
/// Calendar operations on warm calendars (yearly tables already built), each measured over 1,024 random start
/// instants in 2026–2027 so that the figure is an average over starts inside, outside and around opening hours.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class CalendarBenchmarks
{
    private const int Starts = 1024;
    private readonly Instant[] _starts = new Instant[Starts];
    private BusinessCalendar _calendar = null!;

    [Params("ls", "mn", "es26-availability-reunion")]
    public string Calendar { get; set; } = "ls";

    [GlobalSetup]
    public void Setup()
    {
        _calendar = Calendar switch
        {
            "ls" => Preset("ls").CalendarsFor(Territory.Metropole)["support"],
            "mn" => Preset("mn").CalendarsFor(Territory.Metropole)["support"],
            _ => Preset("es26").CalendarsFor(Territory.Reunion)["availability"],
        };
        var random = new Random(20261124);
        var from = Instant.FromUtc(2026, 1, 1, 0, 0).ToUnixTimeSeconds();
        var to = Instant.FromUtc(2028, 1, 1, 0, 0).ToUnixTimeSeconds();
        for (var i = 0; i < Starts; i++)
        {
            _starts[i] = Instant.FromUnixTimeSeconds(random.NextInt64(from, to));
        }

        // Warm the yearly tables these starts and targets touch.
        foreach (var s in _starts)
        {
            _calendar.AddBusinessTime(s, Duration.FromHours(720));
            _calendar.AddBusinessDays(s, 30);
        }
    }

    [Benchmark(OperationsPerInvoke = Starts)]
    public Instant AddBusinessHours_4h() => AddHours(Duration.FromHours(4));

    [Benchmark(OperationsPerInvoke = Starts)]
    public Instant AddBusinessHours_30days() => AddHours(Duration.FromDays(30));

    [Benchmark(OperationsPerInvoke = Starts)]
    public Instant AddBusinessDays_1() => AddDays(1);

    [Benchmark(OperationsPerInvoke = Starts)]
    public Instant AddBusinessDays_30() => AddDays(30);

    [Benchmark(OperationsPerInvoke = Starts)]
    public Duration BusinessTimeBetween_30days()
    {
        var total = Duration.Zero;
        foreach (var s in _starts)
        {
            total += _calendar.BusinessTimeBetween(s, s + Duration.FromDays(30));
        }

        return total;
    }

    private Instant AddHours(Duration amount)
    {
        var last = default(Instant);
        foreach (var s in _starts)
        {
            last = _calendar.AddBusinessTime(s, amount);
        }

        return last;
    }

    private Instant AddDays(int days)
    {
        var last = default(Instant);
        foreach (var s in _starts)
        {
            last = _calendar.AddBusinessDays(s, days);
        }

        return last;
    }

    private static SlaPreset Preset(string id) => PresetCatalog.TryGet(id, out var p) ? p : throw new InvalidOperationException(id);
}

/// <summary>The one-off cost of a calendar's first use of a year: computing its opening table.</summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class CalendarYearTableBenchmarks
{
    private BusinessCalendar _template = null!;

    [GlobalSetup]
    public void Setup() =>
        _template = PresetCatalog.All.Single(p => p.Id == "ls").CalendarsFor(Territory.Metropole)["support"];

    [Benchmark]
    public bool FirstUseOfAYear()
    {
        var calendar = new BusinessCalendar("ls", _template.Zone, _template.Week, _template.HolidayTerritory);
        return calendar.IsOpen(Instant.FromUtc(2026, 6, 1, 10, 0));
    }
}
