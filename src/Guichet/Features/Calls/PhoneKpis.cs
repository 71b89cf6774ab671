using System.Globalization;
using Guichet.Domain.Presets;
using Guichet.Features.Statistics;
using Guichet.Features.Tickets;

namespace Guichet.Features.Calls;

/// <summary>
/// Phone KPIs per contract and line over a period, from the telephony's timestamps [AT 9.5.5]: the wait is
/// <c>answeredAt − offeredAt</c>; every offered call (answered, abandoned, missed, voicemail) is in the denominators.
/// Computed by the database (one GROUP BY contract, line, hour and weekday with conditional counts, read from a
/// covering index), never by loading the calls.
/// </summary>
internal static class PhoneKpis
{
    /// <summary>The figures of a set of calls.</summary>
    internal sealed record Figures(int Offered, int Answered, int Within15, int Within30, int Abandoned, int Missed, int Voicemail, long AnsweredWaitMs)
    {
        public static readonly Figures Zero = new(0, 0, 0, 0, 0, 0, 0, 0);

        /// <summary>Share of offered calls answered in less than 15 s, in percent (null: no call).</summary>
        public decimal? Within15Share => Share(Within15);

        public decimal? Within30Share => Share(Within30);

        /// <summary>Answered calls over offered calls, in percent.</summary>
        public decimal? AnswerRate => Share(Answered);

        /// <summary>Mean wait of the answered calls, in seconds.</summary>
        public decimal? AverageWaitSeconds => Answered == 0 ? null : Math.Round(AnsweredWaitMs / 1000m / Answered, 1);

        public Figures Plus(Figures o) => new(Offered + o.Offered, Answered + o.Answered, Within15 + o.Within15, Within30 + o.Within30, Abandoned + o.Abandoned, Missed + o.Missed, Voicemail + o.Voicemail, AnsweredWaitMs + o.AnsweredWaitMs);

        private decimal? Share(int count) => Offered == 0 ? null : Math.Round(100m * count / Offered, 1);
    }

    internal sealed record LineRow(Guid? LineId, string Line, Figures Figures);

    /// <summary>An objective of the contract: its target, what was reached, and whether it is met (null: no call).</summary>
    internal sealed record Objective(string Label, string Rule, decimal Target, decimal? Reached, bool? Met);

    internal sealed record ContractRow(Guid ContractId, string Contract, string Organisation, Figures Total, IReadOnlyList<LineRow> Lines, IReadOnlyList<Objective> Objectives);

    /// <summary>Calls by hour of the day or day of the week (metropolitan France).</summary>
    internal sealed record Volume(int Key, string Label, int Offered, int Answered);

    internal sealed record Report(LocalDate From, LocalDate To, Figures Total, IReadOnlyList<ContractRow> Contracts, IReadOnlyList<Volume> ByHour, IReadOnlyList<Volume> ByWeekday);


