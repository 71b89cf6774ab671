using Guichet.Data;
using Guichet.Domain.Sla;
using Guichet.Domain.Tickets;
using Guichet.Features.Accounts;
using Guichet.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Guichet.Features.Tickets;

/// <summary>The ticket endpoints under <c>/api/v1/tickets</c>.</summary>
internal static class TicketsApi
{
    public const int MaxPageSize = 100;

    public sealed record ReplyRequest(string? Action, string? Text, int? Version);

    public sealed record MessageRequest(string? Text, bool Internal, int? Version);

    public sealed record StateRequest(string? State, Guid? IntegrationVersionId, string? Comment, int? Version);

    public sealed record PriorityRequest(string? Priority, string? Reason, string? NotificationChannel, int? Version);

    public sealed record QualificationRequest(string? Nature, int? Version);

    public sealed record AssignmentRequest(Guid? OwnerId, Guid? ResponsibleId, int? Version);

    public sealed record TimeEntryRequest(int? Minutes, string? Note, bool OutOfScope, int? Version);

    public sealed record MilestoneRequest(string? Milestone, int? Version);

    private static readonly string[] Milestones = ["taken-in-charge", "workaround-provided", "corrective-plan-provided", "resolved", "validated", "answered"];

    public static void Map(RouteGroupBuilder api)
    {
        var tickets = api.MapGroup("/tickets");
        tickets.MapGet("/", ListAsync);
        tickets.MapPost("/", CreateAsync);
        tickets.MapGet("/{number:long}", GetAsync);
        tickets.MapGet("/{number:long}/events", EventsAsync);
        tickets.MapPost("/{number:long}/replies", ReplyAsync);
        tickets.MapPost("/{number:long}/messages", MessageAsync);
        tickets.MapPost("/{number:long}/state", StateAsync);
        tickets.MapPost("/{number:long}/priority", PriorityAsync);
        tickets.MapPost("/{number:long}/qualification", QualifyAsync);
        tickets.MapPost("/{number:long}/assignment", AssignAsync);
        tickets.MapPost("/{number:long}/time-entries", TimeEntryAsync);
        tickets.MapPost("/{number:long}/milestones", MilestoneAsync);
    }

    private static async Task<IResult> ListAsync(
        Caller caller,
        GuichetDbContext db,
        [FromQuery] string? scope,
        [FromQuery] string? status,
        [FromQuery] string? sort,
        [FromQuery] string? q,
        [FromQuery] Guid? organisationId,
        [FromQuery] Guid? queueId,
        [FromQuery] Guid? productId,
        [FromQuery] string? state,
        [FromQuery] string? priority,
        [FromQuery] Guid? ownerId,
        [FromQuery] int? page,
        [FromQuery] int? pageSize,
        CancellationToken ct)
    {
        var (list, errors) = await QueryListAsync(caller, db, new ListFilter(scope, status, sort, q, organisationId, queueId, productId, state, priority, ownerId, page, pageSize), ct);
        if (list is null)
        {
            return Problems.Validation(errors);
        }

        return Results.Ok(new
        {
            page = list.Page,
            pageSize = list.PageSize,
            total = list.Total,
            totalIsExact = list.TotalIsExact,
            items = list.Items.Select(t => new
            {
                number = t.Id,
                reference = Ticket.FormatReference(t.Id),
                t.Subject,
                t.State,
                t.Priority,
                t.QueueId,
                t.ProductId,
                t.VersionId,
                t.IntegrationVersionId,
                t.OrganisationId,
                t.OwnerId,
                t.IsClosed,
                createdAt = t.CreatedAt.ToString(),
                updatedAt = t.UpdatedAt.ToString(),
                nextDueAt = t.NextDueAt?.ToString(),
                t.Version,
            }),
        });
    }

    /// <summary>Filters of a ticket list, as the query string gives them (API and pages).</summary>
    public sealed record ListFilter(
        string? Scope = null, string? Status = null, string? Sort = null, string? Q = null, Guid? OrganisationId = null, Guid? QueueId = null,
        Guid? ProductId = null, string? State = null, string? Priority = null, Guid? OwnerId = null, int? Page = null, int? PageSize = null);

