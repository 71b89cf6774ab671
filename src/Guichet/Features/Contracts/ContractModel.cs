using System.Globalization;
using Guichet.Domain.Contracts;

namespace Guichet.Data;

/// <summary>How a client terminates a contract (docs/contracts.md, notice rules).</summary>
internal enum NoticeKind
{
    /// <summary>At least N months before the anniversary [AT 3].</summary>
    BeforeAnniversary,

    /// <summary>As <see cref="BeforeAnniversary"/>; a late decision takes effect L months after receipt [LS 1.7, 1.9].</summary>
    BeforeAnniversaryWithLateTermination,

    /// <summary>N months counted from the 1st of the month after receipt, not before M months [MN].</summary>
    FromFirstOfNextMonth,
}

/// <summary>
/// A contract's commercial terms (SPEC §6). Every column is nullable or defaulted: a contract whose
/// <see cref="InitialPeriodMonths"/> is null has no terms entered yet and only its SLA side works. Dates are the
/// client's local dates; every computation is the domain's (<c>Guichet.Domain.Contracts</c>).
/// </summary>
internal sealed partial class Contract
{
    /// <summary>Standard alert lead before a deadline, in days, when <see cref="AlertLeadDays"/> is null.</summary>
    public const int DefaultAlertLeadDays = 30;

    /// <summary>Reminder lead before a notice deadline, in days, when <see cref="ReminderLeadDays"/> is null.</summary>
    public const int DefaultReminderLeadDays = 7;

    /// <summary>Initial period in months; null: no commercial terms entered.</summary>
    public int? InitialPeriodMonths { get; set; }

    /// <summary>Number of tacit renewals (0: none) unless <see cref="UnlimitedRenewals"/>.</summary>
    public int? RenewalCount { get; set; }

    public bool UnlimitedRenewals { get; set; }

    /// <summary>Length of each renewal period in months; null: 12.</summary>
    public int? RenewalPeriodMonths { get; set; }

    public NoticeKind? NoticeKind { get; set; }

    /// <summary>N: months of notice.</summary>
    public int? NoticeMonths { get; set; }

    /// <summary>L (late effect, LS) or M (minimum months before a termination takes effect, MN); unused for AT.</summary>
    public int? NoticeExtraMonths { get; set; }

    /// <summary>Billing date of the first year when it is not its first day [LS CP].</summary>
    public LocalDate? FirstBillingDate { get; set; }

    /// <summary>Installation date: the first period is billed prorata temporis from the next month's 1st [LS 1.11].</summary>
    public LocalDate? InstalledOn { get; set; }

    /// <summary>VAT rate in [0, 1); null: the standard 20 %.</summary>
    public decimal? VatRate { get; set; }

    /// <summary>ls (P(0) × [0,15 + 0,85 × S(n)/S(0)]), at (P(0) × I(n)/I(0)) or null (no revision).</summary>
    public string? RevisionFormula { get; set; }

    /// <summary>The index the revision follows (a name of the index table, e.g. Syntec).</summary>
    public string? RevisionIndex { get; set; }

    /// <summary>S(0) / I(0): its month (the 1st of the month)…</summary>
    public LocalDate? BaseIndexMonth { get; set; }

    /// <summary>…its value, or null to take the table's value for that month…</summary>
    public decimal? BaseIndexValue { get; set; }

    /// <summary>…and its series (Syntec: historique or 2022), or null for the series of that month.</summary>
    public string? BaseIndexSeries { get; set; }

    /// <summary>Service conditions [E23 3.1.2, LS 5.5]: supported major versions, null when not a condition.</summary>
    public int? SupportedMajorVersions { get; set; }

    public int? PatchDelayMonths { get; set; }

    public int? NewVersionDelayMonths { get; set; }

    /// <summary>Days before a notice deadline, renewal or expiry when the alert goes; null: 30.</summary>
    public int? AlertLeadDays { get; set; }

    /// <summary>Days before a notice deadline when the reminder goes; null: 7; 0: no reminder.</summary>
    public int? ReminderLeadDays { get; set; }

    /// <summary>A time-bank balance at or below this many minutes is alerted; null: no alert.</summary>
    public int? LowTimeBankMinutes { get; set; }

    public List<ContractLine> Lines { get; set; } = [];

    public List<TimeBankPurchase> TimeBankPurchases { get; set; } = [];

    public List<ContractQuota> Quotas { get; set; } = [];

    public bool HasTerms => InitialPeriodMonths is not null;

    public int AlertLead => AlertLeadDays ?? DefaultAlertLeadDays;

    public int ReminderLead => ReminderLeadDays ?? DefaultReminderLeadDays;

    public decimal EffectiveVatRate => VatRate ?? ContractAmounts.StandardVatRate;

