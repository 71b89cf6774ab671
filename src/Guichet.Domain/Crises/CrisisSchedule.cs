using Guichet.Domain.Calendars;
using Guichet.Domain.Sla;
using NodaTime;

namespace Guichet.Domain.Crises;

/// <summary>What happened to a crisis cell that bears on its promises [AT 9.3.4.6].</summary>
public enum CrisisFactKind
{
    /// <summary>The cell is opened (with the cadence of the status points first agreed).</summary>
    Opened,

    /// <summary>The cell's first meeting is held.</summary>
    MeetingHeld,

    /// <summary>A status point is given (optionally with the cadence agreed for the next period).</summary>
    PointGiven,

    /// <summary>The cadence of the status points changes between two points.</summary>
    CadenceChanged,

    /// <summary>The crisis manager closes the cell.</summary>
    Closed,

    /// <summary>The post-mortem (bilan de la crise) is published to the client.</summary>
    PostMortemPublished,
}

/// <summary>One stored fact of a crisis, in the order it was recorded.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="At">When.</param>
/// <param name="Cadence">The cadence set by an opening, a point (for the next period) or a change; null otherwise.</param>
public readonly record struct CrisisFact(CrisisFactKind Kind, Instant At, ClockTarget? Cadence = null);

/// <summary>Which promise of the crisis cell.</summary>
public enum CrisisPromiseKind
{
    /// <summary>The first meeting, within 15 minutes of the opening.</summary>
    Meeting,

    /// <summary>A status point, at the agreed cadence after the previous point (or the meeting).</summary>
    Point,

    /// <summary>The post-mortem, after the closure.</summary>
    PostMortem,
}

/// <summary>
/// One promise of a crisis cell, derived from its facts: what it is, what it is counted from (its anchor), its target
/// and due instant, and how it ended — kept (<see cref="KeptAt"/>) or ended by the closure of the cell
/// (<see cref="EndedAt"/>). Nothing here depends on "now": <see cref="StatusAt"/> reads the status at an instant.
/// </summary>
public sealed record CrisisPromise(string Key, CrisisPromiseKind Kind, int Number, ClockTarget Target, Instant Anchor, Instant Due, Instant? KeptAt = null, Instant? EndedAt = null)
{
    /// <summary>Whether it is still owed (neither kept nor ended by the closure).</summary>
    public bool IsPending => KeptAt is null && EndedAt is null;

    /// <summary>
    /// When the crisis manager is reminded: <see cref="CrisisRules.ReminderLead"/> before the due, or a third of the
    /// period when that is shorter (the 15-minute meeting: 5 minutes before); none for the post-mortem.
    /// </summary>
    public Instant? RemindAt => Kind == CrisisPromiseKind.PostMortem
        ? null
        : Due - Duration.Min(CrisisRules.ReminderLead, (Due - Anchor) / 3);

    /// <summary>
    /// The status at <paramref name="now"/>, in the SLA engine's words: <c>running</c> while owed and not due,
    /// <c>met</c> when kept by its due, <c>breached</c> once past its due without being kept in time (a breach stays a
    /// breach, even once the cell is closed), <c>not-applicable</c> when the cell closed before it fell due.
    /// </summary>
    public ClockStatus StatusAt(Instant now) =>
        KeptAt is { } kept ? (kept > Due ? ClockStatus.Breached : ClockStatus.Met)
        : EndedAt is { } ended ? (ended > Due ? ClockStatus.Breached : ClockStatus.NotApplicable)
        : now > Due ? ClockStatus.Breached : ClockStatus.Running;
}

/// <summary>
/// The targets of a crisis cell: the first meeting (<see cref="FirstMeeting"/>, wall clock), the status points (a
/// wall-clock cadence), and the post-mortem (<see cref="PostMortem"/>, counted on <see cref="PostMortemCalendar"/>,
/// the contract's support calendar).
/// </summary>
public sealed record CrisisRules(ClockTarget PostMortem, BusinessCalendar PostMortemCalendar)
{
    /// <summary>"Première réunion de la Cellule de crise … dans les 15 minutes suivant le déclenchement" [AT 9.3.4.6 5].</summary>
    public static ClockTarget FirstMeeting { get; } = ClockTarget.Parse("wall-hours:0.25");

    /// <summary>"Périodicité appropriée des points de situation (2 heures - 4 heures - 12 heures)" [AT 9.3.4.6 8].</summary>
    public static IReadOnlyList<ClockTarget> Cadences { get; } = [ClockTarget.Parse("wall-hours:2"), ClockTarget.Parse("wall-hours:4"), ClockTarget.Parse("wall-hours:12")];

    /// <summary>The cadence until the crisis manager and the client agree on one: 4 hours, the middle of the three.</summary>
    public static ClockTarget DefaultCadence => Cadences[1];

    /// <summary>The post-mortem's own deadline (the seed gives none): 10 business days after the closure.</summary>
    public static ClockTarget DefaultPostMortem { get; } = ClockTarget.Parse("business-days:10");

    /// <summary>How long before a meeting or a point the crisis manager is reminded (at most).</summary>
    public static readonly Duration ReminderLead = Duration.FromMinutes(15);
}

