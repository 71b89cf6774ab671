using NodaTime;

namespace Guichet.Domain.Tickets;

/// <summary>Who acts: the provider's staff, the client's users, or the system (automatic transitions).</summary>
public enum Actor
{
    /// <summary>The provider's staff ("action LS").</summary>
    Provider,

    /// <summary>The client's users ("action client").</summary>
    Client,

    /// <summary>Guichet itself (automatic transitions).</summary>
    System,
}

/// <summary>The client's reply actions on a ticket [LS 6.2.3.3].</summary>
public enum ClientAction
{
    /// <summary>"Répondre": the ticket goes to "Retour information du client".</summary>
    Reply,

    /// <summary>"Répondre et relancer": the ticket goes to "Relance client".</summary>
    ReplyAndChase,

    /// <summary>"Répondre et clore": the ticket is closed by the client.</summary>
    ReplyAndClose,

    /// <summary>"Annuler": discards the draft reply; the ticket does not change.</summary>
    Cancel,
}

/// <summary>A state of the ticket workflow.</summary>
/// <param name="Id">Stable id, e.g. <c>en-cours</c>.</param>
/// <param name="Label">French label shown to staff (the contract's wording, LS 6.2.4).</param>
/// <param name="Actor">Who has the ball while the ticket is in this state.</param>
/// <param name="FreezesClocks">Whether this is a waiting state that freezes clocks by default.</param>
/// <param name="Terminal">Whether the ticket is closed in this state (no transition leaves it).</param>
/// <param name="RequiresVersion">Whether entering this state requires a version (e.g. "Bug corrigé dans version précisée").</param>
/// <param name="ClientLabel">The label the client's people read, from their side ("En attente de votre réponse"); the staff label when not given.</param>
/// <param name="Handling">Whether the provider's team is working on the ticket in this state ("En cours de traitement"): the state taking a ticket in charge moves it to.</param>
public sealed record WorkflowState(string Id, string Label, Actor Actor, bool FreezesClocks, bool Terminal, bool RequiresVersion, string? ClientLabel = null, bool Handling = false)
{
    /// <summary>The label for a client (<see cref="ClientLabel"/>) or for staff (<see cref="Label"/>).</summary>
    public string LabelFor(bool client) => client ? ClientLabel ?? Label : Label;
}

/// <summary>An automatic transition: after <paramref name="After"/> without client action in <paramref name="From"/>, the ticket moves to <paramref name="To"/>.</summary>
public sealed record AutoTransition(string From, string To, Duration After)
{
    /// <summary>When the transition falls due, given the later of the state's entry and the client's last action.</summary>
    public Instant DueAt(Instant since) => since + After;
}

/// <summary>The outcome of asking the workflow for a move.</summary>
/// <param name="Allowed">Whether the move is allowed.</param>
/// <param name="To">The state the ticket ends in (unchanged for <see cref="ClientAction.Cancel"/>).</param>
/// <param name="Reason">Why the move is refused, in French, when it is.</param>
public readonly record struct TransitionResult(bool Allowed, string To, string? Reason)
{
    internal static TransitionResult Ok(string to) => new(true, to, null);

    internal static TransitionResult Refused(string from, string reason) => new(false, from, reason);
}

/// <summary>
/// A ticket workflow as data: states with their actor, allowed transitions per actor, the client's reply
/// actions and the automatic transitions. One method, <see cref="TryTransition"/>, decides every move.
/// </summary>
public sealed class Workflow
{
    private readonly Dictionary<string, WorkflowState> _states;
    private readonly HashSet<(string From, string To, Actor By)> _transitions;
    private readonly Dictionary<ClientAction, string> _clientActions;
    private readonly Dictionary<string, AutoTransition> _auto;

    internal Workflow(
        string initial,
        IReadOnlyList<WorkflowState> states,
        IEnumerable<(string From, string To, Actor By)> transitions,
        IReadOnlyDictionary<ClientAction, string> clientActions,
        IEnumerable<AutoTransition> automatic)
    {
        States = states;
        _states = states.ToDictionary(s => s.Id, StringComparer.Ordinal);
        Initial = _states[initial];
        _transitions = [.. transitions];
        _clientActions = new Dictionary<ClientAction, string>(clientActions);
        _auto = automatic.ToDictionary(a => a.From, StringComparer.Ordinal);
    }

    /// <summary>The state a new ticket is in ("Nouveau").</summary>
    public WorkflowState Initial { get; }

    /// <summary>Every state, in display order.</summary>
    public IReadOnlyList<WorkflowState> States { get; }

    /// <summary>Automatic transitions, one per state at most.</summary>
    public IReadOnlyCollection<AutoTransition> AutomaticTransitions => _auto.Values;

    /// <summary>Finds a state by id.</summary>
    public bool TryGetState(string id, out WorkflowState state) => _states.TryGetValue(id, out state!);

    /// <summary>The states <paramref name="actor"/> may move a ticket to from <paramref name="from"/>.</summary>
    public IReadOnlyList<WorkflowState> AllowedTargets(string from, Actor actor) =>
        [.. States.Where(s => _transitions.Contains((from, s.Id, actor)))];

