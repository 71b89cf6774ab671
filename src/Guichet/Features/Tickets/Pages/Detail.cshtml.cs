using Guichet.Domain.Sla;
using Guichet.Domain.Tickets;
using Guichet.Features.Attachments;
using Guichet.Web.Pages;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Guichet.Features.Tickets.Pages;

/// <summary>
/// A ticket, for its client (thread, information, clocks in plain French, reply actions) and for the provider's
/// staff (the same, plus internal notes and the desk's actions). Every action is the API's use case.
/// </summary>
internal sealed class DetailModel(GuichetDbContext db, TicketHandlers handlers, IOptions<AttachmentOptions> attachmentOptions, IMemoryCache cache, IClock clock) : FormPageModel
{
    [FromRoute]
    public long Number { get; set; }

    [BindProperty]
    public int? Version { get; set; }

    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public List<IFormFile> Files { get; set; } = [];

    /// <summary>"Puis passer à l'état" in the staff's reply form: a state id, <see cref="AutoState"/> or empty (no change).</summary>
    [BindProperty]
    public string? ThenState { get; set; }

    /// <summary>
    /// The reply form's default "Puis passer à l'état" when the workflow has a state waiting for the client: that state
    /// after a reply to the client ("Demander une information"), no change after an internal note.
    /// </summary>
    public const string AutoState = "auto";

    /// <summary>Why a solution does not solve the problem ("Ce n'est pas résolu").</summary>
    [BindProperty]
    public string? Reason { get; set; }

    /// <summary>The id of the reason field (its label and its error).</summary>
    public const string ReasonField = "Reason";

    /// <summary>The message a confirmation records in the thread (the reply use case needs one).</summary>
    public const string ConfirmationText = "Je confirme que la solution résout ma demande.";

    /// <summary>What "Prendre en charge" would do for the staff member viewing the ticket, or null (a client, or nothing left to do).</summary>
    public TicketActions.TakePlan? Take { get; private set; }

    /// <summary>The state that waits for the client's answer, reachable from the current one (staff only), or null.</summary>
    public WorkflowState? WaitingState { get; private set; }

    /// <summary>What the ticket expects from the client viewing it, or null (staff, or the ball is not theirs).</summary>
    public ClientTodo? Todo { get; private set; }

    public TicketHandlers.Loaded Loaded { get; private set; } = null!;

    public Ticket Ticket => Loaded.Ticket;

    public SlaEvaluation Evaluation { get; private set; } = null!;

    public Lookups Names { get; private set; } = null!;

    public DateTimeZone Zone { get; private set; } = DateTimeZone.Utc;

    public IReadOnlyList<TicketTraceEntry> Thread { get; private set; } = [];

    public IReadOnlyDictionary<Guid, string> People { get; private set; } = new Dictionary<Guid, string>();

    public IReadOnlyList<Attachment> Attachments { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Name)> Staff { get; private set; } = [];

    /// <summary>The mails written about the ticket (staff only; clients never see it).</summary>
    public IReadOnlyList<Notifications.TicketMailLog.Line> Mails { get; private set; } = [];

    /// <summary>The people told of the ticket's news besides its requester, and whom the caller may still add.</summary>
    public Notifications.TicketFollowerList Followers { get; private set; } = null!;

    /// <summary>The id of the follower field (its errors and its label).</summary>
    public const string FollowerField = "followerId";

    public string Person(Guid? id) => id is { } v && People.TryGetValue(v, out var name) ? name : "—";

    public string StateLabel(string? state) => state is not null && Loaded.Workflow.TryGetState(state, out var s) ? s.LabelFor(Caller.IsClient) : state ?? "—";

    public string PriorityLabel(string? priority) => priority is not null && Loaded.Preset.Policy.Scheme.TryGet(priority, out var l) ? l.Label : priority ?? "—";

    /// <summary>The French label of a criterion's level (<paramref name="name"/>: criticite or impact), or « — ».</summary>
    public string CriterionLabel(string name, string? level)
    {
        var matrix = Loaded.Preset.PriorityMatrix;
        var criterion = name == Domain.Presets.PriorityMatrix.ImpactName ? matrix?.Impact : matrix?.Criticality;
        return criterion?.Find(level)?.Label ?? level ?? "—";
    }

    /// <summary>A criterion's requalification, e.g. « impact : Moyen → Fort », from the trace values (<c>impact:moyen</c>).</summary>
    public string CriterionChange(string? previous, string? value)
    {
        var name = value?.Split(':')[0] ?? "";
        string Level(string? v) => v is null ? "—" : CriterionLabel(name, v[(v.IndexOf(':', StringComparison.Ordinal) + 1)..]);
        var label = name == Domain.Presets.PriorityMatrix.ImpactName ? "impact" : "criticité";
        return $"{label} : {Level(previous)} → {Level(value)}";
    }

