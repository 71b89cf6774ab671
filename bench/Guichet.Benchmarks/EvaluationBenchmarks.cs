using BenchmarkDotNet.Attributes;
using Guichet.Domain.Calendars;
using Guichet.Domain.Presets;
using Guichet.Domain.Sla;
using NodaTime;

namespace Guichet.Benchmarks;

/// <summary>
/// Evaluation of one ticket with 5 clocks and 20 events (take-charge, workaround, corrective plan, resolution and
/// validation; freezes, a requalification, a qualification), as a page view of the desk would do it.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class EvaluationBenchmarks
{
    private const string FiveClocks = """
        {
          "id": "bench", "name": "Cinq délais", "priorityScheme": "ls",
          "serviceTypes": [ { "id": "bug-applicatif", "label": "Bug" } ],
          "calendars": { "support": { "zone": "Europe/Paris", "holidays": "metropole", "hours": { "mon-fri": [ "09:00-12:00", "14:00-18:00" ] } } },
          "clocks": [
            { "id": "take-charge", "name": "Prise en charge", "start": [ "created" ], "stop": [ "taken-in-charge" ],
              "targets": { "0": "business-hours:4", "1": "business-hours:8", "2": "business-hours:12", "3": "business-hours:36" } },
            { "id": "workaround", "name": "Contournement", "start": [ "created" ], "stop": [ "workaround-provided", "resolved" ],
              "targets": { "0": "business-hours:8", "1": "business-hours:24", "2": "business-days:5", "3": "business-days:10" } },
            { "id": "corrective-plan", "name": "Plan correctif", "start": [ "qualified" ], "stop": [ "corrective-plan-provided" ],
              "targets": { "0": "business-hours:12", "1": "business-hours:24", "2": "business-days:5", "3": "business-days:10" } },
            { "id": "resolution", "name": "Résolution", "start": [ "created" ], "stop": [ "resolved" ],
              "targets": { "0": "business-days:3", "1": "business-days:5", "2": "business-days:15", "3": "business-days:30" } },
            { "id": "validation", "name": "Validation", "side": "client", "start": [ "resolved" ], "stop": [ "validated" ], "freeze": [],
              "targets": { "0": "business-days:3", "1": "business-days:3", "2": "business-days:3", "3": "business-days:3" } }
          ]
        }
        """;

    private SlaPreset _preset = null!;
    private TicketEvent[] _events = null!;
    private IReadOnlyDictionary<string, BusinessCalendar> _calendars = null!;
    private readonly Instant _now = Instant.FromUtc(2026, 4, 29, 9, 0);

    [GlobalSetup]
    public void Setup()
    {
        _preset = PresetLoader.Parse(FiveClocks, "bench.json");
        _calendars = _preset.CalendarsFor(Territory.Metropole);
        var t0 = Instant.FromUtc(2026, 4, 13, 8, 0);
        _events =
        [
            new(t0, TicketEventKind.Created),
            new(t0 + Duration.FromMinutes(20), TicketEventKind.StateChanged, "a-qualifier-pole"),
            new(t0 + Duration.FromHours(1), TicketEventKind.TakenInCharge),
            new(t0 + Duration.FromHours(2), TicketEventKind.StateChanged, "a-qualifier-client"),
            new(t0 + Duration.FromHours(26), TicketEventKind.StateChanged, "retour-information-client"),
            new(t0 + Duration.FromHours(27), TicketEventKind.StateChanged, "en-cours"),
            new(t0 + Duration.FromHours(28), TicketEventKind.Qualified, "anomalie"),
            new(t0 + Duration.FromHours(29), TicketEventKind.PriorityChanged, "1"),
            new(t0 + Duration.FromHours(30), TicketEventKind.StateChanged, "attente-info-interne"),
            new(t0 + Duration.FromHours(49), TicketEventKind.StateChanged, "en-cours"),
            new(t0 + Duration.FromHours(50), TicketEventKind.StateChanged, "attente-info-complementaire"),
            new(t0 + Duration.FromHours(73), TicketEventKind.StateChanged, "en-cours"),
            new(t0 + Duration.FromHours(74), TicketEventKind.WorkaroundProvided),
            new(t0 + Duration.FromHours(75), TicketEventKind.StateChanged, "a-qualifier-client"),
            new(t0 + Duration.FromHours(97), TicketEventKind.StateChanged, "relance-client"),
            new(t0 + Duration.FromHours(98), TicketEventKind.StateChanged, "en-cours"),
            new(t0 + Duration.FromHours(99), TicketEventKind.CorrectivePlanProvided),
            new(t0 + Duration.FromHours(120), TicketEventKind.StateChanged, "attente-dgcl-dgfip"),
            new(t0 + Duration.FromHours(145), TicketEventKind.StateChanged, "en-cours"),
            new(t0 + Duration.FromHours(146), TicketEventKind.PriorityChanged, "2"),
        ];
    }

    [Benchmark]
    public SlaEvaluation Evaluate_5_clocks_20_events() =>
        SlaEvaluator.Evaluate(_preset.Policy, _calendars, "2", _events, _now, new EvaluationOptions { ServiceType = "bug-applicatif", Explain = false });

    [Benchmark]
    public SlaEvaluation Evaluate_5_clocks_20_events_with_explanation() =>
        SlaEvaluator.Evaluate(_preset.Policy, _calendars, "2", _events, _now, new EvaluationOptions { ServiceType = "bug-applicatif", Explain = true });
}
