using Guichet.Domain.Tickets;

namespace Guichet.Features.Tickets;

/// <summary>
/// What the client and the provider do on an existing ticket: one use case each, called alike by the API
/// (<see cref="TicketEndpoints"/>) and the ticket page. Each loads the ticket the caller may see, checks the role and
/// the workflow, and commits its events through <see cref="TicketHandlers.CommitAsync"/>.
/// </summary>
internal static class TicketActions
{
    public sealed record ReplyRequest(string? Action, string? Text, int? Version);

    /// <summary>A reply to the client or an internal note; <paramref name="State"/>, when given, moves the ticket in the same commit.</summary>
    public sealed record MessageRequest(string? Text, bool Internal, int? Version, string? State = null);

    /// <summary>Taking a ticket in charge: the milestone, the caller as owner and the handling state, in one commit.</summary>
    public sealed record TakeRequest(int? Version);

    /// <summary>A question to the client, and the ticket moved to the state that waits for the client's answer.</summary>
    public sealed record AskInformationRequest(string? Text, int? Version);

    /// <summary>
    /// What taking <paramref name="ticket"/> in charge would change for the staff member <paramref name="me"/>: the
    /// milestone (unless recorded), the owner (unless already them), the state (the workflow's handling state, when the
    /// provider may move it there and it is not there yet). Nothing to do when all three are done.
    /// </summary>
    public sealed record TakePlan(bool Milestone, bool Owner, WorkflowState? To)
    {
        public bool IsEmpty => !Milestone && !Owner && To is null;

        public static TakePlan Of(Workflow workflow, Ticket ticket, Guid me)
        {
            if (ticket.IsClosed)
            {
                return new(false, false, null);
            }

            var to = workflow.HandlingStateFrom(ticket.State);
            var move = to is not null && to.Id != ticket.State
                && workflow.TryTransition(ticket.State, to.Id, Actor.Provider, hasVersion: ticket.IntegrationVersionId is not null).Allowed;
            return new(
                !ticket.Events.Any(e => e.Kind == EventKind.Milestone && e.Value == TakenInCharge),
                ticket.OwnerId != me,
                move ? to : null);
        }
    }

    public const string TakenInCharge = "taken-in-charge";

    public sealed record StateRequest(string? State, Guid? IntegrationVersionId, string? Comment, int? Version);

    public sealed record PriorityRequest(string? Priority, string? Reason, string? NotificationChannel, int? Version);

    public sealed record QualificationRequest(string? Nature, int? Version);

    public sealed record AssignmentRequest(Guid? OwnerId, Guid? ResponsibleId, int? Version);

    public sealed record TimeEntryRequest(int? Minutes, string? Note, bool OutOfScope, int? Version);

    public sealed record MilestoneRequest(string? Milestone, int? Version);

    private const int MaxText = TicketHandlers.MaxText;
    private const int MaxNote = 2000;

    private static readonly string[] Milestones = [TakenInCharge, "workaround-provided", "corrective-plan-provided", "resolved", "validated", "answered"];

    public static Task<Outcome<TicketChanged>> ReplyAsync(long number, ReplyRequest request, Caller caller, TicketHandlers handlers, CancellationToken ct) =>
        handlers.OnTicketAsync<TicketChanged>(caller, number, async loaded =>
        {
            if (!caller.IsClient)
            {
                return Failure.Forbidden("client_only", "Les actions de réponse sont celles du client ; l'équipe répond par un message.");
            }

            ClientAction? action = request.Action switch
            {
                "reply" => ClientAction.Reply,
                "reply-and-chase" => ClientAction.ReplyAndChase,
                "reply-and-close" => ClientAction.ReplyAndClose,
                _ => null,
            };
            if (action is null)
            {
                return Failure.Invalid("action", "Valeurs possibles : reply, reply-and-chase, reply-and-close.");
            }

            if (!Read(request.Text, MaxText, required: true, "La réponse", "text").TryGet(out var text, out var invalid))
            {
                return invalid;
            }

            var move = loaded.Workflow.TryClientAction(loaded.Ticket.State, action.Value);
            if (!move.Allowed)
            {
                return Failure.Conflict("transition_not_allowed", move.Reason!);
            }

            var now = handlers.Now;
            var events = new List<TicketTraceEntry>
            {
                new() { At = now, Kind = EventKind.Message, Value = TicketClocks.ClientMark, AuthorId = caller.Id, Text = text, Visibility = Visibility.Public },
                new() { At = now, Kind = EventKind.StateChanged, Value = move.To, PreviousValue = loaded.Ticket.State, AuthorId = caller.Id, Visibility = Visibility.Public },
            };
            if (action == ClientAction.ReplyAndClose)
            {
                events.Add(new() { At = now, Kind = EventKind.Milestone, Value = "validated", AuthorId = caller.Id, Visibility = Visibility.Public });
            }

            return await CommitAsync(handlers, loaded, request.Version, events, ct);
        }, ct);

