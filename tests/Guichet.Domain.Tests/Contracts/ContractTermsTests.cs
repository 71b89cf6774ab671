using Guichet.Domain.Contracts;
using NodaTime;
using static Guichet.Domain.Tests.Contracts.Dates;

namespace Guichet.Domain.Tests.Contracts;

public class ContractTermsTests
{
    // LS "conditions particulières": from 01/01/24, 1 year renewable 3 times, first year billed on 31/07/24.
    private static readonly ContractTerms Ls = ContractTerms.Ls(D("2024-01-01"), D("2024-07-31"));

    private static readonly ContractTerms Mn = ContractTerms.Mn(D("2024-01-01"));

    // AT: 2 years from the go-live, terminable yearly with 3 months' notice.
    private static readonly ContractTerms At = ContractTerms.At(D("2026-05-01"));

    [Fact]
    public void Ls_periods_reproduce_the_conditions_particulieres_table()
    {
        var rows = Ls.Periods().Select(p => (p.Year, p.Start, p.End, p.BillingDate, p.RenewalIndex, p.TacitRenewal)).ToList();

        Assert.Equal(
            [
                (1, D("2024-01-01"), D("2024-12-31"), D("2024-07-31"), 0, false),
                (2, D("2025-01-01"), D("2025-12-31"), D("2025-01-01"), 1, true),
                (3, D("2026-01-01"), D("2026-12-31"), D("2026-01-01"), 2, true),
                (4, D("2027-01-01"), D("2027-12-31"), D("2027-01-01"), 3, true),
            ],
            rows);
        Assert.Equal(D("2027-12-31"), Ls.FinalEnd);
        Assert.Equal(D("2028-01-01"), Ls.Expiry);
    }

    [Fact]
    public void At_two_year_contract_has_two_contract_years_in_its_initial_period()
    {
        var rows = At.Periods();

        Assert.Equal(2, rows.Count);
        Assert.Equal((D("2026-05-01"), D("2027-04-30"), 0, false, true), (rows[0].Start, rows[0].End, rows[0].RenewalIndex, rows[0].TacitRenewal, rows[0].FirstOfItsPeriod));
        Assert.Equal((D("2027-05-01"), D("2028-04-30"), 0, false, false), (rows[1].Start, rows[1].End, rows[1].RenewalIndex, rows[1].TacitRenewal, rows[1].FirstOfItsPeriod));
        Assert.Equal(D("2027-05-01"), rows[1].BillingDate); // "un an après la mise en production" [AT 7.1.2]
        Assert.Equal(D("2028-04-30"), At.FinalEnd);
    }

    [Fact]
    public void Unlimited_renewals_have_no_final_end_and_list_periods_through_a_date()
    {
        Assert.Null(Mn.FinalEnd);
        Assert.Null(Mn.Expiry);
        Assert.Throws<InvalidOperationException>(() => Mn.Periods());

        var rows = Mn.PeriodsThrough(D("2030-06-30"));
        Assert.Equal(7, rows.Count);
        Assert.Equal((D("2030-01-01"), D("2030-12-31"), 6, true), (rows[^1].Start, rows[^1].End, rows[^1].RenewalIndex, rows[^1].TacitRenewal));
        Assert.Equal(D("2151-01-01"), Mn.NextAnniversary(D("2150-05-05"))!.Date);
    }

    [Fact]
    public void A_contract_without_renewal_is_one_period()
    {
        var terms = new ContractTerms(D("2025-03-01"), 12, Renewals.None, new NoticeRule.BeforeAnniversary(2));

        Assert.Single(terms.Periods());
        Assert.Equal(D("2026-02-28"), terms.FinalEnd);
    }

