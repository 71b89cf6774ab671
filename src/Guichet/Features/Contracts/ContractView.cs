using System.Globalization;
using Guichet.Data;
using Guichet.Domain.Contracts;
using NodaTime;
using static Guichet.Features.Contracts.ContractFacts;

namespace Guichet.Features.Contracts;

/// <summary>A contract's commercial side as the API shows it, computed by the domain from <see cref="ContractFacts"/>.</summary>
internal static class ContractView
{
    public static object Detail(ContractFacts f)
    {
        var c = f.Contract;
        var terms = c.Terms();
        var periods = terms is null ? [] : Periods(terms, f.Today);
        var next = terms?.NextAnniversary(f.Today);
        var bank = f.TimeBank();
        return new
        {
            c.Id,
            c.Name,
            c.OrganisationId,
            organisationName = f.OrganisationName,
            preset = c.PresetId,
            ownPolicy = c.Policy != null,
            startsOn = Iso(c.StartsOn),
            products = c.Products.Select(p => p.ProductId),
            today = Iso(f.Today),
            terms = Terms(c),
            finalEnd = Iso(terms?.FinalEnd),
            periods = periods.Select(p => new
            {
                p.Year,
                start = Iso(p.Start),
                end = Iso(p.End),
                billingDate = Iso(p.BillingDate),
                p.RenewalIndex,
                p.TacitRenewal,
                current = p.Start <= f.Today && f.Today <= p.End,
            }),
            nextAnniversary = next is null ? null : new
            {
                date = Iso(next.Date),
                noticeDeadline = Iso(next.NoticeDeadline),
                next.StartsRenewal,
                next.IsExpiry,
                next.DeadlinePassed,
            },
            amounts = terms is null || c.Lines.Count == 0 ? null : Amounts(c, terms, f.Today),
            prorata = terms is null || c.Lines.Count == 0 ? null : FirstPeriodProrata(c, terms),
            revisions = terms is null ? [] : Revisions(f, periods, next),
            timeBank = new
            {
                boughtMinutes = bank.BoughtMinutes,
                consumedMinutes = bank.ConsumedMinutes,
                balanceMinutes = bank.BalanceMinutes,
                balance = bank.DescribeBalance(),
                isLow = c.LowTimeBankMinutes is { } threshold && bank.IsLow(threshold),
                purchases = c.TimeBankPurchases.OrderBy(p => p.On).ThenBy(p => p.CreatedAt).Select(p => new { p.Id, on = Iso(p.On), p.Minutes, duration = TimeBank.FormatDuration(p.Minutes), p.Note }),
                consumptions = f.Consumptions.Select(x => new { on = Iso(x.On), x.Minutes, duration = TimeBank.FormatDuration(x.Minutes), ticket = x.TicketId, reference = Ticket.FormatReference(x.TicketId) }),
            },
            quotas = terms is null || terms.PeriodOn(f.Today) is null ? [] : c.Quotas.Select(q =>
            {
                var usage = q.ToDomain().UsageOn(terms, f.QuotaUses.Where(u => u.ServiceType == q.ServiceType).Select(u => u.On), f.Today);
                return new
                {
                    q.Label,
                    q.ServiceType,
                    q.PerContractYear,
                    yearStart = Iso(usage.Year.Start),
                    yearEnd = Iso(usage.Year.End),
                    usage.Used,
                    usage.Remaining,
                    usage.Excess,
                    text = usage.Describe(),
                };
            }).ToList(),
        };
    }

    /// <summary>The periods table: every period when renewals are limited, otherwise through the year after next.</summary>
    public static IReadOnlyList<ContractPeriod> Periods(ContractTerms terms, LocalDate today) =>
        terms.Renewals.IsUnlimited ? terms.PeriodsThrough((today > terms.Start ? today : terms.Start).PlusYears(1)) : terms.Periods();