    public static Task<Outcome<TicketChanged>> MessageAsync(long number, MessageRequest request, Caller caller, TicketHandlers handlers, CancellationToken ct) =>
        handlers.OnTicketAsync<TicketChanged>(caller, number, async loaded =>
        {
            if (!caller.IsStaff)
            {
                return Failure.Forbidden("staff_only", "Le client répond avec les actions de réponse.");
            }

            if (!Read(request.Text, MaxText, required: true, "Le message", "text").TryGet(out var text, out var invalid))
            {
                return invalid;
            }

            var ticket = loaded.Ticket;
            var now = handlers.Now;
            var events = new List<TicketTraceEntry>
            {
                new() { At = now, Kind = EventKind.Message, Value = TicketClocks.StaffMark, AuthorId = caller.Id, Text = text, Visibility = request.Internal ? Visibility.Internal : Visibility.Public },
            };

            // "Puis passer à l'état": the move is checked as a state change is, and lands with the message or not at all.
            if (!string.IsNullOrWhiteSpace(request.State) && request.State != ticket.State)
            {
                var move = loaded.Workflow.TryTransition(ticket.State, request.State, Actor.Provider, hasVersion: ticket.IntegrationVersionId is not null);
                if (!move.Allowed)
                {
                    return Failure.Conflict("transition_not_allowed", move.Reason!);
                }

                events.Add(new() { At = now, Kind = EventKind.StateChanged, Value = move.To, PreviousValue = ticket.State, AuthorId = caller.Id, Visibility = Visibility.Public });
            }

            return await CommitAsync(handlers, loaded, request.Version, events, ct);
        }, ct);

    /// <summary>
    /// "Prendre en charge": records the take-in-charge milestone, makes the caller the owner and moves the ticket to the
    /// workflow's handling state when the provider may (<see cref="TakePlan"/>), in one commit and one version check.
    /// </summary>
    public static Task<Outcome<TicketChanged>> TakeAsync(long number, TakeRequest request, Caller caller, TicketHandlers handlers, GuichetDbContext db, CancellationToken ct) =>
        handlers.OnTicketAsync<TicketChanged>(caller, number, async loaded =>
        {
            if (TechnicalStaffOnly(caller, "La prise en charge est faite") is { } forbidden)
            {
                return forbidden;
            }

            var ticket = loaded.Ticket;
            if (ticket.IsClosed)
            {
                return Closed;
            }

            var plan = TakePlan.Of(loaded.Workflow, ticket, caller.Id);
            if (plan.IsEmpty)
            {
                return Failure.Conflict("already_taken_in_charge", "Vous avez déjà pris cette demande en charge.");
            }

            if (plan.Owner && !await StaffServesAsync(db, caller.Id, ticket, ct))
            {
                return Failure.Forbidden("not_in_team", "Vous ne faites pas partie de l'équipe qui sert cette organisation : demandez à être affecté.");
            }

            var now = handlers.Now;
            var events = new List<TicketTraceEntry>();
            if (plan.Milestone)
            {
                events.Add(new() { At = now, Kind = EventKind.Milestone, Value = TakenInCharge, AuthorId = caller.Id, Visibility = Visibility.Public });
            }

            if (plan.Owner)
            {
                events.Add(new() { At = now, Kind = EventKind.Assigned, Value = $"owner={caller.Id};responsible={ticket.ResponsibleId?.ToString() ?? ""}", AuthorId = caller.Id, Visibility = Visibility.Public });
            }

            if (plan.To is { } to)
            {
                events.Add(new() { At = now, Kind = EventKind.StateChanged, Value = to.Id, PreviousValue = ticket.State, AuthorId = caller.Id, Visibility = Visibility.Public });
            }

            return await CommitAsync(handlers, loaded, request.Version, events, ct, t =>
            {
                if (plan.Owner)
                {
                    t.OwnerId = caller.Id;
                }
            });
        }, ct);

