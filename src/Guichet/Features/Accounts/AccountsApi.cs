using Guichet.Data;
using Guichet.Domain.Calendars;
using Guichet.Features.Mail;
using Guichet.Features.Tickets;
using Guichet.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Guichet.Features.Accounts;

/// <summary>Sign-in, passwords, API tokens and <c>/me</c>.</summary>
internal static class AccountsApi
{
    public sealed record LoginRequest(string? Email, string? Password);

    public sealed record LoginResponse(string Token, bool MustChangePassword);

    public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

    public sealed record ForgotRequest(string? Email);

    public sealed record ResetRequest(string? Email, string? Token, string? NewPassword);

    public sealed record TokenRequest(string? Name);

    public static void Map(RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").AllowAnonymous();
        auth.MapPost("/login", LoginAsync).RequireRateLimiting(RateLimits.SignIn);
        auth.MapPost("/forgot-password", ForgotAsync).RequireRateLimiting(RateLimits.PasswordReset);
        auth.MapPost("/reset-password", ResetAsync);

        api.MapGet("/me", MeAsync).AllowedBeforePasswordChange();
        api.MapPost("/me/password", ChangeOwnPasswordAsync).AllowedBeforePasswordChange();
        api.MapGet("/me/tokens", ListTokensAsync);
        api.MapPost("/me/tokens", CreateTokenAsync);
        api.MapDelete("/me/tokens/{id:guid}", RevokeTokenAsync).AllowedBeforePasswordChange();
    }

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

    private static async Task<IResult> LoginAsync(LoginRequest request, UserManager<User> users, GuichetDbContext db, IClock clock, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        if (await CheckCredentialsAsync(request.Email, request.Password, users, db, now) is not { } user)
        {
            return Problems.Problem(StatusCodes.Status401Unauthorized, "invalid_credentials", SignInFailed);
        }

        var token = await ApiTokens.CreateAsync(db, user.Id, "Connexion", now, now + ApiTokens.SignInLifetime, ct);
        var mustChange = await PasswordChangeRequiredAsync(db, user, now, ct);
        return Results.Ok(new LoginResponse(token, mustChange));
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

    private static async Task<IResult> ChangeOwnPasswordAsync(ChangePasswordRequest request, Caller caller, UserManager<User> users, GuichetDbContext db, IClock clock, HttpContext http, CancellationToken ct) =>
        await ChangePasswordAsync(request, caller.Id, ApiTokens.CurrentTokenId(http.User), users, db, clock, ct) ?? Results.NoContent();

    /// <summary>
    /// Changes a user's password (API and pages): null when done, otherwise the problem. Every API token of the user
    /// but <paramref name="keepToken"/> is revoked, and the new security stamp ends the user's other page sessions.
    /// </summary>
    public static async Task<IResult?> ChangePasswordAsync(ChangePasswordRequest request, Guid userId, Guid? keepToken, UserManager<User> users, GuichetDbContext db, IClock clock, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(request.CurrentPassword) || string.IsNullOrEmpty(request.NewPassword))
        {
            return Problems.Validation("newPassword", "Le mot de passe actuel et le nouveau sont requis.");
        }

        if (request.NewPassword.Length > MaxPasswordLength)
        {
            return Problems.Validation("newPassword", $"Le mot de passe ne peut dépasser {MaxPasswordLength} caractères.");
        }

        if (request.CurrentPassword == request.NewPassword)
        {
            return Problems.Validation("newPassword", "Le nouveau mot de passe doit être différent de l'actuel.");
        }

        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return Problems.NotFound("utilisateur");
        }

        // Guesses of the current password count towards the lockout as failed sign-ins do.
        var now = clock.GetCurrentInstant();
        if (IsLockedOut(user, now) || request.CurrentPassword.Length > MaxPasswordLength || !await users.CheckPasswordAsync(user, request.CurrentPassword))
        {
            if (!IsLockedOut(user, now))
            {
                await CountFailureAsync(users, db, user, now);
            }

            return Problems.Validation("currentPassword", "Le mot de passe actuel est incorrect.");
        }

