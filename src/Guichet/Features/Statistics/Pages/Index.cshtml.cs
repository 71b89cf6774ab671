using Guichet.Features.Shared;
using Guichet.Features.Tickets;

namespace Guichet.Features.Statistics.Pages;

/// <summary>
/// The référent's usage statistics over a chosen period [E23 3.1.1], on the page and as CSV. Only a client
/// référent reaches it, for their own organisation; anyone else gets a 404.
/// </summary>
internal sealed class StatisticsModel(GuichetDbContext db, IClock clock) : PeriodPageModel
{
    public UsageStatistics.Report Report { get; private set; } = null!;

    /// <summary>The phone KPIs of the organisation's contracts that have phone objectives [AT 9.5.5], or null when none has.</summary>
    public Calls.PhoneKpis.Report? Phone { get; private set; }

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => RunAsync(csv: false, ct);

    public Task<IActionResult> OnGetCsvAsync(CancellationToken ct) => RunAsync(csv: true, ct);

    private async Task<IActionResult> RunAsync(bool csv, CancellationToken ct)
    {
        var caller = Caller;
        var org = caller.User.OrganisationId!.Value;
        var territory = caller.Territory ?? "metropole";
        var now = clock.GetCurrentInstant();
        var today = now.InZone(TicketClocks.TerritoryOf(territory).Zone).Date;
        var (from, to) = ReadPeriod(today, defaultMonths: 3);
        Report = await UsageStatistics.ComputeAsync(db, org, territory, from, to, now, ct);
        var contracts = await db.Contracts.AsNoTracking().Where(c => c.OrganisationId == org).Select(c => new { c.Id, c.PresetId, c.Policy }).ToListAsync(ct);
        var withObjectives = contracts.Where(c => Calls.PhoneKpis.Terms(c.PresetId, c.Policy).HasObjectives).Select(c => c.Id).ToList();
        if (withObjectives.Count > 0)
        {
            Phone = await Calls.PhoneKpis.ComputeAsync(db, db.Contracts.Where(c => withObjectives.Contains(c.Id)), null, from, to, ct);
        }
        if (csv)
        {
            return Exports.CsvFile(UsageStatistics.ToCsv(Report), $"statistiques-{From}-{To}");
        }

        return Page();
    }
}
