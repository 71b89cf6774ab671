using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;

namespace Guichet.Features.Accounts;

/// <summary>
/// Personal API tokens: <c>gui_</c> followed by 32 random bytes in base64url. Only the SHA-256 of a token is
/// stored; a token carries its user's rights and no more, and a revoked token is refused (401).
/// </summary>
internal static class ApiTokens
{
    public const string SchemeName = "Bearer";
    private const string Prefix = "gui_";

    /// <summary>How long a token obtained by signing in lasts.</summary>
    public static readonly Duration SignInLifetime = Duration.FromHours(12);

    /// <summary>A personal token, valid until revoked.</summary>
    public static Task<string> CreateAsync(GuichetDbContext db, Guid userId, string name, Instant now, CancellationToken ct = default) =>
        CreateAsync(db, userId, name, now, expiresAt: null, ct);

    public static async Task<string> CreateAsync(GuichetDbContext db, Guid userId, string name, Instant now, Instant? expiresAt, CancellationToken ct)
    {
        var token = Prefix + HashedToken.NewSecret();
        db.ApiTokens.Add(new ApiToken { UserId = userId, Name = name, Hash = HashedToken.HashOf(token), CreatedAt = now, ExpiresAt = expiresAt });
        await db.SaveChangesAsync(ct);
        return token;
    }

    /// <summary>Revokes every token of a user but <paramref name="keep"/> (after a password change or reset).</summary>
    public static Task<int> RevokeAllAsync(GuichetDbContext db, Guid userId, Instant now, Guid? keep, CancellationToken ct) =>
        db.ApiTokens
            .Where(t => t.UserId == userId && t.RevokedAt == null && t.Id != keep)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.RevokedAt, now), ct);

    /// <summary>The id of the token the request was authenticated with.</summary>
    public static Guid? CurrentTokenId(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue("token_id"), out var id) ? id : null;

    /// <summary>What authenticating a token needs of its row and its user's (kept a moment in <see cref="SessionCache"/>).</summary>
    internal sealed record Row(Guid Id, Guid UserId, Instant? ExpiresAt, Instant? LastUsedAt, DateTimeOffset? LockoutEnd);

    /// <summary>The last use is recorded at most every five minutes.</summary>
    private static bool NeedsLastUse(Row row, Instant now) => row.LastUsedAt is null || now - row.LastUsedAt.Value > Duration.FromMinutes(5);

    // Read by every API request whose token is not kept (SessionCache): compiled once. The token, if not revoked,
    // with its user's lockout.
    private static readonly CompiledQuery<Func<GuichetDbContext, string, CancellationToken, Task<Row?>>> ReadRow = new(() => EF.CompileAsyncQuery(
        (GuichetDbContext db, string hash, CancellationToken ct) => (from t in db.ApiTokens
                                                                     join u in db.Users on t.UserId equals u.Id
                                                                     where t.Hash == hash && t.RevokedAt == null
                                                                     select new Row(t.Id, t.UserId, t.ExpiresAt, t.LastUsedAt, u.LockoutEnd)).SingleOrDefault()));

    /// <summary>Authenticates <c>Authorization: Bearer gui_…</c>.</summary>
    internal sealed class Handler(
        IOptionsMonitor<AuthenticationSchemeOptions> options,
        ILoggerFactory logger,
        UrlEncoder encoder,
        GuichetDbContext db,
        IClock clock,
        SessionCache cache)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var header = Request.Headers.Authorization.ToString();
            if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                return AuthenticateResult.NoResult();
            }

            var token = header["Bearer ".Length..].Trim();
            if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 100)
            {
                return AuthenticateResult.Fail("Malformed token.");
            }

            var hash = HashedToken.HashOf(token);
            var now = clock.GetCurrentInstant();
            if (!cache.TryGetToken(hash, out var row) || NeedsLastUse(row, now))
            {
                var version = SessionCache.VersionBeforeRead();
                var found = await ReadRow.For(db)(db, hash, Context.RequestAborted);
                if (found is null)
                {
                    return AuthenticateResult.Fail("Unknown, expired or revoked token.");
                }

                row = found;
                // A personal token (no expiry) records its last use as a sign-in token does.
                if (!(row.ExpiresAt <= now) && !(row.LockoutEnd > now.ToDateTimeOffset()) && NeedsLastUse(row, now))
                {
                    await db.ApiTokens.Where(t => t.Id == row.Id).ExecuteUpdateAsync(u => u.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);
                    row = row with { LastUsedAt = now }; // not kept (the write moved the version): read again by the next request
                }

                cache.PutToken(hash, row, version);
            }

            if (row.ExpiresAt <= now)
            {
                return AuthenticateResult.Fail("Unknown, expired or revoked token.");
            }

            // A locked-out account is locked out through its tokens too.
            if (row.LockoutEnd > now.ToDateTimeOffset())
            {
                return AuthenticateResult.Fail("Locked out.");
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, row.UserId.ToString()), new Claim("token_id", row.Id.ToString())], SchemeName);
            return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
        }

        protected override Task HandleChallengeAsync(AuthenticationProperties properties)
        {
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Problem(statusCode: 401, title: "Authentification requise.", extensions: new Dictionary<string, object?> { ["code"] = "unauthorized" })
                .ExecuteAsync(Context);
        }
    }
}
