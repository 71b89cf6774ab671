namespace Guichet.Features.Accounts;

/// <summary>
/// The accounts of the provider's systems (the telephony, the backup tooling): staff accounts holding one machine role
/// alone, no password, used through an API token that does one thing.
/// </summary>
internal static class MachineAccounts
{
    /// <summary>A machine role, its one route and how a request outside it is refused.</summary>
    public sealed record Fence(StaffRoles Role, string PushPath, string Code, string Title, string AddressPrefix);

    public static readonly Fence Telephony = new(StaffRoles.Telephony, "/api/v1/calls", "telephony_only", "Ce compte de téléphonie ne sert qu'à envoyer des appels.", "telephonie");

    public static readonly Fence Backup = new(StaffRoles.Backup, "/api/v1/backups/runs", "backup_only", "Ce compte de sauvegarde ne sert qu'à envoyer des sauvegardes.", "sauvegarde");

    public static readonly IReadOnlyList<Fence> All = [Telephony, Backup];

    /// <summary>The account of <paramref name="fence"/>'s role named <paramref name="name"/>, created when missing (its address is made from the name).</summary>
    public static async Task<User> EnsureAsync(GuichetDbContext db, UserManager<User> users, Fence fence, string name, Instant now, CancellationToken ct)
    {
        var slug = new string([.. name.ToLowerInvariant().Normalize(System.Text.NormalizationForm.FormD).Where(char.IsAsciiLetterOrDigit)]);
        var email = $"{fence.AddressPrefix}-{(slug.Length == 0 ? "standard" : slug[..Math.Min(slug.Length, 40)])}@{fence.AddressPrefix}.invalid";
        var normalised = email.ToUpperInvariant();
        if (await db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == normalised, ct) is { } known)
        {
            return known.Roles.HasFlag(fence.Role)
                ? known
                : throw new InvalidOperationException($"{email} exists and does not hold that role.");
        }

        var user = new User
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = name,
            Kind = UserKind.Staff,
            Roles = fence.Role,
            CreatedAt = now,
            PasswordChangedAt = now,
            PrivacyAcknowledgedAt = now,
        };
        var created = await users.CreateAsync(user);
        return created.Succeeded
            ? user
            : throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
    }
}

/// <summary>
/// Keeps a machine account to its one route: after authentication and authorisation, any other request made with it
/// is refused — 403 with the role's code on the API (<c>telephony_only</c>, <c>backup_only</c>), 404 on a page —
/// before any endpoint runs.
/// </summary>
internal static class MachineAccountFence
{
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        // The error pages are left alone: they are what a failed request is re-executed as (the database down, say),
        // and reading the caller again there would fail the error page too.
        if (context.User.Identity?.IsAuthenticated == true
            && !context.Request.Path.StartsWithSegments("/erreur")
            && await Caller.BindAsync(context) is { IsStaff: true } caller
            && MachineAccounts.All.FirstOrDefault(f => caller.User.Roles.HasFlag(f.Role)) is { } fence
            && !(HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals(fence.PushPath, StringComparison.OrdinalIgnoreCase)))
        {
            var result = context.Request.Path.StartsWithSegments("/api")
                ? Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: fence.Title, extensions: new Dictionary<string, object?> { ["code"] = fence.Code })
                : Results.NotFound();
            await result.ExecuteAsync(context);
            return;
        }

        await next(context);
    }
}
