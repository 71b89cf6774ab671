using Guichet.Tests.Api;

namespace Guichet.Tests.Web;

/// <summary>The provider's name as a setting (issue 15): it heads every page, names it in the title, and "Guichet" stays by default.</summary>
public sealed class ProviderNameApp() : GuichetApp(postgres: false, () => new Dictionary<string, string?> { ["Guichet:ProviderName"] = "Atelier Numerique Test" });

public sealed class ProviderNameTests(ProviderNameApp named) : IClassFixture<ProviderNameApp>
{
    [Fact]
    public async Task The_provider_s_name_heads_the_pages_and_Guichet_is_the_default()
    {
        var page = await named.As(null).GetStringAsync("/connexion");
        Assert.Contains("<a class=\"brand\" href=\"/\">Atelier Numerique Test</a>", page, StringComparison.Ordinal);
        Assert.Contains("— Atelier Numerique Test</title>", page, StringComparison.Ordinal);
        Assert.Contains("<link rel=\"icon\" href=\"/static/favicon.svg\"", page, StringComparison.Ordinal);
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
    }
}
