using Guichet.Domain.Sla;
using NodaTime;

namespace Guichet.Domain.Tests.Sla;

/// <summary>Compliance windows from a contract's start, the percentage and its verdict, and the sentence reports show (docs/reports.md).</summary>
public sealed class ComplianceWindowsTests
{
    private static LocalDate D(int y, int m, int d) => new(y, m, d);

    [Fact]
    public void Twelve_month_windows_from_the_start_meeting_a_period()
    {
        var windows = ComplianceWindows.Meeting(D(2025, 3, 10), 12, D(2026, 3, 1), D(2026, 3, 31));
        Assert.Equal([(D(2025, 3, 10), D(2026, 3, 9)), (D(2026, 3, 10), D(2027, 3, 9))], windows);
    }

    [Theory]
    [InlineData(2026, 3, 9, 2026, 3, 9, 1)] // the last day of the first window only
    [InlineData(2026, 3, 10, 2026, 3, 10, 1)] // the first day of the second only
    [InlineData(2025, 1, 1, 2025, 3, 9, 0)] // before the contract
    [InlineData(2025, 1, 1, 2028, 12, 31, 4)]
    public void A_window_is_kept_when_it_shares_a_day_with_the_period(int y1, int m1, int d1, int y2, int m2, int d2, int expected) =>
        Assert.Equal(expected, ComplianceWindows.Meeting(D(2025, 3, 10), 12, D(y1, m1, d1), D(y2, m2, d2)).Count);

    [Fact]
    public void Windows_starting_on_the_31st_do_not_drift()
    {
        var windows = ComplianceWindows.Meeting(D(2026, 1, 31), 1, D(2026, 1, 31), D(2026, 4, 30));
        Assert.Equal([(D(2026, 1, 31), D(2026, 2, 27)), (D(2026, 2, 28), D(2026, 3, 30)), (D(2026, 3, 31), D(2026, 4, 29)), (D(2026, 4, 30), D(2026, 5, 30))], windows);
    }

    [Theory]
    [InlineData(412, 95, 81.3, true)] // 81.26 %
    [InlineData(3, 1, 75.0, true)] // exactly the objective
    [InlineData(2, 1, 66.7, false)]
    [InlineData(1, 2, 33.3, false)]
    [InlineData(749, 251, 74.9, false)] // 74.9 %: rounding never turns a miss into success
    public void Percentage_rounded_to_one_decimal_and_verdict_compared_exactly(int met, int missed, double percent, bool reaches)
    {
        var tally = new ComplianceTally(met, missed, Pending: 5);
        Assert.Equal((decimal)percent, tally.Percent);
        Assert.Equal(reaches, tally.Reaches(75m));
    }

    [Fact]
    public void Three_quarters_minus_a_hair_is_not_reached_even_if_it_rounds_to_75()
    {
        var tally = new ComplianceTally(2999, 1001, 0); // 74.975 %, shown 75,0 %
        Assert.Equal(75.0m, tally.Percent);
        Assert.False(tally.Reaches(75m));
    }

    [Fact]
    public void Nothing_counted_has_no_percentage()
    {
        var tally = new ComplianceTally(0, 0, 2);
        Assert.Null(tally.Percent);
        Assert.Null(tally.Reaches(75m));
        Assert.Equal("Prise en charge : aucune demande comptée du 01/01/2026 au 31/01/2026 — objectif 75 % (période en cours)",
            ComplianceWindows.Sentence("Prise en charge", tally, D(2026, 1, 1), D(2026, 1, 31), 75m, complete: false));
    }

    [Fact]
    public void The_sentence_of_a_complete_window()
    {
        Assert.Equal(
            "Prise en charge sous 8 heures ouvrées : 81,3 % (412 sur 507) du 01/01/2025 au 31/12/2025 — objectif 75 % respecté",
            ComplianceWindows.Sentence("Prise en charge sous 8 heures ouvrées", new ComplianceTally(412, 95, 0), D(2025, 1, 1), D(2025, 12, 31), 75m, complete: true));
        Assert.Equal(
            "Prise en charge sous 8 heures ouvrées : 50,0 % (1 sur 2, 2 en cours non comptées) du 10/03/2026 au 09/03/2027 — objectif 75 % non respecté à ce jour (période en cours)",
            ComplianceWindows.Sentence("Prise en charge sous 8 heures ouvrées", new ComplianceTally(1, 1, 2), D(2026, 3, 10), D(2027, 3, 9), 75m, complete: false));
    }
}
