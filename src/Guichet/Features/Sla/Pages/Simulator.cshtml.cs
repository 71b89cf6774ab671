using System.Globalization;
using Guichet.Domain.Calendars;
using Guichet.Domain.Presets;
using Guichet.Domain.Sla;
using NodaTime.Text;

namespace Guichet.Features.Sla.Pages;

/// <summary>
/// The SLA simulator for the provider's staff: a preset, a priority, a territory and a list of dated events, evaluated
/// by the same engine as tickets and <c>guichet sla simulate</c> (<see cref="SlaPreset.Evaluate"/>), with the counted
/// periods of each clock.
/// </summary>
internal sealed class SimulatorModel(IClock clock) : GatedPageModel
{
    private static readonly LocalDateTimePattern[] Patterns =
    [
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm"),
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm"),
        LocalDateTimePattern.CreateWithInvariantCulture("dd/MM/uuuu HH:mm"),
    ];

    [BindProperty(SupportsGet = true)]
    public string PresetId { get; set; } = "ls";

    [BindProperty(SupportsGet = true)]
    public string? Priority { get; set; }

    [BindProperty(SupportsGet = true)]
    public string TerritoryId { get; set; } = "metropole";

    [BindProperty(SupportsGet = true)]
    public string? ServiceType { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Events { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Now { get; set; }

    public SlaEvaluation? Evaluation { get; private set; }

    public DateTimeZone Zone { get; private set; } = DateTimeZone.Utc;

    public SlaPreset? Preset { get; private set; }


    public static string KnownEvents => string.Join(", ", TicketEvent.FrenchNames);

    public IActionResult OnGet()
    {
        Events ??= "2026-04-07 09:30 creation\n2026-04-07 11:00 prise-en-charge\n2026-04-07 14:00 etat:a-qualifier-client\n2026-04-08 10:00 etat:retour-information-client";
        Now ??= "2026-04-10 12:00";
        if (Request.Query.ContainsKey(nameof(PresetId)))
        {
            Simulate();
        }
        else if (PresetCatalog.TryGet(PresetId, out var preset))
        {
            Preset = preset;
        }

        return Page();
    }

    private void Simulate()
    {
        if (!PresetCatalog.TryGet(PresetId, out var preset))
        {
            ModelState.AddModelError(nameof(PresetId), "Contrat type inconnu.");
            return;
        }

        Preset = preset;
        if (!Territory.TryGet(TerritoryId, out var territory))
        {
            ModelState.AddModelError(nameof(TerritoryId), "Territoire inconnu.");
            return;
        }

        Zone = preset.CalendarsFor(territory)[SlaPreset.DefaultCalendar].Zone;
        var priority = Priority ?? preset.DefaultPriority;
        if (!preset.Policy.Scheme.TryGet(priority, out var level))
        {
            ModelState.AddModelError(nameof(Priority), $"Priorité inconnue pour ce contrat ; possibles : {string.Join(", ", preset.Policy.Scheme.Levels.Select(l => l.Id))}.");
        }

        var service = string.IsNullOrWhiteSpace(ServiceType) ? preset.ServiceTypes[0].Id : ServiceType.Trim();
        if (preset.ServiceTypes.All(s => s.Id != service))
        {
            ModelState.AddModelError(nameof(ServiceType), $"Type de service inconnu ; possibles : {string.Join(", ", preset.ServiceTypes.Select(s => s.Id))}.");
        }

        var trace = new List<TicketEvent>();
        var lines = (Events ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length is 0 or > 200)
        {
            ModelState.AddModelError(nameof(Events), "Indiquez de 1 à 200 événements, un par ligne.");
        }

        foreach (var (line, n) in lines.Take(200).Select((l, i) => (l, i + 1)))
        {
            var parts = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 3 || Parse(parts[0] + " " + parts[1]) is not { } at)
            {
                ModelState.AddModelError(nameof(Events), $"Ligne {n} : attendu « AAAA-MM-JJ HH:MM événement ».");
                continue;
            }

            if (!TicketEvent.TryParseKind(parts[2], out var kind, out var value, out _)
                || (kind == TicketEventKind.StateChanged && !preset.Policy.Workflow.TryGetState(value!, out _))
                || (kind == TicketEventKind.PriorityChanged && !preset.Policy.Scheme.TryGet(value, out _)))
            {
                ModelState.AddModelError(nameof(Events), $"Ligne {n} : événement « {parts[2]} » inconnu pour ce contrat.");
                continue;
            }

            trace.Add(new TicketEvent(at, kind, value));
        }

        var now = string.IsNullOrWhiteSpace(Now) ? clock.GetCurrentInstant() : Parse(Now);
        if (now is null)
        {
            ModelState.AddModelError(nameof(Now), "Attendu « AAAA-MM-JJ HH:MM ».");
        }

        if (!ModelState.IsValid)
        {
            return;
        }

        try
        {
            Evaluation = preset.Evaluate(territory, level!.Id, [.. trace.OrderBy(e => e.At)], now!.Value, new EvaluationOptions { ServiceType = service, Explain = true });
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or OverflowException)
        {
            ModelState.AddModelError(nameof(Events), "Ces événements ne peuvent pas être évalués : " + e.Message);
        }
    }

    private Instant? Parse(string text)
    {
        foreach (var pattern in Patterns)
        {
            var result = pattern.Parse(text.Trim());
            if (result.Success)
            {
                return result.Value.InZoneLeniently(Zone).ToInstant();
            }
        }

        return null;
    }

    public static string Hours(Duration d) => d.TotalHours.ToString("0.##", CultureInfo.GetCultureInfo("fr-FR")) + " h";
}
