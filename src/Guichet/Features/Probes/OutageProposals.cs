using Guichet.Features.Availability;

namespace Guichet.Features.Probes;

/// <summary>
/// Staff decide on the outages the probes propose: <see cref="ConfirmAsync"/> writes the entry of the outage log
/// through <see cref="AvailabilityLog.AddOutageAsync"/> (cause unplanned, start at the first failed sample, the end if
/// the probe already succeeded again; its history says it came from the probe), so it counts in the month's
/// availability like a declared outage; <see cref="ConfirmEndAsync"/> closes it at the proposed end through
/// <see cref="AvailabilityLog.UpdateOutageAsync"/>; <see cref="DismissAsync"/> sets a false alarm aside. A decided
/// proposal is not decided again (409).
/// </summary>
internal static class OutageProposals
{
    private static IQueryable<OutageProposal> StaffProposals(GuichetDbContext db, Caller caller)
    {
        var probes = ProbeSettings.StaffProbes(db, caller).Select(p => p.Id);
        return db.Set<OutageProposal>().Where(p => probes.Contains(p.ProbeId));
    }

    /// <summary>The proposals of the contract (or of every contract served): those waiting first, then the newest.</summary>
    public static async Task<IReadOnlyList<OutageProposalView>> ListAsync(GuichetDbContext db, Caller caller, Guid? contractId, bool pendingOnly, CancellationToken ct)
    {
        var query = StaffProposals(db, caller).AsNoTracking();
        if (contractId is { } cid)
        {
            var services = db.Set<HostedService>().Where(s => s.ContractId == cid).Select(s => s.Id);
            query = query.Where(p => services.Contains(p.ServiceId));
        }

        if (pendingOnly)
        {
            query = query.Where(p => p.State == ProposalState.Proposed || (p.State == ProposalState.Confirmed && p.End != null && p.EndConfirmedAt == null));
        }

        var proposals = await query.OrderByDescending(p => p.Start).Take(200).ToListAsync(ct);
        return await ViewsAsync(db, proposals, ct);
    }

