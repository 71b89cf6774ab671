using Microsoft.AspNetCore.Http.HttpResults;

namespace Guichet.Features.Notifications;

/// <summary>A ticket's followers under <c>/api/v1/tickets/{number}/followers</c>: each endpoint maps one use case of <see cref="Followers"/>.</summary>
internal static class FollowerEndpoints
{
    public static RouteGroupBuilder MapTicketFollowers(this RouteGroupBuilder api)
    {
        var followers = api.MapGroup("/tickets/{number:long}/followers");
        followers.MapGet("/", async Task<Results<Ok<TicketFollowerList>, ProblemHttpResult>> (long number, Caller caller, GuichetDbContext db, CancellationToken ct) =>
            (await Followers.ListAsync(number, caller, db, ct)).ToOk());
        followers.MapPost("/", async Task<Results<Ok<TicketFollowerList>, ProblemHttpResult>> (long number, Followers.AddFollower request, Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct) =>
            (await Followers.AddAsync(number, request, caller, db, clock, ct)).ToOk());
        followers.MapDelete("/{userId:guid}", async Task<Results<NoContent, ProblemHttpResult>> (long number, Guid userId, Caller caller, GuichetDbContext db, CancellationToken ct) =>
            (await Followers.RemoveAsync(number, userId, caller, db, ct)).ToNoContent());
        return api;
    }
}
