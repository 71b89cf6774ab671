using Guichet.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guichet.Features.Crisis;

/// <summary>The crisis cell's wiring (docs/crisis.md): its use cases, the alert job and the API under <c>/api/v1/crises</c>.</summary>
internal static class CrisisFeature
{
    public static IServiceCollection AddCrisis(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<CrisisCells>();
        services.AddScoped<PostMortems>();
        services.AddScoped<CrisisAlerts>();
        return services.AddJob<CrisisAlertService>(configuration);
    }

    public static RouteGroupBuilder MapCrisis(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/crises");
        group.MapGet("/", async Task<Ok<IReadOnlyList<CrisisRow>>> (Caller caller, CrisisCells crises, [FromQuery] Guid? organisationId, [FromQuery] bool? open, CancellationToken ct) =>
            TypedResults.Ok(await crises.ListAsync(caller, organisationId, open, ct)));
        group.MapPost("/", async Task<Results<Created<CrisisView>, ProblemHttpResult>> (CrisisRequest request, Caller caller, CrisisCells crises, CancellationToken ct) =>
            (await crises.OpenAsync(caller, request, ct)).ToCreated(crisis => $"/api/v1/crises/{crisis.Id}"));
        group.MapGet("/{id:guid}", async Task<Results<Ok<CrisisView>, ProblemHttpResult>> (Guid id, Caller caller, CrisisCells crises, CancellationToken ct) =>
            (await crises.GetAsync(caller, id, ct)).ToOk());
        MapStep<CrisisCells, MeetingRequest>(group, HttpMethods.Post, "meeting", crises => crises.HoldMeetingAsync);
        MapStep<CrisisCells, PointRequest>(group, HttpMethods.Post, "points", crises => crises.GivePointAsync);
        MapStep<CrisisCells, CadenceRequest>(group, HttpMethods.Post, "cadence", crises => crises.ChangeCadenceAsync);
        MapStep<CrisisCells, NoteRequest>(group, HttpMethods.Post, "log", crises => crises.NoteAsync);
        MapStep<CrisisCells, CloseRequest>(group, HttpMethods.Post, "close", crises => crises.CloseAsync);
        MapStep<PostMortems, PostMortemRequest>(group, HttpMethods.Put, "post-mortem", postMortems => postMortems.SaveCausesAsync);
        MapStep<PostMortems, MeasureRequest>(group, HttpMethods.Post, "post-mortem/measures", postMortems => postMortems.AddMeasureAsync);
        group.MapPost("/{id:guid}/post-mortem/publish", async Task<Results<Ok<CrisisView>, ProblemHttpResult>> (Guid id, Caller caller, PostMortems postMortems, CancellationToken ct) =>
            (await postMortems.PublishAsync(caller, id, ct)).ToOk());
        return api;
    }

    /// <summary>
    /// A step on one crisis, <c>/{id}/<paramref name="path"/></c> with its request: the step of the crisis cell or of
    /// its post-mortem (<typeparamref name="TService"/>), then 200 with the crisis as it now is, or the failure.
    /// </summary>
    private static void MapStep<TService, TRequest>(RouteGroupBuilder group, string method, string path, Func<TService, Func<Caller, Guid, TRequest, CancellationToken, Task<Outcome<CrisisView>>>> step)
        where TService : class
        where TRequest : class =>
        group.MapMethods($"/{{id:guid}}/{path}", [method], async Task<Results<Ok<CrisisView>, ProblemHttpResult>> (Guid id, TRequest request, Caller caller, TService service, CancellationToken ct) =>
            (await step(service)(caller, id, request, ct)).ToOk());
}