    /// <summary>One page of a ticket list.</summary>
    public sealed record ListPage(int Page, int PageSize, int Total, bool TotalIsExact, IReadOnlyList<ListRow> Items);

    /// <summary>The tickets the caller may see, filtered, sorted and paged; null with the errors for bad filters.</summary>
    public static async Task<(ListPage? List, Dictionary<string, string[]> Errors)> QueryListAsync(Caller caller, GuichetDbContext db, ListFilter filter, CancellationToken ct)
    {
        var (scope, status, sort, q, organisationId, queueId, productId, state, priority, ownerId, page, pageSize) = filter;
        var errors = new Dictionary<string, string[]>();
        foreach (var (name, value) in new[] { ("q", q), ("state", state), ("priority", priority) })
        {
            if (value is not null && (value.Length > 200 || value.Any(char.IsControl)))
            {
                errors[name] = ["Valeur invalide (200 caractères imprimables au plus)."];
            }
        }

        var tickets = caller.VisibleTickets(db).AsNoTracking();
        switch (scope ?? "organisation")
        {
            case "organisation":
                break;
            case "mine":
                tickets = caller.IsClient ? tickets.Where(t => t.AuthorId == caller.Id) : tickets.Where(t => t.OwnerId == caller.Id);
                break;
            default:
                errors["scope"] = ["Valeurs possibles : mine, organisation."];
                break;
        }

        // Compared with a parameter ("IsClosed = @closed") so that databases use the indexes that start with it.
        var closed = status == "closed";
        switch (status ?? "open")
        {
            case "open":
            case "closed":
                tickets = tickets.Where(t => t.IsClosed == closed);
                break;
            case "all":
                break;
            default:
                errors["status"] = ["Valeurs possibles : open, closed, all."];
                break;
        }

        if (q is { Length: > 0 } && !errors.ContainsKey("q"))
        {
            var pattern = "%" + q.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            tickets = tickets.Where(t => EF.Functions.Like(t.Subject, pattern, "\\"));
        }

        if (organisationId is { } org)
        {
            tickets = tickets.Where(t => t.OrganisationId == org);
        }

        if (queueId is { } queue)
        {
            tickets = tickets.Where(t => t.QueueId == queue);
        }

        if (productId is { } product)
        {
            tickets = tickets.Where(t => t.ProductId == product);
        }

        if (state is { Length: > 0 })
        {
            tickets = tickets.Where(t => t.State == state);
        }

        if (priority is { Length: > 0 })
        {
            tickets = tickets.Where(t => t.Priority == priority);
        }

        if (ownerId is { } owner)
        {
            tickets = tickets.Where(t => t.OwnerId == owner);
        }

        var size = pageSize ?? 25;
        var number = page ?? 1;
        if (size is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"Entre 1 et {MaxPageSize}."];
        }

        if (number is < 1 or > 100_000)
        {
            errors["page"] = ["Entre 1 et 100000."];
        }

        var order = sort ?? (caller.IsStaff ? "urgency" : "updated");
        if (order is not ("urgency" or "updated" or "created" or "number"))
        {
            errors["sort"] = ["Valeurs possibles : urgency, updated, created, number."];
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        // Totals are exact up to CountLimit; beyond, the list says "more than" rather than count a million rows.
        var counted = await tickets.Take(CountLimit + 1).CountAsync(ct);
        var skip = (number - 1) * size;
        List<ListRow> items;
        if (order == "urgency")
        {
            // Tickets with a due first, soonest first, then the others by number: two index-ordered reads instead of
            // one sort on an expression (databases disagree on where NULLs go, and cannot index "IS NULL" first).
            var withDue = tickets.Where(t => t.NextDueAt != null);
            var dueCount = await withDue.Take(skip + size).CountAsync(ct);
            items = await Page(withDue.OrderBy(t => t.NextDueAt).ThenBy(t => t.Id), skip, size, ct);
            if (items.Count < size)
            {
                var rest = tickets.Where(t => t.NextDueAt == null).OrderBy(t => t.Id);
                items.AddRange(await Page(rest, Math.Max(0, skip - dueCount), size - items.Count, ct));
            }
        }
        else
        {
            items = await Page(order switch
            {
                "updated" => tickets.OrderByDescending(t => t.UpdatedAt).ThenByDescending(t => t.Id),
                "created" => tickets.OrderByDescending(t => t.Id),
                _ => tickets.OrderBy(t => t.Id),
            }, skip, size, ct);
        }

        return (new ListPage(number, size, Math.Min(counted, CountLimit), counted <= CountLimit, items), errors);
    }

