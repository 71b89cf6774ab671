namespace Guichet.Features.Accounts;

/// <summary>
/// What an administrator does to an account besides editing it: deactivate, reactivate, set a new initial password.
/// A deactivated account is Identity's lockout with an end that never comes: sign-in (pages and API) refuses it with
/// the one message of every failure, its API tokens are revoked and its page sessions end. Unlike the 15-minute
/// lockout, neither a forgotten-password reset nor an administrator's new password lifts it; only reactivation does.
/// </summary>
internal static class AccountStatus
{
    /// <summary>
    /// The lockout end of a deactivated account. Not <see cref="DateTimeOffset.MaxValue"/>: PostgreSQL keeps
    /// microseconds, so that value would not read back equal.
    /// </summary>
    public static readonly DateTimeOffset DeactivatedUntil = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static bool IsDeactivated(User user) => user.LockoutEnd >= DeactivatedUntil;

    public static async Task<IdentityResult> DeactivateAsync(UserManager<User> users, GuichetDbContext db, User user, Instant now, CancellationToken ct)
    {
        user.LockoutEnabled = true;
        user.LockoutEnd = DeactivatedUntil;

        // The new security stamp ends the account's page sessions (Caller compares it); tokens are revoked so that a
        // later reactivation does not bring them back.
        var result = await users.UpdateSecurityStampAsync(user);
        if (result.Succeeded)
        {
            await ApiTokens.RevokeAllAsync(db, user.Id, now, keep: null, ct);
        }

        return result;
    }

    public static async Task<IdentityResult> ReactivateAsync(UserManager<User> users, User user)
    {
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        return await users.UpdateAsync(user);
    }

    /// <summary>
    /// Replaces the password with an initial one the person must change at next sign-in (Identity's validators check
    /// it). Other sessions end, tokens are revoked, and a temporary lockout (failed sign-ins) is lifted.
    /// </summary>
    public static async Task<IdentityResult> SetInitialPasswordAsync(UserManager<User> users, GuichetDbContext db, User user, string password, Instant now, CancellationToken ct)
    {
        user.MustChangePassword = true;
        if (!IsDeactivated(user))
        {
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
        }

        // A reset token used at once: Identity validates the password, then saves it with a new security stamp.
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, password);
        if (!result.Succeeded)
        {
            await db.Entry(user).ReloadAsync(ct);
            return result;
        }

        await ApiTokens.RevokeAllAsync(db, user.Id, now, keep: null, ct);
        return result;
    }
}
