using System.Globalization;
using Guichet.Domain.Sla;
using Guichet.Features.Tickets;
using NodaTime.Text;

namespace Guichet.Features.Reports;

/// <summary>
/// Times against objectives [AT 10.2.3.1], backlog by age and accounts created [AT 10.2.3.3] for a contract, an
/// organisation or every contract the caller serves, over a period of dates read in each contract's zone (its
/// organisation's territory). Times come from the stored clock outcomes (<see cref="ClockOutcome"/>): the clocks that
/// stopped (met or breached), each in the month its start falls in (as for compliance); counts and sums are SQL
/// aggregates, the medians are computed from the sorted counted times of each group.
/// </summary>
internal static class ServiceTimes
{
    /// <summary>Longest period asked, in months.</summary>
    public const int MaxMonths = Compliance.MaxMonths;

    /// <summary>The backlog's age bands: lower bound in days (inclusive) and label.</summary>
    public static readonly IReadOnlyList<(int FromDays, string Label)> AgeBands =
    [
        (0, "Moins de 8 jours"),
        (8, "8 à 30 jours"),
        (31, "31 à 90 jours"),
        (91, "91 à 365 jours"),
        (366, "Plus d'un an"),
    ];


    /// <summary>A contract in the scope of a report, with what its figures need.</summary>
    internal sealed record ScopeContract(Guid Id, string Name, Guid OrganisationId, string Organisation, string Territory, string PresetId, string? Policy, LocalDate StartsOn)
    {
        public DateTimeZone Zone => TicketClocks.TerritoryOf(Territory).Zone;
    }

    /// <summary>What a report covers: contracts (in French order) and a title.</summary>
    internal sealed record Scope(string Kind, Guid? ContractId, Guid? OrganisationId, string Title, IReadOnlyList<ScopeContract> Contracts);

    /// <summary>The staff API: <c>GET /api/v1/reports/times?contractId=|organisationId=&amp;from=&amp;to=</c>.</summary>
    public static async Task<Outcome<TimesReport>> ComputeAsync(Caller caller, GuichetDbContext db, IClock clock, string? contractId, string? organisationId, string? from, string? to, CancellationToken ct)
    {
        var scope = await ScopeAsync(caller, db, contractId, organisationId, ct);
        if (!scope.TryGet(out var s, out var failure))
        {
            return failure;
        }

        var now = clock.GetCurrentInstant();
        var period = ReadPeriod(s, from, to, now);
        if (!period.TryGet(out var p, out failure))
        {
            return failure;
        }

        return await ComputeForAsync(db, s, p.First, p.Last, now, ct);
    }

    /// <summary>
    /// The contracts a staff caller asks for: one contract, one organisation's, or all those they serve (neither
    /// given). A contract or organisation the caller does not serve, and anything for a client, is not found.
    /// </summary>
    public static async Task<Outcome<Scope>> ScopeAsync(Caller caller, GuichetDbContext db, string? contractId, string? organisationId, CancellationToken ct)
    {
        if (!caller.IsStaff)
        {
            return Failure.NotFound("contrat");
        }

        Guid? contract = null, organisation = null;
        if (!string.IsNullOrWhiteSpace(contractId))
        {
            if (!Guid.TryParse(contractId, out var c))
            {
                return Failure.Invalid("contractId", "Indiquez l'identifiant du contrat.");
            }

            contract = c;
        }

        if (!string.IsNullOrWhiteSpace(organisationId))
        {
            if (!Guid.TryParse(organisationId, out var o))
            {
                return Failure.Invalid("organisationId", "Indiquez l'identifiant de l'organisation.");
            }

            organisation = o;
        }

        var contracts = caller.VisibleContracts(db);
        if (contract is { } onlyContract)
        {
            contracts = contracts.Where(c => c.Id == onlyContract);
        }

        if (organisation is { } onlyOrganisation)
        {
            contracts = contracts.Where(c => c.OrganisationId == onlyOrganisation);
            if (!await caller.VisibleOrganisations(db).AnyAsync(o => o.Id == onlyOrganisation, ct))
            {
                return Failure.NotFound("organisation");
            }
        }

        var list = await ContractsAsync(db, contracts, ct);
        if (contract is not null && list.Count == 0)
        {
            return Failure.NotFound("contrat");
        }

        if (contract is not null)
        {
            return new Scope("contrat", contract, list[0].OrganisationId, $"{list[0].Organisation} — {list[0].Name}", list);
        }

        if (organisation is { } org)
        {
            var name = await db.Organisations.AsNoTracking().Where(o => o.Id == org).Select(o => o.Name).SingleAsync(ct);
            return new Scope("organisation", null, org, name, list);
        }

        return new Scope("tout", null, null, "Tous les contrats", list);
    }

