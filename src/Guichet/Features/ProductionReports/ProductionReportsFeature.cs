using Guichet.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guichet.Features.ProductionReports;

/// <summary>The daily production report's wiring (docs/production-report.md): the builder, the reads, the job and the API.</summary>
internal static class ProductionReportsFeature
{
    public static IServiceCollection AddProductionReports(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ProductionReportBuilder>();
        services.AddScoped<ProductionReportReads>();
        services.AddScoped<ProductionReportJob>();
        return services.AddJob<ProductionReportService>(configuration);
    }

    /// <summary>
    /// <c>GET /api/v1/production-reports?contractId=&amp;day=</c> (a day's report, the latest without a day),
    /// <c>GET /api/v1/production-reports/{id}</c>, <c>GET /api/v1/contracts/{id}/production-reports</c> (the archive and
    /// the schedule) and <c>PUT /api/v1/contracts/{id}/production-reports/schedule</c> (staff).
    /// </summary>
    public static RouteGroupBuilder MapProductionReports(this RouteGroupBuilder api)
    {
        api.MapGet("/production-reports", async Task<Results<Ok<ProductionReportView>, ProblemHttpResult>> (Caller caller, ProductionReportReads reads, [FromQuery] Guid? contractId, [FromQuery] string? day, CancellationToken ct) =>
            (await reads.ByDayAsync(caller, contractId, day, ct)).ToOk());
        api.MapGet("/production-reports/{id:guid}", async Task<Results<Ok<ProductionReportView>, ProblemHttpResult>> (Guid id, Caller caller, ProductionReportReads reads, CancellationToken ct) =>
            (await reads.GetAsync(caller, id, ct)).ToOk());
        api.MapGet("/contracts/{id:guid}/production-reports", async Task<Results<Ok<ProductionReportArchive>, ProblemHttpResult>> (Guid id, Caller caller, ProductionReportReads reads, CancellationToken ct) =>
            (await reads.ArchiveAsync(caller, id, ct)).ToOk());
        api.MapPut("/contracts/{id:guid}/production-reports/schedule", async Task<Results<Ok<ProductionReportScheduleView>, ProblemHttpResult>> (Guid id, ProductionReportScheduleRequest request, Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct) =>
            (await ProductionReportSchedules.SetAsync(db, clock, caller, id, request, ct)).ToOk());
        return api;
    }
}
