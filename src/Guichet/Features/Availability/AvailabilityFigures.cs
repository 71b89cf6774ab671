using System.Globalization;
using Guichet.Domain.Availability;
using Guichet.Features.Tickets;
using NodaTime.Text;

namespace Guichet.Features.Availability;

/// <summary>The answer of <c>GET /api/v1/availability?contractId=&amp;month=</c>: each service's month, explained.</summary>
internal sealed record ContractAvailability(Guid ContractId, string ContractName, Guid OrganisationId, YearMonth Month, string Zone, IReadOnlyList<ServiceMonth> Services);

/// <summary>
/// One service's month: its rate against the target, the time measured, deducted and counted (seconds), and for the
/// month in progress the downtime budget left, in French.
/// </summary>
internal sealed record ServiceMonth(
    Guid ServiceId,
    string Name,
    string Environment,
    string Objective,
    string Source,
    string Formula,
    decimal Target,
    decimal Rate,
    bool Met,
    bool InProgress,
    long PeriodSeconds,
    long DeductedSeconds,
    long UnavailableSeconds,
    long AllowedSeconds,
    long? BudgetLeftSeconds,
    string Summary,
    IReadOnlyList<OutageExplained> Outages);

/// <summary>An outage or maintenance of the month with its stretches.</summary>
/// <param name="Kind"><c>outage</c> (the log) or <c>maintenance</c>.</param>
internal sealed record OutageExplained(string Reference, string Kind, Guid Id, string Cause, string CauseLabel, string Start, string? End, long CountedSeconds, IReadOnlyList<StretchView> Stretches);

/// <summary>A stretch of an outage and why it counts or not.</summary>
internal sealed record StretchView(string Start, string End, long Seconds, bool Counted, string Reason, string Label);

/// <summary>
/// Availability per contract and month from the stored log and maintenances, by <see cref="AvailabilityCalculator.Month"/>
/// in the client's territory: the stored entries are read once per contract and month, the rest is the domain's.
/// </summary>
internal static class AvailabilityFigures
{
    /// <summary>A contract's stored data for some months: services, outages and maintenances (not cancelled).</summary>
    internal sealed record ContractData(Contract Contract, Organisation Organisation, IReadOnlyList<HostedService> Services, IReadOnlyList<OutageEntry> Outages, IReadOnlyList<PlannedMaintenance> Maintenances)
    {
        public Domain.Calendars.Territory Territory => TicketClocks.TerritoryOf(Organisation.Territory);

        public DateTimeZone Zone => Territory.Zone;

        /// <summary>The domain outages of one service: its log entries and the maintenances that concern it.</summary>
        public IEnumerable<Outage> OutagesOf(Guid serviceId) =>
            Outages.Where(o => o.ServiceId == serviceId).Select(o => new Outage(o.Id.ToString(), o.Start, o.End, o.Cause))
                .Concat(Maintenances.Where(m => m.Services.Any(s => s.ServiceId == serviceId)).Select(m => m.ToOutage() with { Reference = m.Id.ToString() }));
    }