    /// <summary>
    /// "Demander une information": a message to the client and the ticket moved to the state that waits for the
    /// client's answer (<see cref="Workflow.WaitingForClientFrom"/>, whatever the workflow calls it), in one commit.
    /// </summary>
    public static Task<Outcome<TicketChanged>> AskInformationAsync(long number, AskInformationRequest request, Caller caller, TicketHandlers handlers, CancellationToken ct) =>
        handlers.OnTicketAsync<TicketChanged>(caller, number, async loaded =>
        {
            if (!caller.IsStaff)
            {
                return Failure.Forbidden("staff_only", "Le client répond avec les actions de réponse.");
            }

            var ticket = loaded.Ticket;
            if (ticket.IsClosed)
            {
                return Closed;
            }

            if (!Read(request.Text, MaxText, required: true, "La question posée au client", "text").TryGet(out var text, out var invalid))
            {
                return invalid;
            }

            if (loaded.Workflow.WaitingForClientFrom(ticket.State) is not { } waiting)
            {
                return Failure.Conflict("no_waiting_state", "Le circuit de cette demande n'a pas d'état d'attente du client accessible depuis son état actuel : répondez sans changer l'état.");
            }

            var now = handlers.Now;
            var events = new List<TicketTraceEntry>
            {
                new() { At = now, Kind = EventKind.Message, Value = TicketClocks.StaffMark, AuthorId = caller.Id, Text = text, Visibility = Visibility.Public },
            };
            if (waiting.Id != ticket.State)
            {
                events.Add(new() { At = now, Kind = EventKind.StateChanged, Value = waiting.Id, PreviousValue = ticket.State, AuthorId = caller.Id, Visibility = Visibility.Public });
            }

            return await CommitAsync(handlers, loaded, request.Version, events, ct);
        }, ct);

    public static Task<Outcome<TicketChanged>> StateAsync(long number, StateRequest request, Caller caller, TicketHandlers handlers, GuichetDbContext db, CancellationToken ct) =>
        handlers.OnTicketAsync<TicketChanged>(caller, number, async loaded =>
        {
            if (!caller.IsStaff)
            {
                return Failure.Forbidden("staff_only", "Le client change l'état par ses actions de réponse.");
            }

            if (string.IsNullOrWhiteSpace(request.State))
            {
                return Failure.Invalid("state", "L'état visé est requis.");
            }

            if (!Read(request.Comment, MaxNote, required: false, "Le commentaire", "comment").TryGet(out var comment, out var invalid))
            {
                return invalid;
            }

            var ticket = loaded.Ticket;
            if (request.IntegrationVersionId is { } versionId && !await db.ProductVersions.AnyAsync(v => v.Id == versionId && v.ProductId == ticket.ProductId, ct))
            {
                return Failure.Invalid("integrationVersionId", "Cette version n'appartient pas au produit du ticket.");
            }

            var move = loaded.Workflow.TryTransition(ticket.State, request.State, Actor.Provider, hasVersion: (request.IntegrationVersionId ?? ticket.IntegrationVersionId) is not null);
            if (!move.Allowed)
            {
                return Failure.Conflict("transition_not_allowed", move.Reason!);
            }

            var e = new TicketTraceEntry { At = handlers.Now, Kind = EventKind.StateChanged, Value = move.To, PreviousValue = ticket.State, AuthorId = caller.Id, Text = comment, Visibility = Visibility.Public };
            return await CommitAsync(handlers, loaded, request.Version, [e], ct, t =>
            {
                if (request.IntegrationVersionId is { } v)
                {
                    t.IntegrationVersionId = v;
                }
            });
        }, ct);

