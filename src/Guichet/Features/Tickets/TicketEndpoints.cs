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
        tickets.MapGet("/{number:long}", async Task<Results<Ok<TicketDetail>, ProblemHttpResult>> (long number, Caller caller, TicketHandlers handlers, GuichetDbContext db, CancellationToken ct) =>
            (await TicketReads.DetailAsync(number, caller, handlers, db, ct)).ToOk());
        tickets.MapGet("/{number:long}/events", async Task<Results<Ok<TicketTraceView[]>, ProblemHttpResult>> (long number, Caller caller, TicketHandlers handlers, CancellationToken ct) =>
            (await TicketReads.TraceAsync(number, caller, handlers, ct)).ToOk());
        tickets.MapPost("/{number:long}/replies", async Task<Results<Ok<TicketChanged>, ProblemHttpResult>> (long number, TicketActions.ReplyRequest request, Caller caller, TicketHandlers handlers, CancellationToken ct) =>
            (await TicketActions.ReplyAsync(number, request, caller, handlers, ct)).ToOk());
        tickets.MapPost("/{number:long}/messages", async Task<Results<Ok<TicketChanged>, ProblemHttpResult>> (long number, TicketActions.MessageRequest request, Caller caller, TicketHandlers handlers, CancellationToken ct) =>
            (await TicketActions.MessageAsync(number, request, caller, handlers, ct)).ToOk());
        tickets.MapPost("/{number:long}/state", async Task<Results<Ok<TicketChanged>, ProblemHttpResult>> (long number, TicketActions.StateRequest request, Caller caller, TicketHandlers handlers, GuichetDbContext db, CancellationToken ct) =>
            (await TicketActions.StateAsync(number, request, caller, handlers, db, ct)).ToOk());
        tickets.MapPost("/{number:long}/priority", async Task<Results<Ok<TicketChanged>, ProblemHttpResult>> (long number, TicketActions.PriorityRequest request, Caller caller, TicketHandlers handlers, CancellationToken ct) =>
            (await TicketActions.PriorityAsync(number, request, caller, handlers, ct)).ToOk());
        tickets.MapPost("/{number:long}/qualification", async Task<Results<Ok<TicketChanged>, ProblemHttpResult>> (long number, TicketActions.QualificationRequest request, Caller caller, TicketHandlers handlers, CancellationToken ct) =>
            (await TicketActions.QualifyAsync(number, request, caller, handlers, ct)).ToOk());
        tickets.MapPost("/{number:long}/assignment", async Task<Results<Ok<TicketChanged>, ProblemHttpResult>> (long number, TicketActions.AssignmentRequest request, Caller caller, TicketHandlers handlers, GuichetDbContext db, CancellationToken ct) =>
            (await TicketActions.AssignAsync(number, request, caller, handlers, db, ct)).ToOk());
        tickets.MapPost("/{number:long}/time-entries", async Task<Results<Ok<TicketChanged>, ProblemHttpResult>> (long number, TicketActions.TimeEntryRequest request, Caller caller, TicketHandlers handlers, CancellationToken ct) =>
            (await TicketActions.TimeEntryAsync(number, request, caller, handlers, ct)).ToOk());
        tickets.MapPost("/{number:long}/milestones", async Task<Results<Ok<TicketChanged>, ProblemHttpResult>> (long number, TicketActions.MilestoneRequest request, Caller caller, TicketHandlers handlers, CancellationToken ct) =>
            (await TicketActions.MilestoneAsync(number, request, caller, handlers, ct)).ToOk());
    }

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
        (await handlers.CreateAsync(caller, request, ct)).TryGet(out var ticket, out var failure)
            ? TypedResults.Created($"/api/v1/tickets/{ticket.Id}", TicketCreated.Of(ticket))
            : failure.ToProblem();
}
