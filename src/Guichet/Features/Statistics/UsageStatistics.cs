using System.Globalization;
using System.Text;
using Guichet.Domain.Sla;
using Guichet.Features.Tickets;

namespace Guichet.Features.Statistics;

/// <summary>
/// Usage statistics of one organisation over a period [E23 3.1.1]: its tickets created in the period by product,
/// service type, priority and state, and the share of take-charge and resolution clocks met, read from each
/// ticket's trace with its contract's policy (as the ticket pages do). Only contractual clocks are counted as met
/// or breached: a clock marked <c>contractual: false</c> (an internal objective) counts among the others.
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
        var tickets = await db.Tickets.AsNoTracking()
            .Where(t => t.OrganisationId == organisationId && t.CreatedAt >= start && t.CreatedAt < end)
            .OrderBy(t => t.Id).Take(20_000).ToListAsync(ct);
        var ids = tickets.Select(t => t.Id).ToList();
        var events = (await db.TicketEvents.AsNoTracking().Where(e => ids.Contains(e.TicketId)).ToListAsync(ct)).ToLookup(e => e.TicketId);
        var contracts = await db.Contracts.AsNoTracking().Where(c => c.OrganisationId == organisationId).ToDictionaryAsync(c => c.Id, ct);
        var products = await db.Products.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, ct);

        var byProduct = new Dictionary<string, int>();
        var byService = new Dictionary<string, int>();
        var byPriority = new Dictionary<string, int>();
        var byState = new Dictionary<string, int>();
        var clocks = ReportedClocks.ToDictionary(c => c.Id, _ => (Met: 0, Breached: 0, Other: 0));
        foreach (var ticket in tickets)
        {
            var contract = contracts[ticket.ContractId];
            var preset = TicketClocks.Policy(contract.PresetId, contract.Policy);
            Add(byProduct, products.GetValueOrDefault(ticket.ProductId, "?"));
            Add(byService, preset.ServiceTypes.FirstOrDefault(s => s.Id == ticket.ServiceType)?.Label ?? ticket.ServiceType);
            Add(byPriority, preset.Policy.Scheme.TryGet(ticket.Priority, out var level) ? level.Label : ticket.Priority);
            Add(byState, preset.Policy.Workflow.TryGetState(ticket.State, out var state) ? state.LabelFor(client: true) : ticket.State); // a référent's page: the client wording

            var evaluation = TicketClocks.Evaluate(ticket, events[ticket.Id], preset, territory, now);
            foreach (var clock in evaluation.Clocks)
            {
                if (clocks.TryGetValue(clock.Id, out var c))
                {
                    // An internal objective (MN's take-charge) is no commitment of the contract: it is counted among
                    // the others, never as met or breached (docs/presets.md).
                    var contractual = preset.Policy.Clocks.FirstOrDefault(d => d.Id == clock.Id)?.Contractual ?? false;
                    clocks[clock.Id] = !contractual ? (c.Met, c.Breached, c.Other + 1) : clock.Status switch
                    {
                        ClockStatus.Met => (c.Met + 1, c.Breached, c.Other),
                        ClockStatus.Breached => (c.Met, c.Breached + 1, c.Other),
                        _ => (c.Met, c.Breached, c.Other + 1),
                    };
                }
            }
        }

        return new Report(from, to, tickets.Count, Sorted(byProduct), Sorted(byService), Sorted(byPriority), Sorted(byState),
            [.. ReportedClocks.Select(c => new ClockLine(c.Label, clocks[c.Id].Met, clocks[c.Id].Breached, clocks[c.Id].Other))]);
    }

    private static void Add(Dictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

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