    public static object Terms(Contract c) => new
    {
        c.InitialPeriodMonths,
        renewals = c.UnlimitedRenewals ? null : c.RenewalCount,
        c.UnlimitedRenewals,
        renewalPeriodMonths = c.RenewalPeriodMonths ?? 12,
        renewalsText = c.HasTerms ? (c.UnlimitedRenewals ? Renewals.Unlimited : Renewals.Times(c.RenewalCount ?? 0)).Describe() : null,
        notice = c.HasTerms ? new { kind = NoticeKinds.Id(c.NoticeKind ?? NoticeKind.BeforeAnniversary), months = c.Notice().NoticeMonths, extraMonths = c.NoticeExtraMonths, text = c.Notice().Describe() } : null,
        firstBillingDate = Iso(c.FirstBillingDate),
        installedOn = Iso(c.InstalledOn),
        vatRate = c.EffectiveVatRate,
        revision = c.Formula() is { } formula ? new
        {
            formula = c.RevisionFormula,
            text = formula.Describe(),
            index = c.RevisionIndex,
            baseMonth = c.BaseIndexMonth is { } m ? m.ToYearMonth().ToString("yyyy-MM", CultureInfo.InvariantCulture) : null,
            baseValue = c.BaseIndexValue,
            baseSeries = c.BaseIndexSeries,
        } : null,
        lines = c.Lines.OrderBy(l => l.Position).Select(l => new { l.Label, amountExclVat = l.AmountExclVat, pricesByYear = l.PricesByYear() }),
        quotas = c.Quotas.Select(q => new { q.Label, q.PluralLabel, q.PerContractYear, q.ServiceType }),
        serviceConditions = c.Conditions() is { } sc ? new { sc.SupportedMajorVersions, sc.PatchDelayMonths, sc.NewVersionDelayMonths } : null,
        alertLeadDays = c.AlertLead,
        reminderLeadDays = c.ReminderLead,
        c.LowTimeBankMinutes,
    };

    private static object Amounts(Contract c, ContractTerms terms, LocalDate today)
    {
        var year = terms.PeriodOn(today)?.Year ?? (today < terms.Start ? 1 : Periods(terms, today)[^1].Year);
        var amounts = YearAmounts(c, year);
        return new
        {
            year,
            vatRate = amounts.VatRate,
            vatRateText = amounts.DescribeRate(),
            lines = amounts.Lines.Select(l => new { l.Label, exclVat = l.ExclVat, vat = l.Vat, inclVat = l.InclVat }),
            totalExclVat = amounts.TotalExclVat,
            totalVat = amounts.TotalVat,
            totalInclVat = amounts.TotalInclVat,
            text = $"{Money.Format(amounts.TotalExclVat)} HT, {Money.Format(amounts.TotalVat)} de TVA ({amounts.DescribeRate()}), {Money.Format(amounts.TotalInclVat)} TTC",
        };
    }

    public static ContractAmounts YearAmounts(Contract c, int year) =>
        new(c.Lines.OrderBy(l => l.Position).Select(l => new ServiceLine(l.Label, l.Prices().For(year))), c.EffectiveVatRate);

    private static object? FirstPeriodProrata(Contract c, ContractTerms terms)
    {
        if (c.InstalledOn is not { } installed)
        {
            return null;
        }

        var period = Periods(terms, terms.Start)[0];
        var result = Prorata.FirstPeriod(installed, period.Interval, YearAmounts(c, 1).TotalExclVat);
        return new
        {
            billedFrom = Iso(result.BilledFrom),
            billedThrough = Iso(result.BilledThrough),
            result.Months,
            result.AnnualPrice,
            result.Amount,
            result.Explanation,
        };
    }

    /// <summary>
    /// The revised price of every line at each anniversary up to the next one, from each year's initial price (P(0),
    /// the un-revised price of that year) and the base index; an anniversary without a published index says so.
    /// </summary>
    private static List<object> Revisions(ContractFacts f, IReadOnlyList<ContractPeriod> periods, Anniversary? next)
    {
        var c = f.Contract;
        var list = new List<object>();
        if (c.Formula() is not { } formula)
        {
            return list;
        }

        var baseIndex = f.BaseIndex();
        var until = next?.Date ?? f.Today;
        foreach (var period in periods.Where(p => p.Year > 1 && p.Start <= until))
        {
            string? unavailable = null;
            var lines = new List<object>();
            var current = f.IndexTable?.LatestKnownOn(period.Start);
            if (baseIndex is null)
            {
                unavailable = "Indice de base S(0)/I(0) non renseigné.";
            }
            else if (current is null)
            {
                unavailable = $"Aucune valeur de l'indice {c.RevisionIndex} publiée au {period.Start.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}.";
            }
            else
            {
                try
                {
                    foreach (var line in c.Lines.OrderBy(l => l.Position))
                    {
                        var r = formula.Revise(line.Prices().For(period.Year), baseIndex, current);
                        lines.Add(new { line.Label, initialPrice = r.InitialPrice, revisedPrice = r.RevisedPrice, r.Coefficient, r.Explanation });
                    }
                }
                catch (ArgumentException)
                {
                    unavailable = "L'indice de base et l'indice courant n'appartiennent pas à des séries raccordables.";
                    lines.Clear();
                }
            }

            list.Add(new
            {
                date = Iso(period.Start),
                year = period.Year,
                currentIndex = current is null ? null : new { month = current.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), current.Value, series = current.Series.Label },
                lines,
                unavailable,
            });
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
