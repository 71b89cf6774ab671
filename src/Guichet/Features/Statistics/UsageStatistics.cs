using System.Globalization;
using System.Text;
using Guichet.Features.Tickets;

namespace Guichet.Features.Statistics;

/// <summary>
/// Usage statistics of one organisation over a period [E23 3.1.1]: its tickets created in the period by product,
/// service type, priority and state (one SQL aggregate), and the share of take-charge and resolution clocks met, read
/// from the stored clock outcomes (docs/reports.md; one SQL aggregate, whatever the number of tickets). Only
/// contractual clocks are counted as met or breached: a clock marked <c>contractual: false</c> (an internal
/// objective) counts among the others. As for compliance, a clock still running past its due counts as breached.
/// </summary>
internal static class UsageStatistics
{
    /// <summary>One line of a breakdown: a label and a count.</summary>
    public sealed record Line(string Label, int Count);

    /// <summary>A clock's results over the period: met, breached, still counting or without target.</summary>
    public sealed record ClockLine(string Clock, int Met, int Breached, int Other)
    {
        /// <summary>Met among those decided (met or breached); null when none is decided yet.</summary>
        public double? Share => Met + Breached == 0 ? null : (double)Met / (Met + Breached);
    }

    public sealed record Report(
        LocalDate From,
        LocalDate To,
        int Tickets,
        IReadOnlyList<Line> ByProduct,
        IReadOnlyList<Line> ByServiceType,
        IReadOnlyList<Line> ByPriority,
        IReadOnlyList<Line> ByState,
        IReadOnlyList<ClockLine> Clocks);

    /// <summary>The clocks reported, by id, as the presets name them.</summary>
    public static readonly IReadOnlyList<(string Id, string Label)> ReportedClocks = [("take-charge", "Prise en charge"), ("resolution", "Résolution")];

    /// <summary>Tickets of <paramref name="organisationId"/> created from <paramref name="from"/> to <paramref name="to"/> included, in the organisation's time zone.</summary>
    public static async Task<Report> ComputeAsync(GuichetDbContext db, Guid organisationId, string territory, LocalDate from, LocalDate to, Instant now, CancellationToken ct)
    {
        var zone = TicketClocks.TerritoryOf(territory).Zone;
        var start = from.AtStartOfDayInZone(zone).ToInstant();
        var end = to.PlusDays(1).AtStartOfDayInZone(zone).ToInstant();
        var tickets = db.Tickets.AsNoTracking().Where(t => t.OrganisationId == organisationId && t.CreatedAt >= start && t.CreatedAt < end);
        var groups = await tickets
            .GroupBy(t => new { t.ContractId, t.ProductId, t.ServiceType, t.Priority, t.State })
            .Select(g => new { g.Key.ContractId, g.Key.ProductId, g.Key.ServiceType, g.Key.Priority, g.Key.State, Count = g.Count() })
            .ToListAsync(ct);
        var clockIds = ReportedClocks.Select(c => c.Id).ToList();
        var outcomes = await (from o in db.ClockOutcomes.AsNoTracking()
                              join t in tickets on o.TicketId equals t.Id
                              where clockIds.Contains(o.ClockId)
                              group o by new { o.ContractId, o.ClockId } into g
                              select new
                              {
                                  g.Key.ContractId,
                                  g.Key.ClockId,
                                  Met = g.Count(o => o.Result == "met"),
                                  Breached = g.Count(o => o.Result == "breached" || (o.Result == "running" && o.Due != null && o.Due <= now)),
                              }).ToListAsync(ct);
        var contracts = await db.Contracts.AsNoTracking().Where(c => c.OrganisationId == organisationId).ToDictionaryAsync(c => c.Id, ct);
        var products = await db.Products.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, ct);

