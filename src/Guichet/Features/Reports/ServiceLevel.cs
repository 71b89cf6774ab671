using Guichet.Features.Statistics;

namespace Guichet.Features.Reports;

/// <summary>
/// A service-level report for the pages (staff « Rapports », the référents' monthly report): each contract's
/// compliance with its objectives (<see cref="Compliance"/>) and the times against objectives, backlog and accounts
/// created (<see cref="ServiceTimes"/>) of a scope the page has already checked; and its tables for the exports.
/// </summary>
internal static class ServiceLevel
{
    /// <summary>The report of <paramref name="scope"/> over [<paramref name="first"/>, <paramref name="last"/>], dates read in each contract's zone.</summary>
    public static async Task<ServiceLevelReport> ComputeAsync(GuichetDbContext db, ServiceTimes.Scope scope, LocalDate first, LocalDate last, Instant now, CancellationToken ct)
    {
        var compliance = new List<(ServiceTimes.ScopeContract, ComplianceReport)>();
        foreach (var c in scope.Contracts)
        {
            var report = await Compliance.ForContractAsync(db, c.Id, c.Name, c.StartsOn, c.PresetId, c.Policy, c.Zone, first, last, now, ct);
            if (report.Objectives.Count > 0)
            {
                compliance.Add((c, report));
            }
        }

        var times = await ServiceTimes.ComputeForAsync(db, scope, first, last, now, ct);
        return new ServiceLevelReport(scope, first, last, compliance, times);
    }

    /// <summary>The report's tables, with French headers and typed cells (numbers, dates, instants in the contract's zone).</summary>
    public static IReadOnlyList<ExportTable> Tables(ServiceLevelReport report)
    {
        var zones = report.Scope.Contracts.ToDictionary(c => c.Id, c => c.Zone);
        LocalDateTime? Local(Guid contract, Instant? instant) => instant?.InZone(zones[contract]).LocalDateTime;
        static decimal? HoursOf(long? seconds) => seconds is { } s ? Math.Round(s / 3600m, 2, MidpointRounding.AwayFromZero) : null;
        static string Verdict(bool? respected) => respected switch { true => "respecté", false => "non respecté", null => "aucune demande comptée" };

        var windows = new List<object?[]>();
        var trend = new List<object?[]>();
        var misses = new List<object?[]>();
        foreach (var (contract, compliance) in report.Compliance)
        {
            foreach (var o in compliance.Objectives)
            {
                foreach (var (kind, w) in o.Windows.Select(w => ("Fenêtre du contrat", w)).Prepend(("Période du rapport", o.Period)))
                {
                    windows.Add([contract.Organisation, contract.Name, o.Label, kind, w.From, w.To, w.Complete ? "terminée" : "en cours", w.Met, w.Missed, w.Pending, w.Percent, o.ObjectivePercent, Verdict(w.Respected)]);
                }

                foreach (var m in o.Trend)
                {
                    trend.Add([contract.Organisation, contract.Name, o.Label, m.Month, m.Met, m.Missed, m.Pending, m.Percent]);
                }

                foreach (var miss in o.Misses)
                {
                    misses.Add([contract.Organisation, contract.Name, o.ClockName, miss.Reference, miss.Subject, miss.Priority, Local(contract.Id, miss.Start), Local(contract.Id, miss.Due), Local(contract.Id, miss.Stop), HoursOf(miss.CountedSeconds), miss.Explanation]);
                }
            }
        }

        var t = report.Times;
        return
        [
            new("Conformité", ["Organisation", "Contrat", "Objectif", "Période", "Du", "Au", "État", "Respectés", "Manqués", "En cours non comptés", "Taux (%)", "Objectif (%)", "Verdict"], windows),
            new("Conformité par mois", ["Organisation", "Contrat", "Objectif", "Mois", "Respectés", "Manqués", "En cours non comptés", "Taux (%)"], trend),
            new("Demandes hors délai", ["Organisation", "Contrat", "Délai", "Demande", "Objet", "Priorité", "Départ", "Échéance", "Fin", "Heures comptées", "Explication"], misses),
            new("Délais", ["Organisation", "Contrat", "Délai", "Priorité", "Objectif", "Objectif (heures)", "Demandes", "Respectés", "Taux de respect (%)", "Moyenne (heures)", "Médiane (heures)", "Tendance"],
                [.. t.Times.Select(l => new object?[] { l.Organisation, l.Contract, l.ClockName, l.PriorityLabel, l.Target, HoursOf(l.TargetSeconds), l.Count, l.Met, l.MetPercent, HoursOf(l.AverageSeconds), HoursOf(l.MedianSeconds), l.Trend })]),
            new("Délais par mois", ["Organisation", "Contrat", "Délai", "Priorité", "Mois", "Demandes", "Respectés", "Moyenne (heures)", "Médiane (heures)"],
                [.. t.Times.SelectMany(l => l.Months.Where(m => m.Count > 0).Select(m => new object?[] { l.Organisation, l.Contract, l.ClockName, l.PriorityLabel, m.Month, m.Count, m.Met, HoursOf(m.AverageSeconds), HoursOf(m.MedianSeconds) }))]),
            new("Stock par ancienneté", ["Priorité", .. t.Backlog.Bands, "Total"],
                [.. t.Backlog.Rows.Select(r => (object?[])[r.Priority, .. r.Counts.Cast<object?>(), r.Counts.Sum()]), ["Total", .. t.Backlog.Totals.Cast<object?>(), t.Backlog.Total]]),
            new("Comptes créés", ["Organisation", "Mois", "Comptes créés"],
                [.. t.Accounts.SelectMany(a => a.Months.Select(m => new object?[] { a.Organisation, m.Month, m.Count }))]),
        ];
    }
}

/// <summary>A scope's compliance per contract (those with objectives) and its times, backlog and accounts over a period.</summary>
internal sealed record ServiceLevelReport(
    ServiceTimes.Scope Scope,
    LocalDate From,
    LocalDate To,
    IReadOnlyList<(ServiceTimes.ScopeContract Contract, ComplianceReport Report)> Compliance,
    TimesReport Times);
