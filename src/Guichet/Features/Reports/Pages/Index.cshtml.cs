using Guichet.Features.Shared;
using Guichet.Features.Statistics;
using NodaTime.Text;

namespace Guichet.Features.Reports.Pages;

/// <summary>
/// « Rapports » for staff (issue 17, part 7): a contract, an organisation or every contract they serve, over a
/// period read in each contract's zone — compliance with the objectives, times against objectives, backlog by age,
/// accounts created; on the page (charts beside tables), printable, as CSV and as a spreadsheet. A contract or an
/// organisation the staff member does not serve is a 404.
/// </summary>
internal sealed class ReportsModel(GuichetDbContext db, IClock clock) : PeriodPageModel
{
    /// <summary>The scope: empty for all, « c-{id} » for a contract, « o-{id} » for an organisation.</summary>
    [BindProperty(SupportsGet = true, Name = "perimetre")]
    public string? Scope { get; set; }

    /// <summary>The printable version: no form, every detail open.</summary>
    [BindProperty(SupportsGet = true, Name = "impression")]
    public bool Print { get; set; }

    public ServiceLevelReport Report { get; private set; } = null!;

    /// <summary>The scopes to choose from: organisations, each followed by its contracts.</summary>
    public IReadOnlyList<(string Value, string Label)> Scopes { get; private set; } = [];

    public string Query => $"perimetre={Uri.EscapeDataString(Scope ?? "")}&du={From}&au={To}";

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => RunAsync(null, ct);

    public Task<IActionResult> OnGetCsvAsync(CancellationToken ct) => RunAsync("csv", ct);

    public Task<IActionResult> OnGetXlsxAsync(CancellationToken ct) => RunAsync("xlsx", ct);

    private async Task<IActionResult> RunAsync(string? export, CancellationToken ct)
    {
        var (contractId, organisationId) = Scope switch
        {
            { Length: > 2 } v when v.StartsWith("c-", StringComparison.Ordinal) => (v[2..], null),
            { Length: > 2 } v when v.StartsWith("o-", StringComparison.Ordinal) => (null, v[2..]),
            null or "" => ((string?)null, (string?)null),
            _ => ("?", null),
        };
        var scope = await ServiceTimes.ScopeAsync(Caller, db, contractId, organisationId, ct);
        if (!scope.TryGet(out var s, out _))
        {
            return NotFound();
        }

        var now = clock.GetCurrentInstant();
        var period = ServiceTimes.ReadPeriod(s, From, To, now);
        if (!period.TryGet(out var p, out var failure))
        {
            Error = failure.Describe() + " La période par défaut (les douze derniers mois) est affichée.";
            p = ServiceTimes.ReadPeriod(s, null, null, now).Value;
        }

        (From, To) = (LocalDatePattern.Iso.Format(p.First), LocalDatePattern.Iso.Format(p.Last));
        Report = await ServiceLevel.ComputeAsync(db, s, p.First, p.Last, now, ct);
        var name = $"rapport-{From}-{To}";
        switch (export)
        {
            case "csv":
                var csv = Exports.ToCsv([["Rapport", s.Title], ["Période", From, To]], ServiceLevel.Tables(Report));
                return Exports.CsvFile(csv, name);
            case "xlsx":
                return Exports.XlsxFile(Exports.ToXlsx(ServiceLevel.Tables(Report)), name);
        }

        var all = await ServiceTimes.ContractsAsync(db, Caller.VisibleContracts(db), ct);
        Scopes = [("", "Tous les contrats"), .. all.GroupBy(c => c.OrganisationId).SelectMany(g => new[] { ($"o-{g.Key}", $"Organisation : {g.First().Organisation}") }
            .Concat(g.Select(c => ($"c-{c.Id}", $"Contrat : {c.Organisation} — {c.Name}"))))];
        return Page();
    }
}
