namespace Guichet.Features.ProductionReports.Pages;

/// <summary>A report's chart as a PNG, drawn from the stored samples and roll-ups; another organisation's is a 404.</summary>
internal sealed class ChartModel(ProductionReportReads reads) : GatedPageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, string key, CancellationToken ct)
    {
        if (!(await reads.ImageAsync(Caller, id, key, ct)).TryGet(out var png, out _))
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "private, max-age=3600";
        return File(png, "image/png");
    }
}