    /// <summary>Exact totals are counted up to this many tickets.</summary>
    public const int CountLimit = 1_000;

    public sealed record ListRow(
        long Id, string Subject, string State, string Priority, Guid QueueId, Guid ProductId, Guid? VersionId, Guid? IntegrationVersionId,
        Guid OrganisationId, Guid? OwnerId, bool IsClosed, NodaTime.Instant CreatedAt, NodaTime.Instant UpdatedAt, NodaTime.Instant? NextDueAt, int Version, Guid ContractId);

    private static Task<List<ListRow>> Page(IQueryable<Ticket> ordered, int skip, int take, CancellationToken ct) =>
        ordered.Skip(skip).Take(take)
            .Select(t => new ListRow(t.Id, t.Subject, t.State, t.Priority, t.QueueId, t.ProductId, t.VersionId, t.IntegrationVersionId, t.OrganisationId, t.OwnerId, t.IsClosed, t.CreatedAt, t.UpdatedAt, t.NextDueAt, t.Version, t.ContractId))
            .ToListAsync(ct);

    private static async Task<IResult> CreateAsync(TicketHandlers.CreateTicket request, Caller caller, TicketHandlers handlers, CancellationToken ct)
    {
        var (ticket, problem) = await handlers.CreateAsync(caller, request, ct);
        return problem ?? Results.Created($"/api/v1/tickets/{ticket!.Id}", new { number = ticket.Id, reference = ticket.Reference, ticket.Version, ticket.State, ticket.Priority, ticket.OutOfScopeReason });
    }

    private static async Task<IResult> GetAsync(long number, Caller caller, TicketHandlers handlers, GuichetDbContext db, CancellationToken ct)
    {
        var loaded = await handlers.LoadAsync(caller, number, ct);
        if (loaded is null)
        {
            return Problems.NotFound("ticket");
        }

        var t = loaded.Ticket;
        var evaluation = TicketClocks.Evaluate(t, t.Events, loaded.Preset, loaded.Territory, handlers.Now, explain: caller.IsStaff);
        var attachments = await db.Attachments.AsNoTracking().Where(a => a.TicketId == t.Id).OrderBy(a => a.CreatedAt).ToListAsync(ct);
        return Results.Ok(new
        {
            number = t.Id,
            reference = t.Reference,
            t.Subject,
            t.Body,
            t.State,
            stateLabel = loaded.Workflow.TryGetState(t.State, out var s) ? s.Label : t.State,
            t.IsClosed,
            t.Priority,
            t.ClientPriority,
            t.Nature,
            t.ServiceType,
            outOfScope = t.OutOfScopeReason is not null,
            t.OutOfScopeReason,
            t.OrganisationId,
            t.ContractId,
            preset = loaded.Preset.Id,
            t.QueueId,
            t.ProductId,
            t.VersionId,
            t.IntegrationVersionId,
            t.AuthorId,
            t.OwnerId,
            t.ResponsibleId,
            createdAt = t.CreatedAt.ToString(),
            updatedAt = t.UpdatedAt.ToString(),
            t.Version,
            allowedStates = caller.IsStaff ? loaded.Workflow.AllowedTargets(t.State, Actor.Provider).Select(x => new { x.Id, x.Label }) : null,
            clocks = evaluation.Clocks.Select(c => new
            {
                c.Id,
                c.Name,
                status = c.Status.ToId(),
                due = c.Due?.ToString(),
                remainingMinutes = c.Remaining is { } r ? (long?)Math.Floor(r.TotalMinutes) : null,
                elapsedMinutes = (long)Math.Floor(c.Elapsed.TotalMinutes),
                target = c.Target?.Describe(),
                c.Priority,
                c.OnCall,
                segments = caller.IsStaff ? c.Segments.Select(i => new { start = i.Start.ToString(), end = i.End.ToString() }) : null,
            }),
            attachments = attachments.Where(a => caller.MaySee(a.Visibility)).Select(a => new { a.Id, a.FileName, a.ContentType, a.Size }),
        });
    }

