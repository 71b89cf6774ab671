namespace Guichet.Features.Availability.Pages;

/// <summary>Staff: one maintenance, rescheduled or cancelled (the référents are told again), with its history.</summary>
internal sealed class MaintenanceModel(GuichetDbContext db, IClock clock) : FormPageModel
{
    public MaintenanceView Maintenance { get; private set; } = null!;

    public DateTimeZone Zone { get; private set; } = DateTimeZone.Utc;

    [BindProperty]
    public string? Start { get; set; }

    [BindProperty]
    public string? End { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? CancelReason { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Start = AvailabilityTexts.ToLocal(Parse(Maintenance.Start), Zone);
        End = AvailabilityTexts.ToLocal(Parse(Maintenance.End), Zone);
        return Page();
    }

    public async Task<IActionResult> OnPostRescheduleAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var outcome = await Maintenances.RescheduleAsync(db, clock, Caller, id, new RescheduleRequest(AvailabilityTexts.FromLocal(Start, Zone), AvailabilityTexts.FromLocal(End, Zone), Reason), ct);
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

    private static Instant Parse(string iso) => NodaTime.Text.InstantPattern.ExtendedIso.Parse(iso).Value;

    public string When(string iso) => Display.When(Parse(iso), Zone);

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
