using NodaTime;

namespace Guichet.Domain.Contracts;

/// <summary>
/// The life of a contract: start, initial period, tacit renewals and notice rule [LS 1.7, 1.9, MN, AT 3].
/// </summary>
/// <remarks>
/// <para>
/// The contract is cut into <em>contract years</em> (<see cref="ContractPeriod"/>): each period (initial or
/// renewal) is split into 12-month years from its start, the last one shorter if the period is not a whole number
/// of years. Every date is computed from <see cref="Start"/> by adding months, never step by step, so a contract
/// starting on 29 February has its anniversaries on 28 February in common years and 29 February in leap years, and
/// one starting on the 31st keeps the 31st whenever the month has one.
/// </para>
/// <para>
/// An <em>anniversary</em> is the first day of a contract year other than the first, or the day after the last
/// period (the expiry). Periods include both their first and last day, as the "conditions particulières" print
/// them; a termination's <see cref="TerminationEffect.EffectiveOn"/> is the first day without contract.
/// </para>
/// </remarks>
public sealed record ContractTerms
{
    /// <summary>The earliest start year accepted (the calendars' range).</summary>
    public const int MinYear = 1900;

    /// <summary>The latest start year accepted.</summary>
    public const int MaxYear = 2200;

    /// <summary>The longest initial or renewal period, in months.</summary>
    public const int MaxPeriodMonths = 120;

    // Dates asked about must fall before this year, which keeps unlimited contracts' enumerations finite.
    private const int MaxQueryYear = 2500;

    /// <summary>Creates the terms of a contract.</summary>
    /// <param name="start">First day of the contract.</param>
    /// <param name="initialPeriodMonths">Length of the initial period, e.g. 12 [LS, MN] or 24 [AT].</param>
    /// <param name="renewals">Number of tacit renewals.</param>
    /// <param name="notice">How the client terminates.</param>
    /// <param name="renewalPeriodMonths">Length of each renewal period (12 in every seed).</param>
    /// <param name="firstBillingDate">Billing date of the first year when it is not its first day (LS: signed in July,
    /// billed on 31/07 for a year started on 01/01); later years are billed on their first day.</param>
    /// <exception cref="ArgumentOutOfRangeException">A length or the start is out of range.</exception>
    public ContractTerms(
        LocalDate start,
        int initialPeriodMonths,
        Renewals renewals,
        NoticeRule notice,
        int renewalPeriodMonths = 12,
        LocalDate? firstBillingDate = null)
    {
        ArgumentNullException.ThrowIfNull(renewals);
        ArgumentNullException.ThrowIfNull(notice);
        if (start.Year is < MinYear or > MaxYear)
        {
            throw new ArgumentOutOfRangeException(nameof(start), start, $"A contract must start between {MinYear} and {MaxYear}.");
        }

        if (initialPeriodMonths is < 1 or > MaxPeriodMonths)
        {
            throw new ArgumentOutOfRangeException(nameof(initialPeriodMonths), initialPeriodMonths, $"The initial period must be between 1 and {MaxPeriodMonths} months.");
        }

        if (renewalPeriodMonths is < 1 or > MaxPeriodMonths)
        {
            throw new ArgumentOutOfRangeException(nameof(renewalPeriodMonths), renewalPeriodMonths, $"A renewal period must be between 1 and {MaxPeriodMonths} months.");
        }

        if (firstBillingDate is { } billing && Math.Abs(Period.Between(start, billing, PeriodUnits.Days).Days) > 366)
        {
            throw new ArgumentOutOfRangeException(nameof(firstBillingDate), billing, "The first billing date must be within a year of the start.");
        }

        Start = start;
        InitialPeriodMonths = initialPeriodMonths;
        Renewals = renewals;
        Notice = notice;
        RenewalPeriodMonths = renewalPeriodMonths;
        FirstBillingDate = firstBillingDate;
    }

    /// <summary>First day of the contract.</summary>
    public LocalDate Start { get; }

    /// <summary>Length of the initial period in months.</summary>
    public int InitialPeriodMonths { get; }

    /// <summary>Length of each renewal period in months.</summary>
    public int RenewalPeriodMonths { get; }

    /// <summary>Number of tacit renewals.</summary>
    public Renewals Renewals { get; }

    /// <summary>How the client terminates.</summary>
    public NoticeRule Notice { get; }

    /// <summary>Billing date of the first contract year, when not its first day.</summary>
    public LocalDate? FirstBillingDate { get; }

    /// <summary>
    /// The first day without contract once every renewal has run, or null when renewals are unlimited.
    /// </summary>
    public LocalDate? Expiry => Renewals.Count is { } n ? Start.PlusMonths(InitialPeriodMonths + (n * RenewalPeriodMonths)) : null;

