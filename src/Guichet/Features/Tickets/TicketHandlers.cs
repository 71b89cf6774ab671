using Guichet.Domain.Presets;
using Guichet.Domain.Tickets;

namespace Guichet.Features.Tickets;

/// <summary>
/// The ticket's core: creation, loading what the caller may see, and the commit every change goes through (the
/// actions in <see cref="TicketActions"/>, attachments, the automatic transitions). Each change appends events to
/// the trace, rewrites the summary from it and saves once; a concurrent change of the same ticket makes the save
/// fail with a conflict rather than lose anything.
/// </summary>
internal sealed class TicketHandlers(GuichetDbContext db, IClock clock, TicketCreationQueue creations)
{
    public const int MaxSubject = 300;
    public const int MaxText = 50_000;

    /// <summary>
    /// A new request. <paramref name="Criticality"/> and <paramref name="Impact"/> are the criteria of a contract whose
    /// policy has a priority matrix [AT 9.3.4.1–2]: the priority is derived from them and cannot be chosen.
    /// </summary>
    public sealed record CreateTicket(Guid? ProductId, Guid? QueueId, Guid? VersionId, string? ServiceType, string? Priority, string? Subject, string? Body, string? Criticality = null, string? Impact = null);

    public Task<Outcome<Ticket>> CreateAsync(Caller caller, CreateTicket request, CancellationToken ct)
    {
        if (!caller.IsClient)
        {
            return Task.FromResult<Outcome<Ticket>>(Failure.Forbidden("client_only", "Seuls les utilisateurs d'une organisation cliente créent des demandes par cette voie."));
        }

        return CreateAsync(caller, request, null, ct);
    }

    /// <summary>
    /// How a request reached the provider when staff enter it for a client (<see cref="RaiseOnBehalf"/>): when it was
    /// received (the clocks start there), and what the trace records beyond the creation (who entered it and when, an
    /// answer given on the spot…), built once the ticket's policy is known.
    /// </summary>
    public sealed record Intake(Instant ReceivedAt, Func<SlaPreset, Instant, Outcome<IReadOnlyList<TicketTraceEntry>>> MoreEvents);

