using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Guichet.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Guichet.Features.Accounts;

/// <summary>
/// Personal API tokens: <c>gui_</c> followed by 32 random bytes in base64url. Only the SHA-256 of a token is
/// stored; a token carries its user's rights and no more, and a revoked token is refused (401).
/// </summary>
internal static class ApiTokens
{
    public const string SchemeName = "Bearer";
    private const string Prefix = "gui_";

    public static async Task<string> CreateAsync(GuichetDbContext db, Guid userId, string name, Instant now, CancellationToken ct = default)
    {
        var token = Prefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        db.ApiTokens.Add(new ApiToken { UserId = userId, Name = name, Hash = Hash(token), CreatedAt = now });
        await db.SaveChangesAsync(ct);
        return token;
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Authenticates <c>Authorization: Bearer gui_…</c>.</summary>
    internal sealed class Handler(
        IOptionsMonitor<AuthenticationSchemeOptions> options,
        ILoggerFactory logger,
        UrlEncoder encoder,
        GuichetDbContext db,
        IClock clock)
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

            var hash = Hash(token);
            var found = await db.ApiTokens.SingleOrDefaultAsync(t => t.Hash == hash && t.RevokedAt == null, Context.RequestAborted);
            if (found is null)
            {
                return AuthenticateResult.Fail("Unknown or revoked token.");
            }

            var now = clock.GetCurrentInstant();
            if (found.LastUsedAt is null || now - found.LastUsedAt.Value > Duration.FromMinutes(5))
            {
                found.LastUsedAt = now;
                await db.SaveChangesAsync(Context.RequestAborted);
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, found.UserId.ToString()), new Claim("token_id", found.Id.ToString())], SchemeName);
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