    public static async Task<Outcome<OutageProposalView>> GetAsync(GuichetDbContext db, Caller caller, Guid id, CancellationToken ct) =>
        await StaffProposals(db, caller).AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct) is { } proposal
            ? (await ViewsAsync(db, [proposal], ct))[0]
            : Failure.NotFound("proposition");

    private static async Task<List<OutageProposalView>> ViewsAsync(GuichetDbContext db, List<OutageProposal> proposals, CancellationToken ct)
    {
        var probeIds = proposals.Select(p => p.ProbeId).Distinct().ToList();
        var probes = await (from p in db.Set<Probe>()
                            join s in db.Set<HostedService>() on p.ServiceId equals s.Id
                            where probeIds.Contains(p.Id)
                            select new { p.Id, p.Name, Service = s.Name, s.ContractId }).ToDictionaryAsync(p => p.Id, ct);
        return [.. proposals
            .OrderBy(p => p.State == ProposalState.Proposed || (p.State == ProposalState.Confirmed && p.End != null && p.EndConfirmedAt == null) ? 0 : 1)
            .ThenByDescending(p => p.Start)
            .Select(p => new OutageProposalView(p.Id, p.ProbeId, probes[p.ProbeId].Name, p.ServiceId, probes[p.ProbeId].Service, probes[p.ProbeId].ContractId,
                p.Start, p.End, p.Failures, p.Reason, p.State.ToString().ToLowerInvariant(), StateLabel(p), p.OutageId, p.DecidedAt,
                p.State == ProposalState.Confirmed && p.End != null && p.EndConfirmedAt == null))];
    }

    public static string StateLabel(OutageProposal p) => p.State switch
    {
        ProposalState.Proposed => p.End is null ? "proposée, en cours" : "proposée, terminée",
        ProposalState.Confirmed => p.End is not null && p.EndConfirmedAt is null ? "confirmée, fin à confirmer" : "confirmée",
        _ => "écartée",
    };

    private static readonly Failure Decided = Failure.Conflict("proposal_decided", "Cette proposition a déjà été tranchée.");

    public static async Task<Outcome<OutageProposalView>> ConfirmAsync(GuichetDbContext db, IClock clock, Caller caller, Guid id, CancellationToken ct)
    {
        if (await StaffProposals(db, caller).SingleOrDefaultAsync(p => p.Id == id, ct) is not { } proposal)
        {
            return Failure.NotFound("proposition");
        }

        if (proposal.State != ProposalState.Proposed)
        {
            return Decided;
        }

        var probe = await db.Set<Probe>().AsNoTracking().SingleAsync(p => p.Id == proposal.ProbeId, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var description = $"Interruption détectée par la sonde « {probe.Name} » : {proposal.Failures} échecs consécutifs à partir du {ProbeAlerts.Paris(proposal.Start)} (heure de Paris). Premier échec : {proposal.Reason}";
        var added = await AvailabilityLog.AddOutageAsync(db, clock, caller,
            new OutageRequest(proposal.ServiceId, AvailabilityTexts.Iso(proposal.Start), AvailabilityTexts.Iso(proposal.End), "unplanned", description.Length > 4000 ? description[..4000] : description, null, null), ct);
        if (!added.TryGet(out var outage, out var failure))
        {
            return failure;
        }

        var now = clock.GetCurrentInstant();
        proposal.State = ProposalState.Confirmed;
        proposal.OutageId = outage.Id;
        proposal.DecidedBy = caller.Id;
        proposal.DecidedAt = now;
        proposal.EndConfirmedAt = proposal.End is null ? null : now;
        // Only the decision that moved it from Proposed stands (two staff members confirming at once: one outage).
        var changed = await db.Set<OutageProposal>().Where(p => p.Id == id && p.State == ProposalState.Proposed)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.State, ProposalState.Confirmed).SetProperty(p => p.OutageId, outage.Id)
                .SetProperty(p => p.DecidedBy, caller.Id).SetProperty(p => p.DecidedAt, now).SetProperty(p => p.EndConfirmedAt, proposal.EndConfirmedAt), ct);
        return await SettleAsync(db, caller, id, transaction, changed, ct);
    }

    public static async Task<Outcome<OutageProposalView>> ConfirmEndAsync(GuichetDbContext db, IClock clock, Caller caller, Guid id, CancellationToken ct)
    {
        if (await StaffProposals(db, caller).SingleOrDefaultAsync(p => p.Id == id, ct) is not { } proposal)
        {
            return Failure.NotFound("proposition");
        }

        if (proposal.State != ProposalState.Confirmed || proposal.OutageId is null || proposal.EndConfirmedAt is not null)
        {
            return Decided;
        }

        if (proposal.End is not { } end)
        {
            return Failure.Conflict("probe_still_failing", "La sonde échoue encore : la fin de l'interruption n'est pas encore connue.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // An entry staff already closed keeps the end they gave.
        if (await db.Set<OutageEntry>().AnyAsync(o => o.Id == proposal.OutageId && o.End == null, ct))
        {
            var closed = await AvailabilityLog.UpdateOutageAsync(db, clock, caller, proposal.OutageId.Value,
                new OutagePatch(null, AvailabilityTexts.Iso(end), null, null, null, null, "Fin constatée par la sonde (premier succès)."), ct);
            if (!closed.TryGet(out _, out var failure))
            {
                return failure;
            }
        }

        var changed = await db.Set<OutageProposal>().Where(p => p.Id == id && p.EndConfirmedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.EndConfirmedAt, clock.GetCurrentInstant()), ct);
        return await SettleAsync(db, caller, id, transaction, changed, ct);
    }

    /// <summary>Commits a decision when its conditional update changed the row, else rolls back what it wrote: decided already.</summary>
    private static async Task<Outcome<OutageProposalView>> SettleAsync(GuichetDbContext db, Caller caller, Guid id, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, int changed, CancellationToken ct)
    {
        if (changed != 1)
        {
            await transaction.RollbackAsync(ct);
            return Decided;
        }

        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return await GetAsync(db, caller, id, ct);
    }

    public static async Task<Outcome<OutageProposalView>> DismissAsync(GuichetDbContext db, IClock clock, Caller caller, Guid id, CancellationToken ct)
    {
        if (!await StaffProposals(db, caller).AnyAsync(p => p.Id == id, ct))
        {
            return Failure.NotFound("proposition");
        }

        var now = clock.GetCurrentInstant();
        var changed = await db.Set<OutageProposal>().Where(p => p.Id == id && p.State == ProposalState.Proposed)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.State, ProposalState.Dismissed).SetProperty(p => p.DecidedBy, caller.Id).SetProperty(p => p.DecidedAt, now), ct);
        return changed == 1 ? await GetAsync(db, caller, id, ct) : Decided;
    }
}
