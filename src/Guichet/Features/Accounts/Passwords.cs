using Guichet.Features.Mail;

namespace Guichet.Features.Accounts;

/// <summary>
/// The password use cases, shared by the API (<see cref="AccountEndpoints"/>) and the pages: checking credentials
/// (with lockout), changing one's password, asking for a reset code and using it.
/// </summary>
internal static class Passwords
{
    public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

    public sealed record ForgotRequest(string? Email);

    public sealed record ResetRequest(string? Email, string? Token, string? NewPassword);

    /// <summary>The one message for every failed sign-in (API and pages).</summary>
    public const string SignInFailed = "Adresse e-mail ou mot de passe incorrect. Après 5 échecs, le compte est verrouillé pendant 15 minutes.";

    /// <summary>
    /// The user whose address and password these are, or null. One answer for an unknown address, a wrong password
    /// and a locked account, in the same time: nobody learns who has an account. Failures count towards lockout.
    /// </summary>
    public static async Task<User?> CheckCredentialsAsync(string? emailInput, string? passwordInput, UserManager<User> users, GuichetDbContext db, Instant now)
    {
        var email = emailInput?.Trim() ?? "";
        var password = passwordInput ?? "";
        var user = email.Length is > 0 and <= 256 && TextInput.IsClean(email) ? await users.FindByEmailAsync(email) : null;
        if (user is null || password.Length is 0 or > MaxPasswordLength)
        {
            users.PasswordHasher.VerifyHashedPassword(new User(), DummyHash.Value, password.Length > MaxPasswordLength ? "" : password);
            return null;
        }

        if (IsLockedOut(user, now))
        {
            users.PasswordHasher.VerifyHashedPassword(new User(), DummyHash.Value, password);
            return null;
        }

        if (!await users.CheckPasswordAsync(user, password))
        {
            await CountFailureAsync(users, db, user, now);
            return null;
        }

        await users.ResetAccessFailedCountAsync(user);
        return user;
    }