    private static async Task<IResult> EventsAsync(long number, Caller caller, TicketHandlers handlers, CancellationToken ct)
    {
        var loaded = await handlers.LoadAsync(caller, number, ct);
        if (loaded is null)
        {
            return Problems.NotFound("ticket");
        }

        return Results.Ok(TicketClocks.InOrder(loaded.Ticket.Events)
            .Where(e => caller.MaySee(e.Visibility))
            .Select(e => new
            {
                e.Id,
                at = e.At.ToString(),
                kind = e.Kind.ToString(),
                e.Value,
                e.PreviousValue,
                e.AuthorId,
                e.Text,
                visibility = e.Visibility.ToString().ToLowerInvariant(),
                e.Minutes,
                e.OutOfScope,
                e.AttachmentId,
            }));
    }

    internal static async Task<IResult> ReplyAsync(long number, ReplyRequest request, Caller caller, TicketHandlers handlers, CancellationToken ct)
    {
        var loaded = await handlers.LoadAsync(caller, number, ct);
        if (loaded is null)
        {
            return Problems.NotFound("ticket");
        }

        if (!caller.IsClient)
        {
            return Problems.Forbidden("client_only", "Les actions de réponse sont celles du client ; l'équipe répond par un message.");
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
            return Problems.Validation("action", "Valeurs possibles : reply, reply-and-chase, reply-and-close.");
        }

        var (text, textError) = TextInput.Read(request.Text, MaxTextLength, required: true, "La réponse");
        if (textError is not null)
        {
            return Problems.Validation("text", textError);
        }

        var move = loaded.Workflow.TryClientAction(loaded.Ticket.State, action.Value);
        if (!move.Allowed)
        {
            return Problems.Conflict("transition_not_allowed", move.Reason!);
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

        return await handlers.CommitAsync(loaded, request.Version, events, ct) ?? Ok(loaded);
    }

    private const int MaxTextLength = TicketHandlers.MaxText;
    private const int MaxNote = 2000;

    internal static async Task<IResult> MessageAsync(long number, MessageRequest request, Caller caller, TicketHandlers handlers, CancellationToken ct)
    {
        var loaded = await handlers.LoadAsync(caller, number, ct);
        if (loaded is null)
        {
            return Problems.NotFound("ticket");
        }

        if (!caller.IsStaff)
        {
            return Problems.Forbidden("staff_only", "Le client répond avec les actions de réponse.");
        }

        var (text, textError) = TextInput.Read(request.Text, MaxTextLength, required: true, "Le message");
        if (textError is not null)
        {
            return Problems.Validation("text", textError);
        }

        var e = new TicketTraceEntry { At = handlers.Now, Kind = EventKind.Message, Value = TicketClocks.StaffMark, AuthorId = caller.Id, Text = text, Visibility = request.Internal ? Visibility.Internal : Visibility.Public };
        return await handlers.CommitAsync(loaded, request.Version, [e], ct) ?? Ok(loaded);
    }

    internal static async Task<IResult> StateAsync(long number, StateRequest request, Caller caller, TicketHandlers handlers, GuichetDbContext db, CancellationToken ct)
    {
        var loaded = await handlers.LoadAsync(caller, number, ct);
        if (loaded is null)
        {
            return Problems.NotFound("ticket");
        }

        if (!caller.IsStaff)
        {
            return Problems.Forbidden("staff_only", "Le client change l'état par ses actions de réponse.");
        }

        if (string.IsNullOrWhiteSpace(request.State))
        {
            return Problems.Validation("state", "L'état visé est requis.");
        }

        var (comment, commentError) = TextInput.Read(request.Comment, MaxNote, required: false, "Le commentaire");
        if (commentError is not null)
        {
            return Problems.Validation("comment", commentError);
        }

        var ticket = loaded.Ticket;
        if (request.IntegrationVersionId is { } versionId && !await db.ProductVersions.AnyAsync(v => v.Id == versionId && v.ProductId == ticket.ProductId, ct))
        {
            return Problems.Validation("integrationVersionId", "Cette version n'appartient pas au produit du ticket.");
        }

        var move = loaded.Workflow.TryTransition(ticket.State, request.State, Actor.Provider, hasVersion: (request.IntegrationVersionId ?? ticket.IntegrationVersionId) is not null);
        if (!move.Allowed)
        {
            return Problems.Conflict("transition_not_allowed", move.Reason!);
        }

        var events = new List<TicketTraceEntry>
        {
            new() { At = handlers.Now, Kind = EventKind.StateChanged, Value = move.To, PreviousValue = ticket.State, AuthorId = caller.Id, Text = comment, Visibility = Visibility.Public },
        };
        return await handlers.CommitAsync(loaded, request.Version, events, ct, t =>
        {
            if (request.IntegrationVersionId is { } v)
            {
                t.IntegrationVersionId = v;
            }
        }) ?? Ok(loaded);
    }

    internal static async Task<IResult> PriorityAsync(long number, PriorityRequest request, Caller caller, TicketHandlers handlers, CancellationToken ct)
    {
        var loaded = await handlers.LoadAsync(caller, number, ct);
        if (loaded is null)
        {
            return Problems.NotFound("ticket");
        }

        if (!caller.IsTechnicalStaff)
        {
            return Problems.Forbidden(caller.IsStaff ? "role_required" : "staff_only", "La requalification est faite par le prestataire (agent, responsable de pôle ou administrateur).");
        }

        var scheme = loaded.Preset.Policy.Scheme;
        if (!scheme.TryGet(request.Priority, out var level))
        {
            return Problems.Validation("priority", $"Priorité inconnue ; valeurs possibles : {string.Join(", ", scheme.Levels.Select(l => l.Id))}.");
        }

        var ticket = loaded.Ticket;
        if (ticket.IsClosed)
        {
            return Problems.Conflict("ticket_closed", "Le ticket est clos.");
        }

        if (level.Id == ticket.Priority)
        {
            return Problems.Conflict("priority_unchanged", "Le ticket a déjà cette priorité.");
        }

        var (reason, reasonError) = TextInput.Read(request.Reason, MaxNote, required: true, "Le motif de la requalification");
        if (reasonError is not null)
        {
            return Problems.Validation("reason", reasonError);
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
                return Problems.Validation("notificationChannel", "Valeurs possibles : ecrit, telephone.");
            }

            events.Add(new() { At = now, Kind = EventKind.ClientNotified, Value = channel, AuthorId = caller.Id, Text = reason, Visibility = Visibility.Public });
        }

        return await handlers.CommitAsync(loaded, request.Version, events, ct) ?? Ok(loaded);
    }

