using System.Net;
using System.Text.RegularExpressions;
using Guichet.Tests.Api;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Guichet.Tests.Portal;

/// <summary>A page session (cookie) for a user of the test world, signed in through the sign-in form.</summary>
internal static partial class PortalClient
{
    public static async Task<HttpClient> SignInAsync(GuichetApp app, string email)
    {
        // The privacy notice is acknowledged, so pages open directly.
        await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).ExecuteUpdateAsync(u => u.SetProperty(x => x.PrivacyAcknowledgedAt, app.Clock.GetCurrentInstant())));
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync("/connexion");
        var token = TokenPattern().Match(form).Groups[1].Value;
        var response = await client.PostAsync("/connexion", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = GuichetApp.Password,
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>Posts a form of the page at <paramref name="url"/> (its antiforgery token included).</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, string action, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(url);
        fields["__RequestVerificationToken"] = TokenPattern().Match(page).Groups[1].Value;
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
