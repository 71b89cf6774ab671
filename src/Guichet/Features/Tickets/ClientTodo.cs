using Guichet.Domain.Tickets;

namespace Guichet.Features.Tickets;

/// <summary>
/// What an open ticket expects from its client, when the workflow gives them the ball: to answer, or to validate the
/// solution (a client state the system closes by itself after a while), and by when. The home and the ticket page say it.
/// </summary>
/// <param name="ToValidate">The support says it is solved and waits for the client's validation (or silence).</param>
/// <param name="ClosesAt">When the system closes the ticket by itself if the client does nothing, if it ever does.</param>
internal sealed record ClientTodo(bool ToValidate, Instant? ClosesAt)
{
    /// <summary>The sentence that says it, first on the page.</summary>
    public string Title => ToValidate ? "Le support vous demande de valider la solution" : "Le support attend votre réponse";

    /// <summary>What the ticket expects in <paramref name="workflow"/>, or null when the ball is not the client's.</summary>
    /// <param name="since">The later of the entry into the state and the client's last action (the automatic transitions' start).</param>
    public static ClientTodo? Of(Workflow workflow, string state, bool isClosed, Instant since)
    {
        if (isClosed || !workflow.TryGetState(state, out var s) || s.Actor != Actor.Client || s.Terminal)
        {
            return null;
        }

        var auto = workflow.AutomaticTransitionFrom(state);
        return new ClientTodo(auto is not null, auto?.DueAt(since));
    }

    /// <summary>The same for a ticket: its state, and the later of its state's entry and its client's last action.</summary>
    public static ClientTodo? Of(Workflow workflow, Ticket ticket) =>
        Of(workflow, ticket.State, ticket.IsClosed, ticket.LastClientActionAt is { } last && last > ticket.StateChangedAt ? last : ticket.StateChangedAt);
}