    /// <summary>
    /// The one creation path: the request checked for <paramref name="requester"/> (a client user: their declared
    /// products, their organisation's contract), then saved with its trace; <paramref name="intake"/> is null when the
    /// requester enters it themselves (received now).
    /// </summary>
    public async Task<Outcome<Ticket>> CreateAsync(Caller requester, CreateTicket request, Intake? intake, CancellationToken ct)
    {
        var caller = requester;
        var errors = new Dictionary<string, string[]>();
        var (subject, subjectError) = TextInput.Read(request.Subject, MaxSubject, required: true, "L'objet");
        var (body, bodyError) = TextInput.Read(request.Body, MaxText, required: true, "La description");
        if (subjectError is not null)
        {
            errors["subject"] = [subjectError];
        }

        if (bodyError is not null)
        {
            errors["body"] = [bodyError];
        }

        if (request.ProductId is not { } productId || !caller.DeclaredProducts.Contains(productId))
        {
            // Undeclared and unknown products look the same: nothing is revealed about other organisations.
            if (intake is not null)
            {
                errors["productId"] = ["Cet utilisateur n'est pas déclaré sur ce produit : son référent doit l'y ajouter avant qu'une demande soit enregistrée pour lui."];
                return new Failure(FailureKind.Invalid, "user_not_declared", "L'utilisateur n'est pas déclaré sur ce produit.", Errors: errors);
            }

            errors["productId"] = ["Vous n'êtes pas déclaré sur ce produit : demandez à votre référent de vous y ajouter."];
            return Failure.Invalid(errors);
        }

        // One round trip for the contract covering the product, the organisation's territory and the checks on the
        // queue and version named in the request.
        var orgId = caller.User.OrganisationId!.Value;
        var queueId = request.QueueId;
        var versionId = request.VersionId;
        var context = await db.Contracts.AsNoTracking()
            .Where(c => c.OrganisationId == orgId && c.Products.Any(p => p.ProductId == productId))
            .OrderByDescending(c => c.StartsOn)
            .Select(c => new
            {
                c.Id,
                c.PresetId,
                c.Policy,
                c.PolicyVersion,
                Territory = db.Organisations.Where(o => o.Id == orgId).Select(o => o.Territory).First(),
                QueueExists = queueId != null && db.Queues.Any(q => q.Id == queueId),
                VersionBelongs = versionId == null || db.ProductVersions.Any(v => v.Id == versionId && v.ProductId == productId),
                c.SupportedMajorVersions,
                c.PatchDelayMonths,
                c.NewVersionDelayMonths,
            })
            .FirstOrDefaultAsync(ct);
        if (context is null)
        {
            errors["productId"] = ["Aucun contrat de votre organisation ne couvre ce produit."];
            return Failure.Invalid(errors);
        }

        var preset = TicketClocks.Policy(context.PresetId, context.Policy);
        if (!context.QueueExists)
        {
            errors["queueId"] = ["Choisissez le service destinataire de la demande."];
        }

        if (!context.VersionBelongs)
        {
            errors["versionId"] = ["Cette version n'appartient pas au produit choisi."];
        }

        var serviceType = request.ServiceType ?? preset.ServiceTypes[0].Id;
        if (preset.ServiceTypes.All(s => s.Id != serviceType))
        {
            errors["serviceType"] = [$"Type de service inconnu ; choisissez parmi : {string.Join(", ", preset.ServiceTypes.Select(s => s.Label))}."];
        }

        var priority = preset.DefaultPriority;
        var (criticality, impact) = ((string?)null, (string?)null);
        if (preset.PriorityMatrix is { } matrix)
        {
            (priority, criticality, impact) = DeriveFromMatrix(matrix, request, priority, errors);
        }
        else if (request.Criticality is not null || request.Impact is not null)
        {
            errors[request.Criticality is not null ? "criticality" : "impact"] = ["Ce contrat ne qualifie pas les demandes par criticité et impact : choisissez une priorité."];
        }
        else if (request.Priority is not null)
        {
            if (preset.Policy.Scheme.TryGet(request.Priority, out var level))
            {
                priority = level.Id;
            }
            else
            {
                errors["priority"] = [$"Priorité inconnue ; choisissez parmi : {string.Join(", ", preset.Policy.Scheme.Levels.Select(l => l.Label))}."];
            }
        }

        if (errors.Count > 0)
        {
            return Failure.Invalid(errors);
        }

        var now = clock.GetCurrentInstant();
        var receivedAt = intake?.ReceivedAt ?? now;
        var outOfScope = context is { SupportedMajorVersions: null, PatchDelayMonths: null, NewVersionDelayMonths: null } || versionId is not { } declaredId
            ? null
            : await OutOfScopeReasonAsync(
                new Domain.Contracts.ServiceConditions(context.SupportedMajorVersions, context.PatchDelayMonths, context.NewVersionDelayMonths),
                productId,
                declaredId,
                receivedAt.InZone(TicketClocks.TerritoryOf(context.Territory).Zone).Date,
                ct);
        var ticket = new Ticket
        {
            OrganisationId = orgId,
            ContractId = context.Id,
            QueueId = request.QueueId!.Value,
            ProductId = productId,
            VersionId = request.VersionId,
            ServiceType = serviceType,
            ClientPriority = priority,
            Priority = priority,
            Criticality = criticality,
            Impact = impact,
            Subject = subject!,
            Body = body!,
            AuthorId = caller.Id,
            State = preset.Policy.Workflow.Initial.Id,
            OutOfScopeReason = outOfScope,
            PolicyVersion = context.PolicyVersion,
            CreatedAt = receivedAt,
            UpdatedAt = receivedAt,
            StateChangedAt = receivedAt,
        };
        ticket.Events.Add(new TicketTraceEntry { At = receivedAt, Kind = EventKind.Created, AuthorId = caller.Id, Visibility = Visibility.Public });
        ticket.Events.AddRange(await Releases.PlannedReleases.ForNewTicketAsync(db, ticket, preset, context.Territory, ct));
        if (intake is not null)
        {
            if (!intake.MoreEvents(preset, now).TryGet(out var more, out var refused))
            {
                return refused;
            }

            ticket.Events.AddRange(more);
        }

        TicketTrace.Refresh(ticket, preset, context.Territory, now);
        await creations.SaveAsync(ticket, ct);
        return ticket;
    }

    /// <summary>
    /// The priority read from the matrix for the request's criticité and impact (both, or neither: then the default
    /// priority, the criteria left for staff to qualify); choosing the priority itself is refused.
    /// </summary>
    private static (string Priority, string? Criticality, string? Impact) DeriveFromMatrix(
        Domain.Presets.PriorityMatrix matrix, CreateTicket request, string defaultPriority, Dictionary<string, string[]> errors)
    {
        if (request.Priority is not null)
        {
            errors["priority"] = [$"Pour ce contrat, la priorité découle de la criticité et de l'impact [{matrix.Source}] : indiquez-les plutôt que la priorité."];
        }

        var criticality = matrix.Criticality.Find(request.Criticality);
        var impact = matrix.Impact.Find(request.Impact);
        if (request.Criticality is null && request.Impact is null)
        {
            return (defaultPriority, null, null);
        }

        if (criticality is null)
        {
            errors["criticality"] = [$"Choisissez la criticité : {string.Join(", ", matrix.Criticality.Levels.Select(l => l.Label))}."];
        }

        if (impact is null)
        {
            errors["impact"] = [$"Choisissez l'impact : {string.Join(", ", matrix.Impact.Levels.Select(l => l.Label))}."];
        }

        return criticality is null || impact is null
            ? (defaultPriority, null, null)
            : (matrix.Cells[criticality.Id][impact.Id], criticality.Id, impact.Id);
    }

