using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Guichet.Web;

/// <summary>
/// Behind a reverse proxy: <c>X-Forwarded-For</c>, <c>-Proto</c> and <c>-Host</c> are believed only from the addresses
/// (or networks, in CIDR notation) listed in <c>Guichet:KnownProxies</c>, separated by commas or spaces. With none
/// listed, no forwarded header is believed. The request then has the client's address (rate limits) and scheme
/// (the session cookie is Secure when the proxy received HTTPS).
/// </summary>
internal static class Proxy
{
    public const string KnownProxiesKey = "Guichet:KnownProxies";

    public static IServiceCollection AddGuichetProxy(this IServiceCollection services, IConfiguration configuration)
    {
        var listed = (configuration[KnownProxiesKey] ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var proxies = new List<IPAddress>();
        var networks = new List<System.Net.IPNetwork>();
        foreach (var entry in listed)
        {
            if (entry.Contains('/', StringComparison.Ordinal) && System.Net.IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                proxies.Add(address);
            }
            else
            {
                throw new InvalidOperationException($"{KnownProxiesKey}: '{entry}' is neither an IP address nor a network in CIDR notation.");
            }
        }

        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // The framework trusts loopback by default: only the configured proxies are trusted here.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                o.KnownProxies.Add(proxy);
            }

            foreach (var network in networks)
            {
                o.KnownIPNetworks.Add(network);
            }

            // Without a configured proxy, nothing matches: forwarded headers are ignored.
            if (proxies.Count == 0 && networks.Count == 0)
            {
                o.ForwardedHeaders = ForwardedHeaders.None;
            }

            var allowedHosts = configuration["AllowedHosts"];
            if (!string.IsNullOrWhiteSpace(allowedHosts) && allowedHosts.Trim() != "*")
            {
                o.AllowedHosts = [.. allowedHosts.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            }
        });
        return services;
    }
}
