using Guichet.Tests.Api;

namespace Guichet.Tests.Web;

/// <summary>The provider's name as a setting (issue 15): it heads every page, names it in the title, and "Guichet" stays by default.</summary>
public sealed class ProviderNameApp() : GuichetApp(postgres: false, () => new Dictionary<string, string?> { ["Guichet:ProviderName"] = "Atelier Numerique Test", ["Guichet:LogoFile"] = LogoFile })
{
    /// <summary>A small SVG logo written for the test.</summary>
    public static readonly string LogoFile = WriteLogo();

    private static string WriteLogo()
    {
        var path = Path.Combine(Path.GetTempPath(), $"guichet-logo-{Guid.NewGuid():N}.svg");
        File.WriteAllText(path, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><rect width=\"10\" height=\"10\" fill=\"#1f5fa8\"/></svg>");
        return path;
    }
}

public sealed class ProviderNameTests(ProviderNameApp named) : IClassFixture<ProviderNameApp>
{
    [Fact]
    public async Task The_provider_s_name_heads_the_pages_and_Guichet_is_the_default()
    {
        var page = await named.As(null).GetStringAsync("/connexion");
        Assert.Contains("<a class=\"brand\" href=\"/\"><img src=\"/logo\" alt=\"\" height=\"32\">Atelier Numerique Test</a>", page, StringComparison.Ordinal);
        Assert.Contains("— Atelier Numerique Test</title>", page, StringComparison.Ordinal);
        Assert.Contains("<link rel=\"icon\" href=\"/static/favicon.svg\"", page, StringComparison.Ordinal);

        // The logo, for anyone (the sign-in page shows it), as the file it is, and an SVG runs nothing on its own.
        var logo = await named.As(null).GetAsync("/logo");
        Assert.Equal(System.Net.HttpStatusCode.OK, logo.StatusCode);
        Assert.Equal("image/svg+xml", logo.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllBytesAsync(ProviderNameApp.LogoFile), await logo.Content.ReadAsByteArrayAsync());
        Assert.Contains("sandbox", logo.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }
}

public sealed class DefaultProviderNameTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task Without_the_setting_the_pages_say_Guichet()
    {
        var page = await app.As(null).GetStringAsync("/connexion");
        Assert.Contains("<a class=\"brand\" href=\"/\">Guichet</a>", page, StringComparison.Ordinal);
        Assert.Contains("— Guichet</title>", page, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await app.As(null).GetAsync("/logo")).StatusCode);
    }
}
