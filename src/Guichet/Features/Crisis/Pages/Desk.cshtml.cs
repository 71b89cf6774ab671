using Guichet.Features.Availability;

namespace Guichet.Features.Crisis.Pages;

/// <summary>
/// Staff: the crisis cells of the organisations served (open ones first, the next due first) and the form opening one.
/// The form starts from a contract, an outage (<c>?interruption=</c>) or a ticket (<c>?demande=</c>), which it links.
/// </summary>
internal sealed class DeskModel(GuichetDbContext db, CrisisCells crises) : FormPageModel
{
    public IReadOnlyList<CrisisRow> Crises { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Name, string Organisation)> Contracts { get; private set; } = [];

    private Dictionary<Guid, DateTimeZone> _zones = [];

    /// <summary>The zone of an organisation served (its territory's): the times of its crises are said in it.</summary>
    public DateTimeZone ZoneOf(Guid organisationId) => _zones.GetValueOrDefault(organisationId, DateTimeZone.Utc);

    /// <summary>The contract being opened for, with its choices; null until one is chosen.</summary>
    public Choices? Chosen { get; private set; }

    public sealed record Choices(Guid ContractId, string ContractName, string Organisation, DateTimeZone Zone,
        IReadOnlyList<(Guid Id, string Name)> Managers, IReadOnlyList<(Guid Id, string Name)> Services,
        IReadOnlyList<(Guid Id, string Label)> Outages, IReadOnlyList<(Guid Id, string Name, string Email, bool Referent)> Contacts);

    [BindProperty(SupportsGet = true, Name = "contrat")]
    public Guid? ContractId { get; set; }

    [BindProperty(SupportsGet = true, Name = "interruption")]
    public Guid? FromOutage { get; set; }

    [BindProperty(SupportsGet = true, Name = "demande")]
    public long? FromTicket { get; set; }

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public string Severity { get; set; } = "major";

    [BindProperty]
    public Guid? ManagerId { get; set; }

    [BindProperty]
    public string Cadence { get; set; } = "4h";

    [BindProperty]
    public List<Guid> ServiceIds { get; set; } = [];

    [BindProperty]
    public List<Guid> OutageIds { get; set; } = [];

    [BindProperty]
    public string? TicketNumbers { get; set; }

    [BindProperty]
    public List<Guid> ContactIds { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (FromOutage is { } outageId)
        {
            if (await AvailabilityLog.VisibleOutages(db, Caller).AsNoTracking().Where(o => o.Id == outageId)
                    .Join(db.Set<HostedService>(), o => o.ServiceId, s => s.Id, (o, s) => new { s.ContractId, ServiceId = s.Id, o.Description }).SingleOrDefaultAsync(ct) is not { } outage)
            {
                return NotFound();
            }

            ContractId = outage.ContractId;
            ServiceIds = [outage.ServiceId];
            OutageIds = [outageId];
            Description = outage.Description;
        }
        else if (FromTicket is { } number)
        {
            if (await Caller.VisibleTickets(db).AsNoTracking().Where(t => t.Id == number).Select(t => new { t.ContractId, t.Subject }).SingleOrDefaultAsync(ct) is not { } ticket)
            {
                return NotFound();
            }

            ContractId = ticket.ContractId;
            TicketNumbers = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Title = ticket.Subject.Length > 200 ? ticket.Subject[..200] : ticket.Subject;
        }

        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        if (Chosen is not null)
        {
            ContactIds = [.. Chosen.Contacts.Where(c => c.Referent).Select(c => c.Id)];
            ManagerId ??= Chosen.Managers.Any(m => m.Id == Caller.Id) ? Caller.Id : null;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct) || Chosen is null)
        {
            return NotFound();
        }

        var tickets = new List<long>();
        foreach (var part in (TicketNumbers ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (long.TryParse(part.TrimStart('n', '°', '#'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
            {
                tickets.Add(n);
            }
            else
            {
                ModelState.AddModelError(nameof(TicketNumbers), $"« {part} » n'est pas un numéro de demande.");
            }
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var request = new CrisisRequest(ContractId, Title, Description, Severity, ManagerId, Cadence, [.. ServiceIds], [.. OutageIds], [.. tickets], [.. ContactIds]);
        if (!(await crises.OpenAsync(Caller, request, ct)).TryGet(out var crisis, out var failure))
        {
            return Refused(failure, new Dictionary<string, string>
            {
                ["title"] = nameof(Title),
                ["description"] = nameof(Description),
                ["severity"] = nameof(Severity),
                ["managerId"] = nameof(ManagerId),
                ["cadence"] = nameof(Cadence),
                ["serviceIds"] = nameof(ServiceIds),
                ["outageIds"] = nameof(OutageIds),
                ["ticketIds"] = nameof(TicketNumbers),
                ["contactIds"] = nameof(ContactIds),
                ["contractId"] = nameof(ContractId),
            });
        }

        return Done("La cellule de crise est ouverte : les contacts du client sont prévenus par courriel.", $"/bureau/crises/{crisis.Id}");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        Crises = await crises.ListAsync(Caller, null, null, ct);
        var contracts = await Caller.VisibleContracts(db).AsNoTracking()
            .Join(db.Organisations, c => c.OrganisationId, o => o.Id, (c, o) => new { c.Id, c.Name, Organisation = o.Name, o.Territory, c.OrganisationId })
            .OrderBy(c => c.Organisation).ThenBy(c => c.Name).ToListAsync(ct);
        Contracts = [.. contracts.Select(c => (c.Id, c.Name, c.Organisation))];
        _zones = contracts.DistinctBy(c => c.OrganisationId).ToDictionary(c => c.OrganisationId, c => AvailabilityTexts.ZoneOf(c.Territory));
        if (ContractId is not { } id)
        {
            return true;
        }

        if (contracts.FirstOrDefault(c => c.Id == id) is not { } contract)
        {
            return false;
        }

        var managers = await CrisisCells.Managers(db, contract.OrganisationId).AsNoTracking().OrderBy(u => u.DisplayName).ToListAsync(ct);
        var services = await db.Set<HostedService>().AsNoTracking().Where(s => s.ContractId == id).OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(ct);
        var serviceIds = services.Select(s => s.Id).ToList();
        var zone = AvailabilityTexts.ZoneOf(contract.Territory);
        var outages = await db.Set<OutageEntry>().AsNoTracking().Where(o => serviceIds.Contains(o.ServiceId)).OrderByDescending(o => o.Start).Take(10)
            .Select(o => new { o.Id, o.ServiceId, o.Start, o.End }).ToListAsync(ct);
        var contacts = await db.Users.AsNoTracking().Where(u => u.OrganisationId == contract.OrganisationId && u.Kind == UserKind.Client && u.Email != null && u.EmailUndeliverableAt == null)
            .OrderByDescending(u => u.IsReferent).ThenBy(u => u.DisplayName).ToListAsync(ct);
        Chosen = new Choices(id, contract.Name, contract.Organisation, zone,
            [.. managers.Where(u => !AccountStatus.IsDeactivated(u)).Select(u => (u.Id, u.DisplayName))],
            [.. services.Select(s => (s.Id, s.Name))],
            [.. outages.Select(o => (o.Id, $"{services.First(s => s.Id == o.ServiceId).Name} : interruption du {Display.When(o.Start, zone)}{(o.End is null ? " (en cours)" : "")}"))],
            [.. contacts.Where(u => !AccountStatus.IsDeactivated(u)).Select(u => (u.Id, u.DisplayName, u.Email!, u.IsReferent))]);
        return true;
    }
}