    public static Task<Outcome<TicketChanged>> PriorityAsync(long number, PriorityRequest request, Caller caller, TicketHandlers handlers, CancellationToken ct) =>
        handlers.OnTicketAsync<TicketChanged>(caller, number, async loaded =>
        {
            if (TechnicalStaffOnly(caller, "La requalification est faite") is { } forbidden)
            {
                return forbidden;
            }

            var scheme = loaded.Preset.Policy.Scheme;
            if (!scheme.TryGet(request.Priority, out var level))
            {
                return Failure.Invalid("priority", $"Priorité inconnue ; valeurs possibles : {string.Join(", ", scheme.Levels.Select(l => l.Id))}.");
            }

            var ticket = loaded.Ticket;
            if (ticket.IsClosed)
            {
                return Closed;
            }

            if (level.Id == ticket.Priority)
            {
                return Failure.Conflict("priority_unchanged", "Le ticket a déjà cette priorité.");
            }

            if (!Read(request.Reason, MaxNote, required: true, "Le motif de la requalification", "reason").TryGet(out var reason, out var invalid))
            {
                return invalid;
            }

            var now = handlers.Now;
            var events = new List<TicketTraceEntry>
            {
                new() { At = now, Kind = EventKind.PriorityChanged, Value = level.Id, PreviousValue = ticket.Priority, AuthorId = caller.Id, Text = reason, Visibility = Visibility.Public },
            };

            // LS 2.3: lowering a Niveau 0 goes with a phone call or a written notification to the client, with the reason.
            if (scheme.RequiresNotification(ticket.Priority, level.Id))
            {
                var channel = request.NotificationChannel ?? "ecrit";
                if (channel is not ("ecrit" or "telephone"))
                {
                    return Failure.Invalid("notificationChannel", "Valeurs possibles : ecrit, telephone.");
                }

                events.Add(new() { At = now, Kind = EventKind.ClientNotified, Value = channel, AuthorId = caller.Id, Text = reason, Visibility = Visibility.Public });
            }

            return await CommitAsync(handlers, loaded, request.Version, events, ct);
        }, ct);

    public static Task<Outcome<TicketChanged>> QualifyAsync(long number, QualificationRequest request, Caller caller, TicketHandlers handlers, CancellationToken ct) =>
        handlers.OnTicketAsync<TicketChanged>(caller, number, async loaded =>
        {
            if (TechnicalStaffOnly(caller, "La qualification est faite") is { } forbidden)
            {
                return forbidden;
            }

            if (request.Nature is not ("anomalie" or "dysfonctionnement"))
            {
                return Failure.Invalid("nature", "Valeurs possibles : anomalie, dysfonctionnement.");
            }

            var e = new TicketTraceEntry { At = handlers.Now, Kind = EventKind.Qualified, Value = request.Nature, PreviousValue = loaded.Ticket.Nature, AuthorId = caller.Id, Visibility = Visibility.Public };
            return await CommitAsync(handlers, loaded, request.Version, [e], ct);
        }, ct);

    public static Task<Outcome<TicketChanged>> AssignAsync(long number, AssignmentRequest request, Caller caller, TicketHandlers handlers, GuichetDbContext db, CancellationToken ct) =>
        handlers.OnTicketAsync<TicketChanged>(caller, number, async loaded =>
        {
            if (TechnicalStaffOnly(caller, "L'affectation est faite") is { } forbidden)
            {
                return forbidden;
            }

            if (request.OwnerId is null && request.ResponsibleId is null)
            {
                return Failure.Invalid("ownerId", "Indiquez un propriétaire ou un responsable.");
            }

            var ticket = loaded.Ticket;
            foreach (var (field, id) in new[] { ("ownerId", request.OwnerId), ("responsibleId", request.ResponsibleId) })
            {
                if (id is { } staffId && !await StaffServesAsync(db, staffId, ticket, ct))
                {
                    return Failure.Invalid(field, "Cette personne ne fait pas partie de l'équipe qui sert cette organisation.");
                }
            }

            var e = new TicketTraceEntry
            {
                At = handlers.Now,
                Kind = EventKind.Assigned,
                Value = $"owner={request.OwnerId?.ToString() ?? ticket.OwnerId?.ToString() ?? ""};responsible={request.ResponsibleId?.ToString() ?? ticket.ResponsibleId?.ToString() ?? ""}",
                AuthorId = caller.Id,
                Visibility = Visibility.Public,
            };
            return await CommitAsync(handlers, loaded, request.Version, [e], ct, t =>
            {
                t.OwnerId = request.OwnerId ?? t.OwnerId;
                t.ResponsibleId = request.ResponsibleId ?? t.ResponsibleId;
            });
        }, ct);

