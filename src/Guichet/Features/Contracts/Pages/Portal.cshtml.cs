using Guichet.Data;
using Guichet.Features.Accounts;
using Guichet.Web.Pages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Guichet.Features.Contracts.Pages;

/// <summary>
/// "Mon contrat": the client's view of their organisation's contracts (or of one of them, by id; another
/// organisation's is a 404, as in the API).
/// </summary>
internal sealed class PortalModel(GuichetDbContext db, IClock clock) : ContractPageModel
{
    [FromRoute]
    public Guid? Id { get; set; }

    public IReadOnlyList<dynamic> Contracts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var caller = Caller;
        var ids = Id is { } id ? [id] : await caller.VisibleContracts(db).OrderBy(c => c.Name).Select(c => c.Id).ToListAsync(ct);
        var list = new List<dynamic>();
        foreach (var contractId in ids)
        {
            var result = await ContractsApi.GetAsync(contractId, caller, db, clock, ct);
            if (!PageProblems.IsSuccess(result))
            {
                return NotFound();
            }

            list.Add(ValueOf(result)!);
        }

        Contracts = list;
        return Page();
    }
}
