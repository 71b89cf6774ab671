using Guichet.Domain.Contracts;
using NodaTime;
using static Guichet.Domain.Tests.Contracts.Dates;

namespace Guichet.Domain.Tests.Contracts;

public class PriceRevisionTests
{
    private static IndexValue Revised(decimal value) => IndexValue.Syntec(2024, 11, value);

    [Fact]
    public void Ls_revision_rounds_the_coefficient_up_to_the_thousandth()
    {
        // 0,15 + 0,85 × 309 / 300 = 0,15 + 0,8755 = 1,0255 → 1,026; 350 × 1,026 = 359,10.
        var result = RevisionFormula.Ls.Revise(350m, IndexValue.Syntec(2023, 12, 300m), Revised(309m));

        Assert.Equal(1.0255m, result.RawCoefficient);
        Assert.Equal(1.026m, result.Coefficient);
        Assert.Equal(359.10m, result.RevisedPrice);
        Assert.Equal(300m, result.LinkedBase);
        Assert.Equal(
            "0,15 + 0,85 × 309 / 300 = 1,0255 → arrondi au millième supérieur : 1,026 ; 350,00" + Nbsp + "€ × 1,026 = 359,10" + Nbsp + "€",
            result.Explanation);
    }

    [Fact]
    public void Ls_revision_links_a_base_of_the_old_syntec_series()
    {
        // S(0) of June 2022, old series: 286,4 × 0,97975 = 280,6004 in the revised series.
        // 309 / 280,6004 = 1,101210…; 0,85 × 1,101210… = 0,936028…; + 0,15 = 1,086028… → 1,087.
        // 350 × 1,087 = 380,45 (unlinked it would be 0,15 + 0,85 × 309 / 286,4 = 1,067074… → 1,068 → 373,80).
        var result = RevisionFormula.Ls.Revise(350m, IndexValue.Syntec(2022, 6, 286.4m), Revised(309m));

        Assert.Same(IndexSeries.SyntecHistorical, result.BaseIndex.Series);
        Assert.Equal(280.6004m, result.LinkedBase);
        Assert.Equal(1.087m, result.Coefficient);
        Assert.Equal(380.45m, result.RevisedPrice);
        Assert.Equal(
            "S(0) = 286,4 (série d'avant août 2022) × 0,97975 (coefficient de raccordement) = 280,6004 ; "
            + "0,15 + 0,85 × 309 / 280,6004 ≈ 1,086029 → arrondi au millième supérieur : 1,087 ; 350,00" + Nbsp + "€ × 1,087 = 380,45" + Nbsp + "€",
            result.Explanation);
    }

    [Theory]
    [InlineData(2022, 7, 300, 1.044, 365.40)] // July 2022 is the last month of the old series: 300 × 0,97975 = 293,925 → 1,043595… → 1,044
    [InlineData(2022, 8, 300, 1.026, 359.10)] // August 2022 opens the revised series: no linking
    public void The_series_of_the_base_month_decides_the_linking(int year, int month, decimal s0, decimal coefficient, decimal price)
    {
        var result = RevisionFormula.Ls.Revise(350m, IndexValue.Syntec(year, month, s0), Revised(309m));

        Assert.Equal(coefficient, result.Coefficient);
        Assert.Equal(price, result.RevisedPrice);
    }

    [Theory]
    [InlineData(170, 175.2, 1.026, 359.10)] // exactly 1,026: not rounded further up
    [InlineData(300, 291, 0.975, 341.25)] // the index fell: 0,9745 → 0,975, the price goes down
    [InlineData(300, 300, 1.000, 350.00)]
    [InlineData(300, 300.1, 1.001, 350.35)] // 1,000283… → 1,001: any excess rounds up
    public void Ls_coefficient_table(decimal s0, decimal sn, decimal coefficient, decimal price)
    {
        var result = RevisionFormula.Ls.Revise(350m, Revised(s0), Revised(sn));

        Assert.Equal(coefficient, result.Coefficient);
        Assert.Equal(price, result.RevisedPrice);
    }