/// <summary>
/// Derives a crisis cell's promises from its facts: a pure function, so the due instants are never stored as anything
/// but a copy that can be rebuilt. Each due is applied by <see cref="ClockTarget.DueFrom"/>, the SLA engine's own.
/// </summary>
/// <remarks>
/// <para><b>Meeting.</b> Due <see cref="CrisisRules.FirstMeeting"/> after the opening; kept by the first meeting held
/// (a point given before any meeting holds it too).</para>
/// <para><b>Points.</b> Point n is counted from the previous point (point 1 from the meeting) and due one cadence
/// later: the cadence in force, i.e. the opening's, else the last one a point or a change set.</para>
/// <para><b>A cadence change</b> between two points never restarts the count, as a requalification of a ticket does
/// not: the pending point is due at its anchor + the new cadence, so shortening it may make the point late at once. A
/// point already late when the cadence changes keeps its due (a breach is final).</para>
/// <para><b>Closure</b> ends the pending promise: not applicable when it was not due yet, breached when it was; then
/// the post-mortem is due <see cref="CrisisRules.PostMortem"/> after the closure on the support calendar, kept when
/// it is published. Facts after the closure other than the publication change nothing.</para>
/// </remarks>
public static class CrisisSchedule
{
    /// <summary>The promises, in the order they arose; empty when the facts do not start with an opening.</summary>
    /// <exception cref="ArgumentException">Facts are out of chronological order.</exception>
    public static IReadOnlyList<CrisisPromise> Derive(CrisisRules rules, IReadOnlyList<CrisisFact> facts)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(facts);
        var promises = new List<CrisisPromise>();
        if (facts.Count == 0 || facts[0].Kind != CrisisFactKind.Opened)
        {
            return promises;
        }

        var opened = facts[0].At;
        var cadence = facts[0].Cadence ?? CrisisRules.DefaultCadence;
        promises.Add(Promise("meeting", CrisisPromiseKind.Meeting, 0, CrisisRules.FirstMeeting, opened, BusinessCalendar.WallClock));
        var closed = false;
        var previous = opened;
        for (var i = 1; i < facts.Count; i++)
        {
            var fact = facts[i];
            if (fact.At < previous)
            {
                throw new ArgumentException($"Crisis facts must be in chronological order: {fact.Kind} at {fact.At} comes after {previous}.", nameof(facts));
            }

            previous = fact.At;
            var pending = promises.FindLastIndex(p => p.IsPending);
            if (closed)
            {
                if (fact.Kind == CrisisFactKind.PostMortemPublished && pending >= 0 && promises[pending].Kind == CrisisPromiseKind.PostMortem)
                {
                    promises[pending] = promises[pending] with { KeptAt = fact.At };
                }

                continue;
            }

            switch (fact.Kind)
            {
                case CrisisFactKind.MeetingHeld when promises[pending].Kind == CrisisPromiseKind.Meeting:
                    promises[pending] = promises[pending] with { KeptAt = fact.At };
                    promises.Add(NextPoint(promises, cadence, fact.At));
                    break;
                case CrisisFactKind.PointGiven:
                    if (promises[pending].Kind == CrisisPromiseKind.Meeting)
                    {
                        promises[pending] = promises[pending] with { KeptAt = fact.At };
                        promises.Add(NextPoint(promises, cadence, fact.At));
                        pending = promises.Count - 1;
                    }

                    promises[pending] = promises[pending] with { KeptAt = fact.At };
                    cadence = fact.Cadence ?? cadence;
                    promises.Add(NextPoint(promises, cadence, fact.At));
                    break;
                case CrisisFactKind.CadenceChanged when fact.Cadence is { } changed:
                    cadence = changed;
                    var point = promises[pending];
                    if (point.Kind == CrisisPromiseKind.Point && fact.At <= point.Due)
                    {
                        promises[pending] = Promise(point.Key, point.Kind, point.Number, changed, point.Anchor, BusinessCalendar.WallClock);
                    }

                    break;
                case CrisisFactKind.Closed:
                    closed = true;
                    promises[pending] = promises[pending] with { EndedAt = fact.At };
                    promises.Add(Promise("post-mortem", CrisisPromiseKind.PostMortem, 0, rules.PostMortem, fact.At, rules.PostMortemCalendar));
                    break;
            }
        }

        return promises;
    }

    /// <summary>The promise still owed that falls due first, if any.</summary>
    public static CrisisPromise? Next(IReadOnlyList<CrisisPromise> promises)
    {
        ArgumentNullException.ThrowIfNull(promises);
        CrisisPromise? next = null;
        foreach (var p in promises)
        {
            if (p.IsPending && (next is null || p.Due < next.Due))
            {
                next = p;
            }
        }

        return next;
    }

    private static CrisisPromise NextPoint(List<CrisisPromise> promises, ClockTarget cadence, Instant anchor)
    {
        var number = promises.Count(p => p.Kind == CrisisPromiseKind.Point) + 1;
        return Promise($"point-{number}", CrisisPromiseKind.Point, number, cadence, anchor, BusinessCalendar.WallClock);
    }

    private static CrisisPromise Promise(string key, CrisisPromiseKind kind, int number, ClockTarget target, Instant anchor, BusinessCalendar calendar) =>
        new(key, kind, number, target, anchor, target.DueFrom(anchor, calendar) ?? throw new ArgumentException($"The target {target} of a crisis promise needs no release date.", nameof(target)));
}
