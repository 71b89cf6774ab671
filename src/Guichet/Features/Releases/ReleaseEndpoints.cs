using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime.Text;

namespace Guichet.Features.Releases;

/// <summary>The planned releases under <c>/api/v1/releases</c> (read: anyone signed in, for the products they may see; write: technical staff).</summary>
internal static class ReleaseEndpoints
{
    public static RouteGroupBuilder MapReleases(this RouteGroupBuilder api)
    {
        var releases = api.MapGroup("/releases");
        releases.MapGet("/", async Task<Results<Ok<ReleaseView[]>, ProblemHttpResult>> (Caller caller, GuichetDbContext db, [FromQuery] Guid? productId, [FromQuery] string? from, CancellationToken ct) =>
        {
            LocalDate? day = null;
            if (from is not null)
            {
                var parsed = LocalDatePattern.Iso.Parse(from);
                if (!parsed.Success)
                {
                    return Failure.Invalid("from", "Indiquez une date au format AAAA-MM-JJ.").ToProblem();
                }

                day = parsed.Value;
            }

            return TypedResults.Ok((await PlannedReleases.ListAsync(db, caller, productId, day, ct)).ToArray());
        });
        releases.MapPost("/", async Task<Results<Created<ReleaseChanged>, ProblemHttpResult>> (PlannedReleases.ReleaseRequest request, Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct) =>
            (await PlannedReleases.CreateAsync(db, clock, caller, request, ct)).ToCreated(changed => $"/api/v1/releases/{changed.Release.Id}"));
        releases.MapPut("/{id:guid}", async Task<Results<Ok<ReleaseChanged>, ProblemHttpResult>> (Guid id, PlannedReleases.ReleaseRequest request, Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct) =>
            (await PlannedReleases.UpdateAsync(db, clock, caller, id, request, ct)).ToOk());
        releases.MapDelete("/{id:guid}", async Task<Results<Ok<ReleaseChanged>, ProblemHttpResult>> (Guid id, Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct) =>
            (await PlannedReleases.DeleteAsync(db, clock, caller, id, ct)).ToOk());
        return api;
    }
}