    [Theory]
    [InlineData("2024-06-15", "2025-01-01", "2024-11-01", false)] // LS: anniversary on 1 January → deadline 1 November
    [InlineData("2024-11-01", "2025-01-01", "2024-11-01", false)] // the deadline day itself is in time
    [InlineData("2024-11-02", "2025-01-01", "2024-11-01", true)]
    [InlineData("2024-12-31", "2025-01-01", "2024-11-01", true)]
    [InlineData("2025-01-01", "2026-01-01", "2025-11-01", false)] // on the anniversary, the next one is a year away
    [InlineData("2023-06-01", "2025-01-01", "2024-11-01", false)] // before the start
    public void Ls_next_anniversary_and_notice_deadline(string on, string anniversary, string deadline, bool passed)
    {
        var next = Ls.NextAnniversary(D(on))!;

        Assert.Equal(D(anniversary), next.Date);
        Assert.Equal(D(deadline), next.NoticeDeadline);
        Assert.Equal(passed, next.DeadlinePassed);
        Assert.True(next.StartsRenewal);
        Assert.False(next.IsExpiry);
    }

    [Fact]
    public void When_renewals_are_exhausted_the_next_anniversary_is_the_expiry_without_deadline()
    {
        var last = Ls.NextAnniversary(D("2027-03-01"))!;

        Assert.Equal(D("2028-01-01"), last.Date);
        Assert.True(last.IsExpiry);
        Assert.False(last.StartsRenewal);
        Assert.Null(last.NoticeDeadline);
        Assert.Null(Ls.NextAnniversary(D("2028-01-01")));
    }

    [Fact]
    public void At_first_anniversary_is_not_a_renewal_but_can_end_the_contract()
    {
        var next = At.NextAnniversary(D("2026-09-01"))!;

        Assert.Equal(D("2027-05-01"), next.Date);
        Assert.Equal(D("2027-02-01"), next.NoticeDeadline);
        Assert.False(next.StartsRenewal);
        Assert.False(next.IsExpiry);
    }

    [Theory]
    [InlineData("2024-02-20", "2025-01-01", false, null, null)]
    [InlineData("2024-10-15", "2025-01-01", false, null, null)]
    [InlineData("2024-11-01", "2025-01-01", false, null, null)]
    [InlineData("2024-11-02", "2025-01-02", true, "2025-01-01", "2025-01-01")] // late: 2 months after receipt, balance from the renewal
    [InlineData("2024-12-15", "2025-02-15", true, "2025-01-01", "2025-02-14")]
    [InlineData("2025-01-01", "2026-01-01", false, null, null)] // received on the renewal day: in time for the next one
    [InlineData("2026-12-31", "2027-02-28", true, "2027-01-01", "2027-02-27")] // 31 December + 2 months = 28 February
    public void Ls_termination(string received, string effective, bool late, string? balanceFrom, string? balanceTo)
    {
        var effect = Ls.Terminate(D(received));

        Assert.Equal(D(effective), effect.EffectiveOn);
        Assert.Equal(late, effect.Late);
        Assert.Equal(late, effect.BalanceInvoiceDue);
        Assert.Equal(D(received), effect.NoticeStartsOn);
        Assert.False(effect.AtFinalEnd);
        Assert.Equal(balanceFrom is null ? null : new DateInterval(D(balanceFrom), D(balanceTo!)), effect.BalancePeriod);
    }

    [Fact]
    public void Ls_termination_explains_itself_in_french()
    {
        Assert.Equal(
            "Résiliation reçue le 15/10/2024, au plus tard le 01/11/2024 : le contrat prend fin le 31/12/2024, sans reconduction au 01/01/2025.",
            Ls.Terminate(D("2024-10-15")).Explanation);
        Assert.Equal(
            "Résiliation reçue le 15/12/2024, après la date limite du 01/11/2024 : elle prend effet 2 mois après réception, le 15/02/2025 ; le solde dû du 01/01/2025 au 14/02/2025 est facturé.",
            Ls.Terminate(D("2024-12-15")).Explanation);
        Assert.Equal(D("2024-12-31"), Ls.Terminate(D("2024-10-15")).LastDayCovered);
    }

