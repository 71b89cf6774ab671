using System.Globalization;
using Guichet.Domain.Sla;
using Guichet.Features.Tickets;
using NodaTime.Text;

namespace Guichet.Features.Reports;

/// <summary>
/// A contract's compliance with its objectives (e.g. "≥ 75 % taken in charge within 8 business hours over 12
/// consecutive months from the contract's start" [E23 3.1.2, ES26 13]), computed with SQL aggregates over the stored
/// clock outcomes (<see cref="ClockOutcome"/>). Periods are dates in the contract's zone (its organisation's
/// territory); a clock belongs to the window its start falls in (the window includes its first day and excludes the
/// day after its last).
/// </summary>
/// <remarks>
/// Rule for clocks without a final result (docs/reports.md): judged as of the computation, a clock still running
/// whose due has passed counts as missed (a breach is final: nothing can bring it back under its target); one still
/// running before its due, or frozen (waiting for the client), is left out of the percentage and counted as pending;
/// one that does not apply (closed before its due, no target for the priority) is left out.
/// </remarks>
internal static class Compliance
{
    /// <summary>Longest period asked (months of trend, windows).</summary>
    public const int MaxMonths = 120;

    /// <summary>Missed clocks listed per objective (the count says how many there are).</summary>
    public const int MaxMisses = 500;

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static async Task<Outcome<ComplianceReport>> ComputeAsync(Caller caller, GuichetDbContext db, IClock clock, string? contractId, string? from, string? to, CancellationToken ct)
    {
        if (!caller.IsStaff)
        {
            return Failure.NotFound("contrat");
        }

        if (!Guid.TryParse(contractId, out var id))
        {
            return Failure.Invalid("contractId", "Indiquez l'identifiant du contrat.");
        }

        var contract = await caller.VisibleContracts(db).AsNoTracking().Where(c => c.Id == id)
            .Select(c => new { c.Id, c.Name, c.StartsOn, c.PresetId, c.Policy, Territory = db.Organisations.Where(o => o.Id == c.OrganisationId).Select(o => o.Territory).First() })
            .SingleOrDefaultAsync(ct);
        if (contract is null)
        {
            return Failure.NotFound("contrat");
        }

        var zone = TicketClocks.TerritoryOf(contract.Territory).Zone;
        var now = clock.GetCurrentInstant();
        var today = now.InZone(zone).Date;
        var errors = new Dictionary<string, string[]>();
        var first = ReadDate(from, contract.StartsOn, "from", errors);
        var last = ReadDate(to, today, "to", errors);
        if (errors.Count == 0 && last < first)
        {
            errors["to"] = ["La fin de la période précède son début."];
        }
        else if (errors.Count == 0 && Period.Between(first, last, PeriodUnits.Months).Months >= MaxMonths)
        {
            errors["to"] = [$"La période dépasse {MaxMonths} mois."];
        }

        if (errors.Count > 0)
        {
            return Failure.Invalid(errors);
        }

        return await ForContractAsync(db, contract.Id, contract.Name, contract.StartsOn, contract.PresetId, contract.Policy, zone, first, last, now, ct);
    }

