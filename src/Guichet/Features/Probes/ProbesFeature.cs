using Guichet.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime.Text;

namespace Guichet.Features.Probes;

/// <summary>The probes feature's wiring (docs/probes.md): the figures service, the runner and the retention job, the API.</summary>
internal static class ProbesFeature
{
    public static IServiceCollection AddProbes(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ProbeFigures>();
        services.AddScoped<ProbeAlerts>();
        services.AddScoped<ProbeRetention>();
        services.AddSingleton<ProbeRunner>();
        services.AddProbeHttp();
        services.AddJob<ProbeRunnerService>(configuration);
        return services.AddJob<ProbeRetentionService>(configuration);
    }

    /// <summary>
    /// Staff's API under <c>/api/v1/probes</c>: the probes (list, read, create, change), their samples, figures and chart
    /// series, and the outages they propose (confirm, confirm the end, dismiss). A client, or a probe of a contract the
    /// caller does not serve, is a 404.
    /// </summary>
    public static RouteGroupBuilder MapProbes(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/probes");
        group.MapGet("/", async Task<Ok<IReadOnlyList<ProbeView>>> (Caller caller, GuichetDbContext db, [FromQuery] Guid? contractId, [FromQuery] Guid? serviceId, CancellationToken ct) =>
            TypedResults.Ok(await ProbeSettings.ListAsync(db, caller, contractId, serviceId, ct)));
        group.MapPost("/", async Task<Results<Created<ProbeView>, ProblemHttpResult>> (ProbeRequest request, Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct) =>
            (await ProbeSettings.CreateAsync(db, clock, caller, request, ct)).ToCreated(probe => $"/api/v1/probes/{probe.Id}"));
        group.MapGet("/{id:guid}", async Task<Results<Ok<ProbeView>, ProblemHttpResult>> (Guid id, Caller caller, GuichetDbContext db, CancellationToken ct) =>
            (await ProbeSettings.GetAsync(db, caller, id, ct)).ToOk());
        group.MapPatch("/{id:guid}", async Task<Results<Ok<ProbeView>, ProblemHttpResult>> (Guid id, ProbeRequest request, Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct) =>
            (await ProbeSettings.UpdateAsync(db, clock, caller, id, request, ct)).ToOk());
        group.MapGet("/{id:guid}/samples", async Task<Results<Ok<ProbeSamples>, ProblemHttpResult>> (Guid id, Caller caller, GuichetDbContext db, [FromQuery] int? take, CancellationToken ct) =>
            (await ProbeSettings.SamplesAsync(db, caller, id, take ?? 100, ct)).ToOk());
        group.MapGet("/{id:guid}/figures", async Task<Results<Ok<ProbeFiguresView>, ProblemHttpResult>> (Guid id, Caller caller, GuichetDbContext db, ProbeFigures figures, [FromQuery] string? day, [FromQuery] string? month, [FromQuery] string? from, [FromQuery] string? to, CancellationToken ct) =>
            (await FiguresAsync(id, caller, db, figures, day, month, from, to, ct)).ToOk());
        group.MapGet("/{id:guid}/series", async Task<Results<Ok<ProbeSeries>, ProblemHttpResult>> (Guid id, Caller caller, GuichetDbContext db, ProbeFigures figures, [FromQuery] string? range, CancellationToken ct) =>
        {
            if (!await ProbeSettings.StaffProbes(db, caller).AnyAsync(p => p.Id == id, ct))
            {
                return Failure.NotFound("sonde").ToProblem();
            }

            return ProbeFigures.ReadRange(range ?? "24h") is { } r
                ? (await figures.SeriesAsync(caller, id, r, ct)).ToOk()
                : Failure.Invalid("range", "La période est 24h, 72h, month ou 6months.").ToProblem();
        });

        group.MapGet("/proposals", async Task<Ok<IReadOnlyList<OutageProposalView>>> (Caller caller, GuichetDbContext db, [FromQuery] Guid? contractId, [FromQuery] bool? pending, CancellationToken ct) =>
            TypedResults.Ok(await OutageProposals.ListAsync(db, caller, contractId, pending ?? false, ct)));
        group.MapGet("/proposals/{id:guid}", async Task<Results<Ok<OutageProposalView>, ProblemHttpResult>> (Guid id, Caller caller, GuichetDbContext db, CancellationToken ct) =>
            (await OutageProposals.GetAsync(db, caller, id, ct)).ToOk());
        group.MapPost("/proposals/{id:guid}/confirm", async Task<Results<Ok<OutageProposalView>, ProblemHttpResult>> (Guid id, Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct) =>
            (await OutageProposals.ConfirmAsync(db, clock, caller, id, ct)).ToOk());
        group.MapPost("/proposals/{id:guid}/confirm-end", async Task<Results<Ok<OutageProposalView>, ProblemHttpResult>> (Guid id, Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct) =>
            (await OutageProposals.ConfirmEndAsync(db, clock, caller, id, ct)).ToOk());
        group.MapPost("/proposals/{id:guid}/dismiss", async Task<Results<Ok<OutageProposalView>, ProblemHttpResult>> (Guid id, Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct) =>
            (await OutageProposals.DismissAsync(db, clock, caller, id, ct)).ToOk());
        return api;
    }

    /// <summary>
    /// The figures of a probe for <c>day</c> (yyyy-mm-dd) or <c>month</c> (yyyy-mm) in the client's zone, or from
    /// <c>from</c> to <c>to</c> (instants); the month in progress by default.
    /// </summary>
    private static async Task<Outcome<ProbeFiguresView>> FiguresAsync(Guid id, Caller caller, GuichetDbContext db, ProbeFigures figures, string? day, string? month, string? from, string? to, CancellationToken ct)
    {
        if (!await ProbeSettings.StaffProbes(db, caller).AnyAsync(p => p.Id == id, ct))
        {
            return Failure.NotFound("sonde");
        }

        if (!string.IsNullOrWhiteSpace(day))
        {
            return LocalDatePattern.Iso.Parse(day.Trim()) is { Success: true } d && d.Value.Year is >= 2000 and <= 2200
                ? await figures.ForDayAsync(caller, id, d.Value, ct)
                : Failure.Invalid("day", "Le jour s'écrit aaaa-mm-jj, par exemple 2027-03-15.");
        }

        if (!string.IsNullOrWhiteSpace(from) || !string.IsNullOrWhiteSpace(to))
        {
            var errors = new Dictionary<string, string[]>();
            var start = Availability.AvailabilityTexts.ReadInstant(from, "from", "Le début", required: true, errors);
            var end = Availability.AvailabilityTexts.ReadInstant(to, "to", "La fin", required: true, errors);
            if (start is { } s && end is { } e && e <= s)
            {
                errors["to"] = ["La fin doit suivre le début."];
            }
            else if (start is { } s2 && end is { } e2 && e2 - s2 > Duration.FromDays(400))
            {
                errors["to"] = ["Au plus 400 jours par période."];
            }

            return errors.Count > 0 ? Failure.Invalid(errors) : await figures.ForPeriodAsync(caller, id, start!.Value, end!.Value, ct);
        }

        if (string.IsNullOrWhiteSpace(month))
        {
            return await figures.ForMonthAsync(caller, id, null, ct);
        }

        return Availability.AvailabilityFigures.ReadMonth(month) is { } m
            ? await figures.ForMonthAsync(caller, id, m, ct)
            : Failure.Invalid("month", "Le mois s'écrit aaaa-mm, par exemple 2027-03.");
    }
}
