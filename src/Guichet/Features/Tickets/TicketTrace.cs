using Guichet.Domain.Presets;

namespace Guichet.Features.Tickets;

/// <summary>
/// The one place a ticket's trace grows and its summary columns are rewritten from it: the use cases (through
/// <see cref="TicketHandlers.CommitAsync"/>), the automatic transitions and the administrator's policy changes
/// (<c>Admin/TicketSummaries</c>) all come here, so that the stored summary always says what the trace says.
/// </summary>
internal static class TicketTrace
{
    /// <summary>
    /// Appends <paramref name="events"/> (dated no earlier than the last entry: the trace's order is the order of
    /// commits, even if this instance's clock is behind another's), applies <paramref name="alsoChange"/>, moves the
    /// version on and rewrites the summary. Nothing is saved.
    /// </summary>
    public static void Append(Ticket ticket, IEnumerable<TicketTraceEntry> events, SlaPreset preset, string territory, Instant now, Action<Ticket>? alsoChange = null)
    {
        var last = ticket.Events.Count > 0 ? ticket.Events.Max(x => x.At) : ticket.CreatedAt;
        foreach (var e in events)
        {
            e.TicketId = ticket.Id;
            if (e.At < last)
            {
                e.At = last;
            }

            ticket.Events.Add(e);
        }

        alsoChange?.Invoke(ticket);
        ticket.Version++;
        Refresh(ticket, preset, territory, now);
    }

    /// <summary>Rewrites the summary from the trace alone (the version stays: nothing a reader saw has changed).</summary>
    public static void Refresh(Ticket ticket, SlaPreset preset, string territory, Instant now) =>
        TicketClocks.Refresh(ticket, ticket.Events, preset, territory, now);
}
