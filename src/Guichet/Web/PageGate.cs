using Guichet.Features.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using NodaTime;

namespace Guichet.Web;

/// <summary>Pages a signed-in user may open before choosing a new password and acknowledging the privacy notice.</summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class BeforeAccountSetupAttribute : Attribute;

/// <summary>
/// Before any page: a signed-in user whose session no longer matches their account (password changed elsewhere,
/// account removed) is signed out; one who must change their password goes to that page first, then to the
/// privacy notice if not yet acknowledged [SPEC §5].
/// </summary>
internal sealed class PageGate : IAsyncPageFilter
{
    public const string ChangePasswordPath = "/mot-de-passe/changer";

    public const string PrivacyPath = "/confidentialite";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        // The error page reads nothing from the database: it must show when the database cannot be reached.
        if (http.User.Identity?.IsAuthenticated != true || context.HandlerInstance is Features.Home.ErrorModel)
        {
            await next();
            return;
        }

        var caller = await Caller.BindAsync(http);
        if (caller is null)
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            context.Result = new RedirectResult("/connexion");
            return;
        }

        if (context.ActionDescriptor.ModelTypeInfo?.IsDefined(typeof(BeforeAccountSetupAttribute), inherit: false) != true
            && context.HandlerInstance.GetType().IsDefined(typeof(BeforeAccountSetupAttribute), inherit: false) != true)
        {
            var now = http.RequestServices.GetRequiredService<IClock>().GetCurrentInstant();
            if (caller.MustChangePassword(now))
            {
                context.Result = new RedirectResult(ChangePasswordPath);
                return;
            }

            if (caller.User.PrivacyAcknowledgedAt is null)
            {
                context.Result = new RedirectResult(PrivacyPath);
                return;
            }
        }

        await next();
    }
}
