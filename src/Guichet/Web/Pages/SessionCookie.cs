using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Guichet.Web.Pages;

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
