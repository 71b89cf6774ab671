using Guichet.Features.Contracts;
using Guichet.Features.Portal;
using Guichet.Features.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Guichet.Web;

/// <summary>
/// Who may open a group of pages. A signed-in caller the gate refuses gets a 404 (the page's existence is not
/// revealed), whatever the method and handler; a GET may instead be sent to the caller's own version of the page
/// (<see cref="ElsewhereOnGet"/>: a client opening the desk lands on their requests).
/// </summary>
internal sealed record Gate(string Name, Func<Caller, bool> Allows, string? ElsewhereOnGet = null)
{
    /// <summary>Whether the page still shows, without a caller, when the caller cannot be read (database down, disk full).</summary>
    public bool ShowsWithoutDatabase { get; init; }

    /// <summary>The error page: anyone; it shows (without the caller's menu) while the database cannot be read.</summary>
    public static readonly Gate ErrorPage = new("error-page", _ => true) { ShowsWithoutDatabase = true };

    /// <summary>Pages for visitors too (sign-in, password reset, invitation, errors, feeds read with a token).</summary>
    public static readonly Gate Anyone = new("anyone", _ => true);

    /// <summary>Any signed-in user; what they see is scoped by the page's queries (another organisation's rows are 404).</summary>
    public static readonly Gate SignedIn = new("signed-in", _ => true);

    public static readonly Gate Staff = new("staff", c => c.IsStaff);

    public static readonly Gate Admin = new("admin", c => c.IsAdmin);

    public static readonly Gate Client = new("client", c => c.IsClient);

    /// <summary>The référent of a client organisation.</summary>
    public static readonly Gate Referent = new("referent", c => c is { IsClient: true, User.IsReferent: true, User.OrganisationId: not null });

    /// <summary>A référent of a client organisation, or staff (their rows scoped by the page's queries).</summary>
    public static readonly Gate ReferentOrStaff = new("referent-or-staff", c => c.IsStaff || Referent.Allows(c));

    /// <summary>Staff who edit contract terms: administrators and account managers.</summary>
    public static readonly Gate ContractEditors = new("contract-editors", ContractAccess.MayEditTerms);

    /// <summary>Staff who publish news and schedule services: administrators, pole managers and account managers.</summary>
    public static readonly Gate PortalEditors = new("portal-editors", c => PortalRules.IsEditor(c));

    /// <summary>Staff who decide the référents' user requests: administrators and account managers.</summary>
    public static readonly Gate Reviewers = new("reviewers", c => DecideUserRequest.IsReviewer(c));

    /// <summary>The desk for staff; a client's GET goes to their requests.</summary>
    public static readonly Gate StaffElseRequests = Staff with { ElsewhereOnGet = "/demandes" };

    /// <summary>The client's home and requests; a staff member's GET goes to the desk.</summary>
    public static readonly Gate ClientElseDesk = Client with { ElsewhereOnGet = "/bureau" };

    /// <summary>A new request is raised by a client; anyone else's GET goes home (staff: on to the desk).</summary>
    public static readonly Gate ClientElseHome = Client with { ElsewhereOnGet = "/" };
}

