using Microsoft.AspNetCore.Http.HttpResults;

namespace Guichet.Features.Contracts;

/// <summary>
/// The contract endpoints under <c>/api/v1/contracts</c> and the index values under <c>/api/v1/index-values</c>: each
/// calls its use case and maps the outcome once (a failure is ProblemDetails with its code).
/// </summary>
internal static class ContractEndpoints
{
    public static RouteGroupBuilder MapContracts(this RouteGroupBuilder api)
    {
        var contracts = api.MapGroup("/contracts");
        contracts.MapGet("/", async Task<Ok<IReadOnlyList<ContractRow>>> (Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct) =>
            TypedResults.Ok(await ContractReads.ListAsync(caller, db, clock, ct)));
        contracts.MapGet("/alerts", async Task<Results<Ok<IReadOnlyList<ContractAlertView>>, ProblemHttpResult>> (Caller caller, GuichetDbContext db, IClock clock, [FromQuery] int? days, CancellationToken ct) =>
            Answer(await ContractReads.AlertsAsync(caller, db, clock, days ?? ContractReads.DefaultAlertDays, ct)));
        contracts.MapGet("/{id:guid}", async Task<Results<Ok<ContractDetail>, ProblemHttpResult>> (Guid id, Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct) =>
            Answer(await ContractReads.GetAsync(id, caller, db, clock, ct)));
        contracts.MapPut("/{id:guid}/terms", async Task<Results<Ok<ContractDetail>, ProblemHttpResult>> (Guid id, TermsRequest request, Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct) =>
            Answer(await EditContractTerms.RunAsync(id, request, partial: false, caller, db, clock, ct)));
        contracts.MapPatch("/{id:guid}/terms", async Task<Results<Ok<ContractDetail>, ProblemHttpResult>> (Guid id, TermsRequest request, Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct) =>
            Answer(await EditContractTerms.RunAsync(id, request, partial: true, caller, db, clock, ct)));
        contracts.MapPost("/{id:guid}/policy/reapply", async Task<Results<Ok<ContractPolicy.Reapplied>, ProblemHttpResult>> (Guid id, ReapplyRequest request, Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct) =>
            (await ContractPolicy.ReapplyAsync(db, clock, caller, id, request.Reason, ct)).ToOk());
        contracts.MapPost("/{id:guid}/time-bank/purchases", async Task<Results<Created<PurchaseCreated>, ProblemHttpResult>> (Guid id, PurchaseRequest request, Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct) =>
            (await RecordTimePurchase.RunAsync(id, request, caller, db, clock, ct)).ToCreated(_ => $"/api/v1/contracts/{id}"));

        var indices = api.MapGroup("/index-values");
        indices.MapGet("/", async Task<Results<Ok<IReadOnlyList<IndexValueView>>, ProblemHttpResult>> (GuichetDbContext db, [FromQuery] string? index, CancellationToken ct) =>
            Answer(await IndexValues.ListAsync(db, index, ct)));
        indices.MapPost("/", async Task<Results<Created<IndexValueView>, ProblemHttpResult>> (IndexValueRequest request, Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct) =>
            (await IndexValues.AddAsync(request, caller, db, clock, ct)).ToCreated(value => $"/api/v1/index-values?index={Uri.EscapeDataString(value.Index)}"));
        indices.MapDelete("/", async Task<Results<NoContent, ProblemHttpResult>> (Caller caller, GuichetDbContext db, [FromQuery] string? index, [FromQuery] string? month, CancellationToken ct) =>
            await IndexValues.RemoveAsync(caller, db, index, month, ct) is { Failure: { } failure } ? failure.ToProblem() : TypedResults.NoContent());
        return api;
    }

    private static Results<Ok<T>, ProblemHttpResult> Answer<T>(Outcome<T> outcome) =>
        outcome.TryGet(out var value, out var failure) ? TypedResults.Ok(value) : failure.ToProblem();
}

/// <summary>The body of <c>POST /api/v1/contracts/{id}/policy/reapply</c>: why the version in force is applied to the open tickets.</summary>
internal sealed record ReapplyRequest(string? Reason);