    [Fact]
    public void At_revision_is_proportional_and_rounds_the_price_to_the_cent()
    {
        var exact = RevisionFormula.At.Revise(9000m, Revised(300m), Revised(309m));
        Assert.Equal(9270.00m, exact.RevisedPrice);
        Assert.Equal("9" + Thin + "000,00" + Nbsp + "€ × 309 / 300 = 9" + Thin + "270,00" + Nbsp + "€", exact.Explanation);

        // 6 300 × 311,7 / 301,3 = 6 517,4576… → 6 517,46
        var rounded = RevisionFormula.At.Revise(6300m, Revised(301.3m), Revised(311.7m));
        Assert.Equal(6517.46m, rounded.RevisedPrice);
        Assert.EndsWith("= 6" + Thin + "517,46" + Nbsp + "€ (arrondi au centime)", rounded.Explanation, StringComparison.Ordinal);

        // Across the Syntec revision: 9 000 × 309 / (286,4 × 0,97975) = 9 000 × 309 / 280,6004 = 9 910,89
        var linked = RevisionFormula.At.Revise(9000m, IndexValue.Syntec(2022, 6, 286.4m), Revised(309m));
        Assert.Equal(9910.89m, linked.RevisedPrice);
        Assert.StartsWith("I(0) = 286,4", linked.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Revision_at_a_date_uses_the_latest_value_published_by_then()
    {
        var table = new PriceIndexTable("Syntec",
        [
            IndexValue.Syntec(2024, 9, 305m),
            IndexValue.Syntec(2024, 10, 307m),
            IndexValue.Syntec(2024, 11, 309m),
            IndexValue.Syntec(2024, 12, 311m),
        ]);
        var start = D("2024-01-01");
        Assert.Equal(new YearMonth(2023, 12), RevisionFormula.LsBaseMonth(start));

        // On 01/01/2025 November is the latest month deemed published (December comes on 01/02).
        var result = RevisionFormula.Ls.ReviseOn(D("2025-01-01"), 350m, IndexValue.Syntec(2023, 12, 300m), table);
        Assert.Equal(new YearMonth(2024, 11), result.CurrentIndex.Month);
        Assert.Equal(359.10m, result.RevisedPrice);

        Assert.Equal(new YearMonth(2024, 10), table.LatestKnownOn(D("2024-12-31"))!.Month);
        Assert.Equal(new YearMonth(2024, 12), table.LatestKnownOn(D("2025-02-01"))!.Month);
        Assert.Equal(new YearMonth(2024, 12), table.LatestKnownOn(D("2025-09-01"))!.Month); // the table is behind: its latest value
        Assert.Null(table.LatestKnownOn(D("2024-10-31")));
        Assert.Equal(309m, table.ForMonth(new YearMonth(2024, 11))!.Value);
        var e = Assert.Throws<InvalidOperationException>(() => RevisionFormula.Ls.ReviseOn(D("2024-10-31"), 350m, Revised(300m), table));
        Assert.Contains("No Syntec value is published on 31/10/2024", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Syntec_series_are_chosen_by_month()
    {
        Assert.Same(IndexSeries.SyntecHistorical, IndexSeries.SyntecFor(new YearMonth(2022, 7)));
        Assert.Same(IndexSeries.SyntecRevised, IndexSeries.SyntecFor(new YearMonth(2022, 8)));
        Assert.Equal(0.97975m, IndexSeries.SyntecHistorical.FactorTo(IndexSeries.SyntecRevised));
        Assert.Equal(1m, IndexSeries.SyntecRevised.FactorTo(IndexSeries.SyntecRevised));
        Assert.Null(IndexSeries.SyntecRevised.FactorTo(IndexSeries.SyntecHistorical));
    }

    [Fact]
    public void Bad_revision_inputs_are_refused_with_a_clear_message()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => IndexValue.Syntec(2024, 11, 0m));
        Assert.Contains("An index value must be positive (Syntec novembre 2024: 0)", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => IndexValue.Syntec(2024, 11, -3m));
        e = Assert.Throws<ArgumentOutOfRangeException>(() => RevisionFormula.Ls.Revise(-350m, Revised(300m), Revised(309m)));
        Assert.Contains("cannot be negative", e.Message, StringComparison.Ordinal);

        // A current value older than the base's series cannot be linked.
        var a = Assert.Throws<ArgumentException>(() => RevisionFormula.Ls.Revise(350m, Revised(300m), IndexValue.Syntec(2022, 6, 286.4m)));
        Assert.Contains("cannot be linked", a.Message, StringComparison.Ordinal);

        var other = new IndexSeries("ICC", "base", "base 1953");
        a = Assert.Throws<ArgumentException>(() => RevisionFormula.At.Revise(350m, Revised(300m), new IndexValue(new YearMonth(2024, 11), 2000m, other)));
        Assert.Contains("two indices (Syntec and ICC)", a.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentException>(() => new PriceIndexTable("Syntec", [Revised(300m), Revised(301m)]));
        Assert.Throws<ArgumentException>(() => new PriceIndexTable("ICC", [Revised(300m)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PriceIndexTable("Syntec", [], publicationLagMonths: -1));
        Assert.Throws<ArgumentException>(() => new IndexSeries("Syntec", "x", "x", IndexSeries.SyntecRevised));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IndexSeries("Syntec", "x", "x", IndexSeries.SyntecRevised, 0m));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RevisionFormula.PartlyIndexed(1m, 3));
    }

    [Fact]
    public void Formulas_describe_themselves_in_french()
    {
        Assert.Equal("P(n) = P(0) × [0,15 + 0,85 × S(n) / S(0)], coefficient arrondi au millième supérieur", RevisionFormula.Ls.Describe());
        Assert.Equal("P(n) = P(0) × I(n) / I(0), prix arrondi au centime", RevisionFormula.At.Describe());
    }
}
