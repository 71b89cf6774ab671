using Guichet.Domain.Presets;
using Guichet.Domain.Tickets;
using NodaTime;
using static Guichet.Domain.Tests.TestData;

namespace Guichet.Domain.Tests.Tickets;

public class WorkflowTests
{
    private static readonly Workflow Reference = ReferenceWorkflow.Instance;

    [Theory]
    [InlineData("nouveau", "a-qualifier-pole", Actor.Provider, true)]
    [InlineData("nouveau", "en-cours", Actor.Provider, true)]
    [InlineData("en-cours", "a-qualifier-client", Actor.Provider, true)]
    [InlineData("a-qualifier-client", "retour-information-client", Actor.Client, true)]
    [InlineData("traite-interlocuteur", "clos-par-le-client", Actor.Client, true)]
    [InlineData("traite-interlocuteur", "en-cours", Actor.Provider, true)] // the provider reopens
    [InlineData("traite-interlocuteur", "traite-fermeture-automatique", Actor.System, true)]
    [InlineData("en-cours", "clos-par-le-client", Actor.Provider, false)] // only the client closes
    [InlineData("en-cours", "en-cours", Actor.Client, false)]
    [InlineData("en-cours", "traite-fermeture-automatique", Actor.Provider, false)]
    [InlineData("en-cours", "traite-fermeture-automatique", Actor.System, false)] // only after "traité"
    [InlineData("clos-par-le-client", "en-cours", Actor.Provider, false)] // terminal
    [InlineData("nouveau", "retour-information-client", Actor.Provider, false)]
    public void Transitions_come_from_the_table(string from, string to, Actor actor, bool allowed)
    {
        var result = Reference.TryTransition(from, to, actor, hasVersion: true);

        Assert.Equal(allowed, result.Allowed);
        Assert.Equal(allowed ? to : from, result.To);
        Assert.Equal(allowed, result.Reason is null);
    }

