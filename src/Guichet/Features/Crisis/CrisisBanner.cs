using Microsoft.Extensions.Caching.Memory;

namespace Guichet.Features.Crisis;

/// <summary>
/// The open crises of an organisation with their latest status point, for the banner of every page its users see
/// (next to the ongoing incidents and maintenances): that organisation's users only. Reused for
/// <see cref="Portal.PortalRules.BannerLifetime"/>; a change on this server shows at once.
/// </summary>
internal static class CrisisBanner
{
    /// <summary>An open crisis: its latest point (number, instant, assessment), the next promise's due.</summary>
    internal sealed record Line(Guid Id, string Title, Instant OpenedAt, int Points, Instant? LastPointAt, string? LastAssessment, string? LastPlan, Instant? NextDueAt, string? NextDueKey);

    private static readonly Web.KeptUntilChanged<IReadOnlyList<Line>> Open = new(Portal.PortalRules.BannerLifetime);

    public static void Changed() => Open.Changed();

    public static Task<IReadOnlyList<Line>> OpenAsync(GuichetDbContext db, IMemoryCache cache, Guid organisationId, CancellationToken ct) =>
        Open.GetAsync(cache, organisationId, () => ReadAsync(db, organisationId, ct));

    private static async Task<IReadOnlyList<Line>> ReadAsync(GuichetDbContext db, Guid organisationId, CancellationToken ct)
    {
        var open = await db.Set<CrisisCell>().AsNoTracking().Where(c => c.OrganisationId == organisationId && c.ClosedAt == null)
            .OrderByDescending(c => c.OpenedAt).Take(3)
            .Select(c => new
            {
                c.Id,
                c.Title,
                c.OpenedAt,
                c.NextDueAt,
                c.NextDueKey,
                Points = db.Set<CrisisEvent>().Count(e => e.CrisisId == c.Id && e.Kind == CrisisEventKind.Point),
                Last = db.Set<CrisisEvent>().Where(e => e.CrisisId == c.Id && e.Kind == CrisisEventKind.Point).OrderByDescending(e => e.Id)
                    .Select(e => new { e.At, e.Text, e.Plan }).FirstOrDefault(),
            }).ToListAsync(ct);
        return [.. open.Select(c => new Line(c.Id, c.Title, c.OpenedAt, c.Points, c.Last?.At, c.Last?.Text, c.Last?.Plan, c.NextDueAt, c.NextDueKey))];
    }
}
