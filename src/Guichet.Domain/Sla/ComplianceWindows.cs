using System.Globalization;
using NodaTime;

namespace Guichet.Domain.Sla;

/// <summary>What a compliance period counted: clocks met, missed, and pending (still open before their due, or frozen: left out).</summary>
/// <param name="Met">Clocks met.</param>
/// <param name="Missed">Clocks breached, or still running past their due.</param>
/// <param name="Pending">Clocks still open before their due, or frozen.</param>
public sealed record ComplianceTally(int Met, int Missed, int Pending)
{
    /// <summary>Clocks counted in the percentage.</summary>
    public int Counted => Met + Missed;

    /// <summary>Share met in percent, rounded to one decimal (half away from zero); null when nothing is counted.</summary>
    public decimal? Percent => Counted == 0 ? null : Math.Round(Met * 100m / Counted, 1, MidpointRounding.AwayFromZero);

    /// <summary>Whether the share met reaches <paramref name="objective"/> percent, compared exactly (not after rounding); null when nothing is counted.</summary>
    public bool? Reaches(decimal objective) => Counted == 0 ? null : Met * 100m >= objective * Counted;
}

/// <summary>
/// A contract's compliance windows: consecutive periods of a number of months from the contract's start date
/// ("par période de douze (12) mois consécutifs à compter de la date de début" [E23 3.1.2, ES26 13]), as local dates of
/// the contract's zone. Window <c>k</c> runs from <c>start + k × months</c> (inclusive) to <c>start + (k + 1) × months</c>
/// (exclusive), each computed from the start so that a start on the 31st does not drift (31/01 + 1 month is 28/02,
/// + 2 months is 31/03).
/// </summary>
public static class ComplianceWindows
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>The windows, first day and last day, that share at least one day with [<paramref name="from"/>, <paramref name="to"/>] (at most <paramref name="max"/>).</summary>
    public static IReadOnlyList<(LocalDate First, LocalDate Last)> Meeting(LocalDate contractStart, int months, LocalDate from, LocalDate to, int max = 120)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(months);
        var windows = new List<(LocalDate, LocalDate)>();
        for (var k = 0; windows.Count < max; k++)
        {
            var first = contractStart.PlusMonths(k * months);
            var last = contractStart.PlusMonths((k + 1) * months).PlusDays(-1);
            if (first > to)
            {
                break;
            }

            if (last >= from)
            {
                windows.Add((first, last));
            }
        }

        return windows;
    }

    /// <summary>
    /// « Prise en charge sous 8 heures ouvrées : 81,3 % (412 sur 507) du 01/01/2025 au 31/12/2025 — objectif 75 %
    /// respecté », with the pending clocks when there are some and « à ce jour (période en cours) » while the period runs.
    /// </summary>
    public static string Sentence(string label, ComplianceTally tally, LocalDate first, LocalDate last, decimal objective, bool complete)
    {
        ArgumentNullException.ThrowIfNull(tally);
        var period = $"du {Day(first)} au {Day(last)}";
        var target = objective.ToString("0.##", French) + " %";
        if (tally.Counted == 0)
        {
            return $"{label} : aucune demande comptée {period} — objectif {target}{(complete ? "" : " (période en cours)")}";
        }

        var verdict = tally.Reaches(objective) == true ? "respecté" : "non respecté";
        var pending = tally.Pending > 0 ? $", {tally.Pending} en cours non comptée{(tally.Pending > 1 ? "s" : "")}" : "";
        return $"{label} : {tally.Percent!.Value.ToString("0.0", French)} % ({tally.Met} sur {tally.Counted}{pending}) {period} — objectif {target} {verdict}{(complete ? "" : " à ce jour (période en cours)")}";
    }

    private static string Day(LocalDate d) => d.ToString("dd/MM/yyyy", French);
}