    [Fact]
    public void Refusals_give_a_french_reason()
    {
        Assert.Contains("clos", Reference.TryTransition("clos-par-le-client", "en-cours", Actor.Provider).Reason, StringComparison.Ordinal);
        Assert.Contains("non autorisé pour le prestataire", Reference.TryTransition("en-cours", "clos-par-le-client", Actor.Provider).Reason, StringComparison.Ordinal);
        Assert.Contains("n'existe pas", Reference.TryTransition("en-cours", "inconnu", Actor.Provider).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_version_is_required_to_announce_a_fix_in_a_version()
    {
        Assert.False(Reference.TryTransition("en-cours", "bug-corrige-version", Actor.Provider).Allowed);
        Assert.True(Reference.TryTransition("en-cours", "bug-corrige-version", Actor.Provider, hasVersion: true).Allowed);
    }

    [Theory]
    [InlineData(ClientAction.Reply, "retour-information-client")]
    [InlineData(ClientAction.ReplyAndChase, "relance-client")]
    [InlineData(ClientAction.ReplyAndClose, "clos-par-le-client")]
    [InlineData(ClientAction.Cancel, "a-qualifier-client")]
    public void Client_reply_actions_move_the_ticket(ClientAction action, string expected)
    {
        var result = Reference.TryClientAction("a-qualifier-client", action);

        Assert.True(result.Allowed);
        Assert.Equal(expected, result.To);
    }

    [Fact]
    public void A_closed_ticket_takes_no_reply()
    {
        Assert.False(Reference.TryClientAction("traite-fermeture-automatique", ClientAction.Reply).Allowed);
    }

    [Theory]
    [InlineData("traite-interlocuteur", "traite-fermeture-automatique")]
    [InlineData("bug-corrige-version", "traite-bug-corrige")]
    [InlineData("evolution-integree-version", "traite-evolution-integree")]
    public void States_left_20_days_without_client_action_close_automatically(string state, string target)
    {
        var since = I("2026-04-01T10:00+02:00");

        Assert.Null(Reference.DueAutomaticTransition(state, since, since + Duration.FromDays(20) - Duration.FromSeconds(1)));
        var auto = Reference.DueAutomaticTransition(state, since, since + Duration.FromDays(20));
        Assert.NotNull(auto);
        Assert.Equal(target, auto.To);
        Assert.True(Reference.TryTransition(state, auto.To, Actor.System).Allowed);
        Assert.Null(Reference.DueAutomaticTransition("en-cours", since, since + Duration.FromDays(400)));
    }

    [Fact]
    public void States_carry_their_actor_freeze_and_terminal_flags()
    {
        Assert.True(Reference.TryGetState("a-qualifier-client", out var waiting));
        Assert.Equal(Actor.Client, waiting.Actor);
        Assert.True(waiting.FreezesClocks);
        Assert.Equal(
            ["a-qualifier-client", "attente-info-interne", "attente-info-complementaire", "attente-dgcl-dgfip"],
            Reference.States.Where(s => s.FreezesClocks).Select(s => s.Id));
        Assert.Equal(
            ["traite-bug-corrige", "traite-evolution-integree", "traite-fermeture-automatique", "clos-par-le-client"],
            Reference.States.Where(s => s.Terminal).Select(s => s.Id));
        Assert.Equal("nouveau", Reference.Initial.Id);
    }

    [Fact]
    public void A_preset_uses_a_subset_and_transitions_stay_inside_it()
    {
        Assert.True(PresetCatalog.TryGet("mn", out var mn));
        var workflow = mn.Policy.Workflow;

        Assert.False(workflow.TryGetState("comite-evolution", out _));
        Assert.False(workflow.TryTransition("en-cours", "comite-evolution", Actor.Provider).Allowed);
        Assert.True(workflow.TryTransition("en-cours", "traite-interlocuteur", Actor.Provider).Allowed);
        Assert.Equal(
            ["a-qualifier-client", "en-cours", "traite-interlocuteur"],
            workflow.AllowedTargets("nouveau", Actor.Provider).Select(s => s.Id));
        Assert.Throws<ArgumentException>(() => Reference.Restrict(["en-cours"]));
    }

    [Theory]
    [InlineData("nouveau", "en-cours")]
    [InlineData("a-qualifier-client", "en-cours")]
    [InlineData("retour-information-client", "en-cours")]
    [InlineData("en-cours", "en-cours")] // already there: taking in charge does not move it
    [InlineData("clos-par-le-client", null)] // closed
    public void Taking_in_charge_leads_to_the_handling_state(string from, string? expected) =>
        Assert.Equal(expected, Reference.HandlingStateFrom(from)?.Id);

    [Theory]
    [InlineData("ls", "nouveau", "a-qualifier-client")]
    [InlineData("ls", "en-cours", "a-qualifier-client")]
    [InlineData("ls", "a-qualifier-client", "a-qualifier-client")]
    [InlineData("mn", "retour-information-client", "a-qualifier-client")]
    [InlineData("ls", "traite-fermeture-automatique", null)]
    public void Asking_for_information_leads_to_the_state_waiting_for_the_client(string preset, string from, string? expected)
    {
        Assert.True(PresetCatalog.TryGet(preset, out var p));
        Assert.Equal(expected, p.Policy.Workflow.WaitingForClientFrom(from)?.Id);
    }

    [Fact]
    public void A_workflow_without_a_state_waiting_for_the_client_has_none_to_offer()
    {
        var restricted = Reference.Restrict(["nouveau", "en-cours", "traite-interlocuteur", "traite-fermeture-automatique", "clos-par-le-client", "retour-information-client"]);

        // "Traité par l'interlocuteur" belongs to the client but waits for a validation (the system closes it), not an answer.
        Assert.Null(restricted.WaitingForClientFrom("en-cours"));
        Assert.Equal("en-cours", restricted.HandlingStateFrom("nouveau")?.Id);
    }
}
