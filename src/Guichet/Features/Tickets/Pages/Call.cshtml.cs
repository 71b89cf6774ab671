using Guichet.Web.Pages;
using NodaTime.Text;

namespace Guichet.Features.Tickets.Pages;

/// <summary>
/// A request taken during a call (or from a mail, a visit, a letter) for a client user [AT 9.5.3–9.5.4]: find the caller,
/// then one form whose product, queue and priority start from that person's contract; the same use case as
/// <c>POST /api/v1/tickets/on-behalf</c> (<see cref="RaiseOnBehalf"/>).
/// </summary>
internal sealed class CallModel(GuichetDbContext db, RaiseOnBehalf raise, IClock clock) : RaiseFormModel
{
    public const int MaxMatches = 20;

    /// <summary>The search: part of a name, an e-mail, a phone number or an organisation's name.</summary>
    [BindProperty(SupportsGet = true, Name = "qui")]
    public string? Who { get; set; }

    [BindProperty(SupportsGet = true, Name = "appelant")]
    public Guid? RequesterId { get; set; }

    [BindProperty]
    public Guid? ProductId { get; set; }

    [BindProperty]
    public Guid? QueueId { get; set; }

    [BindProperty]
    public string? Channel { get; set; }

    /// <summary>The local date and time the request was received (an HTML <c>datetime-local</c> value), in the caller's organisation's zone.</summary>
    [BindProperty]
    public string? ReceivedAt { get; set; }

    [BindProperty]
    public string? Subject { get; set; }

    [BindProperty]
    public string? Body { get; set; }

    [BindProperty]
    public bool AnsweredDirectly { get; set; }

    [BindProperty]
    public string? Minutes { get; set; }

    /// <summary>The telephony's call the request comes from (empty: none), linked to the ticket once raised.</summary>
    [BindProperty]
    public string? CallId { get; set; }

    /// <summary>The person's calls of the last 24 hours not yet linked to a request, the latest first.</summary>
    public IReadOnlyList<(string CallId, string Label)> RecentCalls { get; private set; } = [];

    public sealed record Match(Guid Id, string Name, string? Email, string? Phone, string Organisation);

    public IReadOnlyList<Match> Matches { get; private set; } = [];

    public bool Searched { get; private set; }

    /// <summary>The person the request is raised for, once chosen.</summary>
    public Match? Requester { get; private set; }

    public IReadOnlyList<(Guid Id, string Name)> Products { get; private set; } = [];

    public IReadOnlyDictionary<Guid, string> Queues { get; private set; } = new Dictionary<Guid, string>();

    public string ZoneName { get; private set; } = "";

    private static readonly LocalDateTimePattern LocalInput = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm");

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>
    /// The people matching what is typed so far, as JSON for the page's script (suggestions while the caller is on
    /// the line); the same search as the form's, scoped to the organisations the caller serves.
    /// </summary>
    public async Task<IActionResult> OnGetSuggestionsAsync(CancellationToken ct)
    {
        var who = Who?.Trim();
        var matches = who is { Length: >= 2 and <= 200 } ? await SearchAsync(who, 8, ct) : [];
        return new JsonResult(matches.Select(m => new
        {
            id = m.Id,
            name = m.Name,
            detail = string.Join(" — ", new[] { m.Organisation, m.Email, m.Phone }.OfType<string>()),
            url = $"/bureau/appel?appelant={m.Id}&qui={Uri.EscapeDataString(who!)}",
        }));
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Requester is null)
        {
            ModelState.AddModelError("qui", "Choisissez d'abord la personne pour qui la demande est enregistrée.");
            return Page();
        }

        string? receivedAt = null;
        if (!string.IsNullOrWhiteSpace(ReceivedAt))
        {
            var parsed = LocalInput.Parse(ReceivedAt.Trim());
            if (!parsed.Success)
            {
                ModelState.AddModelError(nameof(ReceivedAt), "Date et heure de réception invalides : saisissez par exemple 2026-03-02T09:15.");
                return Page();
            }

            receivedAt = InstantPattern.ExtendedIso.Format(parsed.Value.InZoneLeniently(Zone).ToInstant());
        }

        if (!CriteriaComplete())
        {
            return Page();
        }

        int? minutes = null;
        if (!string.IsNullOrWhiteSpace(Minutes))
        {
            if (!int.TryParse(Minutes.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var m))
            {
                ModelState.AddModelError(nameof(Minutes), "Indiquez la durée de l'appel en minutes, par exemple 10.");
                return Page();
            }

            minutes = m;
        }

        var request = new RaiseOnBehalf.Request(Requester.Id, ProductId, QueueId, null, ServiceType, Priority, Subject, Body, Channel, receivedAt, AnsweredDirectly, AnsweredDirectly ? minutes : null, CallId: string.IsNullOrWhiteSpace(CallId) ? null : CallId, Criticality: Criticality, Impact: Impact);
        if (!(await raise.RaiseAsync(Caller, request, ct)).TryGet(out var ticket, out var failure))
        {
            ModelState.AddFailure(failure, Fields);
            return Page();
        }

