using Guichet.Domain.Contracts;
using static Guichet.Domain.Tests.Contracts.Dates;

namespace Guichet.Domain.Tests.Contracts;

public class ServiceConditionsTests
{
    // A fictitious product's releases.
    private static readonly Release[] Releases =
    [
        new(V("3.0.0"), D("2021-01-10")),
        new(V("3.1.0"), D("2021-09-01")),
        new(V("4.0.0"), D("2022-06-01")),
        new(V("4.0.1"), D("2022-07-15")),
        new(V("4.1.0"), D("2023-03-01")),
        new(V("4.1.1"), D("2023-05-10")),
        new(V("4.1.2"), D("2023-09-20")),
        new(V("5.0.0"), D("2024-01-31")),
        new(V("5.0.1"), D("2024-03-15")),
        new(V("5.1.0"), D("2024-06-30")),
    ];

    private static ProductVersion V(string text) => ProductVersion.Parse(text);

    private static ScopeRule[] Rules(ServiceConditions conditions, string declared, string raisedOn) =>
        [.. conditions.Check(Releases, V(declared), D(raisedOn)).Issues.Select(i => i.Rule)];

    [Theory]
    [InlineData("3.1.0", "2024-02-01", new[] { ScopeRule.NotRecentMajor })] // majors 5 and 4 are out
    [InlineData("3.1.0", "2024-01-30", new ScopeRule[0])] // 5.0.0 is not out yet: majors 4 and 3
    [InlineData("4.0.0", "2024-12-31", new ScopeRule[0])] // no delay rules in E23
    [InlineData("5.1.0", "2024-12-31", new ScopeRule[0])]
    public void E23_supports_the_last_two_major_versions(string declared, string raisedOn, ScopeRule[] expected)
    {
        Assert.Equal(expected, Rules(ServiceConditions.E23, declared, raisedOn));
    }

    [Theory]
    [InlineData("5.0.0", "2024-06-15", new ScopeRule[0])] // 5.0.1 of 15/03 + 3 months = 15/06: still in time
    [InlineData("5.0.0", "2024-06-16", new[] { ScopeRule.PatchNotApplied })]
    [InlineData("5.0.1", "2024-12-30", new ScopeRule[0])] // 5.1.0 of 30/06 + 6 months = 30/12: still in time
    [InlineData("5.0.1", "2024-12-31", new[] { ScopeRule.NewVersionNotApplied })]
    [InlineData("4.1.0", "2023-08-10", new ScopeRule[0])]
    [InlineData("4.1.0", "2023-08-11", new[] { ScopeRule.PatchNotApplied })] // 4.1.1 of 10/05
    [InlineData("4.1.2", "2024-06-20", new ScopeRule[0])] // 5.0.1 is overdue but belongs to the 5.0 line, not adopted yet
    [InlineData("4.1.2", "2024-08-01", new[] { ScopeRule.NewVersionNotApplied })] // 5.0.0 of 31/01 + 6 months = 31/07
    [InlineData("4.0.1", "2023-09-02", new[] { ScopeRule.NewVersionNotApplied })] // 4.1.0 of 01/03 + 6 months = 01/09
    [InlineData("4.0.0", "2023-09-02", new[] { ScopeRule.PatchNotApplied, ScopeRule.NewVersionNotApplied })]
    [InlineData("3.1.0", "2024-02-01", new[] { ScopeRule.NewVersionNotApplied })] // LS has no major-version rule
    public void Ls_requires_patches_within_three_months_and_new_versions_within_six(string declared, string raisedOn, ScopeRule[] expected)
    {
        Assert.Equal(expected, Rules(ServiceConditions.Ls, declared, raisedOn));
    }

    [Fact]
    public void Reasons_name_the_newest_overdue_release_and_its_deadline()
    {
        var decision = ServiceConditions.All.Check(Releases, V("3.1.0"), D("2024-12-31"));

        Assert.False(decision.InScope);
        Assert.Equal(
            "Hors périmètre : la version 3.1.0 n'appartient pas à l'une des 2 dernières versions majeures (5 et 4) ; "
            + "la version 5.1.0, mise à disposition le 30/06/2024, n'est pas installée (délai de 6 mois échu le 30/12/2024).",
            decision.Describe());

        var patch = ServiceConditions.Ls.Check(Releases, V("5.0.0"), D("2024-06-16"));
        Assert.Equal("le correctif 5.0.1, mis à disposition le 15/03/2024, n'est pas installé (délai de 3 mois échu le 15/06/2024)", patch.Issues.Single().Reason);
    }

