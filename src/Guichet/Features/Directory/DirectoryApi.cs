using Guichet.Data;
using Guichet.Features.Accounts;
using Guichet.Web;
using Microsoft.EntityFrameworkCore;

namespace Guichet.Features.Directory;

/// <summary>Organisations, users and contracts, each visible only to whom it concerns.</summary>
internal static class DirectoryApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/organisations/{id:guid}", async (Guid id, Caller caller, GuichetDbContext db, CancellationToken ct) =>
            await caller.VisibleOrganisations(db).AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct) is { } o
                ? Results.Ok(new { o.Id, o.Name, o.Siret, o.Address, o.Territory, o.DpoName, o.DpoEmail, o.AccountManagerId })
                : Problems.NotFound("organisation"));

        api.MapGet("/users/{id:guid}", async (Guid id, Caller caller, GuichetDbContext db, CancellationToken ct) =>
            await caller.VisibleUsers(db).AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct) is { } u
                ? Results.Ok(new { u.Id, u.DisplayName, u.Email, kind = u.Kind.ToString().ToLowerInvariant(), u.OrganisationId, u.IsReferent })
                : Problems.NotFound("utilisateur"));
    }
}
