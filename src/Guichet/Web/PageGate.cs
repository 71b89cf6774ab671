using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Guichet.Web;

/// <summary>Pages a signed-in user may open before choosing a new password and acknowledging the privacy notice.</summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class BeforeAccountSetupAttribute : Attribute;

/// <summary>
/// Before any page handler: a request no handler of the page answers (a post to a page that only shows) is a 404
/// rather than the page rendered without its data; a signed-in user whose session no longer matches their account
/// (password changed elsewhere, account removed) is signed out; one who must change their password goes to that page
/// first, then to the privacy notice if not yet acknowledged [SPEC §5]. Who may open a page is its gate's
/// (<see cref="PageGates"/>), checked before this.
/// </summary>
internal sealed class PageGate : IAsyncPageFilter
{
    public const string ChangePasswordPath = "/mot-de-passe/changer";

    public const string PrivacyPath = "/confidentialite";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        if (context.HandlerMethod is null && !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
        {
            context.Result = new NotFoundResult();
            return;
        }

        // The error page reads nothing from the database: it must show when the database cannot be reached.
        if (http.User.Identity?.IsAuthenticated != true || context.HandlerInstance is Features.Home.ErrorModel)
        {
            await next();
            return;
        }

        // A page reads several times (its list, the names it shows, the saved filters…): one connection for them all,
        // opened here and given back to the pool when the request's context ends, instead of one open and close per
        // query. The caller was bound before, by MachineAccountFence (read on a connection of its own when the session
        // cache does not hold it); BindAsync below finds it in the request's items.
        await http.RequestServices.GetRequiredService<GuichetDbContext>().Database.OpenConnectionAsync(http.RequestAborted);
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
