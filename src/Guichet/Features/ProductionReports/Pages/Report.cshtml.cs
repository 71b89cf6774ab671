namespace Guichet.Features.ProductionReports.Pages;

/// <summary>
/// One daily production report, as it was mailed: the checks against their objectives, the month's availability and
/// outages, the four charts of each check with their numbers. Another organisation's report is a 404.
/// </summary>
internal sealed class ReportModel(ProductionReportReads reads) : GatedPageModel
{
    public ProductionReportView Report { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!(await reads.GetAsync(Caller, id, ct)).TryGet(out var report, out _))
        {
            return NotFound();
        }

        Report = report;
        return Page();
    }
}