    [Theory]
    [InlineData("2027-06-01")]
    [InlineData("2027-11-15")] // after the last deadline: nothing to stop, no balance
    [InlineData("2027-12-31")]
    public void Ls_termination_in_the_last_period_is_the_final_end(string received)
    {
        var effect = Ls.Terminate(D(received));

        Assert.True(effect.AtFinalEnd);
        Assert.False(effect.Late);
        Assert.False(effect.BalanceInvoiceDue);
        Assert.Equal(D("2028-01-01"), effect.EffectiveOn);
        Assert.Contains("arrive à son terme le 31/12/2027", effect.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Mn_termination_runs_from_the_first_of_the_next_month()
    {
        var effect = Mn.Terminate(D("2025-03-14"));

        Assert.Equal(D("2025-04-01"), effect.NoticeStartsOn);
        Assert.Equal(D("2025-06-01"), effect.EffectiveOn);
        Assert.False(effect.Late);
        Assert.False(effect.BalanceInvoiceDue);
        Assert.Null(effect.Deadline);
        Assert.Equal("Demande reçue le 14/03/2025 : préavis de 2 mois à compter du 01/04/2025, résiliation effective le 01/06/2025.", effect.Explanation);
    }

    [Theory]
    [InlineData("2024-05-10", "2024-06-01", "2025-01-01", true)] // first year: held to the end of the minimum year
    [InlineData("2024-10-31", "2024-11-01", "2025-01-01", false)] // exactly reaches the end of the first year
    [InlineData("2024-11-01", "2024-12-01", "2025-02-01", false)]
    [InlineData("2024-12-31", "2025-01-01", "2025-03-01", false)]
    [InlineData("2025-01-01", "2025-02-01", "2025-04-01", false)] // received on the 1st: the notice starts on the next 1st
    [InlineData("2028-02-29", "2028-03-01", "2028-05-01", false)]
    public void Mn_termination_table(string received, string noticeStart, string effective, bool heldByMinimum)
    {
        var effect = Mn.Terminate(D(received));

        Assert.Equal(D(noticeStart), effect.NoticeStartsOn);
        Assert.Equal(D(effective), effect.EffectiveOn);
        Assert.Equal(heldByMinimum, effect.Explanation.Contains("période minimale", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2024-01-01", "2025-06-01", "2026-01-01", "2025-10-31")]
    [InlineData("2024-03-14", "2024-06-01", "2025-03-14", "2024-12-31")] // notice from 01/01 ends 01/03, before the 14th
    public void Mn_deadline_is_the_last_day_of_the_month_before_the_notice_must_start(string start, string on, string anniversary, string deadline)
    {
        var next = ContractTerms.Mn(D(start)).NextAnniversary(D(on))!;

        Assert.Equal(D(anniversary), next.Date);
        Assert.Equal(D(deadline), next.NoticeDeadline);
    }

    [Fact]
    public void Mn_with_a_two_year_minimum_has_no_deadline_for_the_first_anniversary()
    {
        var terms = new ContractTerms(D("2024-01-01"), 12, Renewals.Unlimited, new NoticeRule.FromFirstOfNextMonth(2, 24));

        Assert.Null(terms.NextAnniversary(D("2024-03-01"))!.NoticeDeadline);
        Assert.Equal(D("2025-10-31"), terms.NextAnniversary(D("2025-03-01"))!.NoticeDeadline);
        Assert.Equal(D("2026-01-01"), terms.Terminate(D("2024-03-01")).EffectiveOn);
    }

    [Fact]
    public void Mn_termination_with_limited_renewals_stops_at_the_final_end()
    {
        var terms = new ContractTerms(D("2024-01-01"), 12, Renewals.Times(1), NoticeRule.Mn);
        var effect = terms.Terminate(D("2025-11-20"));

        Assert.True(effect.AtFinalEnd);
        Assert.Equal(D("2026-01-01"), effect.EffectiveOn);
        Assert.Equal(D("2025-12-01"), effect.NoticeStartsOn);
    }

    [Theory]
    [InlineData("2026-06-01", "2027-05-01", false, false)]
    [InlineData("2027-02-01", "2027-05-01", false, false)] // 3 months before the first anniversary: in time
    [InlineData("2027-02-02", "2028-05-01", true, true)] // late: the second year runs, then the contract ends anyway
    [InlineData("2027-06-01", "2028-05-01", false, true)]
    public void At_is_terminable_yearly_with_three_months_notice(string received, string effective, bool late, bool atFinalEnd)
    {
        var effect = At.Terminate(D(received));

        Assert.Equal(D(effective), effect.EffectiveOn);
        Assert.Equal(late, effect.Late);
        Assert.Equal(atFinalEnd, effect.AtFinalEnd);
        Assert.False(effect.BalanceInvoiceDue);
    }

    [Fact]
    public void A_late_termination_without_the_ls_clause_takes_effect_at_the_following_anniversary()
    {
        var terms = new ContractTerms(D("2024-01-01"), 12, Renewals.Times(3), new NoticeRule.BeforeAnniversary(2));
        var effect = terms.Terminate(D("2024-11-15"));

        Assert.True(effect.Late);
        Assert.False(effect.BalanceInvoiceDue);
        Assert.Equal(D("2026-01-01"), effect.EffectiveOn);
        Assert.Equal(D("2024-11-01"), effect.Deadline);
        Assert.Equal("Résiliation reçue le 15/11/2024, après la date limite du 01/11/2024 : le contrat se poursuit au 01/01/2025 et prend fin le 31/12/2025.", effect.Explanation);
    }

    [Fact]
    public void A_late_termination_never_outlives_the_contract()
    {
        // Monthly renewals, last one from 01/04/2024: a letter of 15/03 is late for 01/04 and would take effect on 15/05.
        var terms = new ContractTerms(D("2024-01-01"), 1, Renewals.Times(3), new NoticeRule.BeforeAnniversaryWithLateTermination(1, 2), renewalPeriodMonths: 1);
        var effect = terms.Terminate(D("2024-03-15"));

        Assert.True(effect.Late);
        Assert.True(effect.AtFinalEnd);
        Assert.Equal(D("2024-05-01"), effect.EffectiveOn);
        Assert.Equal(new DateInterval(D("2024-04-01"), D("2024-04-30")), effect.BalancePeriod);
    }

    [Fact]
    public void A_start_on_29_february_keeps_its_anniversaries_from_the_start()
    {
        var terms = ContractTerms.Ls(D("2024-02-29"));

        Assert.Equal(
            [D("2024-02-29"), D("2025-02-28"), D("2026-02-28"), D("2027-02-28")],
            terms.Periods().Select(p => p.Start));
        Assert.Equal(
            [D("2025-02-27"), D("2026-02-27"), D("2027-02-27"), D("2028-02-28")],
            terms.Periods().Select(p => p.End));
        Assert.Equal(D("2024-12-28"), terms.NextAnniversary(D("2024-03-01"))!.NoticeDeadline);

        // An unlimited contract comes back to 29 February in the next leap year instead of drifting to the 28th.
        Assert.Equal(D("2028-02-29"), ContractTerms.Mn(D("2024-02-29")).PeriodsThrough(D("2028-03-01"))[^1].Start);
    }

    [Fact]
    public void A_start_on_the_31st_clamps_deadlines_to_the_end_of_shorter_months()
    {
        var terms = ContractTerms.Ls(D("2024-01-31"));

        Assert.Equal(D("2025-01-30"), terms.Periods()[0].End);
        Assert.Equal(D("2024-11-30"), terms.NextAnniversary(D("2024-05-01"))!.NoticeDeadline); // 31/01 − 2 months
        var late = terms.Terminate(D("2024-12-31"));
        Assert.Equal(D("2025-02-28"), late.EffectiveOn);
        Assert.Equal(new DateInterval(D("2025-01-31"), D("2025-02-27")), late.BalancePeriod);

        Assert.Equal(D("2025-06-30"), ContractTerms.Ls(D("2024-08-31")).NextAnniversary(D("2024-09-01"))!.NoticeDeadline);
    }

    [Theory]
    [InlineData("2024-01-01", 1)]
    [InlineData("2024-12-31", 1)]
    [InlineData("2025-06-15", 2)]
    [InlineData("2027-12-31", 4)]
    public void The_contract_year_of_a_date(string date, int year)
    {
        Assert.Equal(year, Ls.PeriodOn(D(date))!.Year);
    }

    [Fact]
    public void No_contract_year_outside_the_contract()
    {
        Assert.Null(Ls.PeriodOn(D("2023-12-31")));
        Assert.Null(Ls.PeriodOn(D("2028-01-01")));
    }

    [Fact]
    public void A_period_that_is_not_a_whole_number_of_years_ends_with_a_short_year()
    {
        var terms = new ContractTerms(D("2024-01-01"), 18, Renewals.Times(1), NoticeRule.At, renewalPeriodMonths: 12);

        Assert.Equal(
            [(D("2024-01-01"), D("2024-12-31")), (D("2025-01-01"), D("2025-06-30")), (D("2025-07-01"), D("2026-06-30"))],
            terms.Periods().Select(p => (p.Start, p.End)));
    }

    [Fact]
    public void Bad_terms_are_refused_with_a_clear_message()
    {
        var start = D("2024-01-01");

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ContractTerms(start, 0, Renewals.None, NoticeRule.Ls));
        Assert.Contains("initial period must be between 1 and 120 months", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ContractTerms(start, 121, Renewals.None, NoticeRule.Ls));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ContractTerms(start, 12, Renewals.None, NoticeRule.Ls, renewalPeriodMonths: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ContractTerms(D("1850-01-01"), 12, Renewals.None, NoticeRule.Ls));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ContractTerms(start, 12, Renewals.None, NoticeRule.Ls, firstBillingDate: D("2026-01-01")));
        Assert.Throws<ArgumentNullException>(() => new ContractTerms(start, 12, null!, NoticeRule.Ls));
        Assert.Throws<ArgumentNullException>(() => new ContractTerms(start, 12, Renewals.None, null!));

        e = Assert.Throws<ArgumentOutOfRangeException>(() => Renewals.Times(-1));
        Assert.Contains("between 0 and 100", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new NoticeRule.BeforeAnniversary(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NoticeRule.BeforeAnniversary(25));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NoticeRule.BeforeAnniversaryWithLateTermination(2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NoticeRule.FromFirstOfNextMonth(2, -1));
    }

    [Fact]
    public void A_termination_outside_the_contract_is_refused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Ls.Terminate(D("2023-12-31")));
        Assert.Contains("before the contract starts (01/01/2024)", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => Ls.Terminate(D("2028-01-01")));
        Assert.Contains("already ended on 31/12/2027", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Mn.NextAnniversary(D("2600-01-01")));
    }

    [Fact]
    public void Rules_and_renewals_describe_themselves_in_french()
    {
        Assert.Equal("préavis de 2 mois avant la date anniversaire ; à défaut, effet 2 mois après réception avec facture du solde dû", NoticeRule.Ls.Describe());
        Assert.Equal("préavis de 2 mois à compter du 1er du mois suivant la réception, après une période minimale de 12 mois", NoticeRule.Mn.Describe());
        Assert.Equal("préavis de 3 mois avant la date anniversaire", NoticeRule.At.Describe());
        Assert.Equal("renouvelable 3 fois par reconduction tacite", Renewals.Times(3).Describe());
        Assert.Equal("reconduction tacite sans limite", Renewals.Unlimited.Describe());
        Assert.Equal("sans reconduction", Renewals.None.Describe());
    }
}
