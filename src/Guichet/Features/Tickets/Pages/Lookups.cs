using Guichet.Data;
using Guichet.Domain.Calendars;
using Guichet.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using NodaTime;

namespace Guichet.Features.Tickets.Pages;

/// <summary>Names of the small reference tables the ticket pages show (queues, products, versions, people).</summary>
internal sealed class Lookups
{
    public required IReadOnlyDictionary<Guid, string> Queues { get; init; }

    public required IReadOnlyDictionary<Guid, string> Products { get; init; }

    public required IReadOnlyDictionary<Guid, string> Versions { get; init; }

    public string Queue(Guid id) => Queues.GetValueOrDefault(id, "—");

    public string Product(Guid id) => Products.GetValueOrDefault(id, "—");

    public string Version(Guid? id) => id is { } v ? Versions.GetValueOrDefault(v, "—") : "—";

    public required IReadOnlyDictionary<Guid, string> Organisations { get; init; }

    public required IReadOnlyDictionary<Guid, string> Staff { get; init; }

    /// <summary>How long the names are reused before being read again (reference data changes rarely).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private static readonly object Key = new();

    /// <summary>The names, read at most every <see cref="Lifetime"/> per server (they are shown, never used to decide access).</summary>
    public static async Task<Lookups> LoadAsync(GuichetDbContext db, IMemoryCache cache, CancellationToken ct)
    {
        if (cache.TryGetValue(Key, out Lookups? cached) && cached is not null)
        {
            return cached;
        }

        var loaded = new Lookups
        {
            Queues = await db.Queues.AsNoTracking().OrderBy(q => q.Name).ToDictionaryAsync(q => q.Id, q => q.Name, ct),
            Products = await db.Products.AsNoTracking().OrderBy(p => p.Name).ToDictionaryAsync(p => p.Id, p => p.Name, ct),
            Versions = await db.ProductVersions.AsNoTracking().OrderBy(v => v.Number).ToDictionaryAsync(v => v.Id, v => v.Number, ct),
            Organisations = await db.Organisations.AsNoTracking().OrderBy(o => o.Name).ToDictionaryAsync(o => o.Id, o => o.Name, ct),
            Staff = await db.Users.AsNoTracking().Where(u => u.Kind == UserKind.Staff).OrderBy(u => u.DisplayName).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct),
        };
        cache.Set(Key, loaded, Lifetime);
        return loaded;
    }

    /// <summary>The viewer's zone: their organisation's for a client, Paris for the provider's staff.</summary>
    public static DateTimeZone Zone(Caller caller) =>
        caller.Territory is { } territory ? TicketClocks.TerritoryOf(territory).Zone : Territory.Metropole.Zone;
}