    /// <summary>
    /// The last day covered (inclusive) once every renewal has run, or null when renewals are unlimited
    /// (LS from 01/01/2024: 31/12/2027).
    /// </summary>
    public LocalDate? FinalEnd => Expiry?.PlusDays(-1);

    /// <summary>LS: 1 year renewable 3 times tacitly, 2 months' notice, late letters effective 2 months after receipt [LS 1.7, 1.9].</summary>
    public static ContractTerms Ls(LocalDate start, LocalDate? firstBillingDate = null) =>
        new(start, 12, Renewals.Times(3), NoticeRule.Ls, firstBillingDate: firstBillingDate);

    /// <summary>MN: 1 year renewable tacitly without limit, 2 months' notice from the first of the next month after the first year [MN].</summary>
    public static ContractTerms Mn(LocalDate start) => new(start, 12, Renewals.Unlimited, NoticeRule.Mn);

    /// <summary>AT: 2 years, terminable yearly with 3 months' notice before the anniversary [AT 3].</summary>
    public static ContractTerms At(LocalDate start) => new(start, 24, Renewals.None, NoticeRule.At);

    /// <summary>
    /// Every contract year, as the "conditions particulières" table (LS: 01/01/24–31/12/24 billed 31/07/24, then
    /// 2025, 2026, 2027 billed on 1 January).
    /// </summary>
    /// <exception cref="InvalidOperationException">Renewals are unlimited: use <see cref="PeriodsThrough"/>.</exception>
    public IReadOnlyList<ContractPeriod> Periods() => Renewals.IsUnlimited
        ? throw new InvalidOperationException("The contract renews without limit: ask for the periods through a date.")
        : [.. Years()];

    /// <summary>The contract years that start on or before <paramref name="date"/>.</summary>
    public IReadOnlyList<ContractPeriod> PeriodsThrough(LocalDate date)
    {
        EnsureQueryable(date, nameof(date));
        return [.. Years().TakeWhile(y => y.Start <= date)];
    }

    /// <summary>The contract year that contains <paramref name="date"/>, or null outside the contract.</summary>
    public ContractPeriod? PeriodOn(LocalDate date)
    {
        EnsureQueryable(date, nameof(date));
        return date < Start ? null : Years().TakeWhile(y => y.Start <= date).FirstOrDefault(y => y.End >= date);
    }

    /// <summary>
    /// The first anniversary strictly after <paramref name="date"/> with its notice deadline, or null when the
    /// contract has expired by then.
    /// </summary>
    public Anniversary? NextAnniversary(LocalDate date)
    {
        EnsureQueryable(date, nameof(date));
        return AnniversariesAfter(date).Select(a => a with { DeadlinePassed = a.NoticeDeadline is { } d && date > d }).FirstOrDefault();
    }

    /// <summary>
    /// What a termination received on <paramref name="receivedOn"/> does: when it takes effect, whether it was late,
    /// whether a balance must be invoiced.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The date is before the start or after the contract's end.</exception>
    public TerminationEffect Terminate(LocalDate receivedOn)
    {
        EnsureQueryable(receivedOn, nameof(receivedOn));
        if (receivedOn < Start)
        {
            throw new ArgumentOutOfRangeException(nameof(receivedOn), receivedOn, $"A termination cannot be received before the contract starts ({French.Date(Start)}).");
        }

        if (Expiry is { } expiry && receivedOn >= expiry)
        {
            throw new ArgumentOutOfRangeException(nameof(receivedOn), receivedOn, $"The contract already ended on {French.Date(expiry.PlusDays(-1))}.");
        }

        return Notice switch
        {
            NoticeRule.FromFirstOfNextMonth rule => TerminateFromNextMonth(rule, receivedOn),
            NoticeRule.BeforeAnniversaryWithLateTermination rule => TerminateBeforeAnniversary(receivedOn, rule.LateEffectMonths),
            _ => TerminateBeforeAnniversary(receivedOn, null),
        };
    }

    /// <summary>
    /// What the contract page says once the notice deadline of the next anniversary has passed on
    /// <paramref name="today"/>: the effect of a termination received that day, by the contract's notice rule. With a
    /// late-termination rule [LS 1.9] it takes effect some months after receipt, the balance being invoiced; without
    /// one, the contract goes on past the anniversary. Null when the deadline has not passed or no termination
    /// can be received that day.
    /// </summary>
    public string? AfterNoticeDeadline(LocalDate today)
    {
        if (NextAnniversary(today) is not { DeadlinePassed: true, IsExpiry: false } next || today < Start)
        {
            return null;
        }

        var effect = Terminate(today);
        if (effect.BalancePeriod is { } balance && Notice is NoticeRule.BeforeAnniversaryWithLateTermination rule)
        {
            return $"une résiliation reçue aujourd'hui prendrait effet {French.Months(rule.LateEffectMonths)} après sa réception, le {French.Date(effect.EffectiveOn)}, avec une facture du solde dû du {French.Date(balance.Start)} au {French.Date(balance.End)}.";
        }

        return effect.AtFinalEnd
            ? $"sans accord particulier, le contrat se poursuit au {French.Date(next.Date)} jusqu'à son terme, le {French.Date(effect.EffectiveOn.PlusDays(-1))}."
            : $"sans accord particulier, le contrat se poursuit au {French.Date(next.Date)} ; une résiliation reçue aujourd'hui y met fin le {French.Date(effect.EffectiveOn.PlusDays(-1))}.";
    }

