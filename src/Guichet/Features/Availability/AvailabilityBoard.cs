using System.Globalization;
using Guichet.Domain.Availability;

namespace Guichet.Features.Availability;

/// <summary>
/// What the status pages show of a contract: each service's state now, the next maintenances, 90 days of history
/// (a cell a day, with its text) and the last months' rates against their targets.
/// </summary>
internal static class AvailabilityBoard
{
    public const int HistoryDays = 90;

    public const int Months = 3;

    /// <summary>A day of a service's history: <c>ok</c>, <c>maintenance</c> or <c>down</c>, with its French text.</summary>
    public sealed record Day(LocalDate Date, string State, string Text);

    public sealed record ServiceBoard(HostedService Service, string State, string StateLabel, IReadOnlyList<Day> Days, IReadOnlyList<MonthAvailability> Months);

    public sealed record ContractBoard(
        Contract Contract,
        Organisation Organisation,
        DateTimeZone Zone,
        IReadOnlyList<ServiceBoard> Services,
        IReadOnlyList<PlannedMaintenance> Upcoming,
        IReadOnlyList<OutageEntry> Outages,
        bool AtRisk);

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static async Task<ContractBoard> LoadAsync(GuichetDbContext db, Contract contract, Instant now, CancellationToken ct)
    {
        var territory = await db.Organisations.Where(o => o.Id == contract.OrganisationId).Select(o => o.Territory).SingleAsync(ct);
        var zone = AvailabilityTexts.ZoneOf(territory);
        var today = now.InZone(zone).Date;
        var first = new YearMonth(today.Year, today.Month).PlusMonths(-(Months - 1));
        var from = Instant.Min(AvailabilityFigures.Around(first).From, now - Duration.FromDays(HistoryDays + 1));
        var data = await AvailabilityFigures.LoadAsync(db, contract, from, now + Duration.FromDays(HistoryDays), ct);
        var objectives = AvailabilityLog.Objectives(contract);
        var boards = new List<ServiceBoard>();
        foreach (var service in data.Services)
        {
            var outages = data.Outages.Where(o => o.ServiceId == service.Id).ToList();
            var maintenances = data.Maintenances.Where(m => m.Services.Any(s => s.ServiceId == service.Id)).ToList();
            var (state, label) = outages.Any(o => o.Start <= now && (o.End is null || o.End > now) && o.Cause != OutageCause.MonitoringGap)
                ? ("down", "Interrompu")
                : maintenances.Any(m => m.Start <= now && m.End > now) ? ("maintenance", "En maintenance") : ("ok", "Disponible");
            var days = new List<Day>();
            for (var date = today.PlusDays(-(HistoryDays - 1)); date <= today; date = date.PlusDays(1))
            {
                var dayStart = date.AtStartOfDayInZone(zone).ToInstant();
                var dayEnd = Instant.Min(date.PlusDays(1).AtStartOfDayInZone(zone).ToInstant(), now);
                var down = Overlap(outages.Where(o => o.Cause is not (OutageCause.MonitoringGap or OutageCause.PlannedMaintenance or OutageCause.UrgentMaintenance)).Select(o => (o.Start, o.End ?? now)), dayStart, dayEnd);
                var maintenance = Overlap(maintenances.Select(m => (m.Start, m.End)).Concat(outages.Where(o => o.Cause is OutageCause.PlannedMaintenance or OutageCause.UrgentMaintenance).Select(o => (o.Start, o.End ?? now))), dayStart, dayEnd);
                var name = date.ToString("d MMM", French);
                days.Add(down > Duration.Zero
                    ? new Day(date, "down", $"{name} : interruption ({AvailabilityTexts.Length(down)})")
                    : maintenance > Duration.Zero
                        ? new Day(date, "maintenance", $"{name} : maintenance ({AvailabilityTexts.Length(maintenance)})")
                        : new Day(date, "ok", $"{name} : aucune interruption"));
            }

            var months = new List<MonthAvailability>();
            if (objectives.FirstOrDefault(o => o.Id == service.ObjectiveId) is { } objective)
            {
                for (var month = first; month <= new YearMonth(today.Year, today.Month); month = month.PlusMonths(1))
                {
                    months.Add(AvailabilityCalculator.Month(objective, data.Territory, month, data.OutagesOf(service.Id), now));
                }
            }

            boards.Add(new ServiceBoard(service, state, label, days, months));
        }

        var upcoming = data.Maintenances.Where(m => m.End > now).OrderBy(m => m.Start).ToList();
        var atRisk = boards.Any(b => b.Months.Count > 0 && AvailabilityFigures.AtRisk(b.Months[^1]));
        return new ContractBoard(contract, data.Organisation, zone, boards, upcoming, [.. data.Outages.OrderByDescending(o => o.Start)], atRisk);
    }

    private static Duration Overlap(IEnumerable<(Instant Start, Instant End)> spans, Instant from, Instant to)
    {
        var total = Duration.Zero;
        var cursor = from;
        foreach (var (start, end) in spans.OrderBy(s => s.Start))
        {
            var s = Instant.Max(Instant.Max(start, from), cursor);
            var e = Instant.Min(end, to);
            if (e > s)
            {
                total += e - s;
                cursor = e;
            }
        }

        return total;
    }
}
