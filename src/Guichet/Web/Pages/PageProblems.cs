using System.Security.Claims;
using Guichet.Data;
using Guichet.Features.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Guichet.Web.Pages;

/// <summary>
/// Pages call the same use cases as the API, which answer with ProblemDetails: this puts their French messages
/// into the form's errors, on the field they name.
/// </summary>
internal static class PageProblems
{
    /// <summary>The HTTP status of a use case's answer (200 for a success).</summary>
    public static int Status(IResult result) => result switch
    {
        ProblemHttpResult p => p.StatusCode,
        ValidationProblem v => v.StatusCode,
        IStatusCodeHttpResult s => s.StatusCode ?? 200,
        _ => 200,
    };

    public static bool IsSuccess(IResult result) => Status(result) is >= 200 and < 300;

    /// <summary>The value of a field's <c>aria-invalid</c> attribute: "true" when the form has an error for it, else none.</summary>
    public static string? AriaInvalid(this ModelStateDictionary state, string field) =>
        state.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? "true" : null;

    /// <summary>Adds the problem's messages to the form; <paramref name="fields"/> maps API field names to the page's.</summary>
    public static void AddTo(ModelStateDictionary state, IResult problem, IReadOnlyDictionary<string, string>? fields = null)
    {
        // Results.ValidationProblem answers a ProblemHttpResult whose details carry the errors by field.
        var errors = problem switch
        {
            ValidationProblem v => v.ProblemDetails.Errors,
            ProblemHttpResult { ProblemDetails: HttpValidationProblemDetails d } => d.Errors,
            _ => null,
        };
        if (errors is not null)
        {
            foreach (var (field, messages) in errors)
            {
                var key = fields is not null && fields.TryGetValue(field, out var mapped) ? mapped : "";
                foreach (var message in messages)
                {
                    state.AddModelError(key, message);
                }
            }

            return;
        }

        switch (problem)
        {
            case ProblemHttpResult p:
                state.AddModelError("", string.Join(" ", new[] { p.ProblemDetails.Title, p.ProblemDetails.Detail }.Where(t => !string.IsNullOrEmpty(t))));
                break;
            default:
                state.AddModelError("", "L'opération n'a pas abouti.");
                break;
        }
    }
}

/// <summary>The page session's cookie.</summary>
internal static class SessionCookie
{
    public static async Task SignInAsync(HttpContext http, User user)
    {
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()), new Claim(Caller.StampClaim, user.SecurityStamp ?? "")],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
    }

    /// <summary>After a password change: this session continues with the account's new security stamp.</summary>
    public static async Task RenewAsync(HttpContext http, UserManager<User> users, Guid userId)
    {
        if (await users.FindByIdAsync(userId.ToString()) is { } user)
        {
            await SignInAsync(http, user);
        }
    }
}