/// <summary>
/// The gates of every page, by folder (a path ending in "/") or by page, under <c>Features/</c>: the most specific
/// entry wins. A page with no entry stops the application at startup, so a new page cannot be left open by omission.
/// </summary>
internal sealed class PageGates : IPageApplicationModelConvention
{
    public static readonly IReadOnlyDictionary<string, Gate> ByPath = new Dictionary<string, Gate>(StringComparer.Ordinal)
    {
        ["/Accounts/Pages/SignIn"] = Gate.Anyone,
        ["/Accounts/Pages/SignOut"] = Gate.Anyone,
        ["/Accounts/Pages/Forgot"] = Gate.Anyone,
        ["/Accounts/Pages/Reset"] = Gate.Anyone,
        ["/Accounts/Pages/PrivacyPolicy"] = Gate.Anyone,
        ["/Accounts/Pages/ChangePassword"] = Gate.SignedIn,
        ["/Accounts/Pages/Privacy"] = Gate.SignedIn,
        ["/Home/Error"] = Gate.ErrorPage,
        ["/Home/Index"] = Gate.ClientElseDesk,
        ["/Users/Pages/Invitation"] = Gate.Anyone,
        ["/Portal/Pages/FeedNews"] = Gate.Anyone,
        ["/Portal/Pages/FeedServices"] = Gate.Anyone,
        ["/Notifications/Pages/Unsubscribe"] = Gate.Anyone,

        ["/Admin/Pages/"] = Gate.Admin,
        ["/Documentation/Pages/Admin"] = Gate.Admin,
        ["/Faq/Pages/AdminFaq"] = Gate.Admin,
        ["/Faq/Pages/AdminFaqEdit"] = Gate.Admin,
        ["/Faq/Pages/AdminReleaseNote"] = Gate.Admin,
        ["/Portal/Pages/AdminTools"] = Gate.Admin,
        ["/Portal/Pages/AdminToolEdit"] = Gate.Admin,

        ["/Portal/Pages/AdminNews"] = Gate.PortalEditors,
        ["/Portal/Pages/AdminNewsEdit"] = Gate.PortalEditors,
        ["/Portal/Pages/AdminServices"] = Gate.PortalEditors,
        ["/Portal/Pages/AdminServiceEdit"] = Gate.PortalEditors,
        ["/Users/Pages/Review"] = Gate.Reviewers,

        ["/Contracts/Pages/"] = Gate.Staff,
        ["/Contracts/Pages/Edit"] = Gate.ContractEditors,
        ["/Contracts/Pages/Portal"] = Gate.Client,
        ["/Sla/Pages/"] = Gate.Staff,
        ["/Mail/Pages/"] = Gate.Staff,
        ["/Tickets/Pages/Desk"] = Gate.StaffElseRequests,
        ["/Tickets/Pages/Call"] = Gate.Staff,
        ["/Releases/Pages/Manage"] = Gate.Staff,
        ["/Releases/Pages/Upcoming"] = Gate.SignedIn,
        ["/Calls/Pages/"] = Gate.Staff,
        ["/Backups/Pages/"] = Gate.Staff,
        ["/Backups/Pages/Portal"] = Gate.Referent,
        ["/Availability/Pages/"] = Gate.Staff,
        ["/Probes/Pages/"] = Gate.Staff,
        ["/Availability/Pages/Status"] = Gate.Client,
        ["/Availability/Pages/Outage"] = Gate.SignedIn,
        ["/Crisis/Pages/"] = Gate.Staff,
        ["/Crisis/Pages/Portal"] = Gate.Referent,
        ["/Reports/Pages/"] = Gate.Staff,
        ["/ProductionReports/Pages/"] = Gate.ReferentOrStaff,
        ["/Remote/Pages/Remote"] = Gate.SignedIn,

        ["/Tickets/Pages/PortalList"] = Gate.ClientElseDesk,
        ["/Tickets/Pages/PortalNew"] = Gate.ClientElseHome,

        ["/Statistics/Pages/"] = Gate.Referent,
        ["/Portal/Pages/Feeds"] = Gate.Referent,
        ["/Portal/Pages/Services"] = Gate.Referent,
        ["/Users/Pages/Organisation"] = Gate.Referent,
        ["/Users/Pages/AddRequest"] = Gate.Referent,
        ["/Notifications/Pages/OrganisationDefaults"] = Gate.Referent,

        ["/Tickets/Pages/Detail"] = Gate.SignedIn,
        ["/Documentation/Pages/"] = Gate.SignedIn,
        ["/Faq/Pages/"] = Gate.SignedIn,
        ["/Portal/Pages/"] = Gate.SignedIn,
        ["/Users/Pages/Account"] = Gate.SignedIn,
        ["/Notifications/Pages/Preferences"] = Gate.SignedIn,
    };

    /// <summary>The gate of a page (its path under <c>Features/</c>, without extension), or null when none is declared.</summary>
    public static Gate? For(string viewEnginePath)
    {
        if (ByPath.TryGetValue(viewEnginePath, out var gate))
        {
            return gate;
        }

        for (var end = viewEnginePath.LastIndexOf('/'); end > 0; end = viewEnginePath.LastIndexOf('/', end - 1))
        {
            if (ByPath.TryGetValue(viewEnginePath[..(end + 1)], out gate))
            {
                return gate;
            }
        }

        return null;
    }

    public void Apply(PageApplicationModel model)
    {
        var gate = For(model.ViewEnginePath)
            ?? throw new InvalidOperationException($"The page {model.ViewEnginePath} has no access gate: declare who may open it in {nameof(PageGates)}.{nameof(ByPath)}.");
        model.Filters.Add(new GateFilter(gate));
    }

    /// <summary>
    /// Runs before every other filter (the antiforgery check would otherwise answer 400 to a refused post, revealing
    /// the page): loads the caller once for the request, ends a session whose account changed, applies the gate.
    /// </summary>
    private sealed class GateFilter(Gate gate) : IAsyncAuthorizationFilter, IOrderedFilter
    {
        public int Order => int.MinValue;

        public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
        {
            var http = context.HttpContext;
            if (http.User.Identity?.IsAuthenticated != true)
            {
                // Visitors reach only the anonymous pages: the others answer with the sign-in redirect before any filter.
                return;
            }

            Caller? caller;
            try
            {
                caller = await Caller.BindAsync(http);
            }
            catch (Exception e) when (gate.ShowsWithoutDatabase && FaultProblems.Classify(e) is not null)
            {
                return;
            }

            if (caller is null)
            {
                await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                context.Result = new RedirectResult("/connexion");
                return;
            }

            if (!gate.Allows(caller))
            {
                context.Result = gate.ElsewhereOnGet is { } elsewhere && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
                    ? new RedirectResult(elsewhere)
                    : new NotFoundResult();
            }
        }
    }
}