    /// <summary>The clocks whose due is "the next release" for the ticket's priority: staff may set a date agreed with the client for them [AT 9.3.4.3].</summary>
    public IEnumerable<Domain.Sla.ClockDefinition> AgreeableClocks =>
        Ticket.IsClosed ? [] : Loaded.Preset.Policy.Clocks.Where(c => c.Targets.TryGetValue(Ticket.Priority, out var target) && target is Domain.Sla.ClockTarget.NextRelease
            && (c.ServiceTypes.Count == 0 || c.ServiceTypes.Contains(Ticket.ServiceType)));

    public bool ClientMay(ClientAction action) => Loaded.Workflow.TryClientAction(Ticket.State, action).Allowed;

    /// <summary>An assignment event in one line: "propriétaire : X ; responsable : Y" (its value is <c>owner=id;responsible=id</c>).</summary>
    public string AssignmentLine(string? value)
    {
        var parts = (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => Guid.TryParse(p[1], out var id) ? Person(id) : "—");
        return $"propriétaire : {parts.GetValueOrDefault("owner", "—")} ; responsable : {parts.GetValueOrDefault("responsible", "—")}";
    }


    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public Task<IActionResult> OnPostReplyAsync(string? action, CancellationToken ct) =>
        ActAsync(c => TicketActions.ReplyAsync(Number, new TicketActions.ReplyRequest(action, Text, Version), c, handlers, ct), "Votre réponse est envoyée.", withFiles: true, ct);

    /// <summary>"Confirmer la résolution": the reply-and-close action with a message of its own.</summary>
    public Task<IActionResult> OnPostConfirmAsync(CancellationToken ct) =>
        ActAsync(c => TicketActions.ReplyAsync(Number, new TicketActions.ReplyRequest("reply-and-close", ConfirmationText, Version), c, handlers, ct), "Merci : la résolution est confirmée et votre demande est close.", withFiles: false, ct);

