using Guichet.Domain.Sla;

namespace Guichet.Domain.Tests.Sla;

/// <summary>Event names: the stored English ids and the French names the simulator page shows are the same events.</summary>
public sealed class TicketEventNameTests
{
    [Theory]
    [InlineData("creation", "created")]
    [InlineData("prise-en-charge", "taken-in-charge")]
    [InlineData("qualification:anomalie", "qualified:anomalie")]
    [InlineData("contournement", "workaround-provided")]
    [InlineData("plan-correctif", "corrective-plan-provided")]
    [InlineData("resolution", "resolved")]
    [InlineData("validation", "validated")]
    [InlineData("cloture", "closed")]
    [InlineData("reponse", "answered")]
    [InlineData("etat:en-cours", "state:en-cours")]
    [InlineData("priorite:1", "priority:1")]
    public void A_French_name_reads_as_its_English_id(string french, string english)
    {
        Assert.True(TicketEvent.TryParseKind(french, out var kind, out var value, out var error), error);
        Assert.True(TicketEvent.TryParseKind(english, out var expectedKind, out var expectedValue, out _));
        Assert.Equal(expectedKind, kind);
        Assert.Equal(expectedValue, value);
    }

    [Fact]
    public void The_French_names_shown_hold_no_English_word()
    {
        var shown = string.Join(", ", TicketEvent.FrenchNames);
        Assert.Contains("prise-en-charge", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("value", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("taken", shown, StringComparison.Ordinal);
        Assert.False(TicketEvent.TryParseKind("etat", out _, out _, out _), "a state change needs its state");
    }
}
