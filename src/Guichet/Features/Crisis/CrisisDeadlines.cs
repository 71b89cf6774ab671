using Guichet.Domain.Crises;
using Guichet.Domain.Presets;
using Guichet.Domain.Sla;
using Guichet.Features.Tickets;

namespace Guichet.Features.Crisis;

/// <summary>
/// The derived side of a crisis: its promises (<see cref="CrisisSchedule"/>) computed from its log, stored as
/// <see cref="CrisisDeadline"/> rows and the crisis's <see cref="CrisisCell.NextDueAt"/>. Every change of a crisis
/// rewrites them from the whole log (<see cref="Refresh"/>), and <see cref="RebuildAsync"/> rewrites every crisis's from
/// the stored logs alone: both give the same rows, which a test checks.
/// </summary>
internal static class CrisisDeadlines
{
    /// <summary>The rules of a contract's crisis: the post-mortem is counted on its support calendar, in its organisation's territory.</summary>
    public static CrisisRules RulesFor(string presetId, string? policy, string territory) =>
        new(CrisisRules.DefaultPostMortem, TicketClocks.Policy(presetId, policy).CalendarsFor(TicketClocks.TerritoryOf(territory))[SlaPreset.DefaultCalendar]);

    public static async Task<CrisisRules> RulesAsync(GuichetDbContext db, Guid contractId, CancellationToken ct)
    {
        var contract = await db.Contracts.AsNoTracking().Where(c => c.Id == contractId)
            .Select(c => new { c.PresetId, c.Policy, Territory = db.Organisations.Where(o => o.Id == c.OrganisationId).Select(o => o.Territory).First() })
            .SingleAsync(ct);
        return RulesFor(contract.PresetId, contract.Policy, contract.Territory);
    }

    /// <summary>The facts of the log, in chronological order (then in the order they were written).</summary>
    public static List<CrisisFact> Facts(IEnumerable<CrisisEvent> log)
    {
        var facts = new List<CrisisFact>();
        foreach (var e in log.Select((e, i) => (e, i)).OrderBy(x => x.e.At).ThenBy(x => x.i).Select(x => x.e))
        {
            var cadence = e.Cadence is { } c ? ClockTarget.Parse(c) : null;
            CrisisFact? fact = e.Kind switch
            {
                CrisisEventKind.Opened => new(CrisisFactKind.Opened, e.At, cadence),
                CrisisEventKind.MeetingHeld => new(CrisisFactKind.MeetingHeld, e.At),
                CrisisEventKind.Point => new(CrisisFactKind.PointGiven, e.At, cadence),
                CrisisEventKind.CadenceChanged => new(CrisisFactKind.CadenceChanged, e.At, cadence),
                CrisisEventKind.Closed => new(CrisisFactKind.Closed, e.At),
                CrisisEventKind.PostMortemPublished => new(CrisisFactKind.PostMortemPublished, e.At),
                _ => null,
            };
            if (fact is { } f)
            {
                facts.Add(f);
            }
        }

        return facts;
    }

    /// <summary>The promises of a log (in the order written: stored ones by id, then new ones).</summary>
    public static IReadOnlyList<CrisisPromise> Promises(CrisisRules rules, IEnumerable<CrisisEvent> log) => CrisisSchedule.Derive(rules, Facts(log));

    /// <summary>The stored form of a promise.</summary>
    public static CrisisDeadline Row(Guid crisisId, CrisisPromise p) => new()
    {
        CrisisId = crisisId,
        Key = p.Key,
        Kind = CrisisTexts.KindId(p.Kind),
        Number = p.Number,
        Target = p.Target.ToString(),
        AnchorAt = p.Anchor,
        DueAt = p.Due,
        KeptAt = p.KeptAt,
        EndedAt = p.EndedAt,
    };

