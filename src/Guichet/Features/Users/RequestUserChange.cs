using Guichet.Features.Mail;

namespace Guichet.Features.Users;

/// <summary>Asks the provider to suspend, reactivate or delete a user.</summary>
internal static class RequestUserChange
{
    /// <summary>
    /// Asks to suspend, reactivate or delete a user of the caller's organisation (a référent for anyone of it, any
    /// client for their own account's deletion). Not found when the user is not the caller's organisation's; a conflict when a request waits or the account is already so.
    /// </summary>
    public static async Task<Outcome<Done>> RunAsync(GuichetDbContext db, MailOptions mail, Caller caller, Guid userId, UserRequestKind kind, Instant now, CancellationToken ct)
    {
        var organisationId = caller.User.OrganisationId;
        var target = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId && u.Kind == UserKind.Client && u.OrganisationId == organisationId, ct);
        if (target is null || organisationId is null || kind == UserRequestKind.Add || (!caller.User.IsReferent && (userId != caller.Id || kind != UserRequestKind.Delete)))
        {
            return Failure.NotFound("utilisateur");
        }

        if (await db.UserRequests.AnyAsync(r => r.TargetUserId == userId && r.State == UserRequestState.Pending && r.Kind != UserRequestKind.Add, ct))
        {
            return Failure.Conflict("request_pending", $"Une demande est déjà en cours de traitement pour {target.DisplayName}.");
        }

        var suspended = AccountStatus.IsDeactivated(target);
        if (kind == UserRequestKind.Suspend && suspended)
        {
            return Failure.Conflict("already_suspended", $"Le compte de {target.DisplayName} est déjà suspendu.");
        }

        if (kind == UserRequestKind.Reactivate && !suspended)
        {
            return Failure.Conflict("not_suspended", $"Le compte de {target.DisplayName} n'est pas suspendu.");
        }

        var request = new UserRequest
        {
            OrganisationId = organisationId.Value,
            Kind = kind,
            State = UserRequestState.Pending,
            RequestedById = caller.Id,
            RequestedAt = now,
            TargetUserId = userId,
            TargetName = target.DisplayName,
        };
        db.UserRequests.Add(request);
        await UserRequestMail.NotifyAccountManagerAsync(db, mail, request, ct);
        await db.SaveChangesAsync(ct);
        return Done.Value;
    }
}
