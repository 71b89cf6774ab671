namespace Guichet.Features.Accounts;

/// <summary>Marks an endpoint a user may call before choosing a new password (first login, renewal).</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
internal sealed class AllowedBeforePasswordChangeAttribute : Attribute;

/// <summary>
/// Until a user who must change their password has done so, every API endpoint but <c>/me</c>, the password
/// change and token revocation answers 403 <c>password_change_required</c>.
/// </summary>
internal static class PasswordChangeGate
{
    public static RouteHandlerBuilder AllowedBeforePasswordChange(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new AllowedBeforePasswordChangeAttribute());

    public static RouteGroupBuilder RequirePasswordUpToDate(this RouteGroupBuilder group) =>
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var endpoint = http.GetEndpoint();
            if (endpoint?.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null
                || endpoint?.Metadata.GetMetadata<AllowedBeforePasswordChangeAttribute>() is not null)
            {
                return await next(context);
            }

            var caller = await Caller.BindAsync(http);
            if (caller is null)
            {
                return Problems.Problem(StatusCodes.Status401Unauthorized, "unauthorized", "Authentification requise.");
            }

            var now = http.RequestServices.GetRequiredService<IClock>().GetCurrentInstant();
            if (caller.MustChangePassword(now))
            {
                return Problems.Forbidden("password_change_required", "Choisissez un nouveau mot de passe avant de continuer.");
            }

            return await next(context);
        });
}