    /// <summary>
    /// Rewrites a crisis's derived rows (<paramref name="stored"/>, tracked) and next due from its whole
    /// <paramref name="log"/>; returns how many rows were added, changed or removed.
    /// </summary>
    public static int Refresh(GuichetDbContext db, CrisisCell crisis, CrisisRules rules, IEnumerable<CrisisEvent> log, List<CrisisDeadline> stored)
    {
        var promises = Promises(rules, log);
        var changed = 0;
        foreach (var p in promises)
        {
            var row = Row(crisis.Id, p);
            var existing = stored.FirstOrDefault(d => d.Key == p.Key);
            if (existing is null)
            {
                db.Add(row);
                changed++;
            }
            else if (!Same(existing, row))
            {
                existing.Kind = row.Kind;
                existing.Number = row.Number;
                existing.Target = row.Target;
                existing.AnchorAt = row.AnchorAt;
                existing.DueAt = row.DueAt;
                existing.KeptAt = row.KeptAt;
                existing.EndedAt = row.EndedAt;
                changed++;
            }
        }

        foreach (var gone in stored.Where(d => promises.All(p => p.Key != d.Key)))
        {
            db.Remove(gone);
            changed++;
        }

        var next = CrisisSchedule.Next(promises);
        if (crisis.NextDueAt != next?.Due || crisis.NextDueKey != next?.Key)
        {
            crisis.NextDueAt = next?.Due;
            crisis.NextDueKey = next?.Key;
            changed++;
        }

        return changed;
    }

    /// <summary>Refreshes a crisis (tracked) after new log entries were added to the context (not yet saved).</summary>
    public static async Task RefreshAsync(GuichetDbContext db, CrisisCell crisis, IReadOnlyList<CrisisEvent> added, CancellationToken ct)
    {
        var log = await db.Set<CrisisEvent>().AsNoTracking().Where(e => e.CrisisId == crisis.Id).OrderBy(e => e.Id).ToListAsync(ct);
        var stored = await db.Set<CrisisDeadline>().Where(d => d.CrisisId == crisis.Id).ToListAsync(ct);
        Refresh(db, crisis, await RulesAsync(db, crisis.ContractId, ct), log.Concat(added), stored);
    }

    /// <summary>
    /// Rewrites every crisis's derived rows from its stored log (with <paramref name="check"/>, only counts what
    /// differs). A crisis whose rows already match changes nothing: rebuild = incremental.
    /// </summary>
    public static async Task<CrisisRebuild> RebuildAsync(GuichetDbContext db, bool check, CancellationToken ct)
    {
        var ids = await db.Set<CrisisCell>().AsNoTracking().OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(ct);
        var changed = 0;
        foreach (var id in ids)
        {
            var crisis = await db.Set<CrisisCell>().SingleAsync(c => c.Id == id, ct);
            var log = await db.Set<CrisisEvent>().AsNoTracking().Where(e => e.CrisisId == id).OrderBy(e => e.Id).ToListAsync(ct);
            var stored = await db.Set<CrisisDeadline>().Where(d => d.CrisisId == id).ToListAsync(ct);
            changed += Refresh(db, crisis, await RulesAsync(db, crisis.ContractId, ct), log, stored);
            if (!check)
            {
                await db.SaveChangesAsync(ct);
            }

            db.ChangeTracker.Clear();
        }

        return new CrisisRebuild(ids.Count, changed);
    }

    private static bool Same(CrisisDeadline a, CrisisDeadline b) =>
        a.Kind == b.Kind && a.Number == b.Number && a.Target == b.Target && a.AnchorAt == b.AnchorAt && a.DueAt == b.DueAt && a.KeptAt == b.KeptAt && a.EndedAt == b.EndedAt;

    /// <summary>A stored promise as the API and the pages show it, at <paramref name="now"/>.</summary>
    public static CrisisDueView View(CrisisDeadline d, Instant now)
    {
        var promise = new CrisisPromise(d.Key, d.Kind switch { "meeting" => CrisisPromiseKind.Meeting, "point" => CrisisPromiseKind.Point, _ => CrisisPromiseKind.PostMortem },
            d.Number, ClockTarget.Parse(d.Target), d.AnchorAt, d.DueAt, d.KeptAt, d.EndedAt);
        var status = promise.StatusAt(now);
        return new CrisisDueView(d.Key, d.Kind, d.Number, CrisisTexts.PromiseLabel(d.Kind, d.Number), d.Target, promise.Target.Describe(),
            CrisisTexts.Iso(d.AnchorAt), CrisisTexts.Iso(d.DueAt), CrisisTexts.Iso(promise.RemindAt), CrisisTexts.Iso(d.KeptAt), status.ToId(), CrisisTexts.StatusLabel(status),
            status == ClockStatus.Breached);
    }
}
