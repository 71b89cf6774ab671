namespace Guichet.Features.Users;

/// <summary>
/// Deletes a user's personal data (a deletion request accepted; later, retention rules and the GDPR's right to
/// erasure): callable from the pages, the command line and jobs.
/// </summary>
internal static class AnonymiseUser
{
    /// <summary>Anonymises the user with this id; not found unless it is a user.</summary>
    public static async Task<Outcome<Done>> RunAsync(GuichetDbContext db, UserManager<User> users, Guid userId, Instant now, CancellationToken ct) =>
        await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct) is { } user
            ? await RunAsync(db, users, user, now, ct)
            : Failure.NotFound("utilisateur");

    /// <summary>
    /// Deletion keeps the row (tickets and their messages name their author) but nothing personal: deactivated,
    /// no password, name and address replaced, no phone, no products, no référent flag; the add request that
    /// created it loses its contact details too. See docs/users.md.
    /// </summary>
    public static async Task<Outcome<Done>> RunAsync(GuichetDbContext db, UserManager<User> users, User user, Instant now, CancellationToken ct)
    {
        var deactivated = await AccountStatus.DeactivateAsync(users, db, user, now, ct);
        if (!deactivated.Succeeded)
        {
            return NotChanged(deactivated);
        }

        var placeholder = $"supprime-{user.Id:N}@invalid.example";
        var oldEmail = user.Email;
        user.DisplayName = UsersFeature.DeletedName;
        user.UserName = placeholder;
        user.Email = placeholder;
        user.EmailConfirmed = false;
        user.PhoneNumber = null;
        user.PasswordHash = null;
        user.IsReferent = false;
        user.MustChangePassword = false;
        db.UserProducts.RemoveRange(db.UserProducts.Where(p => p.UserId == user.Id));
        var result = await users.UpdateAsync(user);
        if (!result.Succeeded)
        {
            return NotChanged(result);
        }

        await db.UserRequests.Where(r => r.TargetUserId == user.Id || (oldEmail != null && r.Email == oldEmail))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LastName, "").SetProperty(r => r.FirstName, "").SetProperty(r => r.Email, "").SetProperty(r => r.Phone, "").SetProperty(r => r.TargetName, UsersFeature.DeletedName), ct);
        // Their calls keep their figures (the phone KPIs) but no longer say who called.
        await db.Set<CallRecord>().Where(c => c.CallerUserId == user.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.CallerNumber, (string?)null).SetProperty(c => c.CallerUserId, (Guid?)null), ct);
        foreach (var tracked in db.ChangeTracker.Entries<UserRequest>().Where(e => e.Entity.TargetUserId == user.Id))
        {
            tracked.Entity.TargetName = UsersFeature.DeletedName;
        }

        return Done.Value;
    }

    /// <summary>Identity refused the change (a concurrency stamp, a validator).</summary>
    public static Failure NotChanged(IdentityResult result) =>
        Failure.Conflict("account_not_changed", "Le compte n'a pas pu être modifié : " + string.Join(" ", result.Errors.Select(e => e.Description)));
}
