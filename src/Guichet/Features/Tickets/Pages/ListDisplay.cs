using Guichet.Domain.Calendars;
using Guichet.Domain.Presets;
using Guichet.Domain.Sla;
using Guichet.Domain.Tickets;

namespace Guichet.Features.Tickets.Pages;

/// <summary>Who acts next on a ticket, for the lists' chips: one CSS class per actor, the text says it too.</summary>
internal enum NextActor
{
    Client,
    Provider,
    Nobody,
}

/// <summary>
/// A ticket's next deadline as the lists show it: the clock's name and the business time left (or overdue) in the
/// ticket's own calendar, in the units of the ticket page's clocks box ("Résolution : reste 8 h 00 ouvrées").
/// </summary>
/// <param name="Clock">The clock's name ("Résolution"), or "Échéance" when the ticket's summary does not name it yet.</param>
/// <param name="Due">The calendar instant of the deadline.</param>
/// <param name="Left">Business time left; negative once overdue.</param>
/// <param name="Business">Whether the time counts business hours (false for a 24/7 target).</param>
internal sealed record Deadline(string Clock, Instant Due, Duration Left, bool Business)
{
    /// <summary>"reste 8 h 00 ouvrées", "dépassée de 2 h 00 ouvrées".</summary>
    public string Remaining => Left < Duration.Zero
        ? $"dépassée de {Web.Pages.Display.Span(-Left)}{Unit}"
        : $"reste {Web.Pages.Display.Span(Left)}{Unit}";

    /// <summary>"Résolution : reste 8 h 00 ouvrées".</summary>
    public string Text => $"{Clock} : {Remaining}";

    private string Unit => Business ? " ouvrées" : "";

    /// <summary>The clocks box's classes: overdue, less than two business hours left (as the ticket page), running.</summary>
    public string CssClass => Left < Duration.Zero ? "clock-breached" : Left < Duration.FromHours(2) ? "clock-soon" : "clock-running";

    /// <summary>The word before the text for the highlighted ones ("Dépassée", "Bientôt"), as the desk always said.</summary>
    public string? Flag => Left < Duration.Zero ? "Dépassée" : Left < Duration.FromHours(2) ? "Bientôt" : null;
}

/// <summary>
/// What the ticket lists compute per row from the reference data already loaded: the deadline in business time
/// (one calendar per contract policy and territory, built once and shared), who acts next. No query per row.
/// </summary>
internal sealed class ListDisplay(Lookups names, Instant now)
{
    /// <summary>The next deadline of a row, or null when it has none (closed, nothing running on the provider's side).</summary>
    public Deadline? DeadlineOf(TicketList.ListRow row)
    {
        if (row.NextDueAt is not { } due || !names.Policies.TryGetValue(row.ContractId, out var preset))
        {
            return null;
        }

        var territory = TicketClocks.TerritoryOf(names.Territories.GetValueOrDefault(row.OrganisationId, Territory.Metropole.Id));
        var calendars = preset.CalendarsFor(territory);
        var definition = row.NextDueClock is { } id ? preset.Policy.Clocks.FirstOrDefault(c => c.Id == id) : null;
        var business = definition?.Targets.GetValueOrDefault(row.Priority) is not ClockTarget.WallClockHours;
        var calendar = !business ? BusinessCalendar.WallClock
            : calendars.GetValueOrDefault(definition?.Calendar ?? SlaPreset.DefaultCalendar) ?? BusinessCalendar.WallClock;
        business = business && !ReferenceEquals(calendar, BusinessCalendar.WallClock);
        var left = due >= now ? calendar.BusinessTimeBetween(now, due) : -calendar.BusinessTimeBetween(due, now);
        if (due < now && left == Duration.Zero)
        {
            // Overdue outside opening hours: still overdue, by less than a business minute.
            left = -Duration.FromMinutes(1);
        }

        return new Deadline(definition?.Name ?? "Échéance", due, left, business);
    }

    /// <summary>Who acts next: the state's actor in the ticket's workflow; nobody once closed.</summary>
    public NextActor ActorOf(TicketList.ListRow row)
    {
        if (row.IsClosed)
        {
            return NextActor.Nobody;
        }

        var workflow = names.Policies.TryGetValue(row.ContractId, out var preset) ? preset.Policy.Workflow : ReferenceWorkflow.Instance;
        return workflow.TryGetState(row.State, out var state) || ReferenceWorkflow.Instance.TryGetState(row.State, out state)
            ? state.Actor switch
            {
                Actor.Client => NextActor.Client,
                Actor.Provider => NextActor.Provider,
                _ => NextActor.Nobody,
            }
            : NextActor.Provider;
    }

    /// <summary>The chip's CSS class of an actor.</summary>
    public static string ChipClass(NextActor actor) => actor switch
    {
        NextActor.Client => "chip chip-client",
        NextActor.Provider => "chip chip-provider",
        _ => "chip chip-nobody",
    };

    /// <summary>A state's label in the ticket's workflow: the client's wording for a client, the contract's for staff.</summary>
    public string StateLabel(TicketList.ListRow row, bool client = false) =>
        (names.Policies.TryGetValue(row.ContractId, out var preset) && preset.Policy.Workflow.TryGetState(row.State, out var s)) || ReferenceWorkflow.Instance.TryGetState(row.State, out s)
            ? s.LabelFor(client)
            : row.State;
}
