using System.Globalization;
using Guichet.Domain.Contracts;

namespace Guichet.Features.Contracts;

/// <summary>A contract in the list: its next anniversary and notice deadline in its organisation's local date.</summary>
internal sealed record ContractRow(Guid Id, string Name, Guid OrganisationId, string Preset, LocalDate StartsOn, bool HasTerms, LocalDate? NextAnniversary, LocalDate? NoticeDeadline);

/// <summary>A contract's commercial side as the API and the pages show it, computed by the domain from <see cref="ContractFacts"/>.</summary>
internal sealed record ContractDetail(
    Guid Id,
    string Name,
    Guid OrganisationId,
    string OrganisationName,
    string Preset,
    bool OwnPolicy,
    LocalDate StartsOn,
    IReadOnlyList<Guid> Products,
    LocalDate Today,
    TermsView Terms,
    LocalDate? FinalEnd,
    IReadOnlyList<PeriodView> Periods,
    AnniversaryView? NextAnniversary,
    AmountsView? Amounts,
    ProrataView? Prorata,
    IReadOnlyList<RevisionView> Revisions,
    TimeBankView TimeBank,
    IReadOnlyList<QuotaUsageView> Quotas);

/// <summary>The commercial terms as entered (<c>null</c> where none); <see cref="Renewals"/> is null when unlimited.</summary>
internal sealed record TermsView(
    int? InitialPeriodMonths,
    int? Renewals,
    bool UnlimitedRenewals,
    int RenewalPeriodMonths,
    string? RenewalsText,
    NoticeView? Notice,
    LocalDate? FirstBillingDate,
    LocalDate? InstalledOn,
    decimal VatRate,
    RevisionTermsView? Revision,
    IReadOnlyList<LineView> Lines,
    IReadOnlyList<QuotaView> Quotas,
    ServiceConditionsView? ServiceConditions,
    int AlertLeadDays,
    int ReminderLeadDays,
    int? LowTimeBankMinutes);

internal sealed record NoticeView(string Kind, int Months, int? ExtraMonths, string Text);

internal sealed record RevisionTermsView(string? Formula, string Text, string? Index, YearMonth? BaseMonth, decimal? BaseValue, string? BaseSeries);

internal sealed record LineView(string Label, decimal AmountExclVat, IReadOnlyList<decimal> PricesByYear);

internal sealed record QuotaView(string Label, string? PluralLabel, int PerContractYear, string ServiceType);

internal sealed record ServiceConditionsView(int? SupportedMajorVersions, int? PatchDelayMonths, int? NewVersionDelayMonths);

internal sealed record PeriodView(int Year, LocalDate Start, LocalDate End, LocalDate BillingDate, int RenewalIndex, bool TacitRenewal, bool Current);

/// <summary>The next anniversary; <see cref="AfterDeadline"/> says, once its notice deadline has passed, what a termination received today does (by the contract's notice rule).</summary>
internal sealed record AnniversaryView(LocalDate Date, LocalDate? NoticeDeadline, bool StartsRenewal, bool IsExpiry, bool DeadlinePassed, string? AfterDeadline = null);

/// <summary>
/// The current contract year's amounts: <see cref="Revised"/> when they are the revised prices P(n) of that year's
/// revision (dated <see cref="RevisedOn"/>, index of <see cref="IndexMonth"/>); <see cref="PriceBasis"/> says which in French.
/// </summary>
internal sealed record AmountsView(
    int Year, decimal VatRate, string VatRateText, IReadOnlyList<AmountLineView> Lines, decimal TotalExclVat, decimal TotalVat, decimal TotalInclVat, string Text,
    bool Revised, LocalDate? RevisedOn, YearMonth? IndexMonth, string PriceBasis);

internal sealed record AmountLineView(string Label, decimal ExclVat, decimal Vat, decimal InclVat);

internal sealed record ProrataView(LocalDate BilledFrom, LocalDate BilledThrough, int Months, decimal AnnualPrice, decimal Amount, string Explanation);