    /// <summary>Longest password accepted (a longer one is refused before any hashing or strength estimate).</summary>
    public const int MaxPasswordLength = 256;

    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<User>().HashPassword(new User(), Guid.NewGuid().ToString()));

    /// <summary>How long an account stays locked after <c>MaxFailedAccessAttempts</c> failures.</summary>
    public static readonly Duration LockoutDuration = Duration.FromMinutes(15);

    public static bool IsLockedOut(User user, Instant now) => user.LockoutEnd is { } end && end > now.ToDateTimeOffset();

    /// <summary>
    /// Counts a failed attempt with Identity's counter, retrying when parallel attempts collide on the user's
    /// concurrency stamp; when it locks the account, the lockout is dated with the application's clock.
    /// </summary>
    private static async Task CountFailureAsync(UserManager<User> users, GuichetDbContext db, User user, Instant now)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var before = user.LockoutEnd;
            if ((await users.AccessFailedAsync(user)).Succeeded)
            {
                if (user.LockoutEnd != before)
                {
                    await users.SetLockoutEndDateAsync(user, (now + LockoutDuration).ToDateTimeOffset());
                }

                return;
            }

            await db.Entry(user).ReloadAsync();
        }
    }

    /// <summary>
    /// Changes a user's password (API and pages). Every API token of the user
    /// but <paramref name="keepToken"/> is revoked, and the new security stamp ends the user's other page sessions.
    /// </summary>
    public static async Task<Outcome<Done>> ChangeAsync(ChangePasswordRequest request, Guid userId, Guid? keepToken, UserManager<User> users, GuichetDbContext db, IClock clock, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(request.CurrentPassword) || string.IsNullOrEmpty(request.NewPassword))
        {
            return Failure.Invalid("newPassword", "Le mot de passe actuel et le nouveau sont requis.");
        }

        if (request.NewPassword.Length > MaxPasswordLength)
        {
            return Failure.Invalid("newPassword", $"Le mot de passe ne peut dépasser {MaxPasswordLength} caractères.");
        }

        if (request.CurrentPassword == request.NewPassword)
        {
            return Failure.Invalid("newPassword", "Le nouveau mot de passe doit être différent de l'actuel.");
        }

        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return Failure.NotFound("utilisateur");
        }

        // Guesses of the current password count towards the lockout as failed sign-ins do.
        var now = clock.GetCurrentInstant();
        if (IsLockedOut(user, now) || request.CurrentPassword.Length > MaxPasswordLength || !await users.CheckPasswordAsync(user, request.CurrentPassword))
        {
            if (!IsLockedOut(user, now))
            {
                await CountFailureAsync(users, db, user, now);
            }

            return Failure.Invalid("currentPassword", "Le mot de passe actuel est incorrect.");
        }

        var result = await users.ChangePasswordAsync(user, request.CurrentPassword, request.NewPassword);
        if (!result.Succeeded)
        {
            return IdentityFailure(result);
        }

        user.MustChangePassword = false;
        user.PasswordChangedAt = now;
        await users.UpdateAsync(user);
        await users.ResetAccessFailedCountAsync(user);

        // Every other token of the user stops working: whoever held one does not keep access.
        await ApiTokens.RevokeAllAsync(db, user.Id, now, keep: keepToken, ct);
        return Done.Value;
    }

    /// <summary>
    /// Mails a reset code to the address if it belongs to an active account. Too many requests for one address are
    /// refused (with <c>Retry-After</c> on <paramref name="http"/>'s response).
    /// </summary>
    public static async Task<Outcome<Done>> ForgotAsync(ForgotRequest request, UserManager<User> users, GuichetDbContext db, IClock clock, IOptions<MailOptions> mail, ResetMailLimiter limiter, HttpContext http, CancellationToken ct)
    {
        // The answer is the same whether or not the address exists: nobody learns who has an account. So is the
        // limit per address typed: a mailbox gets a few reset mails an hour, however many requests ask for one.
        var email = request.Email?.Trim() ?? "";
        if (email.Length is > 0 and <= 256 && limiter.Wait(email) is { } wait)
        {
            http.Response.Headers.RetryAfter = RateLimits.RetryAfterSeconds(wait);
            return Failure.TooMany(RateLimits.TooManyCode, "Trop de demandes de réinitialisation pour cette adresse : patientez avant d'en faire une nouvelle, ou utilisez le code du dernier message reçu.");
        }

        // A deactivated account gets no mail: a reset would not reopen it (see AccountStatus).
        if (email.Length is > 0 and <= 256 && TextInput.IsClean(email) && await users.FindByEmailAsync(email) is { } user && user.Email is not null
            && !AccountStatus.IsDeactivated(user))
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var link = mail.Value.Link($"{ResetPagePath}?email={Uri.EscapeDataString(user.Email)}&code={Uri.EscapeDataString(token)}");
            db.Outbox.Add(new OutboxMessage
            {
                To = user.Email,
                Subject = "Guichet : réinitialisation de votre mot de passe",
                Body = ResetMailBody(user.DisplayName, token, link),
                CreatedAt = clock.GetCurrentInstant(),
            });
            await db.SaveChangesAsync(ct);
        }

        return Done.Value;
    }

    /// <summary>The web page where a reset code is used (the mail links to it with the address and the code).</summary>
    public const string ResetPagePath = "/mot-de-passe/reinitialiser";

    // The code comes before the link: the code is what a user types when the link does not open.
    private static string ResetMailBody(string displayName, string code, string link) =>
        $"""
        Bonjour{(string.IsNullOrWhiteSpace(displayName) ? "" : " " + displayName)},

        Une réinitialisation du mot de passe de votre compte Guichet a été demandée pour cette adresse.

        Pour choisir un nouveau mot de passe, saisissez ce code sur la page de réinitialisation de Guichet :

        {code}

        ou ouvrez directement ce lien, qui contient déjà votre adresse et le code :

        {link}

        Le code expire dans 1 heure et ne sert qu'une fois.

        Si vous n'avez pas demandé cette réinitialisation, ignorez ce message : votre mot de passe actuel reste valable.

        --
        Guichet
        """;

    public static async Task<Outcome<Done>> ResetAsync(ResetRequest request, UserManager<User> users, GuichetDbContext db, IClock clock, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrWhiteSpace(request.Token) || string.IsNullOrEmpty(request.NewPassword))
        {
            return Failure.Invalid("token", "Adresse, code et nouveau mot de passe sont requis.");
        }

        if (request.NewPassword.Length > MaxPasswordLength)
        {
            return Failure.Invalid("newPassword", $"Le mot de passe ne peut dépasser {MaxPasswordLength} caractères.");
        }

        var invalid = InvalidToken;
        var email = request.Email.Trim();
        var user = email.Length <= 256 && TextInput.IsClean(email) && request.Token.Length <= 2000 ? await users.FindByEmailAsync(email) : null;
        if (user is null || AccountStatus.IsDeactivated(user))
        {
            // A code sent before the deactivation does not reopen the account (the reset below lifts a lockout).
            return invalid;
        }

        var result = await users.ResetPasswordAsync(user, request.Token.Trim(), request.NewPassword);
        if (!result.Succeeded)
        {
            return result.Errors.Any(e => e.Code == "InvalidToken") ? invalid : IdentityFailure(result);
        }

        var now = clock.GetCurrentInstant();
        user.MustChangePassword = false;
        user.PasswordChangedAt = now;
        await users.UpdateAsync(user);
        await users.ResetAccessFailedCountAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        await ApiTokens.RevokeAllAsync(db, user.Id, now, keep: null, ct);
        return Done.Value;
    }

    /// <summary>Whether <paramref name="user"/> must choose a new password (see <see cref="Caller.PasswordChangeRequired"/>).</summary>
    public static async Task<bool> PasswordChangeRequiredAsync(GuichetDbContext db, User user, Instant now, CancellationToken ct)
    {
        var maxAge = user.OrganisationId is { } orgId
            ? await db.Contracts.Where(c => c.OrganisationId == orgId).MinAsync(c => c.PasswordMaxAgeDays, ct)
            : null;
        return Caller.PasswordChangeRequired(user, maxAge, now);
    }

    public static Failure IdentityFailure(IdentityResult result) =>
        Failure.Invalid(new Dictionary<string, string[]> { ["newPassword"] = [.. result.Errors.Select(e => e.Description)] });

    /// <summary>A wrong, expired or used reset code: 400 with its own code, as the API always answered.</summary>
    private static readonly Failure InvalidToken = new(FailureKind.Invalid, "invalid_token", "Ce code de réinitialisation n'est pas valide ou a expiré.");
}
