using Microsoft.AspNetCore.Http.HttpResults;

namespace Guichet.Features.Reports;

/// <summary>The service-level reports under <c>/api/v1/reports</c> (staff; a contract the caller does not serve is not found).</summary>
internal static class ReportEndpoints
{
    public static RouteGroupBuilder MapReports(this RouteGroupBuilder api)
    {
        var reports = api.MapGroup("/reports");
        reports.MapGet("/compliance", async Task<Results<Ok<ComplianceReport>, ProblemHttpResult>> (
            Caller caller, GuichetDbContext db, IClock clock, [FromQuery] string? contractId, [FromQuery] string? from, [FromQuery] string? to, CancellationToken ct) =>
            (await Compliance.ComputeAsync(caller, db, clock, contractId, from, to, ct)).ToOk());
        reports.MapGet("/times", async Task<Results<Ok<TimesReport>, ProblemHttpResult>> (
            Caller caller, GuichetDbContext db, IClock clock, [FromQuery] string? contractId, [FromQuery] string? organisationId, [FromQuery] string? from, [FromQuery] string? to, CancellationToken ct) =>
            (await ServiceTimes.ComputeAsync(caller, db, clock, contractId, organisationId, from, to, ct)).ToOk());
        return api;
    }
}