    public static Task<Outcome<TicketChanged>> TimeEntryAsync(long number, TimeEntryRequest request, Caller caller, TicketHandlers handlers, CancellationToken ct) =>
        handlers.OnTicketAsync<TicketChanged>(caller, number, async loaded =>
        {
            if (TechnicalStaffOnly(caller, "Les temps passés sont saisis") is { } forbidden)
            {
                return forbidden;
            }

            if (request.Minutes is not (> 0 and <= 24 * 60))
            {
                return Failure.Invalid("minutes", "Entre 1 et 1440 minutes.");
            }

            if (!Read(request.Note, MaxNote, required: false, "La note", "note").TryGet(out var note, out var invalid))
            {
                return invalid;
            }

            var e = new TicketTraceEntry { At = handlers.Now, Kind = EventKind.TimeEntry, Minutes = request.Minutes, OutOfScope = request.OutOfScope, AuthorId = caller.Id, Text = note, Visibility = Visibility.Internal };
            return await CommitAsync(handlers, loaded, request.Version, [e], ct);
        }, ct);

    public static Task<Outcome<TicketChanged>> MilestoneAsync(long number, MilestoneRequest request, Caller caller, TicketHandlers handlers, CancellationToken ct) =>
        handlers.OnTicketAsync<TicketChanged>(caller, number, async loaded =>
        {
            if (TechnicalStaffOnly(caller, "Ces jalons sont déclarés") is { } forbidden)
            {
                return forbidden;
            }

            if (request.Milestone is null || !Milestones.Contains(request.Milestone) || request.Milestone == "validated")
            {
                return Failure.Invalid("milestone", $"Valeurs possibles : {string.Join(", ", Milestones.Where(m => m != "validated"))}.");
            }

            if (loaded.Ticket.IsClosed)
            {
                return Closed;
            }

            var e = new TicketTraceEntry { At = handlers.Now, Kind = EventKind.Milestone, Value = request.Milestone, AuthorId = caller.Id, Visibility = Visibility.Public };
            return await CommitAsync(handlers, loaded, request.Version, [e], ct);
        }, ct);

    private static Failure Closed => Failure.Conflict("ticket_closed", "Le ticket est clos.");

    /// <summary>Refuses anyone but the provider's technical staff; <paramref name="what"/> starts the French sentence ("La qualification est faite").</summary>
    private static Failure? TechnicalStaffOnly(Caller caller, string what) =>
        caller.IsTechnicalStaff
            ? null
            : Failure.Forbidden(caller.IsStaff ? "role_required" : "staff_only", $"{what} par le prestataire (agent, responsable de pôle ou administrateur).");

    /// <summary>A free text field, checked by <see cref="TextInput.Read"/>; the failure names <paramref name="field"/>.</summary>
    private static Outcome<string?> Read(string? value, int max, bool required, string label, string field)
    {
        var (text, error) = TextInput.Read(value, max, required, label);
        return error is null ? text : Failure.Invalid(field, error);
    }

    private static async Task<Outcome<TicketChanged>> CommitAsync(TicketHandlers handlers, TicketHandlers.Loaded loaded, int? version, IEnumerable<TicketTraceEntry> events, CancellationToken ct, Action<Ticket>? alsoChange = null) =>
        (await handlers.CommitAsync(loaded, version, events, ct, alsoChange)).Map(_ => TicketChanged.Of(loaded.Ticket));

    private static async Task<bool> StaffServesAsync(GuichetDbContext db, Guid staffId, Ticket ticket, CancellationToken ct)
    {
        var staff = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == staffId && u.Kind == UserKind.Staff, ct);
        if (staff is null || AccountStatus.IsDeactivated(staff))
        {
            return false;
        }

        if (staff.Roles.HasFlag(StaffRoles.Admin))
        {
            return true;
        }

        var servesOrg = await db.StaffOrganisations.AnyAsync(s => s.UserId == staffId && s.OrganisationId == ticket.OrganisationId, ct);
        var queues = await db.StaffQueues.Where(s => s.UserId == staffId).Select(s => s.QueueId).ToListAsync(ct);
        return servesOrg && (queues.Count == 0 || queues.Contains(ticket.QueueId));
    }
}