    public static async Task<ContractData> LoadAsync(GuichetDbContext db, Contract contract, Instant from, Instant to, CancellationToken ct)
    {
        var organisation = await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == contract.OrganisationId, ct);
        var services = await db.Set<HostedService>().AsNoTracking().Where(s => s.ContractId == contract.Id).OrderBy(s => s.Name).ToListAsync(ct);
        var ids = services.Select(s => s.Id).ToList();
        var outages = await db.Set<OutageEntry>().AsNoTracking()
            .Where(o => ids.Contains(o.ServiceId) && o.Start < to && (o.End == null || o.End > from)).ToListAsync(ct);
        var maintenances = await db.Set<PlannedMaintenance>().AsNoTracking().Include(m => m.Services)
            .Where(m => m.ContractId == contract.Id && m.CancelledAt == null && m.Start < to && m.End > from).ToListAsync(ct);
        return new ContractData(contract, organisation, services, outages, maintenances);
    }

    /// <summary>A month, read as <c>yyyy-MM</c>.</summary>
    public static YearMonth? ReadMonth(string? text) =>
        text is not null && YearMonthPattern.Iso.Parse(text.Trim()) is { Success: true } parsed && parsed.Value.Year is >= 2000 and <= 2200 ? parsed.Value : null;

    public static async Task<Outcome<ContractAvailability>> ForContractAsync(GuichetDbContext db, IClock clock, Caller caller, Guid? contractId, string? month, CancellationToken ct)
    {
        if (contractId is not { } id)
        {
            return Failure.Invalid("contractId", "Indiquez le contrat (contractId).");
        }

        if (await caller.VisibleContracts(db).AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct) is not { } contract)
        {
            return Failure.NotFound("contrat");
        }

        var now = clock.GetCurrentInstant();
        YearMonth wanted;
        if (string.IsNullOrWhiteSpace(month))
        {
            var territory = await db.Organisations.Where(o => o.Id == contract.OrganisationId).Select(o => o.Territory).SingleAsync(ct);
            var today = now.InZone(AvailabilityTexts.ZoneOf(territory)).Date;
            wanted = new YearMonth(today.Year, today.Month);
        }
        else if (ReadMonth(month) is { } parsed)
        {
            wanted = parsed;
        }
        else
        {
            return Failure.Invalid("month", "Le mois s'écrit aaaa-mm, par exemple 2027-03.");
        }

        var (from, to) = Around(wanted);
        var data = await LoadAsync(db, contract, from, to, ct);
        return new ContractAvailability(contract.Id, contract.Name, contract.OrganisationId, wanted, data.Zone.Id, [.. Months(data, wanted, now).Select(View)]);
    }

    /// <summary>The instants certainly around a month whatever the zone (a day either side).</summary>
    public static (Instant From, Instant To) Around(YearMonth month) =>
        (month.OnDayOfMonth(1).AtMidnight().InUtc().ToInstant() - Duration.FromDays(1), month.PlusMonths(1).OnDayOfMonth(1).AtMidnight().InUtc().ToInstant() + Duration.FromDays(1));

    /// <summary>Each service's month with its objective (services whose objective left the preset are skipped).</summary>
    public static IEnumerable<(HostedService Service, MonthAvailability Month)> Months(ContractData data, YearMonth month, Instant now)
    {
        var objectives = AvailabilityLog.Objectives(data.Contract);
        foreach (var service in data.Services)
        {
            if (objectives.FirstOrDefault(o => o.Id == service.ObjectiveId) is { } objective)
            {
                yield return (service, AvailabilityCalculator.Month(objective, data.Territory, month, data.OutagesOf(service.Id), now));
            }
        }
    }

    /// <summary>"il reste 18 min d'indisponibilité avant l'objectif", or what a finished month reached.</summary>
    public static string Summary(MonthAvailability m)
    {
        if (m.InProgress)
        {
            return m.BudgetLeft > Duration.Zero
                ? $"il reste {AvailabilityTexts.Length(m.BudgetLeft)} d'indisponibilité avant l'objectif"
                : $"objectif déjà manqué ce mois-ci : {AvailabilityTexts.Length(m.Unavailable - m.Allowed)} d'indisponibilité au-delà de ce qu'il permet";
        }

        return m.Met
            ? $"objectif atteint ({AvailabilityTexts.Length(m.Unavailable)} d'indisponibilité comptée sur {AvailabilityTexts.Length(m.Allowed)} permises)"
            : $"objectif manqué ({AvailabilityTexts.Length(m.Unavailable)} d'indisponibilité comptée pour {AvailabilityTexts.Length(m.Allowed)} permises)";
    }

    /// <summary>Whether the month puts the service at risk: below its target, or less than a quarter of its budget left.</summary>
    public static bool AtRisk(MonthAvailability m) =>
        !m.Met || (m.InProgress && m.BudgetLeft.TotalSeconds < m.Allowed.TotalSeconds / 4);

    private static long Seconds(Duration d) => (long)Math.Floor(d.TotalSeconds);

    public static ServiceMonth View((HostedService Service, MonthAvailability Month) pair)
    {
        var (service, m) = pair;
        return new ServiceMonth(service.Id, service.Name, service.Environment, m.Objective.Name, m.Objective.Source,
            m.Objective.Formula == AvailabilityFormula.ReferencePeriod ? "reference-period" : "deducted-hours",
            m.Objective.TargetPercent, Math.Round(m.Rate, 4), m.Met, m.InProgress, Seconds(m.Period), Seconds(m.Deducted), Seconds(m.Unavailable),
            Seconds(m.Allowed), m.InProgress ? Seconds(m.BudgetLeft) : null, Summary(m),
            [.. m.Lines.Select(l => new OutageExplained(
                l.Outage.Cause is OutageCause.PlannedMaintenance or OutageCause.UrgentMaintenance && l.Outage.AnnouncedAt is not null ? "M-" + l.Outage.Reference[..8] : "I-" + l.Outage.Reference[..8],
                l.Outage.AnnouncedAt is not null ? "maintenance" : "outage",
                Guid.Parse(l.Outage.Reference),
                AvailabilityTexts.Code(l.Outage.Cause),
                AvailabilityTexts.Label(l.Outage.Cause),
                AvailabilityTexts.Iso(l.Outage.Start),
                AvailabilityTexts.Iso(l.Outage.End),
                Seconds(l.Counted),
                [.. l.Parts.Select(p => new StretchView(AvailabilityTexts.Iso(p.Period.Start), AvailabilityTexts.Iso(p.Period.End), Seconds(p.Period.Duration), p.Counted,
                    Kebab(p.Reason.ToString()), p.Label))]))]);
    }

    private static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLower(c, CultureInfo.InvariantCulture) : c.ToString()));
}
