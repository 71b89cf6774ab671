using Microsoft.Playwright;

namespace Guichet.Browser.Tests;

/// <summary>
/// The accessibility check every browser test relies on (<see cref="Pages.AssertAccessibleAsync"/>) finds what it must:
/// a page with an image without alternative text and a field without a label fails it; the same page mended passes.
/// </summary>
public sealed class AccessibilityCheckTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_check_fails_on_a_missing_alternative_and_an_unlabelled_field_and_passes_once_mended()
    {
        // Two addresses of their own: the check runs once per page state (path and query names), as in the suite.
        var page = await app.NewPageAsync();
        var unique = $"{Guid.NewGuid():N}";
        await page.GotoAsync($"/connexion?controle-{unique}");
        await page.SetContentAsync($"""
            <!doctype html><html lang="fr"><head><title>Contrôle {unique}</title></head>
            <body><main><h1>Contrôle</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" id="logo-{unique}"><input type="text" id="nom-{unique}"></main></body></html>
            """);
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => page.AssertAccessibleAsync());
        Assert.Contains("image-alt", failure.Message, StringComparison.Ordinal);
        Assert.Contains("label", failure.Message, StringComparison.Ordinal);

        await page.GotoAsync($"/connexion?repare-{unique}");
        await page.SetContentAsync($"""
            <!doctype html><html lang="fr"><head><title>Contrôle réparé {unique}</title></head>
            <body><main><h1>Contrôle réparé</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="Logo"><label for="nom">Nom</label><input type="text" id="nom"><p>{unique}</p></main></body></html>
            """);
        await page.AssertAccessibleAsync();
    }
}