    /// <summary>The domain's terms, or null when none are entered.</summary>
    /// <exception cref="ArgumentException">Stored values the domain refuses (checked when they are written).</exception>
    public ContractTerms? Terms()
    {
        if (InitialPeriodMonths is not { } initial)
        {
            return null;
        }

        var renewals = UnlimitedRenewals ? Renewals.Unlimited : Renewals.Times(RenewalCount ?? 0);
        return new ContractTerms(StartsOn, initial, renewals, Notice(), RenewalPeriodMonths ?? 12, FirstBillingDate);
    }

    public NoticeRule Notice() => (NoticeKind ?? Data.NoticeKind.BeforeAnniversary, NoticeMonths ?? 2) switch
    {
        (Data.NoticeKind.BeforeAnniversaryWithLateTermination, var n) => new NoticeRule.BeforeAnniversaryWithLateTermination(n, NoticeExtraMonths ?? n),
        (Data.NoticeKind.FromFirstOfNextMonth, var n) => new NoticeRule.FromFirstOfNextMonth(n, NoticeExtraMonths ?? 0),
        (_, var n) => new NoticeRule.BeforeAnniversary(n),
    };

    /// <summary>The service conditions, or null when the contract sets none.</summary>
    public ServiceConditions? Conditions() =>
        SupportedMajorVersions is null && PatchDelayMonths is null && NewVersionDelayMonths is null
            ? null
            : new ServiceConditions(SupportedMajorVersions, PatchDelayMonths, NewVersionDelayMonths);

    public Domain.Contracts.RevisionFormula? Formula() => RevisionFormula switch
    {
        "ls" => Domain.Contracts.RevisionFormula.Ls,
        "at" => Domain.Contracts.RevisionFormula.At,
        _ => null,
    };
}

/// <summary>A billed service of a contract (maintenance, support, hosting…), excluding VAT.</summary>
internal sealed class ContractLine
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ContractId { get; set; }

    public int Position { get; set; }

    public string Label { get; set; } = "";

    /// <summary>Yearly amount excluding VAT of the first contract year.</summary>
    public decimal AmountExclVat { get; set; }

    /// <summary>
    /// Amounts of years 2, 3… when they differ (AT: 6 300 € then 9 000 €), invariant decimals separated by ";";
    /// the last one goes on for later years. Null: the same amount every year.
    /// </summary>
    public string? LaterYearAmounts { get; set; }

    public IReadOnlyList<decimal> PricesByYear() =>
        [AmountExclVat, .. (LaterYearAmounts ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries).Select(a => decimal.Parse(a, NumberStyles.Number, CultureInfo.InvariantCulture))];

    public static string? FormatLaterYears(IEnumerable<decimal> amounts)
    {
        var list = amounts.Select(a => a.ToString("0.00", CultureInfo.InvariantCulture)).ToList();
        return list.Count == 0 ? null : string.Join(';', list);
    }

    public YearlyPrices Prices() => new(PricesByYear());
}

/// <summary>Hours bought for the time bank ("carnet de temps") [LS 6.2.6]; consumption is derived from time entries.</summary>
internal sealed class TimeBankPurchase
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ContractId { get; set; }

    public LocalDate On { get; set; }

    public int Minutes { get; set; }

    public string? Note { get; set; }

    public Guid? AuthorId { get; set; }

    public Instant CreatedAt { get; set; }
}

/// <summary>A number of requests of one service type included per contract year [AT 9.3.7.4].</summary>
internal sealed class ContractQuota
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ContractId { get; set; }

    /// <summary>Singular label ("ticket d'assistance juridique").</summary>
    public string Label { get; set; } = "";

    /// <summary>Plural label; null: the singular with an "s".</summary>
    public string? PluralLabel { get; set; }

    public int PerContractYear { get; set; }

    /// <summary>The tickets' service type the quota counts.</summary>
    public string ServiceType { get; set; } = "";

    public IncludedQuota ToDomain() => new(Label, PerContractYear, PluralLabel);
}

/// <summary>A monthly value of a price index (Syntec…), entered by staff; read by price revisions.</summary>
internal sealed class PriceIndexValue
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string IndexName { get; set; } = "";

    /// <summary>The month, as its first day.</summary>
    public LocalDate Month { get; set; }

    public decimal Value { get; set; }

    /// <summary>The series id (Syntec: historique or 2022); null: the index's only series, or Syntec's series of that month.</summary>
    public string? Series { get; set; }

    public Instant CreatedAt { get; set; }
}

/// <summary>
/// An alert mail sent about a contract deadline. The unique key (contract, kind, deadline, recipient) is what makes
/// it go exactly once: the row and its outbox message are inserted in one transaction, and a second insert (a second
/// run, another instance) breaks the key and is rolled back with its message.
/// </summary>
internal sealed class ContractAlert
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ContractId { get; set; }

    /// <summary>notice, notice-reminder, renewal, expiry or low-time-bank.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The date the alert is about (deadline, anniversary; for a low balance, the last purchase's date).</summary>
    public LocalDate Deadline { get; set; }

    public string Recipient { get; set; } = "";

    public Guid OutboxMessageId { get; set; }

    public Instant CreatedAt { get; set; }
}
