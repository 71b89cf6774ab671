using System.Globalization;
using Guichet.Domain.Presets;
using Guichet.Domain.Tickets;
using NodaTime.Text;

namespace Guichet.Features.Tickets;

/// <summary>
/// A request taken by staff for a client user (a call, a mail, a visit, a letter) [AT 9.5.3–9.5.4]: the same creation
/// path and rules as the client's own (<see cref="TicketHandlers.CreateAsync(Caller, TicketHandlers.CreateTicket, TicketHandlers.Intake?, CancellationToken)"/>,
/// the requester's declared products and contract), with the clocks starting when the request was received, the
/// channel and who entered it (and when) in the trace, and a call answered on the spot created already closed with
/// its duration as a time entry ("réponse apportée directement").
/// </summary>
internal sealed class RaiseOnBehalf(GuichetDbContext db, TicketHandlers handlers)
{
    /// <summary>How far back a request may be dated (a call taken on Friday, entered on Monday, still fits).</summary>
    public static readonly Duration MaxPast = Duration.FromDays(7);

    /// <summary>Tolerance for a clock slightly ahead of the server's (a telephone's or a workstation's).</summary>
    public static readonly Duration MaxFuture = Duration.FromMinutes(5);

    public const int MaxMinutes = 24 * 60;

    /// <summary>The channels a request reaches the provider by, with their French labels.</summary>
    public static readonly IReadOnlyList<(string Id, string Label)> Channels =
    [
        ("telephone", "Téléphone"),
        ("courriel", "Courriel"),
        ("sur-place", "Sur place"),
        ("courrier", "Courrier"),
    ];

    /// <summary>
    /// The request: the client user it is raised for, the ticket's fields as for <c>POST /api/v1/tickets</c>, the
    /// channel, when it was received (ISO 8601 with an offset; now when absent) and, for a call answered on the spot,
    /// <paramref name="AnsweredDirectly"/> with the call's <paramref name="Minutes"/>.
    /// </summary>
    public sealed record Request(
        Guid? RequesterId,
        Guid? ProductId,
        Guid? QueueId,
        Guid? VersionId,
        string? ServiceType,
        string? Priority,
        string? Subject,
        string? Body,
        string? Channel,
        string? ReceivedAt,
        bool AnsweredDirectly = false,
        int? Minutes = null,
        string? Answer = null,
        string? CallId = null,
        string? Criticality = null,
        string? Impact = null);

    public async Task<Outcome<Ticket>> RaiseAsync(Caller caller, Request request, CancellationToken ct)
    {
        if (!caller.IsStaff)
        {
            return Failure.Forbidden("staff_only", "Seule l'équipe du prestataire enregistre une demande pour un utilisateur.");
        }

        // The requester must be a client user of an organisation the caller serves: anyone else is not found, as
        // another organisation's data always is.
        var requesterId = request.RequesterId;
        var visible = requesterId is { } id && await caller.VisibleUsers(db).AnyAsync(u => u.Id == id && u.Kind == UserKind.Client, ct);
        var requester = visible ? await Caller.OfUserAsync(db, requesterId!.Value, ct) : null;
        if (requester is null)
        {
            return Failure.NotFound("utilisateur");
        }

        var errors = new Dictionary<string, string[]>();
        var channel = request.Channel ?? Channels[0].Id;
        if (Channels.All(c => c.Id != channel))
        {
            errors["channel"] = [$"Canal inconnu ; choisissez parmi : {string.Join(", ", Channels.Select(c => c.Id))}."];
        }

        var now = handlers.Now;
        var receivedAt = now;
        if (!string.IsNullOrWhiteSpace(request.ReceivedAt))
        {
            if (!DateTimeOffset.TryParse(request.ReceivedAt, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) || !HasOffset(request.ReceivedAt))
            {
                errors["receivedAt"] = ["Date et heure de réception invalides : format ISO 8601 avec fuseau attendu (par exemple 2026-03-02T09:15:00+01:00)."];
            }
            else
            {
                receivedAt = Instant.FromDateTimeOffset(parsed);
                if (receivedAt > now + MaxFuture)
                {
                    errors["receivedAt"] = ["La réception ne peut pas être dans le futur."];
                }
                else if (receivedAt < now - MaxPast)
                {
                    errors["receivedAt"] = ["La réception date de plus de 7 jours : enregistrez la demande à la date d'aujourd'hui et précisez la date réelle dans la description."];
                }
                else if (receivedAt > now)
                {
                    receivedAt = now;
                }
            }
        }

        if (request.AnsweredDirectly && request.Minutes is not (> 0 and <= MaxMinutes))
        {
            errors["minutes"] = ["Indiquez la durée de l'appel, entre 1 et 1440 minutes."];
        }
        else if (!request.AnsweredDirectly && request.Minutes is not null)
        {
            errors["minutes"] = ["La durée ne se saisit que pour une réponse apportée directement."];
        }

        var (answer, answerError) = TextInput.Read(request.Answer, TicketHandlers.MaxText, required: false, "La réponse");
        if (answerError is not null)
        {
            errors["answer"] = [answerError];
        }

        // The telephony's call this request comes from: linked to the ticket once it is created.
        // Only a call not yet linked, and not matched to another organisation than the requester's.
        var callId = string.IsNullOrWhiteSpace(request.CallId) ? null : request.CallId.Trim();
        var organisationId = requester.User.OrganisationId;
        var calls = db.Set<CallRecord>().Where(c => c.CallId == callId && c.TicketId == null && (c.OrganisationId == null || c.OrganisationId == organisationId));
        if (callId is not null && !await calls.AnyAsync(ct))
        {
            errors["callId"] = ["Appel inconnu de la téléphonie pour cette organisation, ou déjà lié à une demande."];
        }

        if (errors.Count > 0)
        {
            return Failure.Invalid(errors);
        }

        if (caller.ServedQueues.Count > 0 && !caller.IsAdmin && request.QueueId is { } queue && !caller.ServedQueues.Contains(queue))
        {
            // The ticket would not be the caller's to see: the rules of staff scope are unchanged.
            return Failure.Invalid("queueId", "Vous ne servez pas ce service : choisissez l'un des vôtres.");
        }

        var label = Channels.First(c => c.Id == channel).Label.ToLowerInvariant();
        var intake = new TicketHandlers.Intake(receivedAt, (preset, at) => Trace(preset, at, caller.Id, channel, label, receivedAt, request, answer));
        var ticket = new TicketHandlers.CreateTicket(request.ProductId, request.QueueId, request.VersionId, request.ServiceType, request.Priority, request.Subject, request.Body, request.Criticality, request.Impact);
        var created = await handlers.CreateAsync(requester, ticket, intake, ct);
        if (callId is not null && created.TryGet(out var raised, out _))
        {
            await calls.ExecuteUpdateAsync(u => u.SetProperty(c => c.TicketId, raised.Id), ct);
        }

        return created;
    }

    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');

