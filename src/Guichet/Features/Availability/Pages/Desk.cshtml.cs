namespace Guichet.Features.Availability.Pages;

/// <summary>
/// Staff: the availability of every contract they serve that has a commitment, the contracts at risk first (the
/// month's rate below its target, or less than a quarter of its downtime budget left), and the form adding a service.
/// </summary>
internal sealed class DeskModel(GuichetDbContext db, IClock clock) : FormPageModel
{
    public IReadOnlyList<AvailabilityBoard.ContractBoard> Boards { get; private set; } = [];

    /// <summary>The contracts served whose preset has availability objectives: (id, name, objectives).</summary>
    public IReadOnlyList<(Guid Id, string Name, IReadOnlyList<Domain.Availability.AvailabilityObjective> Objectives)> Choices { get; private set; } = [];

    [BindProperty]
    public Guid? ContractId { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Environment { get; set; } = "production";

    [BindProperty]
    public string? Objective { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var objective = Objective?.Split('|', 2) is [var contract, var id] && Guid.TryParse(contract, out var c) ? (c, id) : ((Guid?)null, (string?)null);
        var outcome = await AvailabilityLog.AddServiceAsync(db, clock, Caller, new ServiceRequest(objective.Item1 ?? ContractId, Name, null, Environment, objective.Item2), ct);
        if (!outcome.TryGet(out var service, out var failure))
        {
            ModelState.AddFailure(failure, new Dictionary<string, string> { ["contractId"] = nameof(Objective), ["objective"] = nameof(Objective), ["name"] = nameof(Name), ["environment"] = nameof(Environment) });
            await LoadAsync(ct);
            return Page();
        }

        return Done($"Le service « {service.Name} » est enregistré (objectif {AvailabilityTexts.Rate(service.Target)}).", $"/bureau/disponibilite/{service.ContractId}");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var contracts = await Caller.VisibleContracts(db).AsNoTracking().OrderBy(c => c.Name).ToListAsync(ct);
        Choices = [.. contracts.Select(c => (c.Id, c.Name, AvailabilityLog.Objectives(c))).Where(c => c.Item3.Count > 0)];
        var withServices = await db.Set<HostedService>().Select(s => s.ContractId).Distinct().ToListAsync(ct);
        var boards = new List<AvailabilityBoard.ContractBoard>();
        foreach (var contract in contracts.Where(c => withServices.Contains(c.Id)))
        {
            boards.Add(await AvailabilityBoard.LoadAsync(db, contract, now, ct));
        }

        Boards = [.. boards.OrderByDescending(b => b.AtRisk).ThenBy(b => b.Services.Count == 0 ? 100m : b.Services.Min(s => s.Months.Count > 0 ? s.Months[^1].Rate - s.Months[^1].Objective.TargetPercent : 100m)).ThenBy(b => b.Contract.Name)];
    }
}