    internal static async Task<IResult> QualifyAsync(long number, QualificationRequest request, Caller caller, TicketHandlers handlers, CancellationToken ct)
    {
        var loaded = await handlers.LoadAsync(caller, number, ct);
        if (loaded is null)
        {
            return Problems.NotFound("ticket");
        }

        if (!caller.IsTechnicalStaff)
        {
            return Problems.Forbidden(caller.IsStaff ? "role_required" : "staff_only", "La qualification est faite par le prestataire (agent, responsable de pôle ou administrateur).");
        }

        if (request.Nature is not ("anomalie" or "dysfonctionnement"))
        {
            return Problems.Validation("nature", "Valeurs possibles : anomalie, dysfonctionnement.");
        }

        var e = new TicketTraceEntry { At = handlers.Now, Kind = EventKind.Qualified, Value = request.Nature, PreviousValue = loaded.Ticket.Nature, AuthorId = caller.Id, Visibility = Visibility.Public };
        return await handlers.CommitAsync(loaded, request.Version, [e], ct) ?? Ok(loaded);
    }

    internal static async Task<IResult> AssignAsync(long number, AssignmentRequest request, Caller caller, TicketHandlers handlers, GuichetDbContext db, CancellationToken ct)
    {
        var loaded = await handlers.LoadAsync(caller, number, ct);
        if (loaded is null)
        {
            return Problems.NotFound("ticket");
        }

        if (!caller.IsTechnicalStaff)
        {
            return Problems.Forbidden(caller.IsStaff ? "role_required" : "staff_only", "L'affectation est faite par le prestataire (agent, responsable de pôle ou administrateur).");
        }

        if (request.OwnerId is null && request.ResponsibleId is null)
        {
            return Problems.Validation("ownerId", "Indiquez un propriétaire ou un responsable.");
        }

        var ticket = loaded.Ticket;
        foreach (var (field, id) in new[] { ("ownerId", request.OwnerId), ("responsibleId", request.ResponsibleId) })
        {
            if (id is { } staffId && !await StaffServesAsync(db, staffId, ticket, ct))
            {
                return Problems.Validation(field, "Cette personne ne fait pas partie de l'équipe qui sert cette organisation.");
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
        return await handlers.CommitAsync(loaded, request.Version, [e], ct, t =>
        {
            t.OwnerId = request.OwnerId ?? t.OwnerId;
            t.ResponsibleId = request.ResponsibleId ?? t.ResponsibleId;
        }) ?? Ok(loaded);
    }

    internal static async Task<IResult> TimeEntryAsync(long number, TimeEntryRequest request, Caller caller, TicketHandlers handlers, CancellationToken ct)
    {
        var loaded = await handlers.LoadAsync(caller, number, ct);
        if (loaded is null)
        {
            return Problems.NotFound("ticket");
        }

        if (!caller.IsTechnicalStaff)
        {
            return Problems.Forbidden(caller.IsStaff ? "role_required" : "staff_only", "Les temps passés sont saisis par le prestataire (agent, responsable de pôle ou administrateur).");
        }

        if (request.Minutes is not (> 0 and <= 24 * 60))
        {
            return Problems.Validation("minutes", "Entre 1 et 1440 minutes.");
        }

        var (note, noteError) = TextInput.Read(request.Note, MaxNote, required: false, "La note");
        if (noteError is not null)
        {
            return Problems.Validation("note", noteError);
        }

        var e = new TicketTraceEntry { At = handlers.Now, Kind = EventKind.TimeEntry, Minutes = request.Minutes, OutOfScope = request.OutOfScope, AuthorId = caller.Id, Text = note, Visibility = Visibility.Internal };
        return await handlers.CommitAsync(loaded, request.Version, [e], ct) ?? Ok(loaded);
    }

    internal static async Task<IResult> MilestoneAsync(long number, MilestoneRequest request, Caller caller, TicketHandlers handlers, CancellationToken ct)
    {
        var loaded = await handlers.LoadAsync(caller, number, ct);
        if (loaded is null)
        {
            return Problems.NotFound("ticket");
        }

        if (!caller.IsTechnicalStaff)
        {
            return Problems.Forbidden(caller.IsStaff ? "role_required" : "staff_only", "Ces jalons sont déclarés par le prestataire (agent, responsable de pôle ou administrateur).");
        }

        if (request.Milestone is null || !Milestones.Contains(request.Milestone) || request.Milestone == "validated")
        {
            return Problems.Validation("milestone", $"Valeurs possibles : {string.Join(", ", Milestones.Where(m => m != "validated"))}.");
        }

        if (loaded.Ticket.IsClosed)
        {
            return Problems.Conflict("ticket_closed", "Le ticket est clos.");
        }

        var e = new TicketTraceEntry { At = handlers.Now, Kind = EventKind.Milestone, Value = request.Milestone, AuthorId = caller.Id, Visibility = Visibility.Public };
        return await handlers.CommitAsync(loaded, request.Version, [e], ct) ?? Ok(loaded);
    }

    private static async Task<bool> StaffServesAsync(GuichetDbContext db, Guid staffId, Ticket ticket, CancellationToken ct)
    {
        var staff = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == staffId && u.Kind == UserKind.Staff, ct);
        if (staff is null || Accounts.AccountStatus.IsDeactivated(staff))
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

    private static IResult Ok(TicketHandlers.Loaded loaded) =>
        Results.Ok(new { number = loaded.Ticket.Id, loaded.Ticket.Version, loaded.Ticket.State, loaded.Ticket.Priority, loaded.Ticket.IsClosed });
}
