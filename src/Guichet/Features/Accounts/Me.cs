using Guichet.Domain.Calendars;
using Guichet.Features.Tickets;

namespace Guichet.Features.Accounts;

/// <summary>What <c>GET /api/v1/me</c> answers: the user, their organisation and the products they may raise tickets on.</summary>
internal sealed record MeView(MeUser User, MeOrganisation? Organisation, IReadOnlyList<MeProduct> Products);

internal sealed record MeUser(Guid Id, string DisplayName, string? Email, string Kind, string[] Roles, bool IsReferent, bool MustChangePassword);

internal sealed record MeOrganisation(Guid Id, string Name, string Territory, string? TimeZone);

/// <summary>A product the user may raise tickets on, with the choices of its contract's policy.</summary>
internal sealed record MeProduct(
    Guid Id, string Name, Guid ContractId, string Preset, IReadOnlyList<MeVersion> Versions, IReadOnlyList<MeQueue> Queues,
    IReadOnlyList<MeChoice> ServiceTypes, IReadOnlyList<MePriority> Priorities, string DefaultPriority, MeMatrix? PriorityMatrix = null);

/// <summary>
/// The questions a contract with a priority matrix asks instead of the priority [AT 9.3.4.1–2]: send <c>criticality</c>
/// and <c>impact</c> (level ids) when creating a ticket; <see cref="Priorities"/> gives the priority of each pair.
/// </summary>
internal sealed record MeMatrix(MeCriterion Criticality, MeCriterion Impact, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Priorities);

internal sealed record MeCriterion(string Label, string Hint, IReadOnlyList<MePriority> Levels);

internal sealed record MeVersion(Guid Id, string Number);

internal sealed record MeQueue(Guid Id, string Name);

internal sealed record MeChoice(string Id, string Label);

internal sealed record MePriority(string Id, string Label, string Definition);

/// <summary>The signed-in user's own view.</summary>
internal static class Me
{
    private static MeCriterion Criterion(Domain.Presets.Criterion c) =>
        new(c.Label, c.Hint, [.. c.Levels.Select(l => new MePriority(l.Id, l.Label, l.Definition))]);

    public static async Task<MeView> ViewAsync(Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct)
    {
        var user = caller.User;
        var organisation = user.OrganisationId is { } orgId ? await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == orgId, ct) : null;
        var products = new List<MeProduct>();
        if (organisation is not null)
        {
            var declared = caller.DeclaredProducts;
            var covered = await (from cp in db.ContractProducts
                                 join c in db.Contracts on cp.ContractId equals c.Id
                                 where c.OrganisationId == organisation.Id && declared.Contains(cp.ProductId)
                                 orderby c.StartsOn descending
                                 select new { c.Id, c.PresetId, c.Policy, cp.ProductId }).ToListAsync(ct);
            var productIds = covered.Select(c => c.ProductId).Distinct().ToList();
            var productRows = await db.Products.AsNoTracking().Include(p => p.Versions).Where(p => productIds.Contains(p.Id)).OrderBy(p => p.Name).ToListAsync(ct);
            var queues = await db.Queues.AsNoTracking().OrderBy(q => q.Name).Select(q => new MeQueue(q.Id, q.Name)).ToListAsync(ct);
            foreach (var product in productRows)
            {
                var contract = covered.First(c => c.ProductId == product.Id);
                var preset = TicketClocks.Policy(contract.PresetId, contract.Policy);
                products.Add(new MeProduct(
                    product.Id,
                    product.Name,
                    contract.Id,
                    preset.Id,
                    [.. product.Versions.OrderByDescending(v => v.ReleasedOn).Select(v => new MeVersion(v.Id, v.Number))],
                    queues,
                    [.. preset.ServiceTypes.Select(s => new MeChoice(s.Id, s.Label))],
                    [.. preset.Policy.Scheme.Levels.Select(l => new MePriority(l.Id, l.Label, l.Definition))],
                    preset.DefaultPriority,
                    preset.PriorityMatrix is { } m
                        ? new MeMatrix(Criterion(m.Criticality), Criterion(m.Impact), m.Cells)
                        : null));
            }
        }

        return new MeView(
            new MeUser(user.Id, user.DisplayName, user.Email, user.Kind.ToString().ToLowerInvariant(), caller.IsStaff ? RoleNames(user.Roles) : [], user.IsReferent,
                caller.MustChangePassword(clock.GetCurrentInstant())),
            organisation is null ? null : new MeOrganisation(organisation.Id, organisation.Name, organisation.Territory, Territory.TryGet(organisation.Territory, out var t) ? t.ZoneId : null),
            products);
    }

    public static string[] RoleNames(StaffRoles roles) =>
        [.. Enum.GetValues<StaffRoles>().Where(r => r != StaffRoles.None && roles.HasFlag(r)).Select(r => r switch
        {
            StaffRoles.Agent => "agent",
            StaffRoles.PoleManager => "pole-manager",
            StaffRoles.AccountManager => "account-manager",
            StaffRoles.Supervisor => "supervisor",
            StaffRoles.Telephony => "telephony",
            StaffRoles.Backup => "backup",
            _ => "admin",
        })];
}