    /// <summary>
    /// The compliance of one contract over [<paramref name="first"/>, <paramref name="last"/>] (dates in
    /// <paramref name="zone"/>), for callers that have already checked the contract is theirs (the pages).
    /// </summary>
    public static async Task<ComplianceReport> ForContractAsync(
        GuichetDbContext db, Guid id, string name, LocalDate startsOn, string presetId, string? ownPolicy, DateTimeZone zone, LocalDate first, LocalDate last, Instant now, CancellationToken ct)
    {
        var today = now.InZone(zone).Date;
        var policy = TicketClocks.Policy(presetId, ownPolicy);
        var objectives = new List<ObjectiveReport>();
        foreach (var clockDef in policy.Policy.Clocks.Where(c => c.Compliance is not null))
        {
            var objective = clockDef.Compliance!;
            var rows = db.ClockOutcomes.AsNoTracking().Where(o => o.ContractId == id && o.ClockId == clockDef.Id);
            var label = Label(clockDef);

            // The contract's windows from its start that meet the period.
            var windows = new List<WindowReport>();
            foreach (var (start, lastDay) in ComplianceWindows.Meeting(startsOn, objective.Months, first, last, MaxMonths))
            {
                var counts = await CountAsync(rows, At(start, zone), At(lastDay.PlusDays(1), zone), now, ct);
                windows.Add(new WindowReport(start, lastDay, lastDay < today, counts.Met, counts.Missed, counts.Pending, counts.Percent, counts.Reaches(objective.Percent),
                    ComplianceWindows.Sentence(label, counts, start, lastDay, objective.Percent, lastDay < today)));
            }

            // The period asked, month by month (the first and last months cut to the period).
            var trend = new List<MonthReport>();
            for (var month = first.ToYearMonth(); month <= last.ToYearMonth(); month = month.PlusMonths(1))
            {
                var start = Later(month.OnDayOfMonth(1), first);
                var endExclusive = Earlier(month.PlusMonths(1).OnDayOfMonth(1), last.PlusDays(1));
                var counts = await CountAsync(rows, At(start, zone), At(endExclusive, zone), now, ct);
                trend.Add(new MonthReport(month, counts.Met, counts.Missed, counts.Pending, counts.Percent));
            }

            var period = await CountAsync(rows, At(first, zone), At(last.PlusDays(1), zone), now, ct);
            var misses = await MissesAsync(db, rows, At(first, zone), At(last.PlusDays(1), zone), now, zone, clockDef, ct);
            objectives.Add(new ObjectiveReport(
                clockDef.Id,
                clockDef.Name,
                label,
                objective.Percent,
                objective.Months,
                new WindowReport(first, last, last < today, period.Met, period.Missed, period.Pending, period.Percent, period.Reaches(objective.Percent),
                    ComplianceWindows.Sentence(label, period, first, last, objective.Percent, last < today)),
                windows,
                trend,
                period.Missed,
                misses));
        }

        return new ComplianceReport(id, name, zone.Id, first, last, objectives);
    }

    /// <summary>"Prise en charge sous 8 heures ouvrées" when every priority has the same target, else the clock's name.</summary>
    private static string Label(ClockDefinition clock)
    {
        var targets = clock.Targets.Values.Select(t => t.Describe()).Distinct(StringComparer.Ordinal).ToList();
        return targets.Count == 1 ? $"{clock.Name} sous {targets[0]}" : clock.Name;
    }

    private static Instant At(LocalDate date, DateTimeZone zone) => date.AtStartOfDayInZone(zone).ToInstant();

    private static LocalDate Later(LocalDate a, LocalDate b) => a > b ? a : b;

    private static LocalDate Earlier(LocalDate a, LocalDate b) => a < b ? a : b;

    private static LocalDate ReadDate(string? text, LocalDate fallback, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        var parsed = LocalDatePattern.Iso.Parse(text.Trim());
        if (parsed.Success)
        {
            return parsed.Value;
        }

        errors[field] = ["Date attendue au format AAAA-MM-JJ."];
        return fallback;
    }

    /// <summary>One SQL aggregate: the rows started in [start, end) by what they count as.</summary>
    private static async Task<ComplianceTally> CountAsync(IQueryable<ClockOutcome> rows, Instant start, Instant end, Instant now, CancellationToken ct)
    {
        var counts = await rows.Where(o => o.Start >= start && o.Start < end)
            .GroupBy(o => 1)
            .Select(g => new
            {
                Met = g.Count(o => o.Result == "met"),
                Missed = g.Count(o => o.Result == "breached" || (o.Result == "running" && o.Due != null && o.Due <= now)),
                Pending = g.Count(o => o.Result == "frozen" || (o.Result == "running" && (o.Due == null || o.Due > now))),
            })
            .SingleOrDefaultAsync(ct);
        return counts is null ? new ComplianceTally(0, 0, 0) : new ComplianceTally(counts.Met, counts.Missed, counts.Pending);
    }

