using Guichet.Features.Accounts;
using Guichet.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guichet.Features.Calls;

/// <summary>The calls feature's wiring: its use cases, the unsuccessful-call mail job and the push endpoint.</summary>
internal static class CallsFeature
{
    public static IServiceCollection AddCalls(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<CallRecords>();
        services.AddScoped<UnsuccessfulCallMails>();
        return services.AddJob<UnsuccessfulCallMailService>(configuration);
    }

    /// <summary><c>POST /api/v1/calls</c>: 201 with the record when new, 200 when the call id was known (updated or unchanged).</summary>
    public static RouteGroupBuilder MapCalls(this RouteGroupBuilder api)
    {
        api.MapPost("/calls", async Task<Results<Created<CallView>, Ok<CallView>, ProblemHttpResult>> (CallInput input, Caller caller, CallRecords calls, CancellationToken ct) =>
        {
            if (!(await calls.PushAsync(caller, input, ct)).TryGet(out var pushed, out var failure))
            {
                return failure.ToProblem();
            }

            return pushed.Created
                ? TypedResults.Created($"/api/v1/calls/{Uri.EscapeDataString(pushed.Call.CallId)}", pushed.Call)
                : TypedResults.Ok(pushed.Call);
        });
        return api;
    }
}

/// <summary>
/// Keeps a telephony account to its one route: after authentication and authorisation, any other request made with
/// it is refused — 403 <c>telephony_only</c> on the API, 404 on a page — before any endpoint runs.
/// </summary>
internal static class TelephonyFence
{
    public const string PushPath = "/api/v1/calls";

    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        // The error pages are left alone: they are what a failed request is re-executed as (the database down, say),
        // and reading the caller again there would fail the error page too.
        if (context.User.Identity?.IsAuthenticated == true
            && !context.Request.Path.StartsWithSegments("/erreur")
            && !(HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals(PushPath, StringComparison.OrdinalIgnoreCase))
            && await Caller.BindAsync(context) is { IsTelephony: true })
        {
            var result = context.Request.Path.StartsWithSegments("/api")
                ? Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Ce compte de téléphonie ne sert qu'à envoyer des appels.", extensions: new Dictionary<string, object?> { ["code"] = "telephony_only" })
                : Results.NotFound();
            await result.ExecuteAsync(context);
            return;
        }

        await next(context);
    }
}

/// <summary>The telephony system's accounts: staff accounts holding only <see cref="StaffRoles.Telephony"/>, no password.</summary>
internal static class TelephonyAccounts
{
    /// <summary>The account named <paramref name="name"/>, created when missing (its address is made from the name).</summary>
    public static async Task<User> EnsureAsync(GuichetDbContext db, UserManager<User> users, string name, Instant now, CancellationToken ct)
    {
        var slug = new string([.. name.ToLowerInvariant().Normalize(System.Text.NormalizationForm.FormD).Where(char.IsAsciiLetterOrDigit)]);
        var email = $"telephonie-{(slug.Length == 0 ? "standard" : slug[..Math.Min(slug.Length, 40)])}@telephonie.invalid";
        var normalised = email.ToUpperInvariant();
        if (await db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == normalised, ct) is { } known)
        {
            return known.Roles.HasFlag(StaffRoles.Telephony)
                ? known
                : throw new InvalidOperationException($"{email} exists and is not a telephony account.");
        }

        var user = new User
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = name,
            Kind = UserKind.Staff,
            Roles = StaffRoles.Telephony,
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