/// <summary>The revised prices at one anniversary, or why they cannot be computed (<see cref="Unavailable"/>).</summary>
internal sealed record RevisionView(LocalDate Date, int Year, IndexPointView? CurrentIndex, IReadOnlyList<RevisedLineView> Lines, string? Unavailable);

internal sealed record IndexPointView(YearMonth Month, decimal Value, string Series);

internal sealed record RevisedLineView(string Label, decimal InitialPrice, decimal RevisedPrice, decimal Coefficient, string Explanation);

internal sealed record TimeBankView(long BoughtMinutes, long ConsumedMinutes, long BalanceMinutes, string Balance, bool IsLow, IReadOnlyList<PurchaseView> Purchases, IReadOnlyList<ConsumptionView> Consumptions);

internal sealed record PurchaseView(Guid Id, LocalDate On, int Minutes, string Duration, string? Note);

internal sealed record ConsumptionView(LocalDate On, int Minutes, string Duration, long Ticket, string Reference);

internal sealed record QuotaUsageView(string Label, string ServiceType, int PerContractYear, LocalDate YearStart, LocalDate YearEnd, int Used, int Remaining, int Excess, string Text);

/// <summary>A deadline of the alerts use case: <see cref="Kind"/> is notice, notice-reminder, renewal, expiry or low-time-bank.</summary>
internal sealed record ContractAlertView(Guid ContractId, string ContractName, Guid OrganisationId, string Kind, LocalDate Date, LocalDate AlertFrom, int DaysLeft, string Text);

/// <summary>A time-bank purchase as recorded.</summary>
internal sealed record PurchaseCreated(Guid Id, LocalDate On, int Minutes);

/// <summary>A published value of a price index.</summary>
internal sealed record IndexValueView(Guid Id, string Index, YearMonth Month, decimal Value, string? Series);

/// <summary>Builds the <see cref="ContractDetail"/> from stored facts with the domain's rules.</summary>
internal static class ContractView
{
    public static ContractDetail Detail(ContractFacts f)
    {
        var c = f.Contract;
        var terms = c.Terms();
        var periods = terms is null ? [] : Periods(terms, f.Today);
        var next = terms?.NextAnniversary(f.Today);
        var bank = f.TimeBank();
        var revisions = terms is null ? [] : Revisions(f, periods, next);
        return new ContractDetail(
            c.Id,
            c.Name,
            c.OrganisationId,
            f.OrganisationName,
            c.PresetId,
            c.Policy != null,
            c.StartsOn,
            [.. c.Products.Select(p => p.ProductId)],
            f.Today,
            Terms(c),
            terms?.FinalEnd,
            [.. periods.Select(p => new PeriodView(p.Year, p.Start, p.End, p.BillingDate, p.RenewalIndex, p.TacitRenewal, p.Start <= f.Today && f.Today <= p.End))],
            next is null ? null : new AnniversaryView(next.Date, next.NoticeDeadline, next.StartsRenewal, next.IsExpiry, next.DeadlinePassed, terms!.AfterNoticeDeadline(f.Today)),
            terms is null || c.Lines.Count == 0 ? null : Amounts(c, terms, f.Today, revisions),
            terms is null || c.Lines.Count == 0 ? null : FirstPeriodProrata(c, terms),
            revisions,
            new TimeBankView(
                bank.BoughtMinutes,
                bank.ConsumedMinutes,
                bank.BalanceMinutes,
                bank.DescribeBalance(),
                c.LowTimeBankMinutes is { } threshold && bank.IsLow(threshold),
                [.. c.TimeBankPurchases.OrderBy(p => p.On).ThenBy(p => p.CreatedAt).Select(p => new PurchaseView(p.Id, p.On, p.Minutes, TimeBank.FormatDuration(p.Minutes), p.Note))],
                [.. f.Consumptions.Select(x => new ConsumptionView(x.On, x.Minutes, TimeBank.FormatDuration(x.Minutes), x.TicketId, Ticket.FormatReference(x.TicketId)))]),
            terms is null || terms.PeriodOn(f.Today) is null ? [] : [.. c.Quotas.Select(q =>
            {
                var usage = q.ToDomain().UsageOn(terms, f.QuotaUses.Where(u => u.ServiceType == q.ServiceType).Select(u => u.On), f.Today);
                return new QuotaUsageView(q.Label, q.ServiceType, q.PerContractYear, usage.Year.Start, usage.Year.End, usage.Used, usage.Remaining, usage.Excess, usage.Describe());
            })]);
    }