    /// <summary>The contracts of a query with their organisation, in French order (organisation, then contract).</summary>
    public static async Task<IReadOnlyList<ScopeContract>> ContractsAsync(GuichetDbContext db, IQueryable<Contract> contracts, CancellationToken ct)
    {
        var rows = await (from c in contracts.AsNoTracking()
                          join o in db.Organisations on c.OrganisationId equals o.Id
                          select new ScopeContract(c.Id, c.Name, o.Id, o.Name, o.Territory, c.PresetId, c.Policy, c.StartsOn)).ToListAsync(ct);
        return [.. rows.OrderBy(c => c.Organisation, Web.Pages.Display.FrenchOrder).ThenBy(c => c.Name, Web.Pages.Display.FrenchOrder)];
    }

    /// <summary>
    /// The period asked (ISO dates), by default the twelve months up to today (from the first day of the month eleven
    /// months back), today read in the zone of the scope's first contract.
    /// </summary>
    public static Outcome<(LocalDate First, LocalDate Last)> ReadPeriod(Scope scope, string? from, string? to, Instant now)
    {
        var zone = scope.Contracts.Count > 0 ? scope.Contracts[0].Zone : TicketClocks.TerritoryOf("metropole").Zone;
        var today = now.InZone(zone).Date;
        var errors = new Dictionary<string, string[]>();
        var first = ReadDate(from, today.PlusMonths(-11).With(DateAdjusters.StartOfMonth), "from", errors);
        var last = ReadDate(to, today, "to", errors);
        if (errors.Count == 0 && last < first)
        {
            errors["to"] = ["La fin de la période précède son début."];
        }
        else if (errors.Count == 0 && Period.Between(first, last, PeriodUnits.Months).Months >= MaxMonths)
        {
            errors["to"] = [$"La période dépasse {MaxMonths} mois."];
        }

        return errors.Count > 0 ? Failure.Invalid(errors) : (first, last);
    }

    private static LocalDate ReadDate(string? text, LocalDate fallback, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        var parsed = LocalDatePattern.Iso.Parse(text.Trim());
        if (parsed.Success && parsed.Value.Year is >= 1900 and <= 2200)
        {
            return parsed.Value;
        }

        errors[field] = ["Date attendue au format AAAA-MM-JJ."];
        return fallback;
    }

