using Guichet.Domain.Presets;
using Guichet.Features.Admin;
using Guichet.Features.Tickets;

namespace Guichet.Features.Contracts;

/// <summary>
/// A contract's SLA policy: its own (JSON in the presets' format) or its preset's, in <b>versions</b>
/// (docs/reports.md). A change creates a new version that applies to the tickets created from then on; the tickets
/// already there keep theirs (<see cref="Ticket.PolicyVersion"/>) until an administrator re-applies the version in
/// force to the open ones, with a reason recorded in each one's trace (<see cref="ReapplyAsync"/>); closed tickets
/// never change. The admin contract page and <c>guichet contract policy</c> both go through <see cref="Change"/>.
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
    /// Sets the tracked <paramref name="contract"/>'s preset and own policy (nothing is saved). When the tickets would
    /// be evaluated with another policy, the version in force is kept (if it was not yet) and a new one is created,
    /// from <paramref name="now"/>: new tickets get it, existing ones keep theirs. Answers whether a version was created.
    /// </summary>
    public static async Task<bool> ChangeAsync(GuichetDbContext db, Contract contract, string presetId, string? ownPolicy, Guid? authorId, Instant now, CancellationToken ct)
    {
        var changed = Changes(contract, ownPolicy, presetId);
        if (changed)
        {
            if (!await db.ContractPolicyVersions.AnyAsync(v => v.ContractId == contract.Id && v.Number == contract.PolicyVersion, ct))
            {
                // The first version of a contract is written when it is replaced; it held from the contract's start.
                db.ContractPolicyVersions.Add(new ContractPolicyVersion
                {
                    ContractId = contract.Id,
                    Number = contract.PolicyVersion,
                    PresetId = contract.PresetId,
                    Policy = contract.Policy,
                    From = contract.StartsOn.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant(),
                });
            }

            contract.PolicyVersion++;
            db.ContractPolicyVersions.Add(new ContractPolicyVersion
            {
                ContractId = contract.Id,
                Number = contract.PolicyVersion,
                PresetId = presetId,
                Policy = ownPolicy,
                From = now,
                AuthorId = authorId,
            });
        }

        contract.PresetId = presetId;
        contract.Policy = ownPolicy;
        return changed;
    }

    /// <summary>
    /// Gives the contract its own policy (or removes it: <paramref name="ownPolicy"/> null): checked, then checked
    /// against the existing tickets, saved as a new version (<see cref="ChangeAsync"/>), and the open tickets' summaries
    /// refreshed (with their own versions).
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

        await ChangeAsync(db, contract, contract.PresetId, ownPolicy, null, clock.GetCurrentInstant(), ct);
        await db.SaveChangesAsync(ct);
        if (changed)
        {
            await RefreshTicketsAsync(db, contractId, clock, ct);
        }

        return contract;
    }

    /// <summary>Longest reason accepted for a re-application.</summary>
    public const int MaxReason = 2000;

    /// <summary>What a re-application did.</summary>
    /// <param name="Version">The version in force, now applied.</param>
    /// <param name="Applied">Open tickets moved to it.</param>
    /// <param name="Skipped">Open tickets left on their version because someone changed them meanwhile (re-apply again).</param>
    public sealed record Reapplied(int Version, int Applied, int Skipped);

    /// <summary>
    /// Applies the contract's version in force to its open tickets still on an earlier one: each gets, in its trace, a
    /// <see cref="EventKind.PolicyApplied"/> event with the reason (internal), and its summary and clock outcomes are
    /// rewritten with the new version. Closed tickets are never touched. Administrators only.
    /// </summary>
    public static async Task<Outcome<Reapplied>> ReapplyAsync(GuichetDbContext db, IClock clock, Caller? caller, Guid contractId, string? reason, CancellationToken ct)
    {
        if (caller is not null && !caller.IsAdmin)
        {
            return Failure.NotFound("contrat");
        }

        var (text, error) = TextInput.Read(reason, MaxReason, required: true, "Le motif");
        if (error is not null)
        {
            return Failure.Invalid("reason", error);
        }

        if (await db.Contracts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == contractId, ct) is not { } contract)
        {
            return Failure.NotFound("contrat");
        }

        var (preset, territory) = await TicketHandlers.ContractContextAsync(db, contractId, contract.PolicyVersion, ct);
        if (await MisfitsAsync(db, contractId, preset, ct) is { } misfits)
        {
            return misfits;
        }

        var ids = await db.Tickets.AsNoTracking()
            .Where(t => t.ContractId == contractId && !t.IsClosed && t.PolicyVersion != contract.PolicyVersion)
            .OrderBy(t => t.Id).Select(t => t.Id).ToListAsync(ct);
        int applied = 0, skipped = 0;
        foreach (var chunk in ids.Chunk(100))
        {
            db.ChangeTracker.Clear();
            var tickets = await db.Tickets.Include(t => t.Events).Where(t => chunk.Contains(t.Id)).ToListAsync(ct);
            await db.ClockOutcomes.Where(o => chunk.Contains(o.TicketId)).LoadAsync(ct);
            var now = clock.GetCurrentInstant();
            foreach (var ticket in tickets)
            {
                var entry = new TicketTraceEntry
                {
                    At = now,
                    Kind = EventKind.PolicyApplied,
                    Value = contract.PolicyVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    PreviousValue = ticket.PolicyVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    AuthorId = caller?.Id,
                    Text = text,
                    Visibility = Visibility.Internal,
                };
                TicketTrace.Append(ticket, [entry], preset, territory, now, t => t.PolicyVersion = contract.PolicyVersion);
            }

            try
            {
                await db.SaveChangesAsync(ct);
                applied += tickets.Count;
            }
            catch (DbUpdateConcurrencyException)
            {
                // An agent committed one of them meanwhile: the batch is rolled back, they keep their version.
                skipped += tickets.Count;
            }
        }

        db.ChangeTracker.Clear();
        return new Reapplied(contract.PolicyVersion, applied, skipped);
    }
}