    /// <summary>
    /// The contract's service conditions against the product's release history [E23 3.1.2, LS 5.5]: the French reason
    /// when the declared version is out of scope, else null. Only contracts with conditions pay this one small query;
    /// releases without a date, or numbers that are not X.Y.Z, cannot be judged and are left out (a declared version
    /// among them is not judged either).
    /// </summary>
    private async Task<string?> OutOfScopeReasonAsync(Domain.Contracts.ServiceConditions conditions, Guid productId, Guid declaredId, NodaTime.LocalDate raisedOn, CancellationToken ct)
    {
        var versions = await db.ProductVersions.AsNoTracking().Where(v => v.ProductId == productId)
            .Select(v => new { v.Id, v.Number, v.ReleasedOn }).ToListAsync(ct);
        var declared = versions.SingleOrDefault(v => v.Id == declaredId);
        if (declared?.ReleasedOn is null || !Domain.Contracts.ProductVersion.TryParse(declared.Number, out var declaredVersion))
        {
            return null;
        }

        var releases = versions
            .Select(v => (Ok: Domain.Contracts.ProductVersion.TryParse(v.Number, out var number), Number: number, v.ReleasedOn))
            .Where(v => v.Ok && v.ReleasedOn is not null)
            .GroupBy(v => v.Number)
            .Select(g => new Domain.Contracts.Release(g.Key, g.Min(v => v.ReleasedOn!.Value)));
        var decision = conditions.Check(releases, declaredVersion, raisedOn);
        return decision.InScope ? null : decision.Describe();
    }

    /// <summary>
    /// A ticket the caller may see, with what its clocks need, tracked for change unless <paramref name="forChange"/>
    /// is false (a page that only shows it); null if not visible.
    /// </summary>
    public Task<Loaded?> LoadAsync(Caller caller, long number, CancellationToken ct, bool forChange = true) =>
        LoadAsync(caller, number, forChange, ct);

    /// <summary>Any ticket, tracked for change, for the jobs that act for the provider (no caller); null if gone.</summary>
    public Task<Loaded?> LoadForSystemAsync(long number, CancellationToken ct) => LoadAsync(null, number, forChange: true, ct);

    private async Task<Loaded?> LoadAsync(Caller? caller, long number, bool forChange, CancellationToken ct)
    {
        var row = await (forChange ? LoadTracked : LoadUntracked).For(db)(db, number, ct);
        // The ticket is read by its number alone (a query compiled once, whose SQL never changes); the caller's visibility is
        // then checked on it (Caller.Sees, the rule of Caller.VisibleTickets): another organisation's ticket is not found.
        if (row is null || (caller is not null && !caller.Sees(row.Ticket)))
        {
            if (row is not null && forChange)
            {
                // Not the caller's: nothing of it stays tracked by this request.
                foreach (var e in row.Ticket.Events)
                {
                    db.Entry(e).State = EntityState.Detached;
                }

                db.Entry(row.Ticket).State = EntityState.Detached;
            }

            return null;
        }

        if (forChange)
        {
            // The stored outcomes are rewritten with the summary at the commit (Reports/ClockOutcomes).
            await db.ClockOutcomes.Where(o => o.TicketId == number).LoadAsync(ct);
        }

        var preset = row.KeptPreset is { } kept ? TicketClocks.Policy(kept, row.KeptPolicy) : TicketClocks.Policy(row.PresetId, row.Policy);
        return new Loaded(row.Ticket, preset, row.Territory);
    }

    /// <summary>A ticket as the load reads it: the ticket with its trace, and the policy and territory its clocks are evaluated with.</summary>
    private sealed record LoadRow(Ticket Ticket, string PresetId, string? Policy, string? KeptPreset, string? KeptPolicy, string Territory);

    // The ticket load runs on every ticket page and action: compiled once (no expression tree built, walked and
    // looked up per call) and with no parameter whose value changes the SQL (EF Core then writes the statement once).
    // One round trip: the ticket, its trace, and the policy version and territory its clocks are evaluated with.
    private static readonly CompiledQuery<Func<GuichetDbContext, long, CancellationToken, Task<LoadRow?>>> LoadTracked = new(() => CompileLoad(QueryTrackingBehavior.TrackAll));

    private static readonly CompiledQuery<Func<GuichetDbContext, long, CancellationToken, Task<LoadRow?>>> LoadUntracked = new(() => CompileLoad(QueryTrackingBehavior.NoTracking));

