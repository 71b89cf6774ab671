using Guichet.Domain.Availability;
using Guichet.Features.Portal;
using Guichet.Features.Tickets;

namespace Guichet.Features.Availability;

/// <summary>
/// The hosted services and the outage log: staff declare services and outages of the contracts they serve; the
/// client (any user of the organisation) comments or contests an entry, staff accept or reject a contest. Every change
/// is an <see cref="AvailabilityEvent"/>: the history is kept whole. Another organisation's data is not found.
/// </summary>
internal static class AvailabilityLog
{
    // --- Scope ----------------------------------------------------------------------------------------------------

    public static IQueryable<HostedService> VisibleServices(GuichetDbContext db, Caller caller)
    {
        var contracts = caller.VisibleContracts(db).Select(c => c.Id);
        return db.Set<HostedService>().Where(s => contracts.Contains(s.ContractId));
    }

    public static IQueryable<OutageEntry> VisibleOutages(GuichetDbContext db, Caller caller)
    {
        var services = VisibleServices(db, caller).Select(s => s.Id);
        return db.Set<OutageEntry>().Where(o => services.Contains(o.ServiceId));
    }

    public static IQueryable<PlannedMaintenance> VisibleMaintenances(GuichetDbContext db, Caller caller)
    {
        var contracts = caller.VisibleContracts(db).Select(c => c.Id);
        return db.Set<PlannedMaintenance>().Where(m => contracts.Contains(m.ContractId));
    }

    private static readonly Failure StaffOnly = Failure.Forbidden("staff_only", "Seul le personnel du support tient le journal de disponibilité.");

    /// <summary>The preset's objectives of a contract (none for contracts without a hosted-service commitment).</summary>
    public static IReadOnlyList<AvailabilityObjective> Objectives(Contract contract)
    {
        try
        {
            return TicketClocks.Policy(contract.PresetId, contract.Policy).Availability;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or Domain.Presets.PresetValidationException)
        {
            return [];
        }
    }

    // --- Services -------------------------------------------------------------------------------------------------

    public static async Task<IReadOnlyList<HostedServiceView>> ListServicesAsync(GuichetDbContext db, Caller caller, Guid? contractId, CancellationToken ct)
    {
        var query = VisibleServices(db, caller).AsNoTracking();
        if (contractId is { } id)
        {
            query = query.Where(s => s.ContractId == id);
        }

        var services = await query.OrderBy(s => s.Name).ToListAsync(ct);
        var ids = services.Select(s => s.ContractId).Distinct().ToList();
        var contracts = await db.Contracts.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        return [.. services.Select(s => ViewOf(s, contracts[s.ContractId]))];
    }

    public static HostedServiceView ViewOf(HostedService service, Contract contract)
    {
        var objective = Objectives(contract).FirstOrDefault(o => o.Id == service.ObjectiveId);
        return new HostedServiceView(service.Id, service.ContractId, contract.Name, service.Name, service.ProductId, service.Environment, service.ObjectiveId,
            objective?.Name ?? "", objective?.TargetPercent ?? 0, objective?.Source ?? "");
    }

    public static async Task<Outcome<HostedServiceView>> GetServiceAsync(GuichetDbContext db, Caller caller, Guid id, CancellationToken ct)
    {
        if (await VisibleServices(db, caller).AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct) is not { } service)
        {
            return Failure.NotFound("service");
        }