        TempData["Flash"] = ticket.IsClosed
            ? $"La demande {ticket.Reference} est enregistrée pour {Requester.Name}, close avec la réponse apportée directement."
            : $"La demande {ticket.Reference} est enregistrée pour {Requester.Name}.";
        return Redirect($"/demandes/{ticket.Id}");
    }

    private static readonly Dictionary<string, string> Fields = new()
    {
        ["productId"] = nameof(ProductId),
        ["queueId"] = nameof(QueueId),
        ["serviceType"] = nameof(ServiceType),
        ["priority"] = nameof(Priority),
        ["criticality"] = nameof(Criticality),
        ["impact"] = nameof(Impact),
        ["subject"] = nameof(Subject),
        ["body"] = nameof(Body),
        ["channel"] = nameof(Channel),
        ["receivedAt"] = nameof(ReceivedAt),
        ["minutes"] = nameof(Minutes),
        ["callId"] = nameof(CallId),
    };

    private DateTimeZone Zone { get; set; } = DateTimeZoneProviders.Tzdb["Europe/Paris"];

    private async Task<List<Match>> SearchAsync(string who, int limit, CancellationToken ct)
    {
        var users = Caller.VisibleUsers(db).Where(u => u.Kind == UserKind.Client && u.OrganisationId != null);
        var pattern = $"%{who.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal).ToUpperInvariant()}%";
        var digits = new string([.. who.Where(char.IsDigit)]);
        var phone = digits.Length >= 4 ? $"%{digits}%" : null;
#pragma warning disable CA1304, CA1311 // Translated to SQL UPPER(): the database, not this process's culture, decides.
        return await (from u in users
                      join o in db.Organisations on u.OrganisationId equals o.Id
                      where EF.Functions.Like(u.DisplayName.ToUpper(), pattern, "\\")
                          || EF.Functions.Like(u.Email!.ToUpper(), pattern, "\\")
                          || EF.Functions.Like(o.Name.ToUpper(), pattern, "\\")
                          || (phone != null && u.PhoneNumber != null && EF.Functions.Like(u.PhoneNumber.Replace(" ", "").Replace(".", "").Replace("-", ""), phone))
                      orderby o.Name, u.DisplayName
                      select new Match(u.Id, u.DisplayName, u.Email, u.PhoneNumber, o.Name)).Take(limit).ToListAsync(ct);
#pragma warning restore CA1304, CA1311
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var users = Caller.VisibleUsers(db).Where(u => u.Kind == UserKind.Client && u.OrganisationId != null);
        var who = Who?.Trim();
        if (!string.IsNullOrEmpty(who) && who.Length <= 200)
        {
            Searched = true;
            Matches = await SearchAsync(who, MaxMatches, ct);
        }

        if (RequesterId is not { } id)
        {
            return;
        }

        var row = await (from u in users
                         join o in db.Organisations on u.OrganisationId equals o.Id
                         where u.Id == id
                         select new { Match = new Match(u.Id, u.DisplayName, u.Email, u.PhoneNumber, o.Name), OrganisationId = o.Id, o.Territory }).SingleOrDefaultAsync(ct);
        if (row is null)
        {
            RequesterId = null;
            return;
        }

        Requester = row.Match;
        Zone = TicketClocks.TerritoryOf(row.Territory).Zone;
        ZoneName = Zone.Id;
        ReceivedAt ??= LocalInput.Format(clock.GetCurrentInstant().InZone(Zone).LocalDateTime);
        Channel ??= RaiseOnBehalf.Channels[0].Id;

        // The calls this person made that no request holds yet: the latest is proposed (the one on the line now).
        var since = clock.GetCurrentInstant() - Duration.FromHours(24);
        var calls = await db.Set<Data.CallRecord>().AsNoTracking()
            .Where(c => c.CallerUserId == id && c.TicketId == null && c.OfferedAt >= since)
            .OrderByDescending(c => c.OfferedAt).Take(5)
            .Select(c => new { c.CallId, c.OfferedAt, c.CalledLine, c.Outcome }).ToListAsync(ct);
        RecentCalls = [.. calls.Select(c => (c.CallId, $"Appel du {Display.ShortWhen(c.OfferedAt, Zone)} vers le {c.CalledLine} ({Calls.CallRecords.LabelOf(c.Outcome)})"))];
        CallId ??= RecentCalls.Count > 0 ? RecentCalls[0].CallId : "";

        // The products the person is declared on and their organisation's contracts cover, the newest contract first.
        var covered = await (from up in db.UserProducts
                             where up.UserId == id
                             join cp in db.ContractProducts on up.ProductId equals cp.ProductId
                             join c in db.Contracts on cp.ContractId equals c.Id
                             where c.OrganisationId == row.OrganisationId
                             join p in db.Products on cp.ProductId equals p.Id
                             orderby c.StartsOn descending
                             select new { c.PresetId, c.Policy, p.Id, p.Name }).ToListAsync(ct);
        Products = [.. covered.DistinctBy(c => c.Id).OrderBy(c => c.Name).Select(c => (c.Id, c.Name))];
        ProductId ??= covered.FirstOrDefault()?.Id;
        var queues = db.Queues.AsNoTracking();
        if (!Caller.IsAdmin && Caller.ServedQueues.Count > 0)
        {
            var served = Caller.ServedQueues;
            queues = queues.Where(q => served.Contains(q.Id));
        }

        Queues = await queues.OrderBy(q => q.Name).ToDictionaryAsync(q => q.Id, q => q.Name, ct);

        // The organisation's usual queue (the one most of its requests went to), as on the client's form.
        QueueId ??= await UsualQueue.OfAsync(db, row.OrganisationId, ct);

        var chosen = covered.FirstOrDefault(c => c.Id == ProductId) ?? covered.FirstOrDefault();
        if (chosen is not null)
        {
            UseContract(TicketClocks.Policy(chosen.PresetId, chosen.Policy));
        }
    }
}