    /// <summary>The report of a scope over [<paramref name="first"/>, <paramref name="last"/>] (dates in each contract's zone).</summary>
    public static async Task<TimesReport> ComputeForAsync(GuichetDbContext db, Scope scope, LocalDate first, LocalDate last, Instant now, CancellationToken ct)
    {
        var months = new List<YearMonth>();
        for (var m = first.ToYearMonth(); m <= last.ToYearMonth(); m = m.PlusMonths(1))
        {
            months.Add(m);
        }

        // Per zone (contracts of one territory share their month boundaries): per month, one aggregate and the
        // counted times of the stopped clocks.
        var groups = new Dictionary<(Guid Contract, string Clock, string? Priority), Group>();
        foreach (var zoneContracts in scope.Contracts.GroupBy(c => c.Zone))
        {
            var zone = zoneContracts.Key;
            var ids = zoneContracts.Select(c => c.Id).ToList();
            var stopped = db.ClockOutcomes.AsNoTracking().Where(o => ids.Contains(o.ContractId) && (o.Result == "met" || o.Result == "breached"));
            for (var i = 0; i < months.Count; i++)
            {
                var start = At(Later(months[i].OnDayOfMonth(1), first), zone);
                var end = At(Earlier(months[i].PlusMonths(1).OnDayOfMonth(1), last.PlusDays(1)), zone);
                var inMonth = stopped.Where(o => o.Start >= start && o.Start < end);
                var sums = await inMonth
                    .GroupBy(o => new { o.ContractId, o.ClockId, o.Priority })
                    .Select(g => new { g.Key.ContractId, g.Key.ClockId, g.Key.Priority, Count = g.Count(), Met = g.Count(o => o.Result == "met"), Sum = g.Sum(o => o.CountedSeconds) })
                    .ToListAsync(ct);
                if (sums.Count == 0)
                {
                    continue;
                }

                var times = (await inMonth.Select(o => new { o.ContractId, o.ClockId, o.Priority, o.CountedSeconds }).ToListAsync(ct))
                    .ToLookup(o => (o.ContractId, o.ClockId, o.Priority), o => o.CountedSeconds);
                foreach (var s in sums)
                {
                    var key = (s.ContractId, s.ClockId, s.Priority);
                    if (!groups.TryGetValue(key, out var group))
                    {
                        groups[key] = group = new Group(months.Count);
                    }

                    var sorted = times[key].Order().ToArray();
                    group.Months[i] = new MonthTimes(months[i], s.Count, s.Met, Average(s.Sum, s.Count), Median(sorted));
                    group.All.AddRange(sorted);
                    (group.Count, group.Met, group.Sum) = (group.Count + s.Count, group.Met + s.Met, group.Sum + s.Sum);
                }
            }
        }

        var lines = new List<ClockTimes>();
        foreach (var contract in scope.Contracts)
        {
            var preset = TicketClocks.Policy(contract.PresetId, contract.Policy);
            foreach (var clockDef in preset.Policy.Clocks)
            {
                var priorities = preset.Policy.Scheme.Levels.OrderBy(l => l.Rank).Select(l => l.Id)
                    .Concat(groups.Keys.Where(k => k.Contract == contract.Id && k.Clock == clockDef.Id).Select(k => k.Priority ?? ""))
                    .Distinct(StringComparer.Ordinal);
                foreach (var priority in priorities)
                {
                    var hasTarget = clockDef.Targets.TryGetValue(priority, out var target);
                    if (!groups.TryGetValue((contract.Id, clockDef.Id, priority.Length == 0 ? null : priority), out var group) && !hasTarget)
                    {
                        continue;
                    }

                    group ??= new Group(months.Count);
                    group.All.Sort();
                    var monthly = months.Select((m, i) => group.Months[i] ?? new MonthTimes(m, 0, 0, null, null)).ToList();
                    lines.Add(new ClockTimes(
                        contract.Id,
                        contract.Name,
                        contract.Organisation,
                        clockDef.Id,
                        clockDef.Name,
                        priority,
                        preset.Policy.Scheme.TryGet(priority, out var level) ? level.Label : priority,
                        hasTarget ? target!.Describe() : null,
                        hasTarget ? TargetSeconds(target!) : null,
                        group.Count,
                        group.Met,
                        group.Count == 0 ? null : Math.Round(group.Met * 100m / group.Count, 1, MidpointRounding.AwayFromZero),
                        Average(group.Sum, group.Count),
                        Median([.. group.All]),
                        Trend(monthly),
                        monthly));
                }
            }
        }

        var backlog = await BacklogAsync(db, scope, now, ct);
        var accounts = await AccountsAsync(db, scope, months, first, last, ct);
        return new TimesReport(scope.Kind, scope.ContractId, scope.OrganisationId, scope.Title, first, last, now, lines, backlog, accounts);
    }

    private sealed class Group(int months)
    {
        public MonthTimes?[] Months { get; } = new MonthTimes?[months];

        public List<long> All { get; } = [];

        public int Count { get; set; }

        public int Met { get; set; }

        public long Sum { get; set; }
    }

    /// <summary>Seconds of a target in hours (business or wall-clock); null for days or releases, whose length depends on the calendar.</summary>
    private static long? TargetSeconds(ClockTarget target) => target switch
    {
        ClockTarget.BusinessHours h => (long)h.Amount.TotalSeconds,
        ClockTarget.WallClockHours w => (long)w.Amount.TotalSeconds,
        _ => null,
    };

    private static long? Average(long sum, int count) => count == 0 ? null : (long)Math.Round((decimal)sum / count, MidpointRounding.AwayFromZero);

