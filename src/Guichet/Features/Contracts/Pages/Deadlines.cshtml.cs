using Guichet.Data;
using Guichet.Features.Accounts;
using Guichet.Web.Pages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Guichet.Features.Contracts.Pages;

/// <summary>Upcoming notice deadlines, renewals, expiries and low time banks of the contracts served (the alerts use case).</summary>
internal sealed class DeadlinesModel(GuichetDbContext db, IClock clock) : ContractPageModel
{
    [FromQuery(Name = "jours")]
    public int? Days { get; set; }

    public IReadOnlyList<dynamic> Items { get; private set; } = [];

    public IReadOnlyDictionary<Guid, string> Organisations { get; private set; } = new Dictionary<Guid, string>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var caller = Caller;
        Days ??= 90;
        var result = await ContractsApi.AlertsAsync(caller, db, clock, Days, ct);
        if (!PageProblems.IsSuccess(result))
        {
            AddProblem(result, new Dictionary<string, string> { ["days"] = "jours" });
            return Page();
        }

        Items = [.. ((IEnumerable<object>)ValueOf(result)!).Cast<dynamic>()];
        var ids = Items.Select(i => (Guid)i.organisationId).Distinct().ToList();
        Organisations = await db.Organisations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        return Page();
    }
}
