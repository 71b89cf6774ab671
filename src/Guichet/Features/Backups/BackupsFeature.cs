using Guichet.Features.Accounts;
using Guichet.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guichet.Features.Backups;

/// <summary>The backups feature's wiring: its use cases, the watch job and its API.</summary>
internal static class BackupsFeature
{
    public static IServiceCollection AddBackups(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<BackupRecords>();
        services.AddScoped<BackupWatch>();
        return services.AddJob<BackupWatchService>(configuration);
    }

    /// <summary>
    /// <c>POST /api/v1/backups/runs</c> (201 new, 200 updated by its run id), <c>GET /api/v1/contracts/{id}/backups</c>
    /// (the contract's state) and <c>POST /api/v1/contracts/{id}/backups/restore</c> (a référent's restore request: 201
    /// with the ticket's number).
    /// </summary>
    public static RouteGroupBuilder MapBackups(this RouteGroupBuilder api)
    {
        api.MapPost("/backups/runs", async Task<Results<Created<BackupRunView>, Ok<BackupRunView>, ProblemHttpResult>> (BackupRunInput input, Caller caller, BackupRecords backups, CancellationToken ct) =>
            (await backups.RecordAsync(caller, input, ct)).Map(s => (s.Run, s.Created)).ToCreatedOrOk(run => $"/api/v1/contracts/{run.ContractId}/backups"));
        api.MapGet("/contracts/{id:guid}/backups", async Task<Results<Ok<BackupStatusView>, ProblemHttpResult>> (Guid id, Caller caller, BackupRecords backups, CancellationToken ct) =>
            (await backups.StatusAsync(caller, id, ct)).TryGet(out var status, out var failure) ? TypedResults.Ok(status) : failure.ToProblem());
        api.MapPost("/contracts/{id:guid}/backups/restore", async Task<Results<Created<RestoreRequested>, ProblemHttpResult>> (Guid id, RestoreBody body, Caller caller, BackupRecords backups, CancellationToken ct) =>
        {
            if (!(await backups.RequestRestoreAsync(caller, new RestoreInput(id, body.RunId, body.Details), ct)).TryGet(out var ticket, out var failure))
            {
                return failure.ToProblem();
            }

            return TypedResults.Created($"/api/v1/tickets/{ticket.Id}", new RestoreRequested(ticket.Id, ticket.ServiceType, ticket.Subject));
        });
        return api;
    }
}

/// <summary>The body of a restore request: the copy, and what to restore.</summary>
internal sealed record RestoreBody(Guid? RunId, string? Details);

/// <summary>The ticket a restore request became.</summary>
internal sealed record RestoreRequested(long TicketId, string ServiceType, string Subject);