    /// <summary>The periods table: every period when renewals are limited, otherwise through the year after next.</summary>
    public static IReadOnlyList<ContractPeriod> Periods(ContractTerms terms, LocalDate today) =>
        terms.Renewals.IsUnlimited ? terms.PeriodsThrough((today > terms.Start ? today : terms.Start).PlusYears(1)) : terms.Periods();

    public static TermsView Terms(Contract c) => new(
        c.InitialPeriodMonths,
        c.UnlimitedRenewals ? null : c.RenewalCount,
        c.UnlimitedRenewals,
        c.RenewalPeriodMonths ?? 12,
        c.HasTerms ? (c.UnlimitedRenewals ? Renewals.Unlimited : Renewals.Times(c.RenewalCount ?? 0)).Describe() : null,
        c.HasTerms ? new NoticeView(NoticeKinds.Id(c.NoticeKind ?? NoticeKind.BeforeAnniversary), c.Notice().NoticeMonths, c.NoticeExtraMonths, c.Notice().Describe()) : null,
        c.FirstBillingDate,
        c.InstalledOn,
        c.EffectiveVatRate,
        c.Formula() is { } formula
            ? new RevisionTermsView(c.RevisionFormula, formula.Describe(), c.RevisionIndex, c.BaseIndexMonth?.ToYearMonth(), c.BaseIndexValue, c.BaseIndexSeries)
            : null,
        [.. c.Lines.OrderBy(l => l.Position).Select(l => new LineView(l.Label, l.AmountExclVat, l.PricesByYear()))],
        [.. c.Quotas.Select(q => new QuotaView(q.Label, q.PluralLabel, q.PerContractYear, q.ServiceType))],
        c.Conditions() is { } sc ? new ServiceConditionsView(sc.SupportedMajorVersions, sc.PatchDelayMonths, sc.NewVersionDelayMonths) : null,
        c.AlertLead,
        c.ReminderLead,
        c.LowTimeBankMinutes);

    /// <summary>
    /// The amounts of the current contract year: the revised prices P(n) when that year's revision is computed (the
    /// prices billed), with the revision date and the index month they come from; otherwise the year's initial
    /// prices P(0), with the reason when a revision is due but cannot be computed.
    /// </summary>
    private static AmountsView Amounts(Contract c, ContractTerms terms, LocalDate today, IReadOnlyList<RevisionView> revisions)
    {
        var year = terms.PeriodOn(today)?.Year ?? (today < terms.Start ? 1 : Periods(terms, today)[^1].Year);
        var revision = revisions.FirstOrDefault(r => r.Year == year);
        var revised = revision is { Unavailable: null, CurrentIndex: not null } && revision.Lines.Count == c.Lines.Count;
        var amounts = revised
            ? new ContractAmounts(revision!.Lines.Select(l => new ServiceLine(l.Label, l.RevisedPrice)), c.EffectiveVatRate)
            : YearAmounts(c, year);
        var priceBasis = revised
            ? $"prix révisés au {revision!.Date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}, indice {OfMonth(revision.CurrentIndex!.Month)}"
            : revision is { Unavailable: { } why } ? $"prix initiaux, non révisés : {why}" : "prix initiaux";
        return new AmountsView(
            year,
            amounts.VatRate,
            amounts.DescribeRate(),
            [.. amounts.Lines.Select(l => new AmountLineView(l.Label, l.ExclVat, l.Vat, l.InclVat))],
            amounts.TotalExclVat,
            amounts.TotalVat,
            amounts.TotalInclVat,
            $"{Money.Format(amounts.TotalExclVat)} HT, {Money.Format(amounts.TotalVat)} de TVA ({amounts.DescribeRate()}), {Money.Format(amounts.TotalInclVat)} TTC",
            revised,
            revised ? revision!.Date : null,
            revised ? revision!.CurrentIndex!.Month : null,
            priceBasis);
    }

