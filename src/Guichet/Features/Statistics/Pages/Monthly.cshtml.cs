using Guichet.Features.Reports;
using NodaTime.Text;

namespace Guichet.Features.Statistics.Pages;

/// <summary>
/// The référent's monthly service-level report (issue 17, part 7): for a month (read in the contract's zone) and their
/// organisation's contracts, or one of them — compliance with the objectives, times against objectives, backlog and
/// accounts created; printable, as CSV and as a spreadsheet. Only a client référent reaches it (folder gate); a
/// contract of another organisation is a 404.
/// </summary>
internal sealed class MonthlyModel(GuichetDbContext db, IClock clock) : GatedPageModel
{
    [BindProperty(SupportsGet = true, Name = "mois")]
    public string? Month { get; set; }

    [BindProperty(SupportsGet = true, Name = "contrat")]
    public Guid? ContractId { get; set; }

    [BindProperty(SupportsGet = true, Name = "impression")]
    public bool Print { get; set; }

    public ServiceLevelReport Report { get; private set; } = null!;

    public IReadOnlyList<ServiceTimes.ScopeContract> Contracts { get; private set; } = [];

    public string? Error { get; private set; }

    public string Query => $"mois={Month}" + (ContractId is { } c ? $"&contrat={c}" : "");

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => RunAsync(null, ct);

    public Task<IActionResult> OnGetCsvAsync(CancellationToken ct) => RunAsync("csv", ct);

    public Task<IActionResult> OnGetXlsxAsync(CancellationToken ct) => RunAsync("xlsx", ct);

    private async Task<IActionResult> RunAsync(string? export, CancellationToken ct)
    {
        var org = Caller.User.OrganisationId!.Value;
        Contracts = await ServiceTimes.ContractsAsync(db, db.Contracts.Where(c => c.OrganisationId == org), ct);
        var chosen = ContractId is { } id ? [.. Contracts.Where(c => c.Id == id)] : Contracts;
        if (ContractId is not null && chosen.Count == 0)
        {
            return NotFound();
        }

        var now = clock.GetCurrentInstant();
        var zone = Contracts.Count > 0 ? Contracts[0].Zone : DateTimeZone.Utc;
        var lastMonth = now.InZone(zone).Date.ToYearMonth().PlusMonths(-1);
        var month = lastMonth;
        if (!string.IsNullOrWhiteSpace(Month))
        {
            var parsed = YearMonthPattern.Iso.Parse(Month.Trim());
            if (parsed.Success && parsed.Value.Year is >= 1900 and <= 2200)
            {
                month = parsed.Value;
            }
            else
            {
                Error = "Choisissez un mois valide (aaaa-mm) : le mois dernier est affiché.";
            }
        }

        Month = YearMonthPattern.Iso.Format(month);
        var organisation = Contracts.Count > 0 ? Contracts[0].Organisation : "";
        var scope = new ServiceTimes.Scope(ContractId is null ? "organisation" : "contrat", ContractId, org, ContractId is null ? organisation : $"{organisation} — {chosen[0].Name}", chosen);
        Report = await ServiceLevel.ComputeAsync(db, scope, month.OnDayOfMonth(1), month.OnDayOfMonth(month.Calendar.GetDaysInMonth(month.Year, month.Month)), now, ct);
        var name = $"rapport-mensuel-{Month}";
        return export switch
        {
            "csv" => Exports.CsvFile(Exports.ToCsv([["Rapport mensuel", scope.Title], ["Mois", Month]], ServiceLevel.Tables(Report)), name),
            "xlsx" => Exports.XlsxFile(Exports.ToXlsx(ServiceLevel.Tables(Report)), name),
            _ => Page(),
        };
    }
}
