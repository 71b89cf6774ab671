using Guichet.Domain.Crises;
using Guichet.Features.Availability;

namespace Guichet.Features.Crisis;

/// <summary>
/// The crisis cell's use cases [AT 9.3.4.6] (docs/crisis.md): staff open a crisis for a contract they serve, naming its
/// manager and the client contacts to inform; the manager records the first meeting, gives the status points with the
/// action plan of the next period, changes the cadence and closes the cell; any staff member who sees it writes in its
/// log. Every step is a <see cref="CrisisEvent"/> (append-only) and rewrites the derived due instants in the same save.
/// A client référent reads their organisation's crises; anyone else's is not found.
/// </summary>
internal sealed class CrisisCells(GuichetDbContext db, IClock clock)
{
    public const int MaxLinks = 50;

    // --- Scope ----------------------------------------------------------------------------------------------------

    /// <summary>The crises a caller may see: of the contracts staff serve (all for an administrator), of a référent's organisation; none for other clients.</summary>
    public static IQueryable<CrisisCell> Visible(GuichetDbContext db, Caller caller)
    {
        if (caller.IsClient)
        {
            var org = caller.User.IsReferent ? caller.User.OrganisationId : null;
            return db.Set<CrisisCell>().Where(c => org != null && c.OrganisationId == org);
        }

        var contracts = caller.VisibleContracts(db).Select(c => c.Id);
        return db.Set<CrisisCell>().Where(c => contracts.Contains(c.ContractId));
    }

    /// <summary>Who leads a crisis: its manager, or a supervisor or administrator standing in (the log says who did what).</summary>
    public static bool MayLead(Caller caller, CrisisCell crisis) => MayLead(caller, crisis.ManagerId);

    /// <inheritdoc cref="MayLead(Caller, CrisisCell)"/>
    public static bool MayLead(Caller caller, Guid? managerId) =>
        caller.IsStaff && (caller.Id == managerId || (caller.User.Roles & (StaffRoles.Supervisor | StaffRoles.Admin)) != 0);

    private static readonly Failure StaffOnly = Failure.Forbidden("staff_only", "Seul le personnel du support tient une cellule de crise.");

    private static readonly Failure LeadOnly = Failure.Forbidden("crisis_manager_only", "Seul le responsable de la crise (ou un superviseur) conduit la cellule.");

    private static readonly Failure Closed = Failure.Conflict("crisis_closed", "Cette cellule de crise est close.");

    /// <summary>
    /// Staff who may be named crisis manager for an organisation: active people (not the telephony's or backup's
    /// account) who serve it with the role of supervisor, pole manager or administrator, or administrators.
    /// </summary>
    public static IQueryable<User> Managers(GuichetDbContext db, Guid organisationId)
    {
        var serving = db.StaffOrganisations.Where(s => s.OrganisationId == organisationId).Select(s => s.UserId);
        return db.Users.Where(u => u.Kind == UserKind.Staff && (u.Roles & (StaffRoles.Telephony | StaffRoles.Backup)) == 0
            && ((u.Roles & StaffRoles.Admin) != 0 || (serving.Contains(u.Id) && (u.Roles & (StaffRoles.Supervisor | StaffRoles.PoleManager)) != 0)));
    }

    // --- Reads ----------------------------------------------------------------------------------------------------

    public async Task<IReadOnlyList<CrisisRow>> ListAsync(Caller caller, Guid? organisationId, bool? open, CancellationToken ct)
    {
        var query = Visible(db, caller).AsNoTracking();
        if (organisationId is { } org)
        {
            query = query.Where(c => c.OrganisationId == org);
        }

        if (open is { } o)
        {
            query = o ? query.Where(c => c.ClosedAt == null) : query.Where(c => c.ClosedAt != null);
        }

        var rows = await query.OrderByDescending(c => c.OpenedAt).Take(200)
            .Select(c => new
            {
                Crisis = c,
                Organisation = db.Organisations.Where(x => x.Id == c.OrganisationId).Select(x => x.Name).First(),
                Manager = db.Users.Where(u => u.Id == c.ManagerId).Select(u => u.DisplayName).FirstOrDefault(),
                Next = db.Set<CrisisDeadline>().Where(d => d.CrisisId == c.Id && d.Key == c.NextDueKey).FirstOrDefault(),
            }).ToListAsync(ct);
        var now = clock.GetCurrentInstant();
        return [.. rows
            .OrderBy(r => r.Crisis.ClosedAt is null ? 0 : 1)
            .ThenBy(r => r.Crisis.NextDueAt ?? Instant.MaxValue)
            .ThenByDescending(r => r.Crisis.OpenedAt)
            .Select(r => new CrisisRow(r.Crisis.Id, r.Crisis.OrganisationId, r.Organisation, r.Crisis.ContractId, r.Crisis.Title, CrisisTexts.Id(r.Crisis.Severity),
                CrisisTexts.Label(r.Crisis.Severity), r.Manager ?? "Compte supprimé", CrisisTexts.Iso(r.Crisis.OpenedAt), CrisisTexts.Iso(r.Crisis.ClosedAt),
                r.Next is null ? null : CrisisDeadlines.View(r.Next, now)))];
    }

