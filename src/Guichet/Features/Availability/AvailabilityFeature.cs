using Microsoft.AspNetCore.Http.HttpResults;

namespace Guichet.Features.Availability;

/// <summary>
/// The availability feature's endpoints under <c>/api/v1/availability</c> (docs/availability.md): the figures of a
/// contract's month, its hosted services, the outage log with comments, contests and decisions, and the maintenances.
/// </summary>
internal static class AvailabilityFeature
{
    public static RouteGroupBuilder MapAvailability(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/availability");
        group.MapGet("/", async Task<Results<Ok<ContractAvailability>, ProblemHttpResult>> (Caller caller, GuichetDbContext db, IClock clock, [FromQuery] Guid? contractId, [FromQuery] string? month, CancellationToken ct) =>
            (await AvailabilityFigures.ForContractAsync(db, clock, caller, contractId, month, ct)).ToOk());

        group.MapGet("/services", async Task<Ok<IReadOnlyList<HostedServiceView>>> (Caller caller, GuichetDbContext db, [FromQuery] Guid? contractId, CancellationToken ct) =>
            TypedResults.Ok(await AvailabilityLog.ListServicesAsync(db, caller, contractId, ct)));
        group.MapGet("/services/{id:guid}", async Task<Results<Ok<HostedServiceView>, ProblemHttpResult>> (Guid id, Caller caller, GuichetDbContext db, CancellationToken ct) =>
            (await AvailabilityLog.GetServiceAsync(db, caller, id, ct)).ToOk());
        group.MapPost("/services", async Task<Results<Created<HostedServiceView>, ProblemHttpResult>> (ServiceRequest request, Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct) =>
            (await AvailabilityLog.AddServiceAsync(db, clock, caller, request, ct)).ToCreated(service => $"/api/v1/availability/services/{service.Id}"));

        group.MapGet("/outages", async Task<Ok<IReadOnlyList<OutageView>>> (Caller caller, GuichetDbContext db, [FromQuery] Guid? serviceId, CancellationToken ct) =>
            TypedResults.Ok(await AvailabilityLog.ListOutagesAsync(db, caller, serviceId, ct)));
        group.MapGet("/outages/{id:guid}", async Task<Results<Ok<OutageView>, ProblemHttpResult>> (Guid id, Caller caller, GuichetDbContext db, CancellationToken ct) =>
            (await AvailabilityLog.GetOutageAsync(db, caller, id, ct)).ToOk());
        group.MapPost("/outages", async Task<Results<Created<OutageView>, ProblemHttpResult>> (OutageRequest request, Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct) =>
            (await AvailabilityLog.AddOutageAsync(db, clock, caller, request, ct)).ToCreated(outage => $"/api/v1/availability/outages/{outage.Id}"));
        MapChange<OutagePatch, OutageView>(group, HttpMethods.Patch, "/outages/{id:guid}", AvailabilityLog.UpdateOutageAsync);
        MapChange<CommentRequest, OutageView>(group, HttpMethods.Post, "/outages/{id:guid}/comments", AvailabilityLog.CommentAsync);
        MapChange<ContestRequest, OutageView>(group, HttpMethods.Post, "/outages/{id:guid}/contests", AvailabilityLog.ContestAsync);
        MapChange<DecisionRequest, OutageView>(group, HttpMethods.Post, "/contests/{id:guid}/decision", AvailabilityLog.DecideAsync);

        group.MapGet("/maintenances", async Task<Ok<IReadOnlyList<MaintenanceView>>> (Caller caller, GuichetDbContext db, [FromQuery] Guid? contractId, CancellationToken ct) =>
            TypedResults.Ok(await Maintenances.ListAsync(db, caller, contractId, ct)));
        group.MapGet("/maintenances/{id:guid}", async Task<Results<Ok<MaintenanceView>, ProblemHttpResult>> (Guid id, Caller caller, GuichetDbContext db, CancellationToken ct) =>
            (await Maintenances.GetAsync(db, caller, id, ct)).ToOk());
        group.MapPost("/maintenances", async Task<Results<Created<MaintenanceView>, ProblemHttpResult>> (MaintenanceRequest request, Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct) =>
            (await Maintenances.AnnounceAsync(db, clock, caller, request, ct)).ToCreated(maintenance => $"/api/v1/availability/maintenances/{maintenance.Id}"));
        MapChange<RescheduleRequest, MaintenanceView>(group, HttpMethods.Patch, "/maintenances/{id:guid}", Maintenances.RescheduleAsync);
        MapChange<CancelRequest, MaintenanceView>(group, HttpMethods.Post, "/maintenances/{id:guid}/cancel", Maintenances.CancelAsync);
        return api;
    }

    /// <summary>A change to one entry of the log (<c>{id}</c> in <paramref name="pattern"/>) with its request: 200 with the entry as it now is, or the failure.</summary>
    private static void MapChange<TRequest, TView>(RouteGroupBuilder group, string method, string pattern, Func<GuichetDbContext, IClock, Caller, Guid, TRequest, CancellationToken, Task<Outcome<TView>>> change)
        where TRequest : class =>
        group.MapMethods(pattern, [method], async Task<Results<Ok<TView>, ProblemHttpResult>> (Guid id, TRequest request, Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct) =>
            (await change(db, clock, caller, id, request, ct)).ToOk());
}
