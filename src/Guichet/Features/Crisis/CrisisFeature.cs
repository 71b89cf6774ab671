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
        group.MapPost("/{id:guid}/meeting", async Task<Results<Ok<CrisisView>, ProblemHttpResult>> (Guid id, MeetingRequest request, Caller caller, CrisisCells crises, CancellationToken ct) =>
            (await crises.HoldMeetingAsync(caller, id, request, ct)).ToOk());
        group.MapPost("/{id:guid}/points", async Task<Results<Ok<CrisisView>, ProblemHttpResult>> (Guid id, PointRequest request, Caller caller, CrisisCells crises, CancellationToken ct) =>
            (await crises.GivePointAsync(caller, id, request, ct)).ToOk());
        group.MapPost("/{id:guid}/cadence", async Task<Results<Ok<CrisisView>, ProblemHttpResult>> (Guid id, CadenceRequest request, Caller caller, CrisisCells crises, CancellationToken ct) =>
            (await crises.ChangeCadenceAsync(caller, id, request, ct)).ToOk());
        group.MapPost("/{id:guid}/log", async Task<Results<Ok<CrisisView>, ProblemHttpResult>> (Guid id, NoteRequest request, Caller caller, CrisisCells crises, CancellationToken ct) =>
            (await crises.NoteAsync(caller, id, request, ct)).ToOk());
        group.MapPost("/{id:guid}/close", async Task<Results<Ok<CrisisView>, ProblemHttpResult>> (Guid id, CloseRequest request, Caller caller, CrisisCells crises, CancellationToken ct) =>
            (await crises.CloseAsync(caller, id, request, ct)).ToOk());
        group.MapPut("/{id:guid}/post-mortem", async Task<Results<Ok<CrisisView>, ProblemHttpResult>> (Guid id, PostMortemRequest request, Caller caller, PostMortems postMortems, CancellationToken ct) =>
            (await postMortems.SaveCausesAsync(caller, id, request, ct)).ToOk());
        group.MapPost("/{id:guid}/post-mortem/measures", async Task<Results<Ok<CrisisView>, ProblemHttpResult>> (Guid id, MeasureRequest request, Caller caller, PostMortems postMortems, CancellationToken ct) =>
            (await postMortems.AddMeasureAsync(caller, id, request, ct)).ToOk());
        group.MapPost("/{id:guid}/post-mortem/publish", async Task<Results<Ok<CrisisView>, ProblemHttpResult>> (Guid id, Caller caller, PostMortems postMortems, CancellationToken ct) =>
            (await postMortems.PublishAsync(caller, id, ct)).ToOk());
        return api;
    }
}