    // "de février 2026", "d'octobre 2025" (elided before a vowel: avril, août, octobre).
    private static string OfMonth(YearMonth month)
    {
        var text = month.ToString("MMMM yyyy", CultureInfo.GetCultureInfo("fr-FR"));
        return ("aeiouéâ".Contains(text[0], StringComparison.Ordinal) ? "d'" : "de ") + text;
    }

    public static ContractAmounts YearAmounts(Contract c, int year) =>
        new(c.Lines.OrderBy(l => l.Position).Select(l => new ServiceLine(l.Label, l.Prices().For(year))), c.EffectiveVatRate);

    private static ProrataView? FirstPeriodProrata(Contract c, ContractTerms terms)
    {
        if (c.InstalledOn is not { } installed)
        {
            return null;
        }

        var period = Periods(terms, terms.Start)[0];
        var r = Prorata.FirstPeriod(installed, period.Interval, YearAmounts(c, 1).TotalExclVat);
        return new ProrataView(r.BilledFrom, r.BilledThrough, r.Months, r.AnnualPrice, r.Amount, r.Explanation);
    }

    /// <summary>
    /// The revised price of every line at each anniversary up to the next one, from each year's initial price (P(0),
    /// the un-revised price of that year) and the base index; an anniversary without a published index says so.
    /// </summary>
    private static List<RevisionView> Revisions(ContractFacts f, IReadOnlyList<ContractPeriod> periods, Anniversary? next)
    {
        var c = f.Contract;
        var list = new List<RevisionView>();
        if (c.Formula() is not { } formula)
        {
            return list;
        }

        var baseIndex = f.BaseIndex();
        var until = next?.Date ?? f.Today;
        foreach (var period in periods.Where(p => p.Year > 1 && p.Start <= until))
        {
            string? unavailable = null;
            var lines = new List<RevisedLineView>();
            var current = f.IndexTable?.LatestKnownOn(period.Start);
            if (baseIndex is null)
            {
                unavailable = "Indice de base S(0)/I(0) non renseigné.";
            }
            else if (current is null)
            {
                unavailable = $"Aucune valeur de l'indice {c.RevisionIndex} publiée au {period.Start.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture)}.";
            }
            else
            {
                try
                {
                    foreach (var line in c.Lines.OrderBy(l => l.Position))
                    {
                        var r = formula.Revise(line.Prices().For(period.Year), baseIndex, current);
                        lines.Add(new RevisedLineView(line.Label, r.InitialPrice, r.RevisedPrice, r.Coefficient, r.Explanation));
                    }
                }
                catch (ArgumentException)
                {
                    unavailable = "L'indice de base et l'indice courant n'appartiennent pas à des séries raccordables.";
                    lines.Clear();
                }
            }

            list.Add(new RevisionView(period.Start, period.Year, current is null ? null : new IndexPointView(current.Month, current.Value, current.Series.Label), lines, unavailable));
        }

        return list;
    }
}

/// <summary>The API's names of notice kinds.</summary>
internal static class NoticeKinds
{
    public static string Id(NoticeKind kind) => kind switch
    {
        NoticeKind.BeforeAnniversaryWithLateTermination => "before-anniversary-late-termination",
        NoticeKind.FromFirstOfNextMonth => "from-first-of-next-month",
        _ => "before-anniversary",
    };

    public static NoticeKind? Parse(string? id) => id switch
    {
        "before-anniversary" => NoticeKind.BeforeAnniversary,
        "before-anniversary-late-termination" => NoticeKind.BeforeAnniversaryWithLateTermination,
        "from-first-of-next-month" => NoticeKind.FromFirstOfNextMonth,
        _ => null,
    };
}
