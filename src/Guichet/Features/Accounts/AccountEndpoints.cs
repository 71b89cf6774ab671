using Guichet.Features.Mail;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guichet.Features.Accounts;

/// <summary>Sign-in, passwords, API tokens and <c>/me</c> under <c>/api/v1</c>: each maps one use case to HTTP.</summary>
internal static class AccountEndpoints
{
    public sealed record LoginRequest(string? Email, string? Password);

    public sealed record LoginResponse(string Token, bool MustChangePassword);

    public static void Map(RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").AllowAnonymous();
        auth.MapPost("/login", LoginAsync).RequireRateLimiting(RateLimits.SignIn);
        auth.MapPost("/forgot-password", async Task<Results<Accepted, ProblemHttpResult>> (Passwords.ForgotRequest request, UserManager<User> users, GuichetDbContext db, IClock clock, IOptions<MailOptions> mail, ResetMailLimiter limiter, HttpContext http, CancellationToken ct) =>
            (await Passwords.ForgotAsync(request, users, db, clock, mail, limiter, http, ct)).Failure is { } failure ? failure.ToProblem() : TypedResults.Accepted((string?)null))
            .RequireRateLimiting(RateLimits.PasswordReset);
        auth.MapPost("/reset-password", async Task<Results<NoContent, ProblemHttpResult>> (Passwords.ResetRequest request, UserManager<User> users, GuichetDbContext db, IClock clock, CancellationToken ct) =>
            (await Passwords.ResetAsync(request, users, db, clock, ct)).ToNoContent());

        api.MapGet("/me", async Task<Ok<MeView>> (Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct) =>
            TypedResults.Ok(await Me.ViewAsync(caller, db, clock, ct))).AllowedBeforePasswordChange();
        api.MapPost("/me/password", async Task<Results<NoContent, ProblemHttpResult>> (Passwords.ChangePasswordRequest request, Caller caller, UserManager<User> users, GuichetDbContext db, IClock clock, HttpContext http, CancellationToken ct) =>
            (await Passwords.ChangeAsync(request, caller.Id, ApiTokens.CurrentTokenId(http.User), users, db, clock, ct)).ToNoContent()).AllowedBeforePasswordChange();
        api.MapGet("/me/tokens", async Task<Ok<TokenView[]>> (Caller caller, GuichetDbContext db, CancellationToken ct) =>
            TypedResults.Ok(await PersonalTokens.ListAsync(caller, db, ct)));
        api.MapPost("/me/tokens", async Task<Results<Ok<TokenCreated>, ProblemHttpResult>> (PersonalTokens.TokenRequest request, Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct) =>
            (await PersonalTokens.CreateAsync(request, caller, db, clock, ct)).ToOk());
        api.MapDelete("/me/tokens/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct) =>
            (await PersonalTokens.RevokeAsync(id, caller, db, clock, ct)).ToNoContent()).AllowedBeforePasswordChange();
    }

    private static async Task<Results<Ok<LoginResponse>, ProblemHttpResult>> LoginAsync(LoginRequest request, UserManager<User> users, GuichetDbContext db, IClock clock, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        if (await Passwords.CheckCredentialsAsync(request.Email, request.Password, users, db, now) is not { } user)
        {
            // Not a use case's failure: the API's own answer to bad credentials (pages show the same message on the form).
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: Passwords.SignInFailed, extensions: new Dictionary<string, object?> { ["code"] = "invalid_credentials" });
        }

        var token = await ApiTokens.CreateAsync(db, user.Id, "Connexion", now, now + ApiTokens.SignInLifetime, ct);
        var mustChange = await Passwords.PasswordChangeRequiredAsync(db, user, now, ct);
        return TypedResults.Ok(new LoginResponse(token, mustChange));
    }
}
