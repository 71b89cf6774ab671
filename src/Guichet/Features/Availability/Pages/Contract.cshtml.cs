namespace Guichet.Features.Availability.Pages;

/// <summary>
/// Staff: one contract's availability (services, maintenances, 90 days, months, the log), declaring an outage and
/// announcing a maintenance. Times are typed in the client's zone.
/// </summary>
internal sealed class ContractModel(GuichetDbContext db, IClock clock) : FormPageModel
{
    public AvailabilityBoard.ContractBoard Board { get; private set; } = null!;

    public ContractAvailability? Figures { get; private set; }

    /// <summary>The outages the probes propose that wait for staff (docs/probes.md).</summary>
    public IReadOnlyList<Probes.OutageProposalView> Proposals { get; private set; } = [];

    [BindProperty]
    public Guid? ServiceId { get; set; }

    [BindProperty]
    public string? Start { get; set; }

    [BindProperty]
    public string? End { get; set; }

    [BindProperty]
    public string? Cause { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public List<Guid> MaintenanceServices { get; set; } = [];

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public string? MaintenanceStart { get; set; }

    [BindProperty]
    public string? MaintenanceEnd { get; set; }

    [BindProperty]
    public string? MaintenanceDescription { get; set; }

    [BindProperty]
    public bool Urgent { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostOutageAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var zone = Board.Zone;
        var request = new OutageRequest(ServiceId, AvailabilityTexts.FromLocal(Start, zone), AvailabilityTexts.FromLocal(End, zone), Cause, Description, null, null);
        var outcome = await AvailabilityLog.AddOutageAsync(db, clock, Caller, request, ct);
        if (!outcome.TryGet(out var outage, out var failure))
        {
            ModelState.AddFailure(failure, new Dictionary<string, string> { ["serviceId"] = nameof(ServiceId), ["start"] = nameof(Start), ["end"] = nameof(End), ["cause"] = nameof(Cause), ["description"] = nameof(Description) });
            return Page();
        }

        return Done("L'interruption est enregistrée dans le journal.", $"/etat-du-service/interruptions/{outage.Id}");
    }

    public async Task<IActionResult> OnPostMaintenanceAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var zone = Board.Zone;
        var request = new MaintenanceRequest(id, [.. MaintenanceServices], Title, MaintenanceDescription, AvailabilityTexts.FromLocal(MaintenanceStart, zone), AvailabilityTexts.FromLocal(MaintenanceEnd, zone), Urgent);
        var outcome = await Maintenances.AnnounceAsync(db, clock, Caller, request, ct);
        if (!outcome.TryGet(out var maintenance, out var failure))
        {
            ModelState.AddFailure(failure, new Dictionary<string, string> { ["serviceIds"] = nameof(MaintenanceServices), ["title"] = nameof(Title), ["start"] = nameof(MaintenanceStart), ["end"] = nameof(MaintenanceEnd), ["description"] = nameof(MaintenanceDescription) });
            return Page();
        }

        return Done($"La maintenance « {maintenance.Title} » est annoncée : les référents sont prévenus par courriel et l'information est publiée.", $"/bureau/disponibilite/{id}");
    }

    /// <summary>Confirms a probe's proposal (it becomes an entry of the log), confirms its end, or dismisses it.</summary>
    public async Task<IActionResult> OnPostProposalAsync(Guid id, Guid proposalId, string? decision, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct) || !Proposals.Any(p => p.Id == proposalId))
        {
            return NotFound();
        }

        var outcome = decision switch
        {
            "confirm" => await Probes.OutageProposals.ConfirmAsync(db, clock, Caller, proposalId, ct),
            "end" => await Probes.OutageProposals.ConfirmEndAsync(db, clock, Caller, proposalId, ct),
            "dismiss" => await Probes.OutageProposals.DismissAsync(db, clock, Caller, proposalId, ct),
            _ => Failure.Invalid("decision", "Choisissez : confirmer, confirmer la fin ou écarter."),
        };
        if (!outcome.TryGet(out var proposal, out var failure))
        {
            ModelState.AddFailure(failure, new Dictionary<string, string>());
            await LoadAsync(id, ct);
            return Page();
        }

        return Done(decision switch
        {
            "confirm" => $"L'interruption proposée par la sonde « {proposal.ProbeName} » est inscrite au journal : elle compte dans la disponibilité.",
            "end" => "La fin de l'interruption est enregistrée.",
            _ => "La proposition est écartée : elle ne compte pas.",
        }, $"/bureau/disponibilite/{id}");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await Caller.VisibleContracts(db).AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct) is not { } contract)
        {
            return false;
        }

        Board = await AvailabilityBoard.LoadAsync(db, contract, clock.GetCurrentInstant(), ct);
        Figures = (await AvailabilityFigures.ForContractAsync(db, clock, Caller, id, null, ct)).Value;
        Proposals = await Probes.OutageProposals.ListAsync(db, Caller, id, pendingOnly: true, ct);
        return true;
    }
}