    /// <summary>What the trace records beyond the creation: the intake note, and an answer given on the spot.</summary>
    private static Outcome<IReadOnlyList<TicketTraceEntry>> Trace(SlaPreset preset, Instant enteredAt, Guid enteredBy, string channel, string label, Instant receivedAt, Request request, string? answer)
    {
        var events = new List<TicketTraceEntry>
        {
            // Who entered the request and when, against when it was received: the clocks start at the latter.
            new()
            {
                At = enteredAt, Kind = EventKind.Message, Value = TicketClocks.StaffMark, PreviousValue = channel, AuthorId = enteredBy, Visibility = Visibility.Internal,
                Text = $"Demande reçue par {label} le {InstantPattern.ExtendedIso.Format(receivedAt)}, saisie le {InstantPattern.ExtendedIso.Format(enteredAt)} par l'équipe pour le compte du demandeur.",
            },
        };
        if (!request.AnsweredDirectly)
        {
            return events;
        }

        var workflow = preset.Policy.Workflow;
        var closed = ClosingState(workflow);
        if (closed is null)
        {
            return Failure.Conflict("no_closing_state", "Le cycle de vie de ce contrat n'a pas d'état de clôture possible sans version : la demande ne peut pas être close à sa création.");
        }

        // The answer was given during the call: dated at its end, capped at the moment of entry.
        var answeredAt = Instant.Min(receivedAt + Duration.FromMinutes(request.Minutes!.Value), enteredAt);
        events.Add(new() { At = answeredAt, Kind = EventKind.TimeEntry, Minutes = request.Minutes, AuthorId = enteredBy, Text = $"Appel ({label}) : réponse apportée directement.", Visibility = Visibility.Internal });
        if (answer is not null)
        {
            events.Add(new() { At = answeredAt, Kind = EventKind.Message, Value = TicketClocks.StaffMark, AuthorId = enteredBy, Text = answer, Visibility = Visibility.Public });
        }

        events.Add(new() { At = answeredAt, Kind = EventKind.Milestone, Value = "answered", AuthorId = enteredBy, Visibility = Visibility.Public });
        events.Add(new() { At = answeredAt, Kind = EventKind.StateChanged, Value = closed.Id, PreviousValue = workflow.Initial.Id, AuthorId = enteredBy, Visibility = Visibility.Public, Text = "Réponse apportée directement." });
        return events;
    }

    /// <summary>
    /// The state a request answered on the spot is closed in: a terminal state needing no version, the client's
    /// closing first (the caller agreed during the call), else the first such state of the workflow.
    /// </summary>
    public static WorkflowState? ClosingState(Workflow workflow)
    {
        var terminal = workflow.States.Where(s => s.Terminal && !s.RequiresVersion).ToList();
        return terminal.FirstOrDefault(s => s.Actor == Actor.Client) ?? terminal.FirstOrDefault();
    }
}