        return ViewOf(service, await db.Contracts.AsNoTracking().SingleAsync(c => c.Id == service.ContractId, ct));
    }

    /// <summary>
    /// The contract a staff member writes for: a missing id is an error on <c>contractId</c> (added to
    /// <paramref name="errors"/>), a contract the caller does not see is not found, a client gets <paramref name="notStaff"/>.
    /// </summary>
    internal static async Task<(Contract? Contract, Failure? Refused)> StaffContractAsync(GuichetDbContext db, Caller caller, Guid? contractId, Dictionary<string, string[]> errors, Failure notStaff, CancellationToken ct)
    {
        Contract? contract = null;
        if (contractId is not { } id)
        {
            errors["contractId"] = ["Indiquez le contrat."];
        }
        else if ((contract = await caller.VisibleContracts(db).AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct)) is null)
        {
            return (null, Failure.NotFound("contrat"));
        }

        return caller.IsStaff ? (contract, null) : (null, notStaff);
    }

    public static async Task<Outcome<HostedServiceView>> AddServiceAsync(GuichetDbContext db, IClock clock, Caller caller, ServiceRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var (contract, refused) = await StaffContractAsync(db, caller, request.ContractId, errors, StaffOnly, ct);
        if (refused is not null)
        {
            return refused;
        }

        var (name, nameError) = TextInput.Read(request.Name, 200, required: true, "Le nom du service");
        if (nameError is not null)
        {
            errors["name"] = [nameError];
        }

        var (environment, environmentError) = TextInput.Read(request.Environment ?? "production", 100, required: true, "L'environnement");
        if (environmentError is not null)
        {
            errors["environment"] = [environmentError];
        }

        AvailabilityObjective? objective = null;
        if (contract is not null)
        {
            var objectives = Objectives(contract);
            objective = string.IsNullOrWhiteSpace(request.Objective)
                ? (objectives.Count > 0 ? objectives[0] : null)
                : objectives.FirstOrDefault(o => string.Equals(o.Id, request.Objective.Trim(), StringComparison.Ordinal));
            if (objectives.Count == 0)
            {
                errors["contractId"] = ["Ce contrat ne prévoit aucun engagement de disponibilité (aucun objectif dans son modèle)."];
            }
            else if (objective is null)
            {
                errors["objective"] = [$"Objectif inconnu pour ce contrat ; valeurs possibles : {string.Join(", ", objectives.Select(o => o.Id))}."];
            }
        }

        if (request.ProductId is { } productId && contract is not null && !await db.Set<ContractProduct>().AnyAsync(p => p.ContractId == contract.Id && p.ProductId == productId, ct))
        {
            errors["productId"] = ["Ce produit n'est pas couvert par le contrat."];
        }

        if (errors.Count > 0)
        {
            return Failure.Invalid(errors);
        }

        var service = new HostedService
        {
            ContractId = contract!.Id,
            Name = name!,
            ProductId = request.ProductId,
            Environment = environment!,
            ObjectiveId = objective!.Id,
            CreatedAt = clock.GetCurrentInstant(),
        };
        db.Add(service);
        await db.SaveChangesAsync(ct);
        return ViewOf(service, contract);
    }

    // --- Outages --------------------------------------------------------------------------------------------------

    public static async Task<IReadOnlyList<OutageView>> ListOutagesAsync(GuichetDbContext db, Caller caller, Guid? serviceId, CancellationToken ct)
    {
        var query = VisibleOutages(db, caller).AsNoTracking();
        if (serviceId is { } id)
        {
            query = query.Where(o => o.ServiceId == id);
        }

        return await ViewsAsync(query.OrderByDescending(o => o.Start).Select(o => o.Id), outageId => GetOutageAsync(db, caller, outageId, ct), ct);
    }

    /// <summary>
    /// A list of the log (outages, maintenances): the first 200 entries of <paramref name="ids"/>, in its order, each
    /// read as the entry alone is (<paramref name="view"/>, with its history), so a list never shows one differently.
    /// </summary>
    internal static async Task<IReadOnlyList<TView>> ViewsAsync<TView>(IQueryable<Guid> ids, Func<Guid, Task<Outcome<TView>>> view, CancellationToken ct)
    {
        var views = new List<TView>();
        foreach (var id in await ids.Take(200).ToListAsync(ct))
        {
            views.Add((await view(id)).Value);
        }

        return views;
    }

    public static async Task<Outcome<OutageView>> GetOutageAsync(GuichetDbContext db, Caller caller, Guid id, CancellationToken ct)
    {
        if (await VisibleOutages(db, caller).AsNoTracking().Include(o => o.Tickets).SingleOrDefaultAsync(o => o.Id == id, ct) is not { } outage)
        {
            return Failure.NotFound("interruption");
        }

        var service = await db.Set<HostedService>().AsNoTracking().SingleAsync(s => s.Id == outage.ServiceId, ct);
        var organisationId = await db.Contracts.Where(c => c.Id == service.ContractId).Select(c => c.OrganisationId).SingleAsync(ct);
        var events = await db.Set<AvailabilityEvent>().AsNoTracking().Where(e => e.OutageId == id).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct);
        return new OutageView(outage.Id, service.Id, service.Name, service.ContractId, organisationId, AvailabilityTexts.Iso(outage.Start), AvailabilityTexts.Iso(outage.End),
            outage.End is null, AvailabilityTexts.Code(outage.Cause), AvailabilityTexts.Label(outage.Cause), outage.Description, outage.NewsItemId,
            [.. outage.Tickets.Select(t => t.TicketId).Order()], await HistoryAsync(db, events, ct));
    }

    public static async Task<IReadOnlyList<AvailabilityEventView>> HistoryAsync(GuichetDbContext db, List<AvailabilityEvent> events, CancellationToken ct)
    {
        var authorIds = events.Where(e => e.AuthorId != null).Select(e => e.AuthorId!.Value).Distinct().ToList();
        var authors = await db.Users.AsNoTracking().Where(u => authorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        return [.. events.Select(e =>
        {
            string? decision = null;
            if (e.Kind == AvailabilityEventKind.Contest)
            {
                var answer = events.FirstOrDefault(d => d.ContestId == e.Id);
                decision = answer is null ? "pending" : answer.Kind == AvailabilityEventKind.Accepted ? "accepted" : "rejected";
            }

            return new AvailabilityEventView(e.Id, e.Kind.ToString().ToLowerInvariant(), AvailabilityTexts.KindLabel(e.Kind), AvailabilityTexts.Iso(e.At),
                e.AuthorId is { } a ? authors.GetValueOrDefault(a, "Compte supprimé") : "Compte supprimé", e.Text,
                e.Cause is { } c ? AvailabilityTexts.Code(c) : null, AvailabilityTexts.Iso(e.Start), AvailabilityTexts.Iso(e.End), e.ContestId, decision);
        })];
    }

    public static async Task<Outcome<OutageView>> AddOutageAsync(GuichetDbContext db, IClock clock, Caller caller, OutageRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        HostedService? service = null;
        if (request.ServiceId is not { } serviceId)
        {
            errors["serviceId"] = ["Indiquez le service interrompu."];
        }
        else if ((service = await VisibleServices(db, caller).AsNoTracking().SingleOrDefaultAsync(s => s.Id == serviceId, ct)) is null)
        {
            return Failure.NotFound("service");
        }

        if (!caller.IsStaff)
        {
            return StaffOnly;
        }

        var now = clock.GetCurrentInstant();
        var start = AvailabilityTexts.ReadInstant(request.Start, "start", "Le début", required: true, errors);
        var end = AvailabilityTexts.ReadInstant(request.End, "end", "La fin", required: false, errors);
        CheckBounds(start, end, now, errors);
        var cause = ReadCause(request.Cause, required: false, errors) ?? OutageCause.Unplanned;
        var (description, descriptionError) = TextInput.Read(request.Description, 4000, required: true, "La description");
        if (descriptionError is not null)
        {
            errors["description"] = [descriptionError];
        }

        var organisationId = service is null ? Guid.Empty : await db.Contracts.Where(c => c.Id == service.ContractId).Select(c => c.OrganisationId).SingleAsync(ct);
        var tickets = await CheckLinksAsync(db, organisationId, request.TicketIds, request.NewsItemId, errors, ct);
        if (errors.Count > 0)
        {
            return Failure.Invalid(errors);
        }

        var outage = new OutageEntry
        {
            ServiceId = service!.Id,
            Start = start!.Value,
            End = end,
            Cause = cause,
            Description = description!,
            NewsItemId = request.NewsItemId,
            Tickets = [.. tickets.Select(t => new OutageTicket { TicketId = t })],
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Add(outage);
        db.Add(new AvailabilityEvent { OutageId = outage.Id, Kind = AvailabilityEventKind.Created, At = now, AuthorId = caller.Id, Text = description!, Cause = cause, Start = outage.Start, End = outage.End });
        await db.SaveChangesAsync(ct);
        return await GetOutageAsync(db, caller, outage.Id, ct);
    }

    public static async Task<Outcome<OutageView>> UpdateOutageAsync(GuichetDbContext db, IClock clock, Caller caller, Guid id, OutagePatch patch, CancellationToken ct)
    {
        if (await VisibleOutages(db, caller).Include(o => o.Tickets).SingleOrDefaultAsync(o => o.Id == id, ct) is not { } outage)
        {
            return Failure.NotFound("interruption");
        }

        if (!caller.IsStaff)
        {
            return StaffOnly;
        }

        var errors = new Dictionary<string, string[]>();
        var now = clock.GetCurrentInstant();
        var start = AvailabilityTexts.ReadInstant(patch.Start, "start", "Le début", required: false, errors) ?? outage.Start;
        var end = AvailabilityTexts.ReadInstant(patch.End, "end", "La fin", required: false, errors) ?? outage.End;
        CheckBounds(start, end, now, errors);
        var cause = ReadCause(patch.Cause, required: false, errors) ?? outage.Cause;
        var description = outage.Description;
        if (patch.Description is not null)
        {
            var (text, error) = TextInput.Read(patch.Description, 4000, required: true, "La description");
            if (error is not null)
            {
                errors["description"] = [error];
            }

            description = text ?? description;
        }

        var (reason, reasonError) = TextInput.Read(patch.Reason, 2000, required: false, "Le motif");
        if (reasonError is not null)
        {
            errors["reason"] = [reasonError];
        }

        var organisationId = await OrganisationOfServiceAsync(db, outage.ServiceId, ct);
        var tickets = await CheckLinksAsync(db, organisationId, patch.TicketIds, patch.NewsItemId, errors, ct);
        if (errors.Count > 0)
        {
            return Failure.Invalid(errors);
        }

        var closing = outage.End is null && end is not null;
        outage.Start = start;
        outage.End = end;
        outage.Cause = cause;
        outage.Description = description;
        if (patch.NewsItemId is not null)
        {
            outage.NewsItemId = patch.NewsItemId;
        }

        if (patch.TicketIds is not null)
        {
            outage.Tickets.Clear();
            outage.Tickets.AddRange(tickets.Select(t => new OutageTicket { OutageId = outage.Id, TicketId = t }));
        }

        outage.UpdatedAt = now;
        db.Add(new AvailabilityEvent
        {
            OutageId = outage.Id,
            Kind = closing ? AvailabilityEventKind.Closed : AvailabilityEventKind.Updated,
            At = now,
            AuthorId = caller.Id,
            Text = reason ?? (patch.Description is not null ? description : ""),
            Cause = cause,
            Start = start,
            End = end,
        });
        await db.SaveChangesAsync(ct);
        return await GetOutageAsync(db, caller, outage.Id, ct);
    }

    public static async Task<Outcome<OutageView>> CommentAsync(GuichetDbContext db, IClock clock, Caller caller, Guid id, CommentRequest request, CancellationToken ct)
    {
        if (!await VisibleOutages(db, caller).AnyAsync(o => o.Id == id, ct))
        {
            return Failure.NotFound("interruption");
        }

        var (text, error) = TextInput.Read(request.Text, 4000, required: true, "Le commentaire");
        if (error is not null)
        {
            return Failure.Invalid("text", error);
        }

        db.Add(new AvailabilityEvent { OutageId = id, Kind = AvailabilityEventKind.Comment, At = clock.GetCurrentInstant(), AuthorId = caller.Id, Text = text! });
        await db.SaveChangesAsync(ct);
        return await GetOutageAsync(db, caller, id, ct);
    }

    public static async Task<Outcome<OutageView>> ContestAsync(GuichetDbContext db, IClock clock, Caller caller, Guid id, ContestRequest request, CancellationToken ct)
    {
        if (await VisibleOutages(db, caller).AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct) is not { } outage)
        {
            return Failure.NotFound("interruption");
        }

        if (!caller.IsClient)
        {
            return Failure.Forbidden("client_only", "Seul le client conteste une entrée du journal ; le personnel la modifie.");
        }

        var errors = new Dictionary<string, string[]>();
        var now = clock.GetCurrentInstant();
        var (text, error) = TextInput.Read(request.Text, 4000, required: true, "Le motif de la contestation");
        if (error is not null)
        {
            errors["text"] = [error];
        }

        var cause = ReadCause(request.Cause, required: false, errors);
        var start = AvailabilityTexts.ReadInstant(request.Start, "start", "Le début proposé", required: false, errors);
        var end = AvailabilityTexts.ReadInstant(request.End, "end", "La fin proposée", required: false, errors);
        if (!errors.ContainsKey("start") && !errors.ContainsKey("end"))
        {
            CheckBounds(start ?? outage.Start, end ?? outage.End, now, errors);
        }

        if (errors.Count > 0)
        {
            return Failure.Invalid(errors);
        }

        if (await PendingContestAsync(db, id, ct) is not null)
        {
            return Failure.Conflict("contest_pending", "Une contestation de cette entrée attend déjà la décision du support.");
        }

        db.Add(new AvailabilityEvent { OutageId = id, Kind = AvailabilityEventKind.Contest, At = now, AuthorId = caller.Id, Text = text!, Cause = cause, Start = start, End = end });
        await db.SaveChangesAsync(ct);
        return await GetOutageAsync(db, caller, id, ct);
    }

    /// <summary>The contest of an outage still waiting for staff's decision, if any.</summary>
    public static async Task<AvailabilityEvent?> PendingContestAsync(GuichetDbContext db, Guid outageId, CancellationToken ct)
    {
        var decided = db.Set<AvailabilityEvent>().Where(d => d.OutageId == outageId && d.ContestId != null).Select(d => d.ContestId);
        return await db.Set<AvailabilityEvent>().AsNoTracking()
            .Where(e => e.OutageId == outageId && e.Kind == AvailabilityEventKind.Contest && !decided.Contains(e.Id))
            .OrderBy(e => e.At).FirstOrDefaultAsync(ct);
    }

    public static async Task<Outcome<OutageView>> DecideAsync(GuichetDbContext db, IClock clock, Caller caller, Guid contestId, DecisionRequest request, CancellationToken ct)
    {
        var visible = VisibleOutages(db, caller).Select(o => o.Id);
        if (await db.Set<AvailabilityEvent>().AsNoTracking()
                .SingleOrDefaultAsync(e => e.Id == contestId && e.Kind == AvailabilityEventKind.Contest && e.OutageId != null && visible.Contains(e.OutageId.Value), ct) is not { } contest)
        {
            return Failure.NotFound("contestation");
        }

        if (!caller.IsStaff)
        {
            return StaffOnly;
        }

        var errors = new Dictionary<string, string[]>();
        if (request.Accept is not { } accept)
        {
            errors["accept"] = ["Indiquez si la contestation est acceptée (true) ou rejetée (false)."];
            return Failure.Invalid(errors);
        }

        var (reason, error) = TextInput.Read(request.Reason, 2000, required: !accept, "Le motif du rejet");
        if (error is not null)
        {
            return Failure.Invalid("reason", error);
        }

        if (await db.Set<AvailabilityEvent>().AnyAsync(d => d.ContestId == contestId, ct))
        {
            return Failure.Conflict("contest_decided", "Cette contestation a déjà été tranchée.");
        }

        var outage = await db.Set<OutageEntry>().SingleAsync(o => o.Id == contest.OutageId, ct);
        var now = clock.GetCurrentInstant();
        if (accept)
        {
            outage.Cause = contest.Cause ?? outage.Cause;
            outage.Start = contest.Start ?? outage.Start;
            outage.End = contest.End ?? outage.End;
            outage.UpdatedAt = now;
        }

        db.Add(new AvailabilityEvent
        {
            OutageId = outage.Id,
            Kind = accept ? AvailabilityEventKind.Accepted : AvailabilityEventKind.Rejected,
            At = now,
            AuthorId = caller.Id,
            Text = reason ?? "",
            ContestId = contestId,
            Cause = accept ? outage.Cause : null,
            Start = accept ? outage.Start : null,
            End = accept ? outage.End : null,
        });
        await db.SaveChangesAsync(ct);
        return await GetOutageAsync(db, caller, outage.Id, ct);
    }

    // --- Checks ---------------------------------------------------------------------------------------------------

    public static OutageCause? ReadCause(string? code, bool required, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            if (required)
            {
                errors["cause"] = ["Indiquez la cause."];
            }

            return null;
        }

        var cause = AvailabilityTexts.Parse(code);
        if (cause is null)
        {
            errors["cause"] = [$"Cause inconnue ; valeurs possibles : {AvailabilityTexts.CauseChoices}."];
        }

        return cause;
    }

    private static void CheckBounds(Instant? start, Instant? end, Instant now, Dictionary<string, string[]> errors)
    {
        if (start is { } s && s > now + Duration.FromMinutes(5) && !errors.ContainsKey("start"))
        {
            errors["start"] = ["Le début d'une interruption ne peut pas être dans le futur (une intervention à venir est une maintenance planifiée)."];
        }

        if (start is { } from && end is { } to && to <= from && !errors.ContainsKey("end"))
        {
            errors["end"] = ["La fin doit suivre le début."];
        }
    }

    private static Task<Guid> OrganisationOfServiceAsync(GuichetDbContext db, Guid serviceId, CancellationToken ct) =>
        db.Set<HostedService>().Where(s => s.Id == serviceId).Join(db.Contracts, s => s.ContractId, c => c.Id, (s, c) => c.OrganisationId).SingleAsync(ct);

    private static async Task<List<long>> CheckLinksAsync(GuichetDbContext db, Guid organisationId, long[]? ticketIds, Guid? newsItemId, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        var wanted = (ticketIds ?? []).Distinct().ToList();
        if (wanted.Count > 50)
        {
            errors["ticketIds"] = ["Au plus 50 demandes liées."];
            return [];
        }

        var found = await db.Tickets.Where(t => wanted.Contains(t.Id) && t.OrganisationId == organisationId).Select(t => t.Id).ToListAsync(ct);
        if (found.Count != wanted.Count)
        {
            errors["ticketIds"] = [$"Demande introuvable pour cette organisation : {string.Join(", ", wanted.Except(found))}."];
        }

        if (newsItemId is { } news && !await PortalRules.NewsOf(db, organisationId).AnyAsync(n => n.Id == news, ct))
        {
            errors["newsItemId"] = ["Actualité introuvable pour cette organisation."];
        }

        return found;
    }
}
