using Microsoft.AspNetCore.Http.HttpResults;

namespace Guichet.Features.Directory;

/// <summary>An organisation as the API shows it.</summary>
internal sealed record OrganisationView(Guid Id, string Name, string Siret, string Address, string Territory, string DpoName, string DpoEmail, Guid? AccountManagerId);

/// <summary>A user as the API shows them (<c>kind</c>: staff or client).</summary>
internal sealed record UserView(Guid Id, string DisplayName, string? Email, string Kind, Guid? OrganisationId, bool IsReferent);

/// <summary>Organisations and users, each visible only to whom it concerns.</summary>
internal static class DirectoryApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/organisations/{id:guid}", async Task<Results<Ok<OrganisationView>, ProblemHttpResult>> (Guid id, Caller caller, GuichetDbContext db, CancellationToken ct) =>
            await caller.VisibleOrganisations(db).AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct) is { } o
                ? TypedResults.Ok(new OrganisationView(o.Id, o.Name, o.Siret, o.Address, o.Territory, o.DpoName, o.DpoEmail, o.AccountManagerId))
                : Failure.NotFound("organisation").ToProblem());

        api.MapGet("/users/{id:guid}", async Task<Results<Ok<UserView>, ProblemHttpResult>> (Guid id, Caller caller, GuichetDbContext db, CancellationToken ct) =>
            await caller.VisibleUsers(db).AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct) is { } u
                ? TypedResults.Ok(new UserView(u.Id, u.DisplayName, u.Email, u.Kind.ToString().ToLowerInvariant(), u.OrganisationId, u.IsReferent))
                : Failure.NotFound("utilisateur").ToProblem());
    }
}
