using Guichet.Features.Availability;
using Guichet.Features.Probes;
using NodaTime.Text;

namespace Guichet.Features.ProductionReports;

/// <summary>
/// What callers read of the reports, scoped: référents see their organisation's contracts, staff the contracts they
/// serve (all for an administrator); anything else, or another organisation's report or image, is not found.
/// </summary>
internal sealed class ProductionReportReads(GuichetDbContext db, ProbeFigures probes, IClock clock)
{
    /// <summary>Référents and staff read reports; other clients do not (the contract sends them to the référents).</summary>
    public static bool MayRead(Caller caller) => caller.IsStaff || caller is { IsClient: true, User.IsReferent: true };

    public IQueryable<Contract> Contracts(Caller caller) => MayRead(caller) ? caller.VisibleContracts(db) : db.Contracts.Where(_ => false);

    public static string ImageUrl(Guid reportId, string key) => $"/etat-du-service/rapports/{reportId}/graphiques/{key}.png";

    public static ProductionReportView View(ProductionReport r, ReportSnapshot s) =>
        new(r.Id, r.ContractId, s.ContractName, r.OrganisationId, s.OrganisationName, r.Day, r.Zone, s.ZoneLabel, r.From, r.To, r.BuiltAt, r.Recipients, s.Month,
            s.Checks, s.Availability, s.Outages, [.. s.Charts.Select(c => new ProductionReportChartView(c, ImageUrl(r.Id, c.Key)))]);

    /// <summary>The contracts with probes the caller may read reports of, by name.</summary>
    public async Task<IReadOnlyList<(Guid Id, string Name)>> ContractsWithProbesAsync(Caller caller, CancellationToken ct)
    {
        var probed = from p in db.Set<Probe>() join s in db.Set<HostedService>() on p.ServiceId equals s.Id select s.ContractId;
        var rows = await Contracts(caller).Where(c => probed.Contains(c.Id)).OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        return [.. rows.Select(r => (r.Id, r.Name))];
    }

    public async Task<Outcome<ProductionReportArchive>> ArchiveAsync(Caller caller, Guid contractId, CancellationToken ct)
    {
        if (await Contracts(caller).AsNoTracking().SingleOrDefaultAsync(c => c.Id == contractId, ct) is not { } contract)
        {
            return Failure.NotFound("contrat");
        }

        var organisation = await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == contract.OrganisationId, ct);
        var rows = await db.Set<ProductionReport>().AsNoTracking().Where(r => r.ContractId == contractId).OrderByDescending(r => r.Day).ToListAsync(ct);
        var reports = rows.Select(r =>
        {
            var objectives = ProductionReportBuilder.Read(r).Checks.SelectMany(c => c.Objectives).ToList();
            return new ProductionReportRow(r.Id, r.Day, r.BuiltAt, r.Recipients, objectives.Count, objectives.Count(o => o.Status == "respecte"), objectives.Count(o => o.Status == "non-respecte"));
        }).ToList();
        return new ProductionReportArchive(contract.Id, contract.Name, organisation.Name, AvailabilityTexts.ZoneOf(organisation.Territory).Id,
            await ProductionReportSchedules.ViewAsync(db, contractId, ct), reports);
    }

    public async Task<Outcome<ProductionReportView>> GetAsync(Caller caller, Guid id, CancellationToken ct)
    {
        var contracts = Contracts(caller).Select(c => c.Id);
        return await db.Set<ProductionReport>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id && contracts.Contains(r.ContractId), ct) is { } report
            ? View(report, ProductionReportBuilder.Read(report))
            : Failure.NotFound("rapport");
    }

    /// <summary>A contract's report of one day (<c>yyyy-MM-dd</c>), or its latest when no day is given.</summary>
    public async Task<Outcome<ProductionReportView>> ByDayAsync(Caller caller, Guid? contractId, string? day, CancellationToken ct)
    {
        if (contractId is not { } id)
        {
            return Failure.Invalid("contractId", "Indiquez le contrat (contractId).");
        }

        LocalDate? wanted = null;
        if (!string.IsNullOrWhiteSpace(day))
        {
            if (LocalDatePattern.Iso.Parse(day.Trim()) is not { Success: true } parsed || parsed.Value.Year is < 2000 or > 2200)
            {
                return Failure.Invalid("day", "Le jour s'écrit aaaa-mm-jj, par exemple 2027-03-02.");
            }

            wanted = parsed.Value;
        }

        if (!await Contracts(caller).AnyAsync(c => c.Id == id, ct))
        {
            return Failure.NotFound("contrat");
        }

        var reports = db.Set<ProductionReport>().AsNoTracking().Where(r => r.ContractId == id);
        var report = wanted is { } d
            ? await reports.SingleOrDefaultAsync(r => r.Day == d, ct)
            : await reports.OrderByDescending(r => r.Day).FirstOrDefaultAsync(ct);
        return report is null ? Failure.NotFound("rapport") : View(report, ProductionReportBuilder.Read(report));
    }

    /// <summary>A chart of a report, drawn again from the stored samples and roll-ups (PNG).</summary>
    public async Task<Outcome<byte[]>> ImageAsync(Caller caller, Guid id, string key, CancellationToken ct)
    {
        if (!(await GetAsync(caller, id, ct)).TryGet(out var view, out var failure))
        {
            return failure;
        }

        if (view.Charts.FirstOrDefault(c => c.Chart.Key == key)?.Chart is not { } chart || ReportCharts.ReadKey(key) is not { } parsed
            || !await db.Set<Probe>().AnyAsync(p => p.Id == parsed.ProbeId, ct))
        {
            return Failure.NotFound("graphique");
        }

        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(view.Zone) ?? DateTimeZone.Utc;
        var series = await ReportCharts.SeriesAsync(probes, parsed.ProbeId, parsed.Range, view.To, clock.GetCurrentInstant(), ct);
        return ReportCharts.Render(chart, series, zone, view.ZoneLabel);
    }
}
