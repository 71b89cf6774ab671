using Microsoft.AspNetCore.Http.HttpResults;

namespace Guichet.Features.Tickets;

/// <summary>The ticket endpoints under <c>/api/v1/tickets</c>: each maps one use case's outcome to HTTP, nothing more.</summary>
internal static class TicketEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var tickets = api.MapGroup("/tickets");
        tickets.MapGet("/", ListAsync);
        tickets.MapPost("/", CreateAsync);
        tickets.MapPost("/on-behalf", async Task<Results<Created<TicketCreated>, ProblemHttpResult>> (RaiseOnBehalf.Request request, Caller caller, RaiseOnBehalf raise, CancellationToken ct) =>
            (await raise.RaiseAsync(caller, request, ct)).Map(TicketCreated.Of).ToCreated(t => $"/api/v1/tickets/{t.Number}"));
        tickets.MapGet("/{number:long}", async Task<Results<Ok<TicketDetail>, ProblemHttpResult>> (long number, Caller caller, TicketHandlers handlers, GuichetDbContext db, CancellationToken ct) =>
            (await TicketReads.DetailAsync(number, caller, handlers, db, ct)).ToOk());
        tickets.MapGet("/{number:long}/events", async Task<Results<Ok<TicketTraceView[]>, ProblemHttpResult>> (long number, Caller caller, TicketHandlers handlers, CancellationToken ct) =>
            (await TicketReads.TraceAsync(number, caller, handlers, ct)).ToOk());
        MapAction<TicketActions.ReplyRequest>(tickets, "replies", TicketActions.ReplyAsync);
        MapAction<TicketActions.MessageRequest>(tickets, "messages", TicketActions.MessageAsync);
        MapAction<TicketActions.StateRequest>(tickets, "state", TicketActions.StateAsync);
        MapAction<TicketActions.PriorityRequest>(tickets, "priority", TicketActions.PriorityAsync);
        MapAction<TicketActions.QualificationRequest>(tickets, "qualification", TicketActions.QualifyAsync);
        MapAction<TicketActions.AssignmentRequest>(tickets, "assignment", TicketActions.AssignAsync);
        MapAction<TicketActions.TimeEntryRequest>(tickets, "time-entries", TicketActions.TimeEntryAsync);
        MapAction<TicketActions.MilestoneRequest>(tickets, "milestones", TicketActions.MilestoneAsync);
        MapAction<TicketActions.TakeRequest>(tickets, "take", TicketActions.TakeAsync);
        MapAction<TicketActions.AskInformationRequest>(tickets, "ask-information", TicketActions.AskInformationAsync);
        MapAction<TicketCriteria.CriteriaRequest>(tickets, "criteria", TicketCriteria.RequalifyAsync);
        MapAction<TicketCriteria.AgreedDueRequest>(tickets, "agreed-due", TicketCriteria.AgreeDueAsync);
    }

    /// <summary>An action on a ticket that needs no database of its own (see the overload).</summary>
    private static void MapAction<TRequest>(RouteGroupBuilder tickets, string path, Func<long, TRequest, Caller, TicketHandlers, CancellationToken, Task<Outcome<TicketChanged>>> act)
        where TRequest : class =>
        MapAction<TRequest>(tickets, path, (number, request, caller, handlers, _, ct) => act(number, request, caller, handlers, ct));

    /// <summary>
    /// An action on a ticket: <c>POST /{number}/{path}</c> with the request as its body, answered with the changed ticket.
    /// The class constraint makes the body required (an empty body is a 400, as for a non-generic handler; without it the
    /// handler would receive null).
    /// </summary>
    private static void MapAction<TRequest>(RouteGroupBuilder tickets, string path, Func<long, TRequest, Caller, TicketHandlers, GuichetDbContext, CancellationToken, Task<Outcome<TicketChanged>>> act)
        where TRequest : class =>
        tickets.MapPost($"/{{number:long}}/{path}", async Task<Results<Ok<TicketChanged>, ProblemHttpResult>> (long number, TRequest request, Caller caller, TicketHandlers handlers, GuichetDbContext db, CancellationToken ct) =>
            (await act(number, request, caller, handlers, db, ct)).ToOk());

    private static async Task<Results<Ok<TicketPage>, ProblemHttpResult>> ListAsync(
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
        CancellationToken ct) =>
        (await TicketList.QueryAsync(caller, db, new TicketList.ListFilter(scope, status, sort, q, organisationId, queueId, productId, state, priority, ownerId, page, pageSize), ct))
            .Map(TicketPage.Of).ToOk();

    private static async Task<Results<Created<TicketCreated>, ProblemHttpResult>> CreateAsync(TicketHandlers.CreateTicket request, Caller caller, TicketHandlers handlers, CancellationToken ct) =>
        (await handlers.CreateAsync(caller, request, ct)).Map(TicketCreated.Of).ToCreated(t => $"/api/v1/tickets/{t.Number}");
}
