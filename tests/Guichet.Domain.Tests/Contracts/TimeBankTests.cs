using Guichet.Domain.Contracts;
using static Guichet.Domain.Tests.Contracts.Dates;

namespace Guichet.Domain.Tests.Contracts;

public class TimeBankTests
{
    private static TimeBank Bank(int bought, params int[] consumed) => new(
        [new TimePurchase(D("2025-01-06"), bought)],
        consumed.Select((m, i) => new TimeConsumption(D("2025-02-01").PlusDays(i), m, 1000 + i)));

    [Fact]
    public void Twenty_hours_with_three_hours_fifteen_consumed()
    {
        var bank = Bank(20 * 60, 120, 75);

        Assert.Equal(1200, bank.BoughtMinutes);
        Assert.Equal(195, bank.ConsumedMinutes);
        Assert.Equal(1005, bank.BalanceMinutes);
        Assert.Equal("16 heures 45 minutes restantes", bank.DescribeBalance());
    }

    [Theory]
    [InlineData(60, 0, "1 heure restante")]
    [InlineData(60, 59, "1 minute restante")]
    [InlineData(120, 59, "1 heure 1 minute restantes")]
    [InlineData(180, 60, "2 heures restantes")]
    [InlineData(60, 15, "45 minutes restantes")]
    [InlineData(60, 58, "2 minutes restantes")]
    [InlineData(60, 60, "aucun temps restant")]
    [InlineData(60, 61, "dépassement de 1 minute")]
    [InlineData(60, 120, "dépassement de 1 heure")]
    [InlineData(600, 730, "dépassement de 2 heures 10 minutes")]
    public void The_balance_in_french(int bought, int consumed, string expected)
    {
        var bank = consumed == 0 ? Bank(bought) : Bank(bought, consumed);

        Assert.Equal(expected, bank.DescribeBalance());
    }

    [Theory]
    [InlineData(0, "0 minute")]
    [InlineData(1, "1 minute")]
    [InlineData(59, "59 minutes")]
    [InlineData(60, "1 heure")]
    [InlineData(61, "1 heure 1 minute")]
    [InlineData(1500, "25 heures")]
    public void Durations_in_french(long minutes, string expected)
    {
        Assert.Equal(expected, TimeBank.FormatDuration(minutes));
    }

    [Theory]
    [InlineData(600, 480, 120, true)] // exactly at the threshold
    [InlineData(600, 479, 120, false)]
    [InlineData(600, 700, 0, true)] // overdrawn
    [InlineData(600, 600, 0, true)]
    public void Low_balance(int bought, int consumed, int threshold, bool low)
    {
        Assert.Equal(low, Bank(bought, consumed).IsLow(threshold));
    }

    [Fact]
    public void Purchases_and_consumptions_add_up_without_changing_the_original()
    {
        var bank = Bank(600, 100);
        var more = bank.Buy(new TimePurchase(D("2025-06-01"), 300)).Consume(new TimeConsumption(D("2025-06-02"), 50, 42));

        Assert.Equal(500, bank.BalanceMinutes);
        Assert.Equal(750, more.BalanceMinutes);
        Assert.Equal(2, more.Purchases.Count);
        Assert.False(more.IsOverdrawn);
        Assert.True(Bank(60, 61).IsOverdrawn);
    }

    [Fact]
    public void Bad_time_entries_are_refused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new TimePurchase(D("2025-01-01"), 0));
        Assert.Contains("between 1 and 600000", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TimeConsumption(D("2025-01-01"), -15, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Bank(60).IsLow(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TimeBank.FormatDuration(-1));
        Assert.Throws<ArgumentException>(() => new TimeBank([null!], []));
    }
}

public class IncludedQuotaTests
{
    private static readonly ContractTerms At = ContractTerms.At(D("2026-05-01"));

    [Fact]
    public void At_legal_assistance_counts_per_contract_year()
    {
        var uses = new[] { D("2026-06-01"), D("2026-09-10"), D("2027-04-30"), D("2027-05-01") };

        var first = IncludedQuota.AtLegalAssistance.UsageOn(At, uses, D("2026-12-01"));
        Assert.Equal(1, first.Year.Year);
        Assert.Equal(3, first.Used);
        Assert.Equal(2, first.Remaining);
        Assert.Equal(0, first.Excess);
        Assert.Equal("2 tickets d'assistance juridique disponibles sur 5 jusqu'au 30/04/2027", first.Describe());

        var second = IncludedQuota.AtLegalAssistance.UsageOn(At, uses, D("2027-05-02"));
        Assert.Equal(2, second.Year.Year);
        Assert.Equal(1, second.Used);
        Assert.Equal(4, second.Remaining);
    }

    [Theory]
    [InlineData(4, 1, 0, "1 ticket d'assistance juridique disponible sur 5 jusqu'au 30/04/2027")]
    [InlineData(5, 0, 0, "quota de 5 tickets d'assistance juridique épuisé jusqu'au 30/04/2027")]
    [InlineData(7, 0, 2, "quota de 5 tickets d'assistance juridique dépassé de 2 jusqu'au 30/04/2027")]
    [InlineData(0, 5, 0, "5 tickets d'assistance juridique disponibles sur 5 jusqu'au 30/04/2027")]
    public void Quota_states(int used, int remaining, int excess, string text)
    {
        var usage = IncludedQuota.AtLegalAssistance.UsageOn(At, Enumerable.Repeat(D("2026-07-01"), used), D("2026-07-02"));

        Assert.Equal(remaining, usage.Remaining);
        Assert.Equal(excess, usage.Excess);
        Assert.Equal(text, usage.Describe());
    }

    [Fact]
    public void Bad_quotas_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new IncludedQuota("demande", 0));
        Assert.Throws<ArgumentException>(() => new IncludedQuota("", 5));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => IncludedQuota.AtLegalAssistance.UsageOn(At, [], D("2028-05-01")));
        Assert.Contains("01/05/2028 is outside the contract", e.Message, StringComparison.Ordinal);
        Assert.Equal("demandes", new IncludedQuota("demande", 3).PluralLabel);
    }
}
