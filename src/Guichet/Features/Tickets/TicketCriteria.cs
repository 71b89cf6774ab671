using System.Globalization;
using Guichet.Domain.Presets;
using Guichet.Domain.Sla;
using NodaTime.Text;
using SlaEvent = Guichet.Domain.Sla.TicketEvent;

namespace Guichet.Features.Tickets;

/// <summary>
/// Two staff actions of issue 17 (docs/sla.md): requalifying the criticité or the impact of a ticket whose contract
/// derives its priority from a matrix [AT 9.3.4.2], and setting the date agreed with the client for a clock whose due
/// is the next release [AT 9.3.4.3, P3]. Both are recorded in the trace (public: the client sees them in the ticket's
/// history) and the clocks follow.
/// </summary>
internal static class TicketCriteria
{
    private const int MaxReason = 2000;

    public sealed record CriteriaRequest(string? Criticality, string? Impact, string? Reason, int? Version);

    public sealed record AgreedDueRequest(string? Clock, string? Date, string? Reason, int? Version);

    public static Task<Outcome<TicketChanged>> RequalifyAsync(long number, CriteriaRequest request, Caller caller, TicketHandlers handlers, CancellationToken ct) =>
        handlers.OnTicketAsync<TicketChanged>(caller, number, async loaded =>
        {
            if (TechnicalStaffOnly(caller, "La requalification est faite") is { } forbidden)
            {
                return forbidden;
            }

            var ticket = loaded.Ticket;
            if (loaded.Preset.PriorityMatrix is not { } matrix)
            {
                return Failure.Conflict("no_priority_matrix", "Le contrat de cette demande ne qualifie pas les priorités par criticité et impact : requalifiez la priorité.");
            }

            if (ticket.IsClosed)
            {
                return Failure.Conflict("ticket_closed", "Le ticket est clos.");
            }

            var errors = new Dictionary<string, string[]>();
            var criticality = request.Criticality is null ? matrix.Criticality.Find(ticket.Criticality) : matrix.Criticality.Find(request.Criticality);
            var impact = request.Impact is null ? matrix.Impact.Find(ticket.Impact) : matrix.Impact.Find(request.Impact);
            if (criticality is null)
            {
                errors["criticality"] = [$"Choisissez la criticité : {string.Join(", ", matrix.Criticality.Levels.Select(l => l.Label))}."];
            }

            if (impact is null)
            {
                errors["impact"] = [$"Choisissez l'impact : {string.Join(", ", matrix.Impact.Levels.Select(l => l.Label))}."];
            }

            var (reason, reasonError) = TextInput.Read(request.Reason, MaxReason, required: true, "Le motif de la requalification");
            if (reasonError is not null)
            {
                errors["reason"] = [reasonError];
            }

            if (errors.Count > 0)
            {
                return Failure.Invalid(errors);
            }

            if (criticality!.Id == ticket.Criticality && impact!.Id == ticket.Impact)
            {
                return Failure.Conflict("criteria_unchanged", "La demande a déjà cette criticité et cet impact.");
            }

            var now = handlers.Now;
            var events = new List<TicketTraceEntry>();
            if (criticality.Id != ticket.Criticality)
            {
                events.Add(Criterion(now, PriorityMatrix.CriticalityName, criticality.Id, ticket.Criticality, caller, reason!));
            }

            if (impact!.Id != ticket.Impact)
            {
                events.Add(Criterion(now, PriorityMatrix.ImpactName, impact.Id, ticket.Impact, caller, reason!));
            }

            var priority = matrix.Cells[criticality.Id][impact.Id];
            if (priority != ticket.Priority)
            {
                events.Add(new TicketTraceEntry
                {
                    At = now,
                    Kind = EventKind.PriorityChanged,
                    Value = priority,
                    PreviousValue = ticket.Priority,
                    AuthorId = caller.Id,
                    Text = $"{reason} (criticité {criticality.Label.ToLowerInvariant()}, impact {impact.Label.ToLowerInvariant()})",
                    Visibility = Visibility.Public,
                });
            }

            return (await handlers.CommitAsync(loaded, request.Version, events, ct)).Map(_ => TicketChanged.Of(ticket));
        }, ct);