    private static Func<GuichetDbContext, long, CancellationToken, Task<LoadRow?>> CompileLoad(QueryTrackingBehavior tracking) =>
        EF.CompileAsyncQuery((GuichetDbContext db, long number, CancellationToken ct) =>
            (from t in db.Tickets.AsTracking(tracking).Include(t => t.Events)
             where t.Id == number
             join c in db.Contracts on t.ContractId equals c.Id
             join o in db.Organisations on c.OrganisationId equals o.Id
             select new LoadRow(
                 t,
                 c.PresetId,
                 c.Policy,
                 // Two scalar subqueries (SQLite has no APPLY for a row); null when the ticket is on the version in force.
                 db.ContractPolicyVersions.Where(v => v.ContractId == c.Id && v.Number == t.PolicyVersion && t.PolicyVersion != c.PolicyVersion).Select(v => v.PresetId).FirstOrDefault(),
                 db.ContractPolicyVersions.Where(v => v.ContractId == c.Id && v.Number == t.PolicyVersion && t.PolicyVersion != c.PolicyVersion).Select(v => v.Policy).FirstOrDefault(),
                 o.Territory)).SingleOrDefault());

    /// <summary>
    /// Runs <paramref name="use"/> on a ticket the caller may see, tracked for change; the ticket is not found
    /// (<see cref="Failure.NotFound"/>) when it does not exist or belongs to others, which look the same.
    /// </summary>
    public async Task<Outcome<T>> OnTicketAsync<T>(Caller caller, long number, Func<Loaded, Task<Outcome<T>>> use, CancellationToken ct) =>
        await LoadAsync(caller, number, ct) is { } loaded ? await use(loaded) : Failure.NotFound("ticket");

    /// <inheritdoc cref="OnTicketAsync{T}(Caller, long, Func{Loaded, Task{Outcome{T}}}, CancellationToken)"/>
    public async Task<Outcome<T>> OnTicketAsync<T>(Caller caller, long number, Func<Loaded, Outcome<T>> use, CancellationToken ct) =>
        await LoadAsync(caller, number, ct) is { } loaded ? use(loaded) : Failure.NotFound("ticket");

    /// <summary>
    /// The policy (version <paramref name="policyVersion"/> of the contract's: its own or its preset's) and the client
    /// territory a ticket's clocks are evaluated with.
    /// </summary>
    public static async Task<(SlaPreset Preset, string Territory)> ContractContextAsync(GuichetDbContext db, Guid contractId, int policyVersion, CancellationToken ct)
    {
        var context = await (from c in db.Contracts
                             join o in db.Organisations on c.OrganisationId equals o.Id
                             where c.Id == contractId
                             select new
                             {
                                 c.PresetId,
                                 c.Policy,
                                 KeptPreset = db.ContractPolicyVersions.Where(v => v.ContractId == c.Id && v.Number == policyVersion && policyVersion != c.PolicyVersion)
                                     .Select(v => v.PresetId).FirstOrDefault(),
                                 KeptPolicy = db.ContractPolicyVersions.Where(v => v.ContractId == c.Id && v.Number == policyVersion && policyVersion != c.PolicyVersion)
                                     .Select(v => v.Policy).FirstOrDefault(),
                                 o.Territory,
                             }).SingleAsync(ct);
        var preset = context.KeptPreset is { } kept ? TicketClocks.Policy(kept, context.KeptPolicy) : TicketClocks.Policy(context.PresetId, context.Policy);
        return (preset, context.Territory);
    }

    public sealed record Loaded(Ticket Ticket, SlaPreset Preset, string Territory)
    {
        public Workflow Workflow => Preset.Policy.Workflow;
    }

    /// <summary>
    /// Appends events and rewrites the summary (<see cref="TicketTrace.Append"/>), then saves: a stale
    /// <paramref name="expectedVersion"/> is refused before anything changes, a concurrent save is a conflict.
    /// </summary>
    public async Task<Outcome<Done>> CommitAsync(Loaded loaded, int? expectedVersion, IEnumerable<TicketTraceEntry> events, CancellationToken ct, Action<Ticket>? alsoChange = null)
    {
        var ticket = loaded.Ticket;
        if (expectedVersion is { } expected && expected != ticket.Version)
        {
            return Failure.PreconditionFailed($"Le ticket a été modifié depuis votre lecture (version {ticket.Version}, vous aviez la version {expected}) : rechargez-le.");
        }

        TicketTrace.Append(ticket, events, loaded.Preset, loaded.Territory, clock.GetCurrentInstant(), alsoChange);
        try
        {
            await db.SaveChangesAsync(ct);
            return Done.Value;
        }
        catch (DbUpdateConcurrencyException)
        {
            return Failure.Conflict("concurrent_update", "Quelqu'un d'autre vient de modifier ce ticket : rechargez-le, rien de ce qui a été enregistré n'est perdu.");
        }
    }

    public Instant Now => clock.GetCurrentInstant();
}