    private TerminationEffect TerminateBeforeAnniversary(LocalDate receivedOn, int? lateEffectMonths)
    {
        var received = French.Date(receivedOn);
        var next = AnniversariesAfter(receivedOn).First();
        if (next.IsExpiry)
        {
            return AtExpiry(receivedOn, receivedOn, next.Date, late: false);
        }

        var deadline = next.NoticeDeadline!.Value;
        if (receivedOn <= deadline)
        {
            return new TerminationEffect(receivedOn, receivedOn, next.Date, deadline, Late: false, AtFinalEnd: false, BalancePeriod: null,
                $"Résiliation reçue le {received}, au plus tard le {French.Date(deadline)} : le contrat prend fin le {French.Date(next.Date.PlusDays(-1))}, sans reconduction au {French.Date(next.Date)}.");
        }

        if (lateEffectMonths is { } months)
        {
            var effective = receivedOn.PlusMonths(months);
            var capped = Expiry is { } expiry && effective >= expiry;
            if (capped)
            {
                // Only with renewal periods shorter than the late effect: the contract cannot outlive its expiry.
                effective = Expiry!.Value;
            }

            var balance = new DateInterval(next.Date, effective.PlusDays(-1));
            return new TerminationEffect(receivedOn, receivedOn, effective, deadline, Late: true, AtFinalEnd: capped, balance,
                $"Résiliation reçue le {received}, après la date limite du {French.Date(deadline)} : elle prend effet {French.Months(months)} après réception, le {French.Date(effective)} ; le solde dû du {French.Date(balance.Start)} au {French.Date(balance.End)} est facturé.");
        }

        var following = AnniversariesAfter(next.Date).First();
        if (following.IsExpiry)
        {
            return AtExpiry(receivedOn, receivedOn, following.Date, late: true) with { Deadline = deadline };
        }

        return new TerminationEffect(receivedOn, receivedOn, following.Date, deadline, Late: true, AtFinalEnd: false, BalancePeriod: null,
            $"Résiliation reçue le {received}, après la date limite du {French.Date(deadline)} : le contrat se poursuit au {French.Date(next.Date)} et prend fin le {French.Date(following.Date.PlusDays(-1))}.");
    }

    private TerminationEffect TerminateFromNextMonth(NoticeRule.FromFirstOfNextMonth rule, LocalDate receivedOn)
    {
        var noticeStart = NoticeRule.FromFirstOfNextMonth.NoticeStart(receivedOn);
        var effective = noticeStart.PlusMonths(rule.Months);
        var minimumEnd = Start.PlusMonths(rule.MinimumMonths);
        var heldByMinimum = effective < minimumEnd;
        if (heldByMinimum)
        {
            effective = minimumEnd;
        }

        if (Expiry is { } expiry && effective >= expiry)
        {
            return AtExpiry(receivedOn, noticeStart, expiry, late: false);
        }

        var text = $"Demande reçue le {French.Date(receivedOn)} : préavis de {French.Months(rule.Months)} à compter du {French.Date(noticeStart)}, résiliation effective le {French.Date(effective)}";
        text += heldByMinimum ? $" (fin de la période minimale de {French.Months(rule.MinimumMonths)})." : ".";
        return new TerminationEffect(receivedOn, noticeStart, effective, Deadline: null, Late: false, AtFinalEnd: false, BalancePeriod: null, text);
    }

    private static TerminationEffect AtExpiry(LocalDate receivedOn, LocalDate noticeStart, LocalDate expiry, bool late) =>
        new(receivedOn, noticeStart, expiry, Deadline: null, late, AtFinalEnd: true, BalancePeriod: null,
            $"Résiliation reçue le {French.Date(receivedOn)} : le contrat arrive à son terme le {French.Date(expiry.PlusDays(-1))}, sans reconduction possible.");