    /// <summary>
    /// The state taking a ticket in charge leads to from <paramref name="from"/>: the first handling state (in display
    /// order) the provider may move it to, or <paramref name="from"/> itself when it is one; null when there is none.
    /// </summary>
    public WorkflowState? HandlingStateFrom(string from) => ProviderReach(from).FirstOrDefault(s => s.Handling);

    /// <summary>
    /// The state that waits for the client's information, reachable by the provider from <paramref name="from"/> (or
    /// <paramref name="from"/> itself): the first open state (in display order) where the client has the ball, that asks
    /// for no version and that the system does not close by itself (those wait for a validation, not an answer);
    /// null when there is none.
    /// </summary>
    public WorkflowState? WaitingForClientFrom(string from) =>
        ProviderReach(from).FirstOrDefault(s => s.Actor == Actor.Client && !s.Terminal && !s.RequiresVersion && !_auto.ContainsKey(s.Id));

    /// <summary>Where the provider may take a ticket from <paramref name="from"/>, <paramref name="from"/> included; nothing from a closed state.</summary>
    private IEnumerable<WorkflowState> ProviderReach(string from) =>
        _states.TryGetValue(from, out var source) && !source.Terminal
            ? States.Where(s => s.Id == from || _transitions.Contains((from, s.Id, Actor.Provider)))
            : [];

    /// <summary>Decides whether <paramref name="actor"/> may move a ticket from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public TransitionResult TryTransition(string from, string to, Actor actor, bool hasVersion = false)
    {
        if (!_states.TryGetValue(from, out var source))
        {
            return TransitionResult.Refused(from, $"L'état « {from} » n'existe pas dans ce circuit.");
        }

        if (!_states.TryGetValue(to, out var target))
        {
            return TransitionResult.Refused(from, $"L'état « {to} » n'existe pas dans ce circuit.");
        }

        if (source.Terminal)
        {
            return TransitionResult.Refused(from, $"Le ticket est clos (« {source.Label} ») : son état ne peut plus changer.");
        }

        if (!_transitions.Contains((from, to, actor)))
        {
            return TransitionResult.Refused(from, $"Passage de « {source.Label} » à « {target.Label} » non autorisé pour {ActorLabel(actor)}.");
        }

        if (target.RequiresVersion && !hasVersion)
        {
            return TransitionResult.Refused(from, $"L'état « {target.Label} » exige une version.");
        }

        return TransitionResult.Ok(to);
    }

    /// <summary>Applies a client reply action to a ticket in state <paramref name="from"/>.</summary>
    public TransitionResult TryClientAction(string from, ClientAction action)
    {
        if (action == ClientAction.Cancel)
        {
            return TransitionResult.Ok(from);
        }

        if (!_clientActions.TryGetValue(action, out var to))
        {
            return TransitionResult.Refused(from, "Cette action n'est pas proposée par ce circuit.");
        }

        return TryTransition(from, to, Actor.Client);
    }

    /// <summary>The automatic transition leaving <paramref name="state"/>, if any.</summary>
    public AutoTransition? AutomaticTransitionFrom(string state) => _auto.GetValueOrDefault(state);

    /// <summary>
    /// The automatic transition that is due at <paramref name="now"/> for a ticket in <paramref name="state"/>,
    /// where <paramref name="since"/> is the later of its entry into the state and the client's last action.
    /// </summary>
    public AutoTransition? DueAutomaticTransition(string state, Instant since, Instant now)
    {
        var auto = AutomaticTransitionFrom(state);
        return auto is not null && now >= auto.DueAt(since) ? auto : null;
    }

    /// <summary>
    /// The same workflow restricted to <paramref name="stateIds"/>: transitions, client actions and automatic
    /// transitions that leave the subset are dropped. The initial state must be kept.
    /// </summary>
    /// <exception cref="ArgumentException">A state is unknown, or the initial state is left out.</exception>
    public Workflow Restrict(IReadOnlyCollection<string> stateIds)
    {
        ArgumentNullException.ThrowIfNull(stateIds);
        foreach (var id in stateIds)
        {
            if (!_states.ContainsKey(id))
            {
                throw new ArgumentException($"unknown state \"{id}\"");
            }
        }

        if (!stateIds.Contains(Initial.Id))
        {
            throw new ArgumentException($"the initial state \"{Initial.Id}\" must be kept");
        }

        var keep = stateIds.ToHashSet(StringComparer.Ordinal);
        return new Workflow(
            Initial.Id,
            [.. States.Where(s => keep.Contains(s.Id))],
            _transitions.Where(t => keep.Contains(t.From) && keep.Contains(t.To)),
            _clientActions.Where(a => keep.Contains(a.Value)).ToDictionary(a => a.Key, a => a.Value),
            _auto.Values.Where(a => keep.Contains(a.From) && keep.Contains(a.To)));
    }

    private static string ActorLabel(Actor actor) => actor switch
    {
        Actor.Provider => "le prestataire",
        Actor.Client => "le client",
        _ => "le système",
    };
}
