using Guichet.Domain.Tickets;

namespace Guichet.Domain.Tests.Tickets;

public class PrioritySchemeTests
{
    [Theory]
    [InlineData(Criticite.Haute, Impact.Fort, "P1")]
    [InlineData(Criticite.Moyenne, Impact.Fort, "P2")]
    [InlineData(Criticite.Faible, Impact.Fort, "P3")]
    [InlineData(Criticite.Haute, Impact.Moyen, "P2")]
    [InlineData(Criticite.Moyenne, Impact.Moyen, "P3")]
    [InlineData(Criticite.Faible, Impact.Moyen, "P4")]
    [InlineData(Criticite.Haute, Impact.Reduit, "P3")]
    [InlineData(Criticite.Moyenne, Impact.Reduit, "P4")]
    [InlineData(Criticite.Faible, Impact.Reduit, "P4")]
    public void At_priority_is_derived_from_criticite_and_impact(Criticite criticite, Impact impact, string expected)
    {
        Assert.Equal(expected, PriorityScheme.AtPriority(criticite, impact));
        Assert.True(PriorityScheme.At.TryGet(expected, out _));
    }

    [Fact]
    public void The_schemes_list_their_levels_from_most_to_least_urgent()
    {
        Assert.Equal(["0", "1", "2", "3"], PriorityScheme.Ls.Levels.Select(l => l.Id));
        Assert.Equal(["1", "2", "3"], PriorityScheme.E23.Levels.Select(l => l.Id));
        Assert.Equal(["bloquante", "majeure", "mineure"], PriorityScheme.Es26.Levels.Select(l => l.Id));
        Assert.Equal(["P1", "P2", "P3", "P4"], PriorityScheme.At.Levels.Select(l => l.Id));
        Assert.All(PriorityScheme.All, s => Assert.Equal(Enumerable.Range(0, s.Levels.Count), s.Levels.Select(l => l.Rank)));
        Assert.All(PriorityScheme.All.SelectMany(s => s.Levels), l => Assert.False(string.IsNullOrWhiteSpace(l.Definition)));
    }

    [Theory]
    [InlineData("0", "1", true)]
    [InlineData("0", "3", true)]
    [InlineData("1", "2", false)]
    [InlineData("2", "0", false)]
    [InlineData("0", "0", false)]
    public void Lowering_a_niveau_0_requires_a_reason_and_a_client_notification(string from, string to, bool expected)
    {
        Assert.Equal(expected, PriorityScheme.Ls.RequiresNotification(from, to));
    }

    [Fact]
    public void Levels_are_found_by_id_or_label_ignoring_case()
    {
        Assert.True(PriorityScheme.Es26.TryGet("BLOQUANTE", out var level));
        Assert.Equal("bloquante", level.Id);
        Assert.True(PriorityScheme.Ls.TryGet("niveau 0 - bloquant", out level));
        Assert.Equal("0", level.Id);
        Assert.False(PriorityScheme.Ls.TryGet("4", out _));
        Assert.Throws<ArgumentException>(() => PriorityScheme.Ls.Get("N9"));
    }
}
