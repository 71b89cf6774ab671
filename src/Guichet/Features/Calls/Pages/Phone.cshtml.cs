using System.Text;
using NodaTime.Text;

namespace Guichet.Features.Calls.Pages;

/// <summary>
/// Phone KPIs for staff (issue 16, part 4) [AT 9.5.5]: per contract and line over a period, the objectives met or not,
/// volumes by hour and day; on the page (charts beside tables), as CSV and as a spreadsheet. Contracts are those of
/// the organisations the staff member serves (administrators: all).
/// </summary>
internal sealed class PhoneModel(GuichetDbContext db, IClock clock) : GatedPageModel
{
    [BindProperty(SupportsGet = true, Name = "du")]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "au")]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "contrat")]
    public Guid? ContractId { get; set; }

    public PhoneKpis.Report Report { get; private set; } = null!;

    public IReadOnlyList<(Guid Id, string Name)> Contracts { get; private set; } = [];

    public string? Error { get; private set; }

    public string Query => $"du={From}&au={To}" + (ContractId is { } c ? $"&contrat={c}" : "");

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => RunAsync(null, ct);

    public Task<IActionResult> OnGetCsvAsync(CancellationToken ct) => RunAsync("csv", ct);

    public Task<IActionResult> OnGetXlsxAsync(CancellationToken ct) => RunAsync("xlsx", ct);

    private async Task<IActionResult> RunAsync(string? export, CancellationToken ct)
    {
        var today = clock.GetCurrentInstant().InZone(CallRecords.Zone).Date;
        LocalDate? Parse(string? text) => text is { Length: > 0 } && LocalDatePattern.Iso.Parse(text.Trim()) is { Success: true } r && r.Value.Year is >= 1900 and <= 2200 ? r.Value : null;
        var from = Parse(From) ?? today.PlusMonths(-1).PlusDays(1);
        var to = Parse(To) ?? today;
        if ((From is { Length: > 0 } && Parse(From) is null) || (To is { Length: > 0 } && Parse(To) is null))
        {
            Error = "Saisissez des dates valides (jj/mm/aaaa).";
            (from, to) = (today.PlusMonths(-1).PlusDays(1), today);
        }
        else if (to < from)
        {
            Error = "La fin de la période précède son début : les dates ont été inversées.";
            (from, to) = (to, from);
        }
        else if (Period.Between(from, to, PeriodUnits.Days).Days > 3 * 366)
        {
            Error = "La période est limitée à trois ans : elle a été raccourcie.";
            from = to.PlusYears(-3);
        }

        (From, To) = (LocalDatePattern.Iso.Format(from), LocalDatePattern.Iso.Format(to));
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
            "csv" => File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(PhoneKpis.ToCsv(Report))).ToArray(), "text/csv; charset=utf-8", $"telephonie-{From}-{To}.csv"),
            "xlsx" => File(PhoneKpis.ToXlsx(Report), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"telephonie-{From}-{To}.xlsx"),
            _ => Page(),
        };
    }
}
