using Guichet.Domain.Calendars;
using Microsoft.Extensions.Caching.Memory;

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

    /// <summary>
    /// Each organisation's territory, whose zone and calendar a ticket's due is shown in (a change of territory shows
    /// within <see cref="Lifetime"/>; the clocks themselves always read it from the database).
    /// </summary>
    public required IReadOnlyDictionary<Guid, string> Territories { get; init; }

    public required IReadOnlyDictionary<Guid, string> Staff { get; init; }

    /// <summary>Deactivated staff: still named on the tickets they handled, no longer offered for new assignments.</summary>
    public required IReadOnlySet<Guid> Deactivated { get; init; }

    /// <summary>Staff that may be offered as owner or responsible (the API checks who serves the ticket).</summary>
    public IEnumerable<KeyValuePair<Guid, string>> AssignableStaff => Staff.Where(s => !Deactivated.Contains(s.Key));

    /// <summary>Each contract's policy (its own or its preset's), for the labels of its priorities.</summary>
    public required IReadOnlyDictionary<Guid, Domain.Presets.SlaPreset> Policies { get; init; }

    /// <summary>A priority's label in the scheme of the ticket's contract ("Niveau 0 - Bloquant"), its id if unknown.</summary>
    public string Priority(Guid contractId, string priority) =>
        Policies.TryGetValue(contractId, out var preset) && preset.Policy.Scheme.TryGet(priority, out var level) ? level.Label : priority;

    /// <summary>The priorities in use by the contracts, by id, with their labels (ids are shared by schemes).</summary>
    public IReadOnlyList<(string Id, string Labels)> PriorityChoices() =>
        [.. Policies.Values.Select(p => p.Policy.Scheme).DistinctBy(s => s.Id).SelectMany(s => s.Levels)
            .GroupBy(l => l.Id, StringComparer.Ordinal)
            .OrderBy(g => g.Min(l => l.Rank)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, string.Join(" / ", g.Select(l => l.Label).Distinct(StringComparer.Ordinal))))];

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

        return await ReloadAsync(db, cache, ct);
    }

    /// <summary>
    /// The names, read again when the cached ones miss a contract, organisation or product of the rows shown (one
    /// created since the last read): a new contract's priorities show by their labels at once, not after the lifetime.
    /// </summary>
    public static async Task<Lookups> LoadForAsync(GuichetDbContext db, IMemoryCache cache, IEnumerable<TicketList.ListRow> rows, CancellationToken ct)
    {
        var names = await LoadAsync(db, cache, ct);
        return rows.Any(r => !names.Policies.ContainsKey(r.ContractId) || !names.Organisations.ContainsKey(r.OrganisationId) || !names.Products.ContainsKey(r.ProductId))
            ? await ReloadAsync(db, cache, ct)
            : names;
    }

    private static async Task<Lookups> ReloadAsync(GuichetDbContext db, IMemoryCache cache, CancellationToken ct)
    {

        // Lockout ends compared here: SQLite cannot compare date-time offsets in SQL.
        var staff = await db.Users.AsNoTracking().Where(u => u.Kind == UserKind.Staff).OrderBy(u => u.DisplayName)
            .Select(u => new { u.Id, u.DisplayName, u.LockoutEnd }).ToListAsync(ct);
        var organisations = await db.Organisations.AsNoTracking().OrderBy(o => o.Name).Select(o => new { o.Id, o.Name, o.Territory }).ToListAsync(ct);
        var loaded = new Lookups
        {
            Queues = await db.Queues.AsNoTracking().OrderBy(q => q.Name).ToDictionaryAsync(q => q.Id, q => q.Name, ct),
            Products = await db.Products.AsNoTracking().OrderBy(p => p.Name).ToDictionaryAsync(p => p.Id, p => p.Name, ct),
            Versions = await db.ProductVersions.AsNoTracking().OrderBy(v => v.Number).ToDictionaryAsync(v => v.Id, v => v.Number, ct),
            Organisations = organisations.ToDictionary(o => o.Id, o => o.Name),
            Territories = organisations.ToDictionary(o => o.Id, o => o.Territory),
            Staff = staff.ToDictionary(u => u.Id, u => u.DisplayName),
            Deactivated = staff.Where(u => u.LockoutEnd >= Accounts.AccountStatus.DeactivatedUntil).Select(u => u.Id).ToHashSet(),
            Policies = (await db.Contracts.AsNoTracking().Select(c => new { c.Id, c.PresetId, c.Policy }).ToListAsync(ct))
                .ToDictionary(c => c.Id, c => TicketClocks.Policy(c.PresetId, c.Policy)),
        };
        cache.Set(Key, loaded, Lifetime);
        return loaded;
    }

    /// <summary>An organisation's users: every name (authors of its tickets' messages), and the active ones, whom a ticket page offers as followers.</summary>
    public sealed record OrganisationPeople(IReadOnlyDictionary<Guid, string> Names, IReadOnlyList<(Guid Id, string Name)> Active);

    /// <summary>
    /// An organisation's users, read at most every <see cref="Lifetime"/> per server and organisation (shown and
    /// offered, never used to decide: adding a follower checks the person again).
    /// </summary>
    public static async Task<OrganisationPeople> PeopleOfAsync(GuichetDbContext db, IMemoryCache cache, Guid organisationId, CancellationToken ct)
    {
        var key = (typeof(Lookups), organisationId);
        if (cache.TryGetValue(key, out OrganisationPeople? cached) && cached is not null)
        {
            return cached;
        }

        // Lockout ends compared here: SQLite cannot compare date-time offsets in SQL.
        var users = await db.Users.AsNoTracking().Where(u => u.OrganisationId == organisationId && u.Kind == UserKind.Client)
            .Select(u => new { u.Id, u.DisplayName, u.LockoutEnd }).ToListAsync(ct);
        var loaded = new OrganisationPeople(
            users.ToDictionary(u => u.Id, u => u.DisplayName),
            [.. users.Where(u => !(u.LockoutEnd >= Accounts.AccountStatus.DeactivatedUntil)).Select(u => (u.Id, u.DisplayName))]);
        cache.Set(key, loaded, Lifetime);
        return loaded;
    }

    /// <summary>The viewer's zone: their organisation's for a client, Paris for the provider's staff.</summary>
    public static DateTimeZone Zone(Caller caller) =>
        caller.Territory is { } territory ? TicketClocks.TerritoryOf(territory).Zone : Territory.Metropole.Zone;
}
