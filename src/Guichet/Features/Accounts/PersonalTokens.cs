namespace Guichet.Features.Accounts;

/// <summary>A personal API token as its owner sees it (never the token itself, which only its creation shows).</summary>
internal sealed record TokenView(Guid Id, string Name, string CreatedAt, string? LastUsedAt);

/// <summary>A token just created: the only time its value is shown.</summary>
internal sealed record TokenCreated(string Token, string Name);

/// <summary>The caller's own API tokens: list, create, revoke.</summary>
internal static class PersonalTokens
{
    public sealed record TokenRequest(string? Name);

    public static async Task<TokenView[]> ListAsync(Caller caller, GuichetDbContext db, CancellationToken ct)
    {
        var tokens = await db.ApiTokens.Where(t => t.UserId == caller.Id && t.RevokedAt == null)
            .OrderBy(t => t.CreatedAt)
            .Select(t => new { t.Id, t.Name, t.CreatedAt, t.LastUsedAt })
            .ToListAsync(ct);
        return [.. tokens.Select(t => new TokenView(t.Id, t.Name, t.CreatedAt.ToString(), t.LastUsedAt?.ToString()))];
    }

    public static async Task<Outcome<TokenCreated>> CreateAsync(TokenRequest request, Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct)
    {
        var (name, error) = TextInput.Read(request.Name, 100, required: true, "Le nom du jeton");
        if (error is not null)
        {
            return Failure.Invalid("name", error);
        }

        var token = await ApiTokens.CreateAsync(db, caller.Id, name!, clock.GetCurrentInstant(), ct);
        return new TokenCreated(token, name!);
    }

    public static async Task<Outcome<Done>> RevokeAsync(Guid id, Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct)
    {
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == id && t.UserId == caller.Id && t.RevokedAt == null, ct);
        if (token is null)
        {
            return Failure.NotFound("jeton");
        }

        token.RevokedAt = clock.GetCurrentInstant();
        await db.SaveChangesAsync(ct);
        return Done.Value;
    }
}