    private static TicketTraceEntry Criterion(Instant at, string name, string value, string? previous, Caller caller, string reason) => new()
    {
        At = at,
        Kind = EventKind.CriterionChanged,
        Value = $"{name}:{value}",
        PreviousValue = previous is null ? null : $"{name}:{previous}",
        AuthorId = caller.Id,
        Text = reason,
        Visibility = Visibility.Public,
    };

    /// <summary>
    /// Records the date agreed with the client for a clock (by default the resolution): it becomes the clock's due, the
    /// end of that day in the contract's zone. Only a clock whose target in force is "the next release" takes one.
    /// </summary>
    public static Task<Outcome<TicketChanged>> AgreeDueAsync(long number, AgreedDueRequest request, Caller caller, TicketHandlers handlers, CancellationToken ct) =>
        handlers.OnTicketAsync<TicketChanged>(caller, number, async loaded =>
        {
            if (TechnicalStaffOnly(caller, "La date convenue est saisie") is { } forbidden)
            {
                return forbidden;
            }

            var ticket = loaded.Ticket;
            if (ticket.IsClosed)
            {
                return Failure.Conflict("ticket_closed", "Le ticket est clos.");
            }

            var clockId = request.Clock ?? ClockIds.Resolution;
            var definition = loaded.Preset.Policy.Clocks.FirstOrDefault(c => c.Id == clockId);
            if (definition is null)
            {
                return Failure.Invalid("clock", $"Délai inconnu ; valeurs possibles : {string.Join(", ", loaded.Preset.Policy.Clocks.Select(c => c.Id))}.");
            }

            if (!definition.Targets.TryGetValue(ticket.Priority, out var target) || target is not ClockTarget.NextRelease)
            {
                return Failure.Conflict("agreed_due_not_applicable", $"Une date convenue ne remplace que l'échéance « prochaine version » ; le délai « {definition.Name} » de cette demande n'en a pas (priorité {ticket.Priority}).");
            }

            var errors = new Dictionary<string, string[]>();
            var zone = TicketClocks.TerritoryOf(loaded.Territory).Zone;
            var now = handlers.Now;
            var date = LocalDatePattern.Iso.Parse(request.Date?.Trim() ?? "");
            if (!date.Success || date.Value.Year > 2100)
            {
                errors["date"] = ["Indiquez la date convenue au format AAAA-MM-JJ (par exemple 2026-06-30)."];
            }
            else if (date.Value < now.InZone(zone).Date)
            {
                errors["date"] = ["La date convenue ne peut pas être passée."];
            }

            var (reason, reasonError) = TextInput.Read(request.Reason, MaxReason, required: true, "Ce qui a été convenu");
            if (reasonError is not null)
            {
                errors["reason"] = [reasonError];
            }

            if (errors.Count > 0)
            {
                return Failure.Invalid(errors);
            }

            var previous = TicketClocks.InOrder(ticket.Events)
                .LastOrDefault(e => e.Kind == EventKind.DueAgreed && SlaEvent.TryParseDated(e.Value, out var k, out _) && k == clockId);
            var entry = new TicketTraceEntry
            {
                At = now,
                Kind = EventKind.DueAgreed,
                Value = SlaEvent.DatedValue(clockId, Releases.PlannedReleases.DueOf(date.Value, zone)),
                PreviousValue = previous?.Value,
                AuthorId = caller.Id,
                Text = $"{definition.Name} : date convenue avec vous, le {date.Value.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}. {reason}",
                Visibility = Visibility.Public,
            };
            return (await handlers.CommitAsync(loaded, request.Version, [entry], ct)).Map(_ => TicketChanged.Of(ticket));
        }, ct);

    private static Failure? TechnicalStaffOnly(Caller caller, string what) =>
        caller.IsTechnicalStaff
            ? null
            : Failure.Forbidden(caller.IsStaff ? "role_required" : "staff_only", $"{what} par le prestataire (agent, responsable de pôle ou administrateur).");
}