    private IEnumerable<Anniversary> AnniversariesAfter(LocalDate date)
    {
        foreach (var year in Years())
        {
            if (year.Year > 1 && year.Start > date)
            {
                yield return new Anniversary(year.Start, Notice.DeadlineFor(year.Start, Start), StartsRenewal: year.TacitRenewal && year.FirstOfItsPeriod, IsExpiry: false, DeadlinePassed: false);
            }
        }

        if (Expiry is { } expiry && expiry > date)
        {
            yield return new Anniversary(expiry, NoticeDeadline: null, StartsRenewal: false, IsExpiry: true, DeadlinePassed: false);
        }
    }

    private IEnumerable<ContractPeriod> Years()
    {
        var number = 1;
        var periodOffset = 0;
        for (var renewal = 0; Renewals.Count is not { } max || renewal <= max; renewal++)
        {
            var length = renewal == 0 ? InitialPeriodMonths : RenewalPeriodMonths;
            for (var offset = 0; offset < length; offset += 12)
            {
                var start = Start.PlusMonths(periodOffset + offset);
                if (start.Year >= MaxQueryYear)
                {
                    yield break;
                }

                var end = Start.PlusMonths(periodOffset + Math.Min(offset + 12, length)).PlusDays(-1);
                var billing = number == 1 && FirstBillingDate is { } first ? first : start;
                yield return new ContractPeriod(number, start, end, billing, renewal, TacitRenewal: renewal > 0, FirstOfItsPeriod: offset == 0);
                number++;
            }

            periodOffset += length;
        }
    }

    private static void EnsureQueryable(LocalDate date, string name)
    {
        if (date.Year is < MinYear or >= MaxQueryYear)
        {
            throw new ArgumentOutOfRangeException(name, date, $"Dates must fall between {MinYear} and {MaxQueryYear - 1}.");
        }
    }
}

/// <summary>One contract year, a row of the "conditions particulières" table.</summary>
/// <param name="Year">1 for the first contract year.</param>
/// <param name="Start">First day (inclusive).</param>
/// <param name="End">Last day (inclusive).</param>
/// <param name="BillingDate">When the year is invoiced.</param>
/// <param name="RenewalIndex">0 in the initial period, k in the k-th renewal.</param>
/// <param name="TacitRenewal">Whether the year belongs to a tacit renewal.</param>
/// <param name="FirstOfItsPeriod">Whether the year starts its period (false for AT's second year).</param>
public sealed record ContractPeriod(int Year, LocalDate Start, LocalDate End, LocalDate BillingDate, int RenewalIndex, bool TacitRenewal, bool FirstOfItsPeriod)
{
    /// <summary>The days of the year, both ends included.</summary>
    public DateInterval Interval => new(Start, End);
}

/// <summary>An upcoming anniversary of a contract.</summary>
/// <param name="Date">The anniversary: the first day of the next contract year, or the expiry.</param>
/// <param name="NoticeDeadline">Last day (inclusive) a termination may be received to end the contract on
/// <paramref name="Date"/>; null at the expiry (nothing to stop) or when the contract cannot end then.</param>
/// <param name="StartsRenewal">Whether a tacit renewal starts on that date if nothing is received.</param>
/// <param name="IsExpiry">Whether the contract ends on that date anyway (renewals exhausted).</param>
/// <param name="DeadlinePassed">Whether the deadline is already past on the date asked about.</param>
public sealed record Anniversary(LocalDate Date, LocalDate? NoticeDeadline, bool StartsRenewal, bool IsExpiry, bool DeadlinePassed);

/// <summary>What a termination does.</summary>
/// <param name="ReceivedOn">When the written decision was received.</param>
/// <param name="NoticeStartsOn">When the notice starts running: the receipt, or the first of the next month [MN].</param>
/// <param name="EffectiveOn">The first day without contract (the last day covered is the day before).</param>
/// <param name="Deadline">The deadline that applied, for the before-anniversary kinds.</param>
/// <param name="Late">Whether the decision arrived after the deadline of the next anniversary.</param>
/// <param name="AtFinalEnd">Whether the contract simply reaches its final end (renewals exhausted).</param>
/// <param name="BalancePeriod">For an LS late termination, the days from the renewal to the effective date,
/// whose balance is invoiced [LS 1.9]; null otherwise.</param>
/// <param name="Explanation">The same in French, for the contract page.</param>
public sealed record TerminationEffect(
    LocalDate ReceivedOn,
    LocalDate NoticeStartsOn,
    LocalDate EffectiveOn,
    LocalDate? Deadline,
    bool Late,
    bool AtFinalEnd,
    DateInterval? BalancePeriod,
    string Explanation)
{
    /// <summary>Whether an invoice of the balance is due [LS 1.9].</summary>
    public bool BalanceInvoiceDue => BalancePeriod is not null;

    /// <summary>The last day the contract covers.</summary>
    public LocalDate LastDayCovered => EffectiveOn.PlusDays(-1);
}
