namespace Guichet.Features.Availability.Pages;

/// <summary>The client's status page: each contract's hosted services now, the next maintenances, 90 days, the months.</summary>
internal sealed class StatusModel(GuichetDbContext db, IClock clock) : GatedPageModel
{
    public IReadOnlyList<AvailabilityBoard.ContractBoard> Boards { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var withServices = db.Set<HostedService>().Select(s => s.ContractId);
        var contracts = await Caller.VisibleContracts(db).AsNoTracking().Where(c => withServices.Contains(c.Id)).OrderBy(c => c.Name).ToListAsync(ct);
        var boards = new List<AvailabilityBoard.ContractBoard>();
        foreach (var contract in contracts)
        {
            boards.Add(await AvailabilityBoard.LoadAsync(db, contract, now, ct));
        }

        Boards = boards;
    }
}
