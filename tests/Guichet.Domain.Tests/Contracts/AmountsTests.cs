using Guichet.Domain.Contracts;
using NodaTime;
using static Guichet.Domain.Tests.Contracts.Dates;

namespace Guichet.Domain.Tests.Contracts;

public class AmountsTests
{
    [Fact]
    public void Ls_conditions_particulieres_amounts()
    {
        var amounts = new ContractAmounts([new ServiceLine("Maintenance annuelle", 0m), new ServiceLine("Support et Help-Desk", 350m)]);

        Assert.Equal(350.00m, amounts.TotalExclVat);
        Assert.Equal(70.00m, amounts.TotalVat);
        Assert.Equal(420.00m, amounts.TotalInclVat);
        Assert.Equal(0.20m, amounts.VatRate);
        Assert.Equal([0m, 70m], amounts.Lines.Select(l => l.Vat));
        Assert.Equal("20" + Nbsp + "%", amounts.DescribeRate());
    }

    [Fact]
    public void Vat_is_rounded_per_line_and_the_totals_add_up()
    {
        // 0,03 € × 20 % = 0,006 € → 0,01 € per line; the total's VAT would be 0,018 € → 0,02 €.
        var amounts = new ContractAmounts(Enumerable.Range(1, 3).Select(i => new ServiceLine($"Ligne {i}", 0.03m)));

        Assert.Equal(0.03m, amounts.TotalVat);
        Assert.Equal(0.12m, amounts.TotalInclVat);
        Assert.Equal(amounts.TotalInclVat, amounts.Lines.Sum(l => l.InclVat));
    }

    [Theory]
    [InlineData(0.45, 0.10, 0.05)] // 0,045 → 0,05: half away from zero, not to even (0,04)
    [InlineData(12.34, 0.20, 2.47)] // 2,468
    [InlineData(1.00, 0.055, 0.06)] // 5,5 %
    [InlineData(100.00, 0, 0)] // exempt
    public void Vat_rounding_is_half_away_from_zero(decimal exclVat, decimal rate, decimal vat)
    {
        var line = new ContractAmounts([new ServiceLine("Service", exclVat)], rate).Lines[0];

        Assert.Equal(vat, line.Vat);
        Assert.Equal(exclVat + vat, line.InclVat);
    }

    [Fact]
    public void Bad_amounts_are_refused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ServiceLine("Support", -1m));
        Assert.Contains("cannot be negative", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => new ServiceLine("Support", 10.005m));
        Assert.Contains("whole number of cents", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ServiceLine("Support", 2_000_000_000m));
        Assert.Throws<ArgumentException>(() => new ServiceLine(" ", 10m));
        Assert.Throws<ArgumentException>(() => new ContractAmounts([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ContractAmounts([new ServiceLine("Support", 10m)], 1m));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ContractAmounts([new ServiceLine("Support", 10m)], -0.2m));
    }

    [Fact]
    public void At_prices_change_by_contract_year()
    {
        var prices = new YearlyPrices([6300m, 9000m]);

        Assert.Equal(6300m, prices.For(1));
        Assert.Equal(9000m, prices.For(2));
        Assert.Equal(9000m, prices.For(3)); // the last price goes on
        Assert.Throws<ArgumentOutOfRangeException>(() => prices.For(0));
        Assert.Throws<ArgumentException>(() => new YearlyPrices([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new YearlyPrices([6300m, -1m]));
    }

    [Theory]
    [InlineData(6300, "6" + Thin + "300,00" + Nbsp + "€")]
    [InlineData(0, "0,00" + Nbsp + "€")]
    [InlineData(359.1, "359,10" + Nbsp + "€")]
    [InlineData(1234567.8, "1" + Thin + "234" + Thin + "567,80" + Nbsp + "€")]
    public void Money_is_shown_in_french(decimal amount, string expected)
    {
        Assert.Equal(expected, Money.Format(amount));
    }

    [Theory]
    [InlineData(145.835, 145.84)]
    [InlineData(145.8333, 145.83)]
    [InlineData(-0.005, -0.01)]
    [InlineData(0.125, 0.13)]
    public void Money_rounds_to_the_cent_half_away_from_zero(decimal amount, decimal expected)
    {
        Assert.Equal(expected, Money.RoundToCent(amount));
    }

    [Fact]
    public void Ls_prorata_from_the_first_of_the_month_after_installation()
    {
        // Installed on 15/07/2024, year ending 31/12/2024, 350 € a year: August to December = 5 months.
        var prorata = Prorata.FirstPeriod(D("2024-07-15"), new DateInterval(D("2024-01-01"), D("2024-12-31")), 350m);

        Assert.Equal(D("2024-08-01"), prorata.BilledFrom);
        Assert.Equal(D("2024-12-31"), prorata.BilledThrough);
        Assert.Equal(5, prorata.Months);
        Assert.Equal(145.83m, prorata.Amount); // 350 × 5 / 12 = 145,833…, not 29,17 × 5 = 145,85
        Assert.Equal(
            "Prorata temporis à compter du 01/08/2024 (1er jour du mois suivant l'installation du 15/07/2024) jusqu'au 31/12/2024 : 350,00" + Nbsp + "€ × 5 / 12 = 145,83" + Nbsp + "€.",
            prorata.Explanation);
    }

    [Theory]
    [InlineData("2024-08-01", "2024-01-01", "2024-12-31", "2024-09-01", 4, 116.67)] // installed on a first: the next month
    [InlineData("2023-11-20", "2024-01-01", "2024-12-31", "2024-01-01", 12, 350.00)] // installed before the period
    [InlineData("2024-01-01", "2024-01-01", "2024-12-31", "2024-02-01", 11, 320.83)]
    [InlineData("2024-11-30", "2024-01-01", "2024-12-31", "2024-12-01", 1, 29.17)]
    [InlineData("2024-12-10", "2024-01-01", "2024-12-31", "2025-01-01", 0, 0.00)] // nothing left to bill
    [InlineData("2024-07-15", "2024-01-15", "2025-01-14", "2024-08-01", 5, 145.83)] // the incomplete last month is not billed
    [InlineData("2024-02-29", "2024-03-01", "2025-02-28", "2024-03-01", 12, 350.00)] // leap day
    public void Prorata_table(string installed, string start, string end, string from, int months, decimal amount)
    {
        var prorata = Prorata.FirstPeriod(D(installed), new DateInterval(D(start), D(end)), 350m);

        Assert.Equal(D(from), prorata.BilledFrom);
        Assert.Equal(months, prorata.Months);
        Assert.Equal(amount, prorata.Amount);
    }

    [Fact]
    public void Prorata_with_nothing_to_bill_says_so()
    {
        var prorata = Prorata.FirstPeriod(D("2024-12-10"), new DateInterval(D("2024-01-01"), D("2024-12-31")), 350m);

        Assert.Equal("Installation le 10/12/2024 : aucun mois entier à facturer avant la fin de la période le 31/12/2024.", prorata.Explanation);
    }

    [Fact]
    public void Prorata_refuses_a_negative_price()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Prorata.FirstPeriod(D("2024-07-15"), new DateInterval(D("2024-01-01"), D("2024-12-31")), -350m));
        Assert.Equal("annualPrice", e.ParamName);
    }
}
