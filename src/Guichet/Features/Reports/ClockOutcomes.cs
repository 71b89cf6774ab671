using Guichet.Domain.Sla;
using Guichet.Domain.Tickets;

namespace Guichet.Features.Reports;

/// <summary>
/// A ticket's clock outcomes (<see cref="ClockOutcome"/>) as its trace gives them: one function of the trace and the
/// policy version, used by every commit (through <see cref="Tickets.TicketClocks.Refresh"/>, so the rows are saved with
/// the event that changed them) and by <c>guichet reports rebuild</c>, which is how the two always agree.
/// </summary>
/// <remarks>
/// The clocks are evaluated as of the trace's last event, not of the commit's clock: a row says what the trace says,
/// so a rebuild at any later time writes the same rows. A clock still running is stored as <c>running</c> with its
/// due; reports count it as missed once that due has passed (a breach is final), docs/reports.md.
/// </remarks>
internal static class ClockOutcomes
{
    /// <summary>The instant the ticket was first closed (a closed event or a terminal state), or null.</summary>
    public static Instant? ClosureOf(IReadOnlyList<TicketEvent> events, Workflow workflow)
    {
        foreach (var e in events)
        {
            if (e.Kind == TicketEventKind.Closed
                || (e.Kind == TicketEventKind.StateChanged && e.Value is { } state && workflow.TryGetState(state, out var s) && s.Terminal))
            {
                return e.At;
            }
        }

        return null;
    }

    /// <summary>
    /// The rows for one evaluation made as of the trace's last event: every clock that has started, and every clock
    /// once the ticket has closed.
    /// </summary>
    public static List<ClockOutcome> Derive(long ticketId, Guid contractId, int policyVersion, SlaEvaluation evaluation, Instant? closure)
    {
        var rows = new List<ClockOutcome>();
        foreach (var c in evaluation.Clocks)
        {
            if (c.Status == ClockStatus.NotStarted || (c.Start is null && closure is null))
            {
                continue;
            }

            rows.Add(new ClockOutcome
            {
                TicketId = ticketId,
                ClockId = c.Id,
                ContractId = contractId,
                Priority = c.Priority,
                Start = c.Start,
                Stop = c.Stop ?? (c.Start is not null ? closure : null),
                Due = c.Due,
                CountedSeconds = (long)c.Elapsed.TotalSeconds,
                Result = c.Status.ToId(),
                PolicyVersion = policyVersion,
                Note = c.Status == ClockStatus.NotApplicable ? c.Note : null,
            });
        }

        return rows;
    }

    /// <summary>Brings <paramref name="stored"/> (tracked rows of one ticket) to <paramref name="derived"/>: changed rows updated, new ones added, gone ones removed.</summary>
    public static void Sync(List<ClockOutcome> stored, IReadOnlyList<ClockOutcome> derived)
    {
        stored.RemoveAll(s => derived.All(d => d.ClockId != s.ClockId));
        foreach (var d in derived)
        {
            var s = stored.Find(x => x.ClockId == d.ClockId);
            if (s is null)
            {
                stored.Add(d);
            }
            else if (Difference(s, d) is not null)
            {
                Copy(d, s);
            }
        }
    }

    /// <summary>The first field in which two rows of one clock differ, in words (for the rebuild's report), or null.</summary>
    public static string? Difference(ClockOutcome a, ClockOutcome b) =>
        a.Result != b.Result ? $"résultat {a.Result} / {b.Result}"
        : a.Start != b.Start ? $"départ {a.Start} / {b.Start}"
        : a.Stop != b.Stop ? $"arrêt {a.Stop} / {b.Stop}"
        : a.Due != b.Due ? $"échéance {a.Due} / {b.Due}"
        : a.CountedSeconds != b.CountedSeconds ? $"temps compté {a.CountedSeconds} s / {b.CountedSeconds} s"
        : a.Priority != b.Priority ? $"priorité {a.Priority} / {b.Priority}"
        : a.PolicyVersion != b.PolicyVersion ? $"version de politique {a.PolicyVersion} / {b.PolicyVersion}"
        : a.ContractId != b.ContractId ? "contrat"
        : a.Note != b.Note ? "note"
        : null;

    private static void Copy(ClockOutcome from, ClockOutcome to)
    {
        to.ContractId = from.ContractId;
        to.Priority = from.Priority;
        to.Start = from.Start;
        to.Stop = from.Stop;
        to.Due = from.Due;
        to.CountedSeconds = from.CountedSeconds;
        to.Result = from.Result;
        to.PolicyVersion = from.PolicyVersion;
        to.Note = from.Note;
    }
}
