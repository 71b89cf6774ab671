namespace Guichet.Features.Contracts.Pages;

/// <summary>Upcoming notice deadlines, renewals, expiries and low time banks of the contracts served (the alerts use case).</summary>
internal sealed class DeadlinesModel(GuichetDbContext db, IClock clock) : ContractPageModel
{
    [FromQuery(Name = "jours")]
    public int? Days { get; set; }

    public IReadOnlyList<ContractAlertView> Items { get; private set; } = [];

    public IReadOnlyDictionary<Guid, string> Organisations { get; private set; } = new Dictionary<Guid, string>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var caller = Caller;
        Days ??= ContractReads.DefaultAlertDays;
        if (!(await ContractReads.AlertsAsync(caller, db, clock, Days.Value, ct)).TryGet(out var items, out var failure))
        {
            AddFailure(failure, new Dictionary<string, string> { ["days"] = "jours" });
            return Page();
        }

        Items = items;
        var ids = Items.Select(i => i.OrganisationId).Distinct().ToList();
        Organisations = await db.Organisations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        return Page();
    }
}