    /// <summary>"Ce n'est pas résolu": the reply action, with the reason as its message (required).</summary>
    public async Task<IActionResult> OnPostReopenAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Reason))
        {
            ModelState.AddModelError(ReasonField, "Dites ce qui n'est pas résolu : le support en a besoin pour reprendre votre demande.");
            return await LoadAsync(ct) ?? Page();
        }

        return await ActAsync(c => TicketActions.ReplyAsync(Number, new TicketActions.ReplyRequest("reply", Reason, Version), c, handlers, ct), "Votre demande est rouverte : le support reprend son traitement.", withFiles: false, ct, fields: ReasonFields);
    }

    private static readonly Dictionary<string, string> ReasonFields = new() { ["text"] = ReasonField };

    /// <summary>
    /// The reply form: a reply to the client or an internal note, and "Puis passer à l'état" in the same commit. Its
    /// default (<see cref="AutoState"/>) asks the client for information after a reply and changes nothing after a note.
    /// </summary>
    public Task<IActionResult> OnPostMessageAsync(bool isInternal, CancellationToken ct)
    {
        if (ThenState == AutoState && !isInternal)
        {
            return OnPostAskAsync(ct);
        }

        var state = ThenState is AutoState or "" ? null : ThenState;
        var done = (isInternal ? "Note interne ajoutée." : "Réponse envoyée au client.") + (state is null ? "" : " L'état de la demande a changé.");
        return ActAsync(c => TicketActions.MessageAsync(Number, new TicketActions.MessageRequest(Text, isInternal, Version, state), c, handlers, ct), done, withFiles: true, ct, asInternal: isInternal);
    }

    /// <summary>"Demander une information": the message to the client and the state that waits for the client's answer, in one submit.</summary>
    public Task<IActionResult> OnPostAskAsync(CancellationToken ct) =>
        ActAsync(c => TicketActions.AskInformationAsync(Number, new TicketActions.AskInformationRequest(Text, Version), c, handlers, ct), "Demande d'information envoyée au client : la demande attend sa réponse.", withFiles: true, ct);

    /// <summary>"Prendre en charge": the milestone, the caller as owner and the handling state, in one submit.</summary>
    public Task<IActionResult> OnPostTakeAsync(CancellationToken ct) =>
        ActAsync(c => TicketActions.TakeAsync(Number, new TicketActions.TakeRequest(Version), c, handlers, db, ct), "Vous avez pris la demande en charge.", withFiles: false, ct);

    public Task<IActionResult> OnPostStateAsync(string? state, Guid? integrationVersionId, CancellationToken ct) =>
        ActAsync(c => TicketActions.StateAsync(Number, new TicketActions.StateRequest(state, integrationVersionId, Text, Version), c, handlers, db, ct), "État changé.", withFiles: false, ct);

    public Task<IActionResult> OnPostPriorityAsync(string? priority, string? reason, string? channel, CancellationToken ct) =>
        ActAsync(c => TicketActions.PriorityAsync(Number, new TicketActions.PriorityRequest(priority, reason, channel, Version), c, handlers, ct), "Priorité requalifiée.", withFiles: false, ct);

    public Task<IActionResult> OnPostCriteriaAsync(string? criticality, string? impact, string? reason, CancellationToken ct) =>
        ActAsync(c => TicketCriteria.RequalifyAsync(Number, new TicketCriteria.CriteriaRequest(criticality, impact, reason, Version), c, handlers, ct), "Criticité et impact requalifiés.", withFiles: false, ct);

    public Task<IActionResult> OnPostAgreedDueAsync(string? clock, string? date, string? reason, CancellationToken ct) =>
        ActAsync(c => TicketCriteria.AgreeDueAsync(Number, new TicketCriteria.AgreedDueRequest(clock, date, reason, Version), c, handlers, ct), "Date convenue enregistrée ; le client la voit dans l'historique de sa demande.", withFiles: false, ct);

    public Task<IActionResult> OnPostQualifyAsync(string? nature, CancellationToken ct) =>
        ActAsync(c => TicketActions.QualifyAsync(Number, new TicketActions.QualificationRequest(nature, Version), c, handlers, ct), "Qualification enregistrée.", withFiles: false, ct);

    public Task<IActionResult> OnPostAssignAsync(Guid? ownerId, Guid? responsibleId, CancellationToken ct) =>
        ActAsync(c => TicketActions.AssignAsync(Number, new TicketActions.AssignmentRequest(ownerId, responsibleId, Version), c, handlers, db, ct), "Affectation enregistrée.", withFiles: false, ct);

    public Task<IActionResult> OnPostTimeAsync(int? minutes, bool outOfScope, CancellationToken ct) =>
        ActAsync(c => TicketActions.TimeEntryAsync(Number, new TicketActions.TimeEntryRequest(minutes, Text, outOfScope, Version), c, handlers, ct), "Temps enregistré.", withFiles: false, ct);

    public Task<IActionResult> OnPostMilestoneAsync(string? milestone, CancellationToken ct) =>
        ActAsync(c => TicketActions.MilestoneAsync(Number, new TicketActions.MilestoneRequest(milestone, Version), c, handlers, ct), "Jalon enregistré.", withFiles: false, ct);

    public async Task<IActionResult> OnPostAddFollowerAsync(Guid? userId, CancellationToken ct)
    {
        if (!(await Notifications.Followers.AddAsync(Number, new(userId), Caller, db, clock, ct)).TryGet(out var list, out var failure))
        {
            return await RefusedAsync(failure, ct);
        }

        return FollowersChanged(userId, "Vous suivez cette demande : ses nouvelles vous sont envoyées par courriel.",
            $"{list.Followers.FirstOrDefault(f => f.UserId == userId)?.Name ?? "Cette personne"} recevra les nouvelles de cette demande par courriel.");
    }

    public async Task<IActionResult> OnPostRemoveFollowerAsync(Guid userId, CancellationToken ct)
    {
        // The name from the followers the caller sees, read before: nothing is said of anyone else.
        var name = (await Notifications.Followers.ListAsync(Number, Caller, db, ct)).TryGet(out var list, out _)
            ? list.Followers.FirstOrDefault(f => f.UserId == userId)?.Name
            : null;
        if ((await Notifications.Followers.RemoveAsync(Number, userId, Caller, db, ct)).Failure is { } failure)
        {
            return await RefusedAsync(failure, ct);
        }

        return FollowersChanged(userId, "Vous ne suivez plus cette demande.", $"{name ?? "Cette personne"} ne recevra plus les nouvelles de cette demande.");
    }

    /// <summary>After a change of the followers, back to the request with what changed: said to the caller when it is them, else about the person.</summary>
    private RedirectResult FollowersChanged(Guid? userId, string toCaller, string toOther)
    {
        TempData["Flash"] = userId == Caller.Id ? toCaller : toOther;
        return Redirect($"/demandes/{Number}");
    }

    private Task<IActionResult> RefusedAsync(Failure failure, CancellationToken ct) =>
        RefusedAsync(failure, FollowerFields, async () => await LoadAsync(ct) ?? Page());

    private static readonly Dictionary<string, string> FollowerFields = new() { ["userId"] = FollowerField };

    private async Task<IActionResult> ActAsync(Func<Caller, Task<Outcome<TicketChanged>>> action, string done, bool withFiles, CancellationToken ct, bool asInternal = false, IReadOnlyDictionary<string, string>? fields = null)
    {
        var caller = Caller;
        if (withFiles && AttachmentsApi.CheckCount(Files.Count, attachmentOptions.Value) is { } tooManyFiles)
        {
            ModelState.AddModelError(nameof(Files), tooManyFiles);
            return await LoadAsync(ct) ?? Page();
        }

        if ((await action(caller)).Failure is { } failure)
        {
            // The form comes back with what was typed and the reason; nothing is lost.
            return await RefusedAsync(failure, fields ?? TextField, async () => await LoadAsync(ct) ?? Page());
        }

        var refused = new List<string>();
        if (withFiles)
        {
            var loaded = Files.Count > 0 ? await handlers.LoadAsync(caller, Number, ct) : null;
            foreach (var file in Files)
            {
                // One load for all files: each commit advances the tracked ticket itself.
                if (!(await AttachmentsApi.AddAsync(loaded!, file, asInternal, caller, handlers, db, attachmentOptions, ct)).IsOk)
                {
                    refused.Add(file.FileName);
                }
            }
        }

        TempData["Flash"] = refused.Count == 0 ? done : $"{done} Ces fichiers n'ont pas pu être joints : {string.Join(", ", refused)}.";
        return Redirect($"/demandes/{Number}");
    }

    private static readonly Dictionary<string, string> TextField = new() { ["text"] = "Text" };

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var caller = Caller;
        if (await handlers.LoadAsync(caller, Number, ct, forChange: false) is not { } loaded)
        {
            return NotFound();
        }

        Loaded = loaded;
        Evaluation = TicketClocks.Evaluate(loaded.Ticket, loaded.Ticket.Events, loaded.Preset, loaded.Territory, handlers.Now, explain: caller.IsStaff);
        Thread = [.. TicketClocks.InOrder(loaded.Ticket.Events).Where(e => caller.MaySee(e.Visibility))];
        Names = await Lookups.LoadAsync(db, cache, ct);
        Zone = caller.IsClient ? TicketClocks.TerritoryOf(loaded.Territory).Zone : Domain.Calendars.Territory.Metropole.Zone;
        // Authors are staff or the ticket's organisation's users, whose names are cached; anyone newer than the
        // cache costs one query.
        var organisationPeople = await Lookups.PeopleOfAsync(db, cache, Ticket.OrganisationId, ct);
        var clients = organisationPeople.Names;
        var missing = Thread.Select(e => e.AuthorId).Append(Ticket.AuthorId).Append(Ticket.OwnerId).Append(Ticket.ResponsibleId).OfType<Guid>().Distinct()
            .Where(id => !Names.Staff.ContainsKey(id) && !clients.ContainsKey(id)).ToList();
        var others = missing.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => missing.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        People = Names.Staff.Concat(clients).Concat(others).ToDictionary();
        // Every attachment is in the trace: a ticket without one costs no query.
        Attachments = Thread.Any(e => e.Kind == EventKind.AttachmentAdded)
            ? [.. (await db.Attachments.AsNoTracking().Where(a => a.TicketId == Ticket.Id).OrderBy(a => a.CreatedAt).ToListAsync(ct)).Where(a => caller.MaySee(a.Visibility))]
            : [];
        Staff = caller.IsStaff ? [.. Names.AssignableStaff.Select(s => (s.Key, s.Value))] : [];
        Mails = caller.IsStaff ? await Notifications.TicketMailLog.LoadAsync(db, Ticket.Id, Zone, ct) : [];
        Followers = await Notifications.Followers.ReadAsync(new(Ticket.Id, Ticket.OrganisationId, Ticket.AuthorId), caller, db, ct, organisationPeople.Active);

        Todo = caller.IsClient ? ClientTodo.Of(loaded.Workflow, loaded.Ticket) : null;
        Take = caller.IsTechnicalStaff && TicketActions.TakePlan.Of(loaded.Workflow, loaded.Ticket, caller.Id) is { IsEmpty: false } plan ? plan : null;
        WaitingState = caller.IsStaff && !Ticket.IsClosed ? loaded.Workflow.WaitingForClientFrom(Ticket.State) : null;
        Version = Ticket.Version;
        return null;
    }
}
