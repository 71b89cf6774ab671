using System.Globalization;
using Guichet.Domain.Calendars;
using Guichet.Domain.Sla;
using Guichet.Domain.Tickets;
using NodaTime.Text;

namespace Guichet.Features.Tickets.Pages;

/// <summary>
/// What the ticket page's "Expliquer ce délai" shows for one clock (staff only): the timeline folded by day
/// (<see cref="ClockTimelines"/>), when counting starts, the crossing of the target, in one unit style.
/// </summary>
internal sealed record ClockExplain(ClockResult Clock, ClockTimeline Timeline, DateTimeZone ViewerZone, string? StartsOn)
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
    private static readonly LocalDatePattern Day = LocalDatePattern.Create("ddd dd/MM", French);
    private static readonly LocalDatePattern DayWithYear = LocalDatePattern.Create("ddd dd/MM/yyyy", French);
    private static readonly LocalDateTimePattern AtWithYear = LocalDateTimePattern.Create("dd/MM/yyyy 'à' HH:mm", French);
    private static readonly LocalTimePattern Time = LocalTimePattern.Create("HH:mm", French);

    /// <summary>The explanation of <paramref name="clock"/> on the ticket <paramref name="model"/> shows.</summary>
    public static ClockExplain Of(DetailModel model, ClockResult clock, Instant now)
    {
        var ticket = model.Ticket;
        var workflow = model.Loaded.Workflow;
        var states = TicketClocks.InOrder(ticket.Events).Where(e => e.Kind == EventKind.StateChanged).Select(e => (e.At, e.Value)).ToList();
        string Reason(Instant at)
        {
            var id = states.LastOrDefault(s => s.At <= at).Value ?? workflow.Initial.Id;
            if (!workflow.TryGetState(id, out var state))
            {
                return "état « " + id + " »";
            }

            return state.Actor == Actor.Client ? "en attente du client" : $"« {state.Label} »";
        }

        var end = ticket.IsClosed && ticket.StateChangedAt < now ? ticket.StateChangedAt : now;
        var timeline = ClockTimelines.Fold(clock, end, model.Zone, Reason);
        string? startsOn = null;
        if (clock.Status == ClockStatus.NotStarted)
        {
            var definition = model.Loaded.Preset.Policy.Clocks.FirstOrDefault(d => d.Id == clock.Id);
            startsOn = definition is null ? null : string.Join(" ou ", definition.Start.Select(t => Trigger(t, workflow)));
        }

        return new ClockExplain(clock, timeline, model.Zone, startsOn);
    }

    /// <summary>Whether the clock counts wall-clock time (on-call, or a target in hours day and night).</summary>
    public bool WallClock => ReferenceEquals(Clock.Calendar, BusinessCalendar.WallClock);

    /// <summary>"2 h 30 ouvrées", "45 min ouvrées", "1 h ouvrée", "0 h"; without "ouvrées" for wall-clock time.</summary>
    public string Amount(Duration d)
    {
        var minutes = (long)Math.Round(d.TotalMinutes);
        var (h, m) = (minutes / 60, minutes % 60);
        var text = h == 0 && m > 0 ? $"{m} min" : m == 0 ? $"{h} h" : $"{h} h {m:00}";
        return WallClock || minutes == 0 ? text : text + (minutes is > 1 and not 60 ? " ouvrées" : " ouvrée");
    }

    /// <summary>"mar. 29/12", or "du ven. 25/12 au lun. 28/12" for a folded row.</summary>
    public string Days(ClockTimelineRow row)
    {
        var pattern = Timeline.Rows.Count > 0 && Timeline.Rows[0].From.Year != Timeline.Rows[^1].To.Year ? DayWithYear : Day;
        return row.IsRange ? $"du {pattern.Format(row.From)} au {pattern.Format(row.To)}" : pattern.Format(row.From);
    }

    /// <summary>"09:00–12:00, 14:00–16:30" (periods ending at midnight end at 24:00).</summary>
    public static string Periods(ClockTimelineRow row) => string.Join(", ", row.Periods.Select(p =>
        $"{Time.Format(p.Start.TimeOfDay)}–{(p.End.Date > p.Start.Date ? "24:00" : Time.Format(p.End.TimeOfDay))}"));

    /// <summary>"30/12/2026 à 11:00" in the timeline's zone.</summary>
    public string When(Instant t) => AtWithYear.Format(t.InZone(Timeline.Zone).LocalDateTime);

    /// <summary>"11:00" in the timeline's zone.</summary>
    public string TimeOf(Instant t) => Time.Format(t.InZone(Timeline.Zone).TimeOfDay);

    /// <summary>"Objectif de 8 heures ouvrées dépassé le 30/12/2026 à 11:00".</summary>
    public string? Crossing => Timeline.CrossedAt is { } c
        ? $"Objectif de {Clock.Target?.Describe() ?? "ce délai"} dépassé le {When(c)}"
        : null;

    /// <summary>The zone of the rows, named when it is not the viewer's.</summary>
    public string ZoneNote => Timeline.Zone.Id == ViewerZone.Id ? "" : $" (heure locale, {Timeline.Zone.Id})";

    private static string Trigger(ClockTrigger t, Workflow workflow) => t.Kind switch
    {
        TicketEventKind.Created => "l'enregistrement de la demande",
        TicketEventKind.TakenInCharge => "la prise en charge",
        TicketEventKind.Qualified => "la fin de la qualification",
        TicketEventKind.WorkaroundProvided => "la fourniture d'un contournement",
        TicketEventKind.CorrectivePlanProvided => "la remise d'un plan d'action correctif",
        TicketEventKind.Resolved => "la livraison de la solution",
        TicketEventKind.Validated => "la validation par le client",
        TicketEventKind.Closed => "la clôture",
        TicketEventKind.Answered => "la réponse écrite",
        TicketEventKind.StateChanged when t.Value is { } s => $"le passage à l'état « {(workflow.TryGetState(s, out var st) ? st.Label : s)} »",
        _ => "un changement de priorité",
    };
}