    public static readonly string[] Weekdays = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];

    /// <summary>
    /// The KPIs of the calls to <paramref name="contracts"/> (optionally to one line) offered from <paramref name="from"/>
    /// to <paramref name="to"/> inclusive, days of metropolitan France.
    /// </summary>
    public static async Task<Report> ComputeAsync(GuichetDbContext db, IQueryable<Contract> contracts, Guid? lineId, LocalDate from, LocalDate to, CancellationToken ct)
    {
        var start = from.AtStartOfDayInZone(CallRecords.Zone).ToInstant();
        var end = to.PlusDays(1).AtStartOfDayInZone(CallRecords.Zone).ToInstant();
        var ids = contracts.Select(c => (Guid?)c.Id);
        var calls = db.Set<CallRecord>().AsNoTracking().Where(c => c.OfferedAt >= start && c.OfferedAt < end && ids.Contains(c.ContractId));
        if (lineId is { } line)
        {
            calls = calls.Where(c => c.PhoneLineId == line);
        }

        // One pass: the counts by contract, line, hour and weekday (at most lines × 168 groups), summed up here.
        var groups = await calls
            .GroupBy(c => new { c.ContractId, c.PhoneLineId, c.Hour, c.Weekday })
            .Select(g => new
            {
                g.Key.ContractId,
                g.Key.PhoneLineId,
                g.Key.Hour,
                g.Key.Weekday,
                Offered = g.Count(),
                Answered = g.Count(c => c.Outcome == CallOutcome.Answered),
                Within15 = g.Count(c => c.Outcome == CallOutcome.Answered && c.WaitMs < 15_000),
                Within30 = g.Count(c => c.Outcome == CallOutcome.Answered && c.WaitMs < 30_000),
                Abandoned = g.Count(c => c.Outcome == CallOutcome.Abandoned),
                Missed = g.Count(c => c.Outcome == CallOutcome.Missed),
                Voicemail = g.Count(c => c.Outcome == CallOutcome.Voicemail),
                Wait = g.Sum(c => c.Outcome == CallOutcome.Answered ? (long)(c.WaitMs ?? 0) : 0L),
            })
            .ToListAsync(ct);
        var byHour = groups.GroupBy(g => g.Hour).Select(h => new { h.Key, Offered = h.Sum(g => g.Offered), Answered = h.Sum(g => g.Answered) }).ToList();
        var byWeekday = groups.GroupBy(g => g.Weekday).Select(d => new { d.Key, Offered = d.Sum(g => g.Offered), Answered = d.Sum(g => g.Answered) }).ToList();

        var contractIds = groups.Select(g => g.ContractId!.Value).Distinct().ToList();
        var names = await (from c in db.Contracts.AsNoTracking()
                           join o in db.Organisations on c.OrganisationId equals o.Id
                           where contractIds.Contains(c.Id)
                           select new { c.Id, c.Name, c.PresetId, c.Policy, Organisation = o.Name }).ToDictionaryAsync(c => c.Id, ct);
        var lineIds = groups.Where(g => g.PhoneLineId != null).Select(g => g.PhoneLineId!.Value).Distinct().ToList();
        var lines = await db.Set<PhoneLine>().AsNoTracking().Where(l => lineIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, ct);

        var rows = new List<ContractRow>();
        foreach (var contract in groups.GroupBy(g => g.ContractId!.Value))
        {
            var name = names[contract.Key];
            var lineRows = contract
                .GroupBy(g => g.PhoneLineId)
                .Select(line => new LineRow(
                    line.Key,
                    line.Key is { } l && lines.TryGetValue(l, out var pl) ? $"{pl.Label} ({pl.Number})" : "Ligne non déclarée",
                    line.Select(g => new Figures(g.Offered, g.Answered, g.Within15, g.Within30, g.Abandoned, g.Missed, g.Voicemail, g.Wait)).Aggregate(Figures.Zero, (sum, f) => sum.Plus(f))))
                .OrderBy(l => l.Line, Web.Pages.Display.FrenchOrder)
                .ToList();
            var total = lineRows.Aggregate(Figures.Zero, (sum, l) => sum.Plus(l.Figures));
            rows.Add(new ContractRow(contract.Key, name.Name, name.Organisation, total, lineRows, Objectives(Terms(name.PresetId, name.Policy), total)));
        }

        rows.Sort((a, b) => Web.Pages.Display.FrenchOrder.Compare($"{a.Organisation} {a.Contract}", $"{b.Organisation} {b.Contract}"));
        return new Report(
            from,
            to,
            rows.Aggregate(Figures.Zero, (sum, r) => sum.Plus(r.Total)),
            rows,
            [.. Enumerable.Range(0, 24).Select(h => byHour.FirstOrDefault(v => v.Key == h) is { } v ? new Volume(h, $"{h:00} h", v.Offered, v.Answered) : new Volume(h, $"{h:00} h", 0, 0))],
            [.. Enumerable.Range(1, 7).Select(d => byWeekday.FirstOrDefault(v => v.Key == d) is { } v ? new Volume(d, Weekdays[d - 1], v.Offered, v.Answered) : new Volume(d, Weekdays[d - 1], 0, 0))]);
    }

    /// <summary>The contract's telephone terms (its own policy's, else its preset's); none when the policy cannot be read.</summary>
    public static PhoneTerms Terms(string presetId, string? policy)
    {
        try
        {
            return TicketClocks.Policy(presetId, policy).Phone;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or PresetValidationException)
        {
            return PhoneTerms.None;
        }
    }

    /// <summary>Each objective of the terms against the figures: shares within 15 s and 30 s at least their target, answer rate above its own.</summary>
    public static IReadOnlyList<Objective> Objectives(PhoneTerms terms, Figures f)
    {
        var list = new List<Objective>();
        if (terms.AnsweredWithin15s is { } t15)
        {
            list.Add(new Objective("Décrochés en moins de 15 s", $"au moins {t15.ToString(CultureInfo.GetCultureInfo("fr-FR"))} %", t15, f.Within15Share, f.Within15Share is { } r ? r >= t15 : null));
        }

        if (terms.AnsweredWithin30s is { } t30)
        {
            list.Add(new Objective("Décrochés en moins de 30 s", $"au moins {t30.ToString(CultureInfo.GetCultureInfo("fr-FR"))} %", t30, f.Within30Share, f.Within30Share is { } r ? r >= t30 : null));
        }

        if (terms.AnswerRate is { } rate)
        {
            list.Add(new Objective("Taux de réponse", $"plus de {rate.ToString(CultureInfo.GetCultureInfo("fr-FR"))} %", rate, f.AnswerRate, f.AnswerRate is { } r ? r > rate : null));
        }

        return list;
    }

    /// <summary>The tables of the report, as named (headers, rows) — for the CSV and the spreadsheet.</summary>
    public static IReadOnlyList<(string Name, string[] Headers, List<object?[]> Rows)> Tables(Report report)
    {
        var lines = report.Contracts.SelectMany(c => c.Lines.Select(l => new object?[]
        {
            c.Organisation, c.Contract, l.Line, l.Figures.Offered, l.Figures.Answered, l.Figures.Abandoned, l.Figures.Missed, l.Figures.Voicemail,
            l.Figures.Within15Share, l.Figures.Within30Share, l.Figures.AnswerRate, l.Figures.AverageWaitSeconds,
        })).ToList();
        var objectives = report.Contracts.SelectMany(c => c.Objectives.Select(o => new object?[]
        {
            c.Organisation, c.Contract, o.Label, o.Rule, o.Reached, o.Met switch { true => "atteint", false => "non atteint", null => "sans appel" },
        })).ToList();
        return
        [
            ("Lignes", ["Organisation", "Contrat", "Ligne", "Appels présentés", "Répondus", "Abandonnés", "Manqués", "Messagerie", "Décrochés < 15 s (%)", "Décrochés < 30 s (%)", "Taux de réponse (%)", "Attente moyenne (s)"], lines),
            ("Objectifs", ["Organisation", "Contrat", "Objectif", "Engagement", "Atteint (%)", "Résultat"], objectives),
            ("Par heure", ["Heure", "Appels présentés", "Répondus"], [.. report.ByHour.Select(v => new object?[] { v.Label, v.Offered, v.Answered })]),
            ("Par jour", ["Jour", "Appels présentés", "Répondus"], [.. report.ByWeekday.Select(v => new object?[] { v.Label, v.Offered, v.Answered })]),
        ];
    }

    /// <summary>The report as CSV (semicolons, one block per table, a blank line between).</summary>
    public static string ToCsv(Report report) =>
        Exports.ToCsv(
            [["Période", report.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), report.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)]],
            Tables(report).Select(t => new ExportTable(t.Name, t.Headers, t.Rows)),
            "0.0");

    /// <summary>The report as a spreadsheet: one sheet per table, French headers, numbers as numbers.</summary>
    public static byte[] ToXlsx(Report report) => Exports.ToXlsx(Tables(report).Select(t => new ExportTable(t.Name, t.Headers, t.Rows)));
}
