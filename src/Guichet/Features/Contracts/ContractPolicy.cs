using Guichet.Domain.Presets;
using Guichet.Features.Admin;
using Guichet.Features.Tickets;

namespace Guichet.Features.Contracts;

/// <summary>
/// A contract's SLA policy: its own (JSON in the presets' format) or its preset's. A ticket's clocks are derived from
/// its trace with the contract's policy, so a new policy applies to the tickets already there: it is refused when they
/// use states, priorities or service types it does not know, and the open ones get their summary (next due)
/// rewritten. The admin contract page and <c>guichet contract policy</c> both go through here.
/// </summary>
internal static class ContractPolicy
{
    /// <summary>Longest own policy accepted (the presets' files are under 10 000 characters).</summary>
    public const int MaxLength = 100_000;

    /// <summary>
    /// The own policy read from its text (null for none), or <see cref="FailureKind.Invalid"/> with the validator's
    /// findings on <c>policy</c>, each with its JSON path (in English).
    /// </summary>
    public static Outcome<SlaPreset?> Parse(string? text)
    {
        if (text is null)
        {
            return (SlaPreset?)null;
        }

        if (text.Length > MaxLength)
        {
            return Failure.Invalid("policy", $"La politique propre dépasse {MaxLength} caractères.");
        }

        return TicketClocks.ValidatePolicy(text) is { } errors
            ? Failure.Invalid(new Dictionary<string, string[]> { ["policy"] = [.. errors] })
            : PresetLoader.Parse(text, "contrat");
    }

    /// <summary>Whether the tickets would be evaluated with another policy after the change.</summary>
    public static bool Changes(Contract contract, string? ownPolicy, string presetId) =>
        ownPolicy != contract.Policy || (ownPolicy is null && presetId != contract.PresetId);

    /// <summary>
    /// A conflict naming what the contract's tickets use that <paramref name="policy"/> does not know (states,
    /// priorities, service types, in their trace as well); null when they all fit.
    /// </summary>
    public static async Task<Failure?> MisfitsAsync(GuichetDbContext db, Guid contractId, SlaPreset policy, CancellationToken ct)
    {
        var tickets = db.Tickets.Where(t => t.ContractId == contractId);
        var events = from e in db.TicketEvents
                     join t in tickets on e.TicketId equals t.Id
                     select e;
        var states = (await tickets.Select(t => t.State).Distinct().ToListAsync(ct))
            .Concat(await events.Where(e => e.Kind == EventKind.StateChanged && e.Value != null).Select(e => e.Value!).Distinct().ToListAsync(ct));
        var priorities = (await tickets.Select(t => t.ClientPriority).Distinct().ToListAsync(ct))
            .Concat(await tickets.Select(t => t.Priority).Distinct().ToListAsync(ct))
            .Concat(await events.Where(e => e.Kind == EventKind.PriorityChanged && e.Value != null).Select(e => e.Value!).Distinct().ToListAsync(ct));
        var serviceTypes = await tickets.Select(t => t.ServiceType).Distinct().ToListAsync(ct);

        var unknown = new List<string>();
        Add("états", states.Distinct().Where(s => !policy.Policy.Workflow.TryGetState(s, out _)));
        Add("priorités", priorities.Distinct().Where(p => !policy.Policy.Scheme.TryGet(p, out _)));
        Add("types de service", serviceTypes.Where(s => policy.ServiceTypes.All(t => t.Id != s)));
        return unknown.Count == 0 ? null : Failure.Conflict(
            "policy_misfit",
            $"Les demandes de ce contrat utilisent des valeurs que cette politique ne connaît pas ({string.Join(" ; ", unknown)}) : leurs délais ne pourraient plus être calculés. Une politique qui les change relève d'un nouveau contrat.");

        void Add(string what, IEnumerable<string> values)
        {
            var list = values.Order(StringComparer.Ordinal).ToList();
            if (list.Count > 0)
            {
                unknown.Add($"{what} : {string.Join(", ", list.Select(v => $"« {v} »"))}");
            }
        }
    }

    /// <summary>After a saved change: the open tickets' stored summaries (next due, urgency) from the new policy.</summary>
    public static Task<int> RefreshTicketsAsync(GuichetDbContext db, Guid contractId, IClock clock, CancellationToken ct) =>
        TicketSummaries.RefreshOpenAsync(db, t => t.ContractId == contractId, clock.GetCurrentInstant(), ct);

    /// <summary>
    /// Gives the contract its own policy (or removes it: <paramref name="ownPolicy"/> null): checked, then checked
    /// against the existing tickets, saved, and the open tickets' summaries refreshed.
    /// </summary>
    public static async Task<Outcome<Contract>> SetOwnAsync(GuichetDbContext db, IClock clock, Guid contractId, string? ownPolicy, CancellationToken ct)
    {
        if (!Parse(ownPolicy).TryGet(out var own, out var invalid))
        {
            return invalid;
        }

        if (await db.Contracts.SingleOrDefaultAsync(c => c.Id == contractId, ct) is not { } contract)
        {
            return Failure.NotFound("contrat");
        }

        var changed = Changes(contract, ownPolicy, contract.PresetId);
        if (changed && await MisfitsAsync(db, contractId, own ?? TicketClocks.Preset(contract.PresetId), ct) is { } misfits)
        {
            return misfits;
        }

        contract.Policy = ownPolicy;
        await db.SaveChangesAsync(ct);
        if (changed)
        {
            await RefreshTicketsAsync(db, contractId, clock, ct);
        }

        return contract;
    }
}
