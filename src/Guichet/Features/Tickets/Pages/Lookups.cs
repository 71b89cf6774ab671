using Guichet.Data;
using Guichet.Domain.Calendars;
using Guichet.Features.Accounts;
using Microsoft.EntityFrameworkCore;
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

    public static async Task<Lookups> LoadAsync(GuichetDbContext db, CancellationToken ct) => new()
    {
        Queues = await db.Queues.AsNoTracking().ToDictionaryAsync(q => q.Id, q => q.Name, ct),
        Products = await db.Products.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, ct),
        Versions = await db.ProductVersions.AsNoTracking().ToDictionaryAsync(v => v.Id, v => v.Number, ct),
    };

    /// <summary>The viewer's zone: their organisation's for a client, Paris for the provider's staff.</summary>
    public static async Task<DateTimeZone> ZoneAsync(Caller caller, GuichetDbContext db, CancellationToken ct)
    {
        if (caller.User.OrganisationId is { } org)
        {
            var territory = await db.Organisations.Where(o => o.Id == org).Select(o => o.Territory).SingleAsync(ct);
            return TicketClocks.TerritoryOf(territory).Zone;
        }

        return Territory.Metropole.Zone;
    }
}
