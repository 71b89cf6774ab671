using Microsoft.Extensions.Logging;

namespace Guichet.Features.Shared;

/// <summary>
/// Who runs this Guichet, as its pages show it: the provider's name (<c>Guichet:ProviderName</c>, "Guichet" when not
/// set) and an optional logo (<c>Guichet:LogoFile</c>, a PNG, SVG, JPEG or WebP file of at most 512 KB on the server),
/// served at <c>/logo</c> and shown before the name. A logo that cannot be read is left out (logged once), never an error.
/// </summary>
internal sealed partial class ProviderIdentity
{
    public const string LogoPath = "/logo";

    private const long MaxLogoBytes = 512 * 1024;

    private static readonly Dictionary<string, string> LogoTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = "image/png",
        [".svg"] = "image/svg+xml",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".webp"] = "image/webp",
    };

    public ProviderIdentity(IConfiguration configuration, ILogger<ProviderIdentity> logger)
    {
        Name = configuration["Guichet:ProviderName"] is { Length: > 0 } named && named.Trim().Length > 0 ? named.Trim() : "Guichet";
        if (configuration["Guichet:LogoFile"] is not { Length: > 0 } file)
        {
            return;
        }

        var info = new FileInfo(file);
        if (!LogoTypes.TryGetValue(info.Extension, out var type))
        {
            NotAnImage(logger, file);
        }
        else if (!info.Exists || info.Length is 0 or > MaxLogoBytes)
        {
            Unusable(logger, file);
        }
        else
        {
            Logo = (File.ReadAllBytes(info.FullName), type);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Guichet:LogoFile {File} is not a PNG, SVG, JPEG or WebP file: no logo is shown.")]
    private static partial void NotAnImage(ILogger logger, string file);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Guichet:LogoFile {File} is missing, empty or larger than 512 KB: no logo is shown.")]
    private static partial void Unusable(ILogger logger, string file);

    /// <summary>The provider's name.</summary>
    public string Name { get; }

    /// <summary>The logo's bytes and media type, read once at start; null without one.</summary>
    public (byte[] Bytes, string Type)? Logo { get; }

    /// <summary>Maps <c>GET /logo</c>: the logo for anyone (the sign-in page shows it), 404 without one.</summary>
    public static void Map(IEndpointRouteBuilder app) => app.MapGet(LogoPath, (ProviderIdentity identity, HttpContext context) =>
    {
        if (identity.Logo is not { } logo)
        {
            return Results.NotFound();
        }

        context.Response.Headers.CacheControl = "public, max-age=3600";
        // An SVG opened on its own runs nothing: no script, no outside resource.
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
        return Results.File(logo.Bytes, logo.Type);
    }).AllowAnonymous().ExcludeFromDescription();
}