    /// <summary>The median of sorted values: the middle one, or the mean of the two middle ones (rounded to the second).</summary>
    public static long? Median(IReadOnlyList<long> sorted)
    {
        if (sorted.Count == 0)
        {
            return null;
        }

        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (long)Math.Round((sorted[mid - 1] + sorted[mid]) / 2m, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// The direction of the monthly averages (months with stopped clocks): the least-squares slope over the months,
    /// against the mean of the averages; within 5 % a month it is stable. Needs three months with figures.
    /// </summary>
    public static string Trend(IReadOnlyList<MonthTimes> months)
    {
        var points = months.Select((m, i) => (X: (double)i, Y: (double?)m.AverageSeconds)).Where(p => p.Y is not null).Select(p => (p.X, Y: p.Y!.Value)).ToList();
        if (points.Count < 3)
        {
            return "Tendance non calculée (moins de trois mois)";
        }

        var meanX = points.Average(p => p.X);
        var meanY = points.Average(p => p.Y);
        var denominator = points.Sum(p => (p.X - meanX) * (p.X - meanX));
        var slope = denominator == 0 ? 0 : points.Sum(p => (p.X - meanX) * (p.Y - meanY)) / denominator;
        var relative = meanY == 0 ? 0 : slope / meanY;
        return relative switch
        {
            < -0.05 => "En amélioration (délais en baisse)",
            > 0.05 => "En dégradation (délais en hausse)",
            _ => "Stable",
        };
    }

    /// <summary>The open tickets of the scope by priority and age band (age from creation, as of now).</summary>
    private static async Task<BacklogReport> BacklogAsync(GuichetDbContext db, Scope scope, Instant now, CancellationToken ct)
    {
        var ids = scope.Contracts.Select(c => c.Id).ToList();
        var b1 = now - Duration.FromDays(AgeBands[1].FromDays);
        var b2 = now - Duration.FromDays(AgeBands[2].FromDays);
        var b3 = now - Duration.FromDays(AgeBands[3].FromDays);
        var b4 = now - Duration.FromDays(AgeBands[4].FromDays);
        var rows = await db.Tickets.AsNoTracking()
            .Where(t => !t.IsClosed && ids.Contains(t.ContractId))
            .GroupBy(t => new { t.ContractId, t.Priority })
            .Select(g => new
            {
                g.Key.ContractId,
                g.Key.Priority,
                A = g.Count(t => t.CreatedAt > b1),
                B = g.Count(t => t.CreatedAt <= b1 && t.CreatedAt > b2),
                C = g.Count(t => t.CreatedAt <= b2 && t.CreatedAt > b3),
                D = g.Count(t => t.CreatedAt <= b3 && t.CreatedAt > b4),
                E = g.Count(t => t.CreatedAt <= b4),
            })
            .ToListAsync(ct);

        // By priority label (contracts of one scheme share their labels), in the schemes' order.
        var byId = scope.Contracts.ToDictionary(c => c.Id);
        var labelled = rows.Select(r =>
        {
            var preset = TicketClocks.Policy(byId[r.ContractId].PresetId, byId[r.ContractId].Policy);
            var known = preset.Policy.Scheme.TryGet(r.Priority, out var level);
            return (Label: known ? level.Label : r.Priority, Rank: known ? level.Rank : int.MaxValue, Counts: new[] { r.A, r.B, r.C, r.D, r.E });
        }).ToList();
        var lines = labelled
            .GroupBy(r => r.Label, StringComparer.Ordinal)
            .OrderBy(g => g.Min(r => r.Rank)).ThenBy(g => g.Key, Web.Pages.Display.FrenchOrder)
            .Select(g => new BacklogRow(g.Key, [.. Enumerable.Range(0, AgeBands.Count).Select(i => g.Sum(r => r.Counts[i]))]))
            .ToList();
        var totals = Enumerable.Range(0, AgeBands.Count).Select(i => lines.Sum(l => l.Counts[i])).ToList();
        return new BacklogReport(now, [.. AgeBands.Select(b => b.Label)], lines, totals, totals.Sum());
    }

    /// <summary>Client accounts created in the period, per organisation of the scope and month (months read in the organisation's zone).</summary>
    private static async Task<IReadOnlyList<AccountsCreated>> AccountsAsync(GuichetDbContext db, Scope scope, List<YearMonth> months, LocalDate first, LocalDate last, CancellationToken ct)
    {
        var organisations = scope.Contracts.GroupBy(c => c.OrganisationId).Select(g => g.First()).ToList();
        var counts = new Dictionary<Guid, int[]>();
        foreach (var zoneOrgs in organisations.GroupBy(o => o.Zone))
        {
            var ids = zoneOrgs.Select(o => (Guid?)o.OrganisationId).ToList();
            for (var i = 0; i < months.Count; i++)
            {
                var start = At(Later(months[i].OnDayOfMonth(1), first), zoneOrgs.Key);
                var end = At(Earlier(months[i].PlusMonths(1).OnDayOfMonth(1), last.PlusDays(1)), zoneOrgs.Key);
                var created = await db.Users.AsNoTracking()
                    .Where(u => u.Kind == UserKind.Client && ids.Contains(u.OrganisationId) && u.CreatedAt >= start && u.CreatedAt < end)
                    .GroupBy(u => u.OrganisationId)
                    .Select(g => new { Organisation = g.Key!.Value, Count = g.Count() })
                    .ToListAsync(ct);
                foreach (var c in created)
                {
                    if (!counts.TryGetValue(c.Organisation, out var perMonth))
                    {
                        counts[c.Organisation] = perMonth = new int[months.Count];
                    }

                    perMonth[i] = c.Count;
                }
            }
        }

        return [.. organisations.Select(o =>
        {
            var perMonth = counts.GetValueOrDefault(o.OrganisationId) ?? new int[months.Count];
            return new AccountsCreated(o.OrganisationId, o.Organisation, perMonth.Sum(), [.. months.Select((m, i) => new MonthCount(m, perMonth[i]))]);
        })];
    }

    internal static Instant At(LocalDate date, DateTimeZone zone) => date.AtStartOfDayInZone(zone).ToInstant();

    private static LocalDate Later(LocalDate a, LocalDate b) => a > b ? a : b;

    private static LocalDate Earlier(LocalDate a, LocalDate b) => a < b ? a : b;

    /// <summary>A duration in seconds as « 12 h 05 » (hours and minutes of counted time).</summary>
    public static string Hours(long? seconds)
    {
        if (seconds is not { } s)
        {
            return "—";
        }

        var minutes = (long)Math.Round(s / 60m, MidpointRounding.AwayFromZero);
        return $"{minutes / 60} h {minutes % 60:00}";
    }
}

/// <summary>
/// Times against objectives, backlog and accounts created for a scope (<paramref name="Scope"/>: contrat,
/// organisation or tout) over a period (dates in each contract's zone).
/// </summary>
internal sealed record TimesReport(
    string Scope,
    Guid? ContractId,
    Guid? OrganisationId,
    string Title,
    LocalDate From,
    LocalDate To,
    Instant ComputedAt,
    IReadOnlyList<ClockTimes> Times,
    BacklogReport Backlog,
    IReadOnlyList<AccountsCreated> Accounts);

/// <summary>
/// One clock of one contract for one priority: the stopped clocks (met or breached) started in the period, their
/// average and median counted business time (seconds) against the target, by month, and the direction of the trend.
/// </summary>
internal sealed record ClockTimes(
    Guid ContractId,
    string Contract,
    string Organisation,
    string ClockId,
    string ClockName,
    string Priority,
    string PriorityLabel,
    string? Target,
    long? TargetSeconds,
    int Count,
    int Met,
    decimal? MetPercent,
    long? AverageSeconds,
    long? MedianSeconds,
    string Trend,
    IReadOnlyList<MonthTimes> Months);

/// <summary>One month of a clock's times (the first and last months cut to the period).</summary>
internal sealed record MonthTimes(YearMonth Month, int Count, int Met, long? AverageSeconds, long? MedianSeconds);

/// <summary>Open tickets as of <paramref name="AsOf"/> by priority and age band (<paramref name="Bands"/>).</summary>
internal sealed record BacklogReport(Instant AsOf, IReadOnlyList<string> Bands, IReadOnlyList<BacklogRow> Rows, IReadOnlyList<int> Totals, int Total);

/// <summary>One priority of the backlog: its open tickets per age band.</summary>
internal sealed record BacklogRow(string Priority, IReadOnlyList<int> Counts);

/// <summary>The client accounts an organisation created in the period, in total and per month.</summary>
internal sealed record AccountsCreated(Guid OrganisationId, string Organisation, int Total, IReadOnlyList<MonthCount> Months);

/// <summary>A count in a month.</summary>
internal sealed record MonthCount(YearMonth Month, int Count);
