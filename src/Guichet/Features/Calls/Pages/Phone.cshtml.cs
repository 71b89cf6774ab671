using Guichet.Features.Shared;
using Guichet.Features.Statistics;

namespace Guichet.Features.Calls.Pages;

/// <summary>
/// Phone KPIs for staff (issue 16, part 4) [AT 9.5.5]: per contract and line over a period, the objectives met or not,
/// volumes by hour and day; on the page (charts beside tables), as CSV and as a spreadsheet. Contracts are those of
/// the organisations the staff member serves (administrators: all).
/// </summary>
internal sealed class PhoneModel(GuichetDbContext db, IClock clock) : PeriodPageModel
{
    [BindProperty(SupportsGet = true, Name = "contrat")]
    public Guid? ContractId { get; set; }

    public PhoneKpis.Report Report { get; private set; } = null!;

    public IReadOnlyList<(Guid Id, string Name)> Contracts { get; private set; } = [];

    public string Query => $"du={From}&au={To}" + (ContractId is { } c ? $"&contrat={c}" : "");

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => RunAsync(null, ct);

    public Task<IActionResult> OnGetCsvAsync(CancellationToken ct) => RunAsync("csv", ct);

    public Task<IActionResult> OnGetXlsxAsync(CancellationToken ct) => RunAsync("xlsx", ct);

    private async Task<IActionResult> RunAsync(string? export, CancellationToken ct)
    {
        var today = clock.GetCurrentInstant().InZone(CallRecords.Zone).Date;
        var (from, to) = ReadPeriod(today, defaultMonths: 1);
        var visible = Caller.VisibleContracts(db);
        Contracts = [.. (await (from c in visible.AsNoTracking()
                                join o in db.Organisations on c.OrganisationId equals o.Id
                                orderby o.Name, c.Name
                                select new { c.Id, Name = o.Name + " — " + c.Name }).ToListAsync(ct)).Select(c => (c.Id, c.Name))];
        if (ContractId is { } id && Contracts.All(c => c.Id != id))
        {
            return NotFound();
        }

        var contracts = ContractId is { } only ? visible.Where(c => c.Id == only) : visible;
        Report = await PhoneKpis.ComputeAsync(db, contracts, null, from, to, ct);
        return export switch
        {
            "csv" => Exports.CsvFile(PhoneKpis.ToCsv(Report), $"telephonie-{From}-{To}"),
            "xlsx" => Exports.XlsxFile(PhoneKpis.ToXlsx(Report), $"telephonie-{From}-{To}"),
            _ => Page(),
        };
    }
}