        var byProduct = new Dictionary<string, int>();
        var byService = new Dictionary<string, int>();
        var byPriority = new Dictionary<string, int>();
        var byState = new Dictionary<string, int>();
        foreach (var g in groups)
        {
            var contract = contracts[g.ContractId];
            var preset = TicketClocks.Policy(contract.PresetId, contract.Policy);
            Add(byProduct, products.GetValueOrDefault(g.ProductId, "?"), g.Count);
            Add(byService, preset.ServiceTypes.FirstOrDefault(s => s.Id == g.ServiceType)?.Label ?? g.ServiceType, g.Count);
            Add(byPriority, preset.Policy.Scheme.TryGet(g.Priority, out var level) ? level.Label : g.Priority, g.Count);
            Add(byState, preset.Policy.Workflow.TryGetState(g.State, out var state) ? state.LabelFor(client: true) : g.State, g.Count); // a référent's page: the client wording
        }

        // Each reported clock of each contract: met and breached from the outcomes; every other ticket (clock not
        // started, running before its due, frozen, not applicable) among the others. An internal objective (MN's
        // take-charge) is no commitment of the contract: all its tickets are among the others (docs/presets.md).
        var clocks = ReportedClocks.ToDictionary(c => c.Id, _ => (Met: 0, Breached: 0, Other: 0));
        foreach (var perContract in groups.GroupBy(g => g.ContractId))
        {
            var contract = contracts[perContract.Key];
            var preset = TicketClocks.Policy(contract.PresetId, contract.Policy);
            var count = perContract.Sum(g => g.Count);
            foreach (var (id, _) in ReportedClocks)
            {
                var definition = preset.Policy.Clocks.FirstOrDefault(d => d.Id == id);
                if (definition is null)
                {
                    continue;
                }

                var c = clocks[id];
                var o = outcomes.FirstOrDefault(o => o.ContractId == perContract.Key && o.ClockId == id);
                clocks[id] = definition.Contractual && o is not null
                    ? (c.Met + o.Met, c.Breached + o.Breached, c.Other + count - o.Met - o.Breached)
                    : (c.Met, c.Breached, c.Other + count);
            }
        }

        return new Report(from, to, groups.Sum(g => g.Count), Sorted(byProduct), Sorted(byService), Sorted(byPriority), Sorted(byState),
            [.. ReportedClocks.Select(c => new ClockLine(c.Label, clocks[c.Id].Met, clocks[c.Id].Breached, clocks[c.Id].Other))]);
    }

    private static void Add(Dictionary<string, int> counts, string key, int count) => counts[key] = counts.GetValueOrDefault(key) + count;

    private static List<Line> Sorted(Dictionary<string, int> counts) =>
        [.. counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => new Line(c.Key, c.Value))];

    /// <summary>The report as CSV (semicolon-separated, as French spreadsheets expect; UTF-8 with BOM).</summary>
    public static string ToCsv(Report report)
    {
        var csv = new StringBuilder();
        void Row(params string[] cells) => csv.Append(string.Join(';', cells.Select(Csv.Cell))).Append("\r\n");
        var french = CultureInfo.GetCultureInfo("fr-FR");
        Row("Période", report.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), report.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Row("Demandes", report.Tickets.ToString(CultureInfo.InvariantCulture));
        Row("Répartition", "Valeur", "Demandes");
        foreach (var (name, lines) in new[] { ("Produit", report.ByProduct), ("Type de demande", report.ByServiceType), ("Priorité", report.ByPriority), ("État", report.ByState) })
        {
            foreach (var line in lines)
            {
                Row(name, line.Label, line.Count.ToString(CultureInfo.InvariantCulture));
            }
        }

        Row("Délai", "Respectés", "Dépassés", "Autres", "Taux de respect");
        foreach (var c in report.Clocks)
        {
            Row(c.Clock, c.Met.ToString(CultureInfo.InvariantCulture), c.Breached.ToString(CultureInfo.InvariantCulture), c.Other.ToString(CultureInfo.InvariantCulture), c.Share is { } s ? s.ToString("P1", french) : "");
        }

        return csv.ToString();
    }
}

/// <summary>CSV cells safe to open in a spreadsheet.</summary>
internal static class Csv
{
    /// <summary>
    /// A cell: one beginning with = + - @ (or a tab or carriage return) is prefixed with a quote so that no
    /// spreadsheet reads it as a formula (OWASP, CSV injection); a cell holding the separator, a quote or a line
    /// break is quoted, its quotes doubled.
    /// </summary>
    public static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([';', '"', '\n', '\r', ',']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
