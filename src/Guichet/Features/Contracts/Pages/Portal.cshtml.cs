namespace Guichet.Features.Contracts.Pages;

/// <summary>
/// "Mon contrat": the client's view of their organisation's contracts (or of one of them, by id; another
/// organisation's is a 404, as in the API).
/// </summary>
internal sealed class PortalModel(GuichetDbContext db, IClock clock) : ContractPageModel
{
    [FromRoute]
    public Guid? Id { get; set; }

    public IReadOnlyList<ContractDetail> Contracts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var caller = Caller;
        var ids = Id is { } id ? [id] : await caller.VisibleContracts(db).OrderBy(c => c.Name).Select(c => c.Id).ToListAsync(ct);
        var list = new List<ContractDetail>();
        foreach (var contractId in ids)
        {
            if (!(await ContractReads.GetAsync(contractId, caller, db, clock, ct)).TryGet(out var detail, out _))
            {
                return NotFound();
            }

            list.Add(detail);
        }

        Contracts = list;
        return Page();
    }
}