    public async Task<Outcome<CrisisView>> GetAsync(Caller caller, Guid id, CancellationToken ct)
    {
        if (await Visible(db, caller).AsNoTracking().Include(c => c.Services).Include(c => c.Outages).Include(c => c.Tickets).Include(c => c.Contacts)
                .AsSplitQuery().SingleOrDefaultAsync(c => c.Id == id, ct) is not { } crisis)
        {
            return Failure.NotFound("cellule de crise");
        }

        var now = clock.GetCurrentInstant();
        var staff = caller.IsStaff;
        var names = await db.Organisations.AsNoTracking().Where(o => o.Id == crisis.OrganisationId)
            .Select(o => new { o.Name, Contract = db.Contracts.Where(c => c.Id == crisis.ContractId).Select(c => c.Name).First() }).SingleAsync(ct);
        var log = await db.Set<CrisisEvent>().AsNoTracking().Where(e => e.CrisisId == id).OrderBy(e => e.Id).ToListAsync(ct);
        var authorIds = log.Select(e => e.AuthorId).OfType<Guid>().Append(crisis.ManagerId ?? Guid.Empty).Distinct().ToList();
        var authors = await db.Users.AsNoTracking().Where(u => authorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        string Author(Guid? who) => who is { } a ? authors.GetValueOrDefault(a, "Compte supprimé") : "Guichet";
        var entries = log.Where(e => staff || CrisisTexts.IsPublic(e.Kind))
            .Select(e => new CrisisLogEntryView(e.Id, CrisisTexts.EventId(e.Kind), CrisisTexts.EventLabel(e.Kind), CrisisTexts.Iso(e.At), Author(e.AuthorId), e.Text, e.Plan,
                e.Cadence is null ? null : CrisisTexts.CadenceLabel(e.Cadence)))
            .ToList();
        var points = log.Where(e => e.Kind == CrisisEventKind.Point)
            .Select((e, i) => new CrisisPointView(i + 1, CrisisTexts.Iso(e.At), Author(e.AuthorId), e.Text, e.Plan ?? "", e.Cadence, e.Cadence is null ? null : CrisisTexts.CadenceLabel(e.Cadence)))
            .ToList();
        var cadence = log.LastOrDefault(e => e.Cadence is not null && e.Kind is CrisisEventKind.Opened or CrisisEventKind.Point or CrisisEventKind.CadenceChanged)?.Cadence
            ?? CrisisRules.DefaultCadence.ToString();
        var deadlines = await db.Set<CrisisDeadline>().AsNoTracking().Where(d => d.CrisisId == id).ToListAsync(ct);
        var dues = deadlines.OrderBy(d => d.AnchorAt).ThenBy(d => d.Kind == "meeting" ? 0 : d.Kind == "point" ? 1 : 2).ThenBy(d => d.Number)
            .Select(d => CrisisDeadlines.View(d, now)).ToList();
        var next = crisis.NextDueKey is { } key ? dues.FirstOrDefault(d => d.Key == key) : null;
        var serviceIds = crisis.Services.Select(s => s.ServiceId).ToList();
        var services = await db.Set<HostedService>().AsNoTracking().Where(s => serviceIds.Contains(s.Id)).OrderBy(s => s.Name).Select(s => new CrisisServiceView(s.Id, s.Name)).ToListAsync(ct);
        var contactIds = crisis.Contacts.Select(c => c.UserId).ToList();
        var contacts = await db.Users.AsNoTracking().Where(u => contactIds.Contains(u.Id)).OrderBy(u => u.DisplayName)
            .Select(u => new CrisisContactView(u.Id, u.DisplayName, staff ? u.Email : null)).ToListAsync(ct);
        var postMortem = crisis.ClosedAt is null ? null : await PostMortems.ViewAsync(db, crisis, dues, entries, staff, ct);
        return new CrisisView(crisis.Id, crisis.OrganisationId, names.Name, crisis.ContractId, names.Contract, crisis.Title, crisis.Description, CrisisTexts.Id(crisis.Severity),
            CrisisTexts.Label(crisis.Severity), crisis.ManagerId, Author(crisis.ManagerId), CrisisTexts.Iso(crisis.OpenedAt), CrisisTexts.Iso(crisis.ClosedAt), crisis.ClosedAt is null,
            CrisisTexts.CadenceId(Domain.Sla.ClockTarget.Parse(cadence)), CrisisTexts.CadenceLabel(cadence), next, dues, points, entries, services,
            [.. crisis.Outages.Select(o => o.OutageId)], [.. crisis.Tickets.Select(t => t.TicketId).Order()], contacts, postMortem);
    }

    // --- Opening --------------------------------------------------------------------------------------------------

    public async Task<Outcome<CrisisView>> OpenAsync(Caller caller, CrisisRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var (contract, refused) = await AvailabilityLog.StaffContractAsync(db, caller, request.ContractId, errors, StaffOnly, ct);
        if (refused is not null)
        {
            return refused;
        }

        var title = Read(errors, "title", request.Title, 200, required: true, "L'intitulé de la crise");
        var description = Read(errors, "description", request.Description, 4000, required: true, "La description de la perturbation");

        var severity = string.IsNullOrWhiteSpace(request.Severity) ? CrisisSeverity.Major : CrisisTexts.ParseSeverity(request.Severity);
        if (severity is null)
        {
            errors["severity"] = ["Gravité inconnue ; valeurs possibles : major (majeure), critical (critique)."];
        }

        var cadence = string.IsNullOrWhiteSpace(request.Cadence) ? CrisisRules.DefaultCadence : CrisisTexts.ParseCadence(request.Cadence);
        if (cadence is null)
        {
            errors["cadence"] = [$"Périodicité inconnue ; valeurs possibles : {CrisisTexts.CadenceChoices}."];
        }

        var orgId = contract?.OrganisationId ?? Guid.Empty;
        if (request.ManagerId is not { } managerId)
        {
            errors["managerId"] = ["Nommez le responsable de la crise."];
        }
        else if (contract is not null && !await Managers(db, orgId).AnyAsync(u => u.Id == managerId, ct))
        {
            errors["managerId"] = ["Le responsable de la crise doit être un superviseur, un responsable de pôle qui sert cette organisation, ou un administrateur."];
        }

        var services = await CheckAsync(request.ServiceIds, "serviceIds", "service", contract is null ? null : db.Set<HostedService>().Where(s => s.ContractId == contract.Id).Select(s => s.Id), errors, ct);
        var contractServices = contract is null ? null : db.Set<HostedService>().Where(s => s.ContractId == contract.Id).Select(s => s.Id);
        var outages = await CheckAsync(request.OutageIds, "outageIds", "interruption", contractServices is null ? null : db.Set<OutageEntry>().Where(o => contractServices.Contains(o.ServiceId)).Select(o => o.Id), errors, ct);
        var tickets = await CheckAsync(request.TicketIds, "ticketIds", "demande", contract is null ? null : db.Tickets.Where(t => t.OrganisationId == orgId).Select(t => t.Id), errors, ct);
        var reachable = db.Users.Where(u => u.OrganisationId == orgId && u.Kind == UserKind.Client && u.Email != null && u.EmailUndeliverableAt == null);
        List<Guid> contacts;
        if (request.ContactIds is null)
        {
            contacts = contract is null ? [] : [.. (await reachable.Where(u => u.IsReferent).AsNoTracking().ToListAsync(ct)).Where(u => !AccountStatus.IsDeactivated(u)).Select(u => u.Id)];
            if (contract is not null && contacts.Count == 0)
            {
                errors["contactIds"] = ["Cette organisation n'a aucun référent joignable par courriel : choisissez les contacts à informer."];
            }
        }
        else
        {
            contacts = await CheckAsync(request.ContactIds, "contactIds", "contact", contract is null ? null : reachable.Select(u => u.Id), errors, ct);
            if (contract is not null && contacts.Count == 0 && !errors.ContainsKey("contactIds"))
            {
                errors["contactIds"] = ["Choisissez au moins un contact du client à informer."];
            }
        }

        if (errors.Count > 0)
        {
            return Failure.Invalid(errors);
        }

        if (await db.Set<CrisisCell>().AnyAsync(c => c.ContractId == contract!.Id && c.ClosedAt == null, ct))
        {
            return Failure.Conflict("crisis_open", "Une cellule de crise est déjà ouverte pour ce contrat : poursuivez-la.");
        }

        var now = clock.GetCurrentInstant();
        var crisis = new CrisisCell
        {
            OrganisationId = orgId,
            ContractId = contract!.Id,
            Title = title!,
            Description = description!,
            Severity = severity!.Value,
            ManagerId = request.ManagerId,
            OpenedAt = now,
            Services = [.. services.Select(s => new CrisisService { ServiceId = s })],
            Outages = [.. outages.Select(o => new CrisisOutage { OutageId = o })],
            Tickets = [.. tickets.Select(t => new CrisisTicket { TicketId = t })],
            Contacts = [.. contacts.Select(c => new CrisisContact { UserId = c })],
        };
        db.Add(crisis);
        var opened = new CrisisEvent { CrisisId = crisis.Id, Kind = CrisisEventKind.Opened, At = now, AuthorId = caller.Id, Text = description!, Cadence = cadence!.ToString() };
        db.Add(opened);
        var rules = CrisisDeadlines.RulesFor(contract.PresetId, contract.Policy, await TerritoryAsync(orgId, ct));
        CrisisDeadlines.Refresh(db, crisis, rules, [opened], []);
        var manager = await db.Users.AsNoTracking().Where(u => u.Id == crisis.ManagerId).Select(u => u.DisplayName).SingleAsync(ct);
        var zone = await ZoneAsync(orgId, ct);
        var recipients = await db.Users.AsNoTracking().Where(u => contacts.Contains(u.Id)).ToListAsync(ct);
        CrisisMails.ToContacts(db, recipients.Where(u => !AccountStatus.IsDeactivated(u)), $"Guichet : cellule de crise ouverte — {title}", $"""
            Une cellule de crise est ouverte le {Display.When(now, zone)} pour une perturbation majeure de votre service : {title}.

            {description}

            Gravité : {CrisisTexts.Label(crisis.Severity)}
            Responsable de la crise : {manager}
            Première réunion de la cellule : au plus tard le {Display.When(crisis.NextDueAt!.Value, zone)}
            Points de situation : {CrisisTexts.CadenceLabel(opened.Cadence)} (périodicité à confirmer avec vous)

            Chaque point de situation vous sera adressé par courriel ; la cellule est suivie sur le portail : /crises/{crisis.Id}
            """, now);
        await db.SaveChangesAsync(ct);
        CrisisBanner.Changed();
        return await GetAsync(caller, crisis.Id, ct);
    }

    // --- Steps ----------------------------------------------------------------------------------------------------

    public Task<Outcome<CrisisView>> HoldMeetingAsync(Caller caller, Guid id, MeetingRequest request, CancellationToken ct) =>
        StepAsync(caller, id, lead: true, async (crisis, log, now) =>
        {
            var (text, error) = TextInput.Read(request.Text, 4000, required: false, "Le compte rendu de la réunion");
            if (error is not null)
            {
                return Failure.Invalid("text", error);
            }

            if (log.Any(e => e.Kind == CrisisEventKind.MeetingHeld))
            {
                return Failure.Conflict("meeting_held", "La première réunion de la cellule est déjà enregistrée : notez la suite au journal.");
            }

            await Task.CompletedTask;
            return new CrisisEvent { Kind = CrisisEventKind.MeetingHeld, Text = text ?? "" };
        }, ct);

    public Task<Outcome<CrisisView>> GivePointAsync(Caller caller, Guid id, PointRequest request, CancellationToken ct) =>
        StepAsync(caller, id, lead: true, async (crisis, log, now) =>
        {
            var errors = new Dictionary<string, string[]>();
            var assessment = Read(errors, "assessment", request.Assessment, 4000, required: true, "Le bilan de la période passée");
            var plan = Read(errors, "plan", request.Plan, 4000, required: true, "Le plan d'action de la période suivante");

            var cadence = string.IsNullOrWhiteSpace(request.Cadence) ? null : CrisisTexts.ParseCadence(request.Cadence);
            if (cadence is null && !string.IsNullOrWhiteSpace(request.Cadence))
            {
                errors["cadence"] = [$"Périodicité inconnue ; valeurs possibles : {CrisisTexts.CadenceChoices}."];
            }

            if (errors.Count > 0)
            {
                return Failure.Invalid(errors);
            }

            if (!log.Any(e => e.Kind == CrisisEventKind.MeetingHeld))
            {
                return Failure.Conflict("meeting_not_held", "Enregistrez d'abord la première réunion de la cellule.");
            }

            var point = new CrisisEvent { Kind = CrisisEventKind.Point, At = now, Text = assessment!, Plan = plan, Cadence = cadence?.ToString() };
            var number = log.Count(e => e.Kind == CrisisEventKind.Point) + 1;
            var zone = await ZoneAsync(crisis.OrganisationId, ct);
            var promises = CrisisDeadlines.Promises(await CrisisDeadlines.RulesAsync(db, crisis.ContractId, ct), log.Append(point));
            var nextPoint = promises[^1];
            CrisisMails.ToContacts(db, await CrisisMails.ContactsAsync(db, crisis.Id, ct), $"Guichet : point de situation n° {number} — {crisis.Title}", $"""
                Point de situation n° {number} de la cellule de crise « {crisis.Title} », le {Display.When(now, zone)}.

                Bilan de la période passée :
                {assessment}

                Objectifs de la période suivante :
                {plan}

                Prochain point de situation : au plus tard le {Display.When(nextPoint.Due, zone)}.

                La cellule est suivie sur le portail : /crises/{crisis.Id}
                """, now);
            return point;
        }, ct);

    public Task<Outcome<CrisisView>> ChangeCadenceAsync(Caller caller, Guid id, CadenceRequest request, CancellationToken ct) =>
        StepAsync(caller, id, lead: true, async (crisis, log, now) =>
        {
            var errors = new Dictionary<string, string[]>();
            var cadence = CrisisTexts.ParseCadence(request.Cadence);
            if (cadence is null)
            {
                errors["cadence"] = [string.IsNullOrWhiteSpace(request.Cadence) ? "Choisissez la périodicité des points." : $"Périodicité inconnue ; valeurs possibles : {CrisisTexts.CadenceChoices}."];
            }
            else if (log.LastOrDefault(e => e.Cadence is not null)?.Cadence == cadence.ToString())
            {
                errors["cadence"] = ["C'est déjà la périodicité en vigueur."];
            }

            var reason = Read(errors, "reason", request.Reason, 2000, required: false, "Le motif");

            await Task.CompletedTask;
            return errors.Count > 0 ? Failure.Invalid(errors) : new CrisisEvent { Kind = CrisisEventKind.CadenceChanged, Text = reason ?? "", Cadence = cadence!.ToString() };
        }, ct);

    public Task<Outcome<CrisisView>> NoteAsync(Caller caller, Guid id, NoteRequest request, CancellationToken ct) =>
        StepAsync(caller, id, lead: false, async (crisis, log, now) =>
        {
            var (text, error) = TextInput.Read(request.Text, 4000, required: true, "La note");
            await Task.CompletedTask;
            return error is not null ? Failure.Invalid("text", error) : new CrisisEvent { Kind = CrisisEventKind.Note, Text = text! };
        }, ct, whenClosed: true);

    public Task<Outcome<CrisisView>> CloseAsync(Caller caller, Guid id, CloseRequest request, CancellationToken ct) =>
        StepAsync(caller, id, lead: true, async (crisis, log, now) =>
        {
            if (caller.Id != crisis.ManagerId)
            {
                return Failure.Forbidden("crisis_manager_only", "Seul le responsable de la crise clôt la cellule.");
            }

            var (text, error) = TextInput.Read(request.Text, 4000, required: true, "Le motif de la clôture");
            if (error is not null)
            {
                return Failure.Invalid("text", error);
            }

            crisis.ClosedAt = now;
            var zone = await ZoneAsync(crisis.OrganisationId, ct);
            CrisisMails.ToContacts(db, await CrisisMails.ContactsAsync(db, crisis.Id, ct), $"Guichet : cellule de crise close — {crisis.Title}", $"""
                La cellule de crise « {crisis.Title} » est close le {Display.When(now, zone)}.

                {text}

                Le bilan de la crise, avec les mesures engagées pour éviter qu'elle se reproduise, vous sera présenté ; il sera publié sur le portail : /crises/{crisis.Id}
                """, now);
            return new CrisisEvent { Kind = CrisisEventKind.Closed, Text = text! };
        }, ct);

    /// <summary>
    /// One step of a crisis: loaded in the caller's scope (else not found), refused to clients, to anyone but its
    /// leaders when <paramref name="lead"/>, and once closed unless <paramref name="whenClosed"/>; the entry the step
    /// writes is appended to the log and the derived due instants are rewritten in the same save.
    /// </summary>
    private async Task<Outcome<CrisisView>> StepAsync(Caller caller, Guid id, bool lead, Func<CrisisCell, List<CrisisEvent>, Instant, Task<Outcome<CrisisEvent>>> step, CancellationToken ct, bool whenClosed = false)
    {
        if (await Visible(db, caller).SingleOrDefaultAsync(c => c.Id == id, ct) is not { } crisis)
        {
            return Failure.NotFound("cellule de crise");
        }

        if (!caller.IsStaff)
        {
            return StaffOnly;
        }

        if (lead && !MayLead(caller, crisis))
        {
            return LeadOnly;
        }

        if (crisis.ClosedAt is not null && !whenClosed)
        {
            return Closed;
        }

        var now = clock.GetCurrentInstant();
        var log = await db.Set<CrisisEvent>().AsNoTracking().Where(e => e.CrisisId == id).OrderBy(e => e.Id).ToListAsync(ct);
        if (!(await step(crisis, log, now)).TryGet(out var entry, out var failure))
        {
            db.ChangeTracker.Clear();
            return failure;
        }

        entry.CrisisId = id;
        entry.At = now;
        entry.AuthorId = caller.Id;
        db.Add(entry);
        await CrisisDeadlines.RefreshAsync(db, crisis, [entry], ct);
        await db.SaveChangesAsync(ct);
        CrisisBanner.Changed();
        return await GetAsync(caller, id, ct);
    }

    // --- Helpers --------------------------------------------------------------------------------------------------

    private async Task<string> TerritoryAsync(Guid organisationId, CancellationToken ct) =>
        await db.Organisations.Where(o => o.Id == organisationId).Select(o => o.Territory).SingleAsync(ct);

    public async Task<DateTimeZone> ZoneAsync(Guid organisationId, CancellationToken ct) => AvailabilityTexts.ZoneOf(await TerritoryAsync(organisationId, ct));

    /// <summary>A text field read with the API's checks; its French error goes to <paramref name="errors"/> under <paramref name="field"/>.</summary>
    private static string? Read(Dictionary<string, string[]> errors, string field, string? text, int max, bool required, string what)
    {
        var (value, error) = TextInput.Read(text, max, required, what);
        if (error is not null)
        {
            errors[field] = [error];
        }

        return value;
    }

    /// <summary>The ids asked for, each of which must be among <paramref name="allowed"/> (at most <see cref="MaxLinks"/>).</summary>
    private static async Task<List<T>> CheckAsync<T>(T[]? wanted, string field, string what, IQueryable<T>? allowed, Dictionary<string, string[]> errors, CancellationToken ct)
        where T : struct
    {
        var ids = (wanted ?? []).Distinct().ToList();
        if (ids.Count == 0 || allowed is null)
        {
            return ids;
        }

        if (ids.Count > MaxLinks)
        {
            errors[field] = [$"Au plus {MaxLinks} éléments."];
            return [];
        }

        var found = await allowed.Where(x => ids.Contains(x)).ToListAsync(ct);
        if (found.Count != ids.Count)
        {
            errors[field] = [$"Élément introuvable pour ce contrat ({what}) : {string.Join(", ", ids.Except(found))}."];
        }

        return found;
    }
}