        var result = await users.ChangePasswordAsync(user, request.CurrentPassword, request.NewPassword);
        if (!result.Succeeded)
        {
            return IdentityProblem(result);
        }

        user.MustChangePassword = false;
        user.PasswordChangedAt = now;
        await users.UpdateAsync(user);
        await users.ResetAccessFailedCountAsync(user);

        // Every other token of the user stops working: whoever held one does not keep access.
        await ApiTokens.RevokeAllAsync(db, user.Id, now, keep: keepToken, ct);
        return null;
    }

    internal static async Task<IResult> ForgotAsync(ForgotRequest request, UserManager<User> users, GuichetDbContext db, IClock clock, IOptions<MailOptions> mail, ResetMailLimiter limiter, HttpContext http, CancellationToken ct)
    {
        // The answer is the same whether or not the address exists: nobody learns who has an account. So is the
        // limit per address typed: a mailbox gets a few reset mails an hour, however many requests ask for one.
        var email = request.Email?.Trim() ?? "";
        if (email.Length is > 0 and <= 256 && limiter.Wait(email) is { } wait)
        {
            http.Response.Headers.RetryAfter = RateLimits.RetryAfterSeconds(wait);
            return Problems.Problem(StatusCodes.Status429TooManyRequests, RateLimits.TooManyCode, "Trop de demandes de réinitialisation pour cette adresse : patientez avant d'en faire une nouvelle, ou utilisez le code du dernier message reçu.");
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

        return Results.Accepted();
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

    internal static async Task<IResult> ResetAsync(ResetRequest request, UserManager<User> users, GuichetDbContext db, IClock clock, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrWhiteSpace(request.Token) || string.IsNullOrEmpty(request.NewPassword))
        {
            return Problems.Validation("token", "Adresse, code et nouveau mot de passe sont requis.");
        }

        if (request.NewPassword.Length > MaxPasswordLength)
        {
            return Problems.Validation("newPassword", $"Le mot de passe ne peut dépasser {MaxPasswordLength} caractères.");
        }

        var invalid = Problems.Problem(StatusCodes.Status400BadRequest, "invalid_token", "Ce code de réinitialisation n'est pas valide ou a expiré.");
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
            return result.Errors.Any(e => e.Code == "InvalidToken") ? invalid : IdentityProblem(result);
        }

        var now = clock.GetCurrentInstant();
        user.MustChangePassword = false;
        user.PasswordChangedAt = now;
        await users.UpdateAsync(user);
        await users.ResetAccessFailedCountAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        await ApiTokens.RevokeAllAsync(db, user.Id, now, keep: null, ct);
        return Results.NoContent();
    }

    private static async Task<IResult> ListTokensAsync(Caller caller, GuichetDbContext db, CancellationToken ct)
    {
        var tokens = await db.ApiTokens.Where(t => t.UserId == caller.Id && t.RevokedAt == null)
            .OrderBy(t => t.CreatedAt)
            .Select(t => new { t.Id, t.Name, t.CreatedAt, t.LastUsedAt })
            .ToListAsync(ct);
        return Results.Ok(tokens.Select(t => new { t.Id, t.Name, createdAt = t.CreatedAt.ToString(), lastUsedAt = t.LastUsedAt?.ToString() }));
    }

    private static async Task<IResult> CreateTokenAsync(TokenRequest request, Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct)
    {
        var (name, error) = TextInput.Read(request.Name, 100, required: true, "Le nom du jeton");
        if (error is not null)
        {
            return Problems.Validation("name", error);
        }

        var token = await ApiTokens.CreateAsync(db, caller.Id, name!, clock.GetCurrentInstant(), ct);
        return Results.Ok(new { token, name });
    }

    private static async Task<IResult> RevokeTokenAsync(Guid id, Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct)
    {
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == id && t.UserId == caller.Id && t.RevokedAt == null, ct);
        if (token is null)
        {
            return Problems.NotFound("jeton");
        }

        token.RevokedAt = clock.GetCurrentInstant();
        await db.SaveChangesAsync(ct);
        return Results.NoContent();
    }

    private static async Task<IResult> MeAsync(Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct)
    {
        var user = caller.User;
        var organisation = user.OrganisationId is { } orgId ? await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == orgId, ct) : null;
        var products = new List<object>();
        if (organisation is not null)
        {
            var declared = caller.DeclaredProducts;
            var covered = await (from cp in db.ContractProducts
                                 join c in db.Contracts on cp.ContractId equals c.Id
                                 where c.OrganisationId == organisation.Id && declared.Contains(cp.ProductId)
                                 orderby c.StartsOn descending
                                 select new { c.Id, c.PresetId, c.Policy, cp.ProductId }).ToListAsync(ct);
            var productIds = covered.Select(c => c.ProductId).Distinct().ToList();
            var productRows = await db.Products.AsNoTracking().Include(p => p.Versions).Where(p => productIds.Contains(p.Id)).OrderBy(p => p.Name).ToListAsync(ct);
            var queues = await db.Queues.AsNoTracking().OrderBy(q => q.Name).Select(q => new { q.Id, q.Name }).ToListAsync(ct);
            foreach (var product in productRows)
            {
                var contract = covered.First(c => c.ProductId == product.Id);
                var preset = TicketClocks.Policy(contract.PresetId, contract.Policy);
                products.Add(new
                {
                    product.Id,
                    product.Name,
                    contractId = contract.Id,
                    preset = preset.Id,
                    versions = product.Versions.OrderByDescending(v => v.ReleasedOn).Select(v => new { v.Id, v.Number }),
                    queues,
                    serviceTypes = preset.ServiceTypes.Select(s => new { s.Id, s.Label }),
                    priorities = preset.Policy.Scheme.Levels.Select(l => new { l.Id, l.Label, l.Definition }),
                    defaultPriority = preset.DefaultPriority,
                });
            }
        }

        return Results.Ok(new
        {
            user = new
            {
                user.Id,
                user.DisplayName,
                user.Email,
                kind = user.Kind.ToString().ToLowerInvariant(),
                roles = caller.IsStaff ? RoleNames(user.Roles) : [],
                user.IsReferent,
                mustChangePassword = caller.MustChangePassword(clock.GetCurrentInstant()),
            },
            organisation = organisation is null ? null : new
            {
                organisation.Id,
                organisation.Name,
                organisation.Territory,
                timeZone = Territory.TryGet(organisation.Territory, out var t) ? t.ZoneId : null,
            },
            products,
        });
    }

    public static string[] RoleNames(StaffRoles roles) =>
        [.. Enum.GetValues<StaffRoles>().Where(r => r != StaffRoles.None && roles.HasFlag(r)).Select(r => r switch
        {
            StaffRoles.Agent => "agent",
            StaffRoles.PoleManager => "pole-manager",
            StaffRoles.AccountManager => "account-manager",
            StaffRoles.Supervisor => "supervisor",
            _ => "admin",
        })];

    /// <summary>Whether <paramref name="user"/> must choose a new password (see <see cref="Caller.PasswordChangeRequired"/>).</summary>
    public static async Task<bool> PasswordChangeRequiredAsync(GuichetDbContext db, User user, Instant now, CancellationToken ct)
    {
        var maxAge = user.OrganisationId is { } orgId
            ? await db.Contracts.Where(c => c.OrganisationId == orgId).MinAsync(c => c.PasswordMaxAgeDays, ct)
            : null;
        return Caller.PasswordChangeRequired(user, maxAge, now);
    }

    public static IResult IdentityProblem(IdentityResult result) =>
        Problems.Validation(new Dictionary<string, string[]> { ["newPassword"] = [.. result.Errors.Select(e => e.Description)] });
}