    [Fact]
    public void An_up_to_date_installation_is_in_scope()
    {
        var decision = ServiceConditions.All.Check(Releases, V("5.1.0"), D("2025-03-01"));

        Assert.True(decision.InScope);
        Assert.Equal("Dans le périmètre du contrat.", decision.Describe());
    }

    [Fact]
    public void A_patch_released_on_the_31st_is_due_at_the_end_of_the_third_month()
    {
        Release[] releases = [new(V("2.0.0"), D("2023-11-02")), new(V("2.0.1"), D("2024-01-31"))];

        Assert.True(ServiceConditions.Ls.Check(releases, V("2.0.0"), D("2024-04-30")).InScope);
        Assert.False(ServiceConditions.Ls.Check(releases, V("2.0.0"), D("2024-05-01")).InScope);
    }

    [Theory]
    [InlineData("4.2.0", "2024-12-31")] // never released
    [InlineData("5.1.0", "2024-06-01")] // not released yet on that day
    public void An_unknown_version_is_reported(string declared, string raisedOn)
    {
        var decision = ServiceConditions.E23.Check(Releases, V(declared), D(raisedOn));

        Assert.Equal([ScopeRule.UnknownVersion], decision.Issues.Select(i => i.Rule));
        Assert.Contains($"la version {declared} n'est pas une version publiée", decision.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_major_product_is_in_scope_for_the_major_rule()
    {
        Release[] releases = [new(V("1.0.0"), D("2024-01-01"))];

        Assert.True(ServiceConditions.E23.Check(releases, V("1.0.0"), D("2024-06-01")).InScope);
        Assert.Contains("la dernière version majeure (1)", new ServiceConditions(1, null, null).Check([.. releases, new(V("0.9.0"), D("2023-01-01"))], V("0.9.0"), D("2024-06-01")).Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_conditions_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ServiceConditions(0, null, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ServiceConditions(null, 0, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ServiceConditions(null, null, -6));
        var e = Assert.Throws<ArgumentException>(() => ServiceConditions.Ls.Check([.. Releases, new(V("4.1.0"), D("2023-03-02"))], V("4.1.0"), D("2024-01-01")));
        Assert.Contains("Version 4.1.0 appears twice", e.Message, StringComparison.Ordinal);
    }
}

public class ProductVersionTests
{
    [Theory]
    [InlineData("4.3.2", 4, 3, 2)]
    [InlineData("V4.3", 4, 3, 0)]
    [InlineData("v3", 3, 0, 0)]
    [InlineData(" 1.5.2 ", 1, 5, 2)]
    [InlineData("10.0.15", 10, 0, 15)]
    public void Versions_parse_as_the_seeds_write_them(string text, int major, int minor, int patch)
    {
        Assert.Equal(new ProductVersion(major, minor, patch), ProductVersion.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("V")]
    [InlineData("4..1")]
    [InlineData("4.3.2.1")]
    [InlineData("a.b")]
    [InlineData("-1.0")]
    [InlineData("4.3.x")]
    public void Malformed_versions_are_refused(string text)
    {
        Assert.False(ProductVersion.TryParse(text, out _));
        var e = Assert.Throws<FormatException>(() => ProductVersion.Parse(text));
        Assert.Contains("expected X.Y.Z", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Versions_order_by_number_not_by_text()
    {
        Assert.True(ProductVersion.Parse("4.10.0") > ProductVersion.Parse("4.9.9"));
        Assert.True(ProductVersion.Parse("5.0.0") > ProductVersion.Parse("4.99.99"));
        Assert.True(ProductVersion.Parse("4.3.2") <= ProductVersion.Parse("4.3.2"));
        Assert.Equal("4.3.0", ProductVersion.Parse("V4.3").ToString());
        Assert.True(ProductVersion.Parse("4.3").IsFunctional);
        Assert.False(ProductVersion.Parse("4.3.1").IsFunctional);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProductVersion(1, -1, 0));
    }
}
