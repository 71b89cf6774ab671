namespace Guichet.Features.Availability.Pages;

/// <summary>Staff: one maintenance, rescheduled or cancelled (the référents are told again), with its history.</summary>
internal sealed class MaintenanceModel(GuichetDbContext db, IClock clock) : DatedEntryPageModel
{
    public MaintenanceView Maintenance { get; private set; } = null!;

    [BindProperty]
    public string? CancelReason { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        ShowPeriod(Maintenance.Start, Maintenance.End);
        return Page();
    }

    public async Task<IActionResult> OnPostRescheduleAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var outcome = await Maintenances.RescheduleAsync(db, clock, Caller, id, new RescheduleRequest(TypedStart, TypedEnd, Reason), ct);
        if (outcome.Failure is { } failure)
        {
            ModelState.AddFailure(failure, new Dictionary<string, string> { ["start"] = nameof(Start), ["end"] = nameof(End), ["reason"] = nameof(Reason) });
            return Page();
        }

        return Done("La maintenance est reprogrammée : les référents sont prévenus et l'information est mise à jour.");
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var outcome = await Maintenances.CancelAsync(db, clock, Caller, id, new CancelRequest(CancelReason), ct);
        if (outcome.Failure is { } failure)
        {
            ModelState.AddFailure(failure, new Dictionary<string, string> { ["reason"] = nameof(CancelReason) });
            return Page();
        }

        return Done("La maintenance est annulée : les référents sont prévenus et l'information est mise à jour.");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (!(await Maintenances.GetAsync(db, Caller, id, ct)).TryGet(out var maintenance, out _))
        {
            return false;
        }

        Maintenance = maintenance;
        var territory = await db.Contracts.Where(c => c.Id == maintenance.ContractId).Join(db.Organisations, c => c.OrganisationId, o => o.Id, (c, o) => o.Territory).SingleAsync(ct);
        Zone = AvailabilityTexts.ZoneOf(territory);
        return true;
    }
}