    private static async Task<IReadOnlyList<MissedClock>> MissesAsync(
        GuichetDbContext db, IQueryable<ClockOutcome> rows, Instant start, Instant end, Instant now, DateTimeZone zone, ClockDefinition clockDef, CancellationToken ct)
    {
        var missed = await (from o in rows
                            where o.Start >= start && o.Start < end && (o.Result == "breached" || (o.Result == "running" && o.Due != null && o.Due <= now))
                            join t in db.Tickets on o.TicketId equals t.Id
                            orderby o.Start
                            select new { o.TicketId, t.Subject, o.Priority, o.Start, o.Stop, o.Due, o.CountedSeconds, o.Result })
            .Take(MaxMisses).ToListAsync(ct);
        return [.. missed.Select(m => new MissedClock(
            m.TicketId,
            Ticket.FormatReference(m.TicketId),
            m.Subject,
            m.Priority,
            m.Start!.Value,
            m.Due,
            m.Stop,
            m.CountedSeconds,
            Explain(clockDef, m.Priority, m.Start.Value, m.Due, m.Stop, m.CountedSeconds, zone)))];
    }

    /// <summary>Why a clock missed, in French, with the instants in the contract's zone.</summary>
    public static string Explain(ClockDefinition clockDef, string? priority, Instant start, Instant? due, Instant? stop, long countedSeconds, DateTimeZone zone)
    {
        var target = priority is not null && clockDef.Targets.TryGetValue(priority, out var t) ? t.Describe() : null;
        var text = $"Départ le {When(start, zone)}";
        if (target is not null)
        {
            text += $", objectif {target}";
        }

        if (due is { } d)
        {
            text += $", échéance le {When(d, zone)}";
        }

        var counted = Duration.FromSeconds(countedSeconds);
        text += stop is { } s
            ? $" ; terminé le {When(s, zone)} après {Hours(counted)} comptées : délai dépassé."
            : $" ; toujours en cours, échéance dépassée ({Hours(counted)} comptées au dernier événement).";
        return text;
    }

    private static string When(Instant instant, DateTimeZone zone) => instant.InZone(zone).ToString("dd/MM/yyyy 'à' HH:mm", French);

    private static string Hours(Duration d)
    {
        var minutes = (long)d.TotalMinutes;
        return minutes % 60 == 0 ? $"{minutes / 60} h" : $"{minutes / 60} h {minutes % 60:00}";
    }
}

/// <summary>A contract's compliance with each of its objectives over a period (dates in <paramref name="Zone"/>).</summary>
internal sealed record ComplianceReport(Guid ContractId, string ContractName, string Zone, LocalDate From, LocalDate To, IReadOnlyList<ObjectiveReport> Objectives);

/// <summary>One objective: the period asked, the contract's windows that meet it, the monthly trend and the missed clocks.</summary>
internal sealed record ObjectiveReport(
    string ClockId,
    string ClockName,
    string Label,
    decimal ObjectivePercent,
    int WindowMonths,
    WindowReport Period,
    IReadOnlyList<WindowReport> Windows,
    IReadOnlyList<MonthReport> Trend,
    int MissedCount,
    IReadOnlyList<MissedClock> Misses);

/// <summary>One window (or the period asked): <paramref name="To"/> is its last day; <paramref name="Complete"/> once it is over.</summary>
internal sealed record WindowReport(LocalDate From, LocalDate To, bool Complete, int Met, int Missed, int Pending, decimal? Percent, bool? Respected, string Summary);

/// <summary>One month of the trend.</summary>
internal sealed record MonthReport(YearMonth Month, int Met, int Missed, int Pending, decimal? Percent);

/// <summary>A clock that missed its target, with its explanation.</summary>
internal sealed record MissedClock(long TicketId, string Reference, string Subject, string? Priority, Instant Start, Instant? Due, Instant? Stop, long CountedSeconds, string Explanation);
