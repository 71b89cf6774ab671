using Guichet.Features.Accounts;
using Guichet.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guichet.Features.Calls;

/// <summary>The calls feature's wiring: its use cases, the unsuccessful-call mail job and the push endpoint.</summary>
internal static class CallsFeature
{
    public static IServiceCollection AddCalls(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<CallRecords>();
        services.AddScoped<UnsuccessfulCallMails>();
        return services.AddJob<UnsuccessfulCallMailService>(configuration);
    }

    /// <summary><c>POST /api/v1/calls</c>: 201 with the record when new, 200 when the call id was known (updated or unchanged).</summary>
    public static RouteGroupBuilder MapCalls(this RouteGroupBuilder api)
    {
        api.MapPost("/calls", async Task<Results<Created<CallView>, Ok<CallView>, ProblemHttpResult>> (CallInput input, Caller caller, CallRecords calls, CancellationToken ct) =>
            (await calls.PushAsync(caller, input, ct)).Map(p => (p.Call, p.Created)).ToCreatedOrOk(call => $"/api/v1/calls/{Uri.EscapeDataString(call.CallId)}"));
        return api;
    }
}
