using Guichet.Domain.Calendars;
using Guichet.Domain.Tickets;
using NodaTime;

namespace Guichet.Domain.Sla;

/// <summary>The state of a clock.</summary>
public enum ClockStatus
{
    /// <summary>Its start event has not happened (<c>not-started</c>).</summary>
    NotStarted,

    /// <summary>Counting (<c>running</c>).</summary>
    Running,

    /// <summary>Started, not stopped, currently in a freezing state (<c>frozen</c>).</summary>
    Frozen,

    /// <summary>Stopped within its target (<c>met</c>).</summary>
    Met,

    /// <summary>Its target was exceeded, whether or not it has stopped since (<c>breached</c>).</summary>
    Breached,

    /// <summary>No promise applies: no target for the priority, another service type or nature, or closed before due (<c>not-applicable</c>).</summary>
    NotApplicable,
}

/// <summary>The stable ids of clock statuses, as the API and the command line print them.</summary>
public static class ClockStatusIds
{
    /// <summary><c>not-started</c>, <c>running</c>, <c>frozen</c>, <c>met</c>, <c>breached</c> or <c>not-applicable</c>.</summary>
    public static string ToId(this ClockStatus status) => status switch
    {
        ClockStatus.NotStarted => "not-started",
        ClockStatus.Running => "running",
        ClockStatus.Frozen => "frozen",
        ClockStatus.Met => "met",
        ClockStatus.Breached => "breached",
        _ => "not-applicable",
    };
}

/// <summary>What the engine says of one clock.</summary>
public sealed record ClockResult
{
    /// <summary>Clock id.</summary>
    public required string Id { get; init; }

    /// <summary>French name.</summary>
    public required string Name { get; init; }

    /// <summary>Status at the evaluation instant.</summary>
    public required ClockStatus Status { get; init; }

    /// <summary>The target in force (on-call target when <see cref="OnCall"/>), or null when none applies.</summary>
    public ClockTarget? Target { get; init; }

    /// <summary>The priority whose target is in force.</summary>
    public string? Priority { get; init; }

    /// <summary>When the clock started.</summary>
    public Instant? Start { get; init; }

    /// <summary>When the clock stopped (its stop event).</summary>
    public Instant? Stop { get; init; }

    /// <summary>The due instant; null while frozen, before start, or when unknown (no planned release).</summary>
    public Instant? Due { get; init; }

    /// <summary>Business time counted so far (or until the stop).</summary>
    public Duration Elapsed { get; init; }

    /// <summary>Business time left before the due; negative once breached; null when unknown.</summary>
    public Duration? Remaining { get; init; }

    /// <summary>Whether the out-of-hours (on-call) target is the one in force.</summary>
    public bool OnCall { get; init; }

    /// <summary>The calendar that counts the clock's time.</summary>
    public BusinessCalendar? Calendar { get; init; }

    /// <summary>The counted segments: the opening time between start and stop (or now), outside frozen periods.</summary>
    public IReadOnlyList<Interval> Segments { get; init; } = [];

    /// <summary>The frozen periods between start and stop (or now).</summary>
    public IReadOnlyList<Interval> Frozen { get; init; } = [];

    /// <summary>Why the clock is not applicable, in French.</summary>
    public string? Note { get; init; }
}

/// <summary>The state of every clock of a ticket at one instant.</summary>
/// <param name="Clocks">One result per clock of the policy, in policy order.</param>
/// <param name="Priority">The priority in force at the evaluation instant.</param>
/// <param name="State">The workflow state at the evaluation instant.</param>
public sealed record SlaEvaluation(IReadOnlyList<ClockResult> Clocks, string Priority, string State);

/// <summary>Inputs of an evaluation besides the ticket's events.</summary>
public sealed record EvaluationOptions
{
    /// <summary>The ticket's service type; clocks limited to some service types do not apply when it is null.</summary>
    public string? ServiceType { get; init; }

    /// <summary>Planned releases, for "next release" targets.</summary>
    public IReadOnlyList<PlannedRelease> Releases { get; init; } = [];

    /// <summary>Whether to list counted segments and frozen periods (the explanation).</summary>
    public bool Explain { get; init; } = true;
}

/// <summary>
/// Evaluates a ticket's SLA clocks: a pure function of the policy, its calendars, the ticket's ordered events
/// and the evaluation instant. Nothing is stored; the result is recomputed from the trace every time.
/// </summary>
/// <remarks>
/// <para><b>Start and stop.</b> A clock starts at the first event matching one of its start triggers and stops at
/// the first later event matching one of its stop triggers. Closing the ticket (a <c>closed</c> event or a
/// terminal state) ends every clock: one already past its target stays breached, any other becomes not
/// applicable. Events after the evaluation instant are ignored.</para>
/// <para><b>Counting.</b> Elapsed time is the clock calendar's opening time between start and stop (or now),
/// minus the periods spent in the clock's freezing states. A clock is breached once elapsed time exceeds its
/// budget, the calendar's opening time between start and the target's due: a stop after the office closed at
/// the due instant but before it reopened is on time.</para>
/// <para><b>Due.</b> The target is applied to the start (N business hours or days of the calendar, N wall-clock
/// hours, or the next planned release of a kind) and the due moves later by the opening time of every frozen
/// period that began before it. While the clock is frozen it has no due. A "next release" due is a fixed date
/// that freezes do not move: the date agreed with the client for the clock (the last <c>agreed-due</c> event), else
/// the release of that kind the trace last recorded (the last <c>release</c> event: a moved release is a new one),
/// else the first of <see cref="EvaluationOptions.Releases"/> after the start. Only events up to the clock's end
/// count, so a release moved after a clock stopped does not rewrite its result.</para>
/// <para><b>On-call.</b> When a clock starts outside its calendar's opening hours and has an out-of-hours target
/// for the priority, that wall-clock target applies if it gives an earlier due.</para>
/// <para><b>Requalification.</b> A priority change never restarts a clock: its start, elapsed and frozen time are
/// kept and the target of the priority in force (at the stop, or now) applies, anchored at the original start.
/// Raising the priority can therefore breach a clock at once; lowering it extends the due. A clock already
/// stopped keeps the target of the priority in force when it stopped.</para>
/// </remarks>
public static class SlaEvaluator
{
    private static readonly EvaluationOptions Defaults = new();

    /// <summary>Evaluates every clock of <paramref name="policy"/> for a ticket.</summary>
    /// <param name="policy">The contract's policy.</param>
    /// <param name="calendars">The policy's calendars, resolved for the client (by name).</param>
    /// <param name="initialPriority">The priority when the ticket was registered.</param>
    /// <param name="events">The ticket's events, in chronological order.</param>
    /// <param name="now">The evaluation instant.</param>
    /// <param name="options">Service type, planned releases, explanation.</param>
    /// <exception cref="ArgumentException">Events are out of order, or a priority, state or calendar is unknown.</exception>
    public static SlaEvaluation Evaluate(
        SlaPolicy policy,
        IReadOnlyDictionary<string, BusinessCalendar> calendars,
        string initialPriority,
        IReadOnlyList<TicketEvent> events,
        Instant now,
        EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(calendars);
        ArgumentNullException.ThrowIfNull(events);
        options ??= Defaults;
        var trace = Trace.Read(policy, initialPriority, events, now);
        var results = new ClockResult[policy.Clocks.Count];
        for (var i = 0; i < results.Length; i++)
        {
            var definition = policy.Clocks[i];
            if (!calendars.TryGetValue(definition.Calendar, out var calendar))
            {
                throw new ArgumentException($"Calendar \"{definition.Calendar}\" of clock {definition.Id} was not provided.", nameof(calendars));
            }

            results[i] = EvaluateClock(definition, calendar, trace, now, options);
        }

        return new SlaEvaluation(results, trace.PriorityAfterEvent(int.MaxValue), trace.StateAt(now));
    }

    private static ClockResult EvaluateClock(ClockDefinition def, BusinessCalendar calendar, Trace trace, Instant now, EvaluationOptions options)
    {
        if (def.ServiceTypes.Count > 0 && (options.ServiceType is not { } serviceType || !def.ServiceTypes.Contains(serviceType)))
        {
            return NotApplicable(def, options.ServiceType is null
                ? "Ne s'applique qu'à certains types de service ; celui de la demande n'est pas connu."
                : $"Ne s'applique pas au type de service « {options.ServiceType} ».");
        }

        var (startIndex, start) = trace.First(def.Start, 0);
        if (start is not { } begin || (trace.ClosureIndex >= 0 && trace.ClosureIndex < startIndex))
        {
            var priorityNow = trace.PriorityAfterEvent(int.MaxValue);
            if (!def.Targets.TryGetValue(priorityNow, out var pending))
            {
                return NotApplicable(def, $"Pas d'objectif pour la priorité « {priorityNow} ».", priorityNow);
            }

            return trace.Closure is not null
                ? NotApplicable(def, "Demande close avant le départ de ce délai.", priorityNow)
                : new ClockResult { Id = def.Id, Name = def.Name, Status = ClockStatus.NotStarted, Target = pending, Priority = priorityNow, Calendar = calendar };
        }

        // The clock ends at its stop, else at the ticket's closure, else it is still counting now.
        var (stopIndex, stop) = trace.First(def.Stop, startIndex + 1);
        var closureIndex = trace.ClosureIndex >= startIndex ? trace.ClosureIndex : -1;
        if (stopIndex >= 0 && closureIndex >= 0 && closureIndex < stopIndex)
        {
            (stopIndex, stop) = (-1, null);
        }

        var endIndex = stopIndex >= 0 ? stopIndex : closureIndex >= 0 ? closureIndex : int.MaxValue;
        Instant? closure = closureIndex >= 0 ? trace.Closure : null;
        var end = stop ?? closure ?? now;

        // The nature and priority in force when the clock ended: changes recorded after its stop or closing
        // event, even at the same instant, do not rewrite a result already reached.
        if (trace.NatureAfterEvent(endIndex) is { } nature && def.Natures.Count > 0 && !def.Natures.Contains(nature))
        {
            return NotApplicable(def, $"Ne s'applique pas à une demande qualifiée « {nature} ».");
        }

        var priority = trace.PriorityAfterEvent(endIndex);
        var frozenNow = stop is null && closure is null && def.Freeze.Contains(trace.StateAt(now));

        // A breach is final: if the clock had run out under the priority in force before a requalification,
        // a later (lower) priority does not undo it.
        foreach (var (changeIndex, changeAt) in trace.PriorityChanges(startIndex, endIndex))
        {
            var before = trace.PriorityAfterEvent(changeIndex - 1);
            if (before != priority && def.Targets.TryGetValue(before, out var earlierTarget))
            {
                var earlier = Count(def, calendar, trace, earlierTarget, before, begin, changeAt, frozenNow: false, options, changeIndex - 1);
                if (earlier.Late)
                {
                    var whole = Count(def, calendar, trace, earlierTarget, before, begin, end, frozenNow, options, changeIndex - 1);
                    return Result(def, ClockStatus.Breached, before, begin, stop, whole with { Due = earlier.Due });
                }
            }
        }

        if (!def.Targets.TryGetValue(priority, out var target))
        {
            return NotApplicable(def, $"Pas d'objectif pour la priorité « {priority} ».", priority);
        }

        var counted = Count(def, calendar, trace, target, priority, begin, end, frozenNow, options, endIndex);
        var status = (stop, closure) switch
        {
            (not null, _) => counted.Late ? ClockStatus.Breached : ClockStatus.Met,
            (null, not null) => counted.Late ? ClockStatus.Breached : ClockStatus.NotApplicable,
            _ when counted.Late => ClockStatus.Breached,
            _ when frozenNow => ClockStatus.Frozen,
            _ => ClockStatus.Running,
        };

        return Result(def, status, priority, begin, stop, counted);
    }

    private static ClockResult Result(ClockDefinition def, ClockStatus status, string priority, Instant start, Instant? stop, Counted counted) => new()
    {
        Id = def.Id,
        Name = def.Name,
        Status = status,
        Target = counted.Target,
        Priority = priority,
        Start = start,
        Stop = stop,
        Due = status == ClockStatus.Frozen ? null : counted.Due,
        Elapsed = counted.Elapsed,
        Remaining = counted.Remaining,
        OnCall = counted.OnCall,
        Calendar = counted.Calendar,
        Segments = counted.Segments,
        Frozen = counted.Frozen,
        Note = status == ClockStatus.NotApplicable ? "Demande close avant l'échéance sans que ce délai soit atteint." : null,
    };

    /// <summary>What a clock counted between its start and an end instant, under one target.</summary>
    private sealed record Counted(
        ClockTarget Target,
        Instant? Due,
        Duration Elapsed,
        Duration? Remaining,
        bool Late,
        bool OnCall,
        BusinessCalendar Calendar,
        IReadOnlyList<Interval> Segments,
        IReadOnlyList<Interval> Frozen);

    private static Counted Count(
        ClockDefinition def, BusinessCalendar calendar, Trace trace, ClockTarget target, string priority, Instant begin, Instant end, bool frozenNow, EvaluationOptions options, int upTo)
    {
        var (due, onCall, counting) = Anchor(def, calendar, trace, target, priority, begin, options, upTo, out var fixedDue);
        if (onCall)
        {
            target = def.OutOfHours[priority];
        }

        var frozen = trace.FrozenPeriods(def.Freeze, begin, end);
        var openFreeze = frozenNow && frozen.Count > 0 && frozen[^1].End == end;

        // Frozen periods that begin before the due move it by their opening time; an open one suspends it.
        var budget = due is { } d0 && !fixedDue ? counting.BusinessTimeBetween(begin, d0) : (Duration?)null;
        if (due is not null && !fixedDue)
        {
            for (var i = 0; i < frozen.Count; i++)
            {
                var f = frozen[i];
                if (f.Start >= due.Value)
                {
                    break;
                }

                if (openFreeze && i == frozen.Count - 1)
                {
                    due = null;
                    break;
                }

                due = counting.AddBusinessTime(due.Value, counting.BusinessTimeBetween(f.Start, f.End));
            }
        }

        var elapsed = Duration.Zero;
        var segments = options.Explain ? new List<Interval>() : null;
        var cursor = begin;
        foreach (var f in frozen)
        {
            elapsed += CountOpen(counting, cursor, f.Start, segments);
            cursor = f.End;
        }

        elapsed += CountOpen(counting, cursor, end, segments);

        Duration? remaining = budget is { } b
            ? b - elapsed
            : due is { } fixedAt ? counting.BusinessTimeBetween(end, fixedAt) : null;
        var late = budget is { } budgetValue
            ? elapsed > budgetValue
            : due is { } dueAt && end > dueAt;
        return new Counted(target, due, elapsed, remaining, late, onCall, counting, segments is null ? [] : Merge(segments), options.Explain ? frozen : []);
    }

    private static (Instant? Due, bool OnCall, BusinessCalendar Counting) Anchor(
        ClockDefinition def, BusinessCalendar calendar, Trace trace, ClockTarget target, string priority, Instant start, EvaluationOptions options, int upTo, out bool fixedDue)
    {
        fixedDue = target is ClockTarget.NextRelease;
        var due = target is ClockTarget.NextRelease r
            ? trace.AgreedDueAfterEvent(def.Id, upTo) ?? trace.ReleaseAfterEvent(r.Kind, upTo) ?? NextRelease(options.Releases, r.Kind, start)
            : target.DueFrom(start, calendar);
        var counting = target is ClockTarget.WallClockHours ? BusinessCalendar.WallClock : calendar;

        if (def.OutOfHours.TryGetValue(priority, out var onCall) && onCall is ClockTarget.WallClockHours w2 && !calendar.IsOpen(start))
        {
            var onCallDue = w2.DueFrom(start, BusinessCalendar.WallClock)!.Value;
            if (due is null || onCallDue < due.Value)
            {
                fixedDue = false;
                return (onCallDue, true, BusinessCalendar.WallClock);
            }
        }

        return (due, false, counting);
    }

    private static Instant? NextRelease(IReadOnlyList<PlannedRelease> releases, string kind, Instant after)
    {
        Instant? best = null;
        foreach (var r in releases)
        {
            if (r.Kind == kind && r.At > after && (best is null || r.At < best.Value))
            {
                best = r.At;
            }
        }

        return best;
    }

    private static Duration CountOpen(BusinessCalendar calendar, Instant from, Instant to, List<Interval>? segments)
    {
        if (to <= from)
        {
            return Duration.Zero;
        }

        segments?.AddRange(calendar.OpenIntervals(from, to));
        return calendar.BusinessTimeBetween(from, to);
    }

    private static List<Interval> Merge(List<Interval> segments)
    {
        var merged = new List<Interval>(segments.Count);
        foreach (var s in segments)
        {
            if (merged.Count > 0 && merged[^1].End == s.Start)
            {
                merged[^1] = new Interval(merged[^1].Start, s.End);
            }
            else
            {
                merged.Add(s);
            }
        }

        return merged;
    }

    private static ClockResult NotApplicable(ClockDefinition def, string note, string? priority = null) =>
        new() { Id = def.Id, Name = def.Name, Status = ClockStatus.NotApplicable, Priority = priority, Note = note };

    /// <summary>The ticket's trace read once: events up to now, state and priority timelines, nature, closure.</summary>
    private sealed class Trace
    {
        private readonly List<TicketEvent> _events = [];
        private readonly List<(Instant At, string State)> _states = [];
        private readonly List<(int Index, string Priority)> _priorities = [];

        private readonly List<(int Index, string Nature)> _natures = [];

        private readonly List<(int Index, string Key, Instant At)> _releases = [];

        private readonly List<(int Index, string Key, Instant At)> _agreed = [];

        public Instant? Closure { get; private set; }

        /// <summary>Index of the closing event, or -1.</summary>
        public int ClosureIndex { get; private set; } = -1;

        public static Trace Read(SlaPolicy policy, string initialPriority, IReadOnlyList<TicketEvent> events, Instant now)
        {
            var trace = new Trace();
            trace._states.Add((Instant.MinValue, policy.Workflow.Initial.Id));
            trace._priorities.Add((-1, policy.Scheme.Get(initialPriority).Id));
            var previous = Instant.MinValue;
            foreach (var e in events)
            {
                if (e.At < previous)
                {
                    throw new ArgumentException($"Events must be in chronological order: {e} comes after {previous}.", nameof(events));
                }

                previous = e.At;
                if (e.At > now)
                {
                    continue;
                }

                var index = trace._events.Count;
                trace._events.Add(e);
                switch (e.Kind)
                {
                    case TicketEventKind.StateChanged:
                        if (!policy.Workflow.TryGetState(e.Value!, out var state))
                        {
                            throw new ArgumentException($"Unknown state \"{e.Value}\" in event {e}.", nameof(events));
                        }

                        trace._states.Add((e.At, state.Id));
                        if (state.Terminal)
                        {
                            trace.Close(index, e.At);
                        }

                        break;
                    case TicketEventKind.PriorityChanged:
                        trace._priorities.Add((index, policy.Scheme.Get(e.Value!).Id));
                        break;
                    case TicketEventKind.Qualified when e.Value is not null:
                        trace._natures.Add((index, e.Value.ToLowerInvariant()));
                        break;
                    case TicketEventKind.Closed:
                        trace.Close(index, e.At);
                        break;
                    case TicketEventKind.ReleasePlanned when TicketEvent.TryParseDated(e.Value, out var kind, out var at):
                        trace._releases.Add((index, kind, at));
                        break;
                    case TicketEventKind.DueAgreed when TicketEvent.TryParseDated(e.Value, out var clock, out var at):
                        trace._agreed.Add((index, clock, at));
                        break;
                }
            }

            return trace;
        }

        /// <summary>Index and instant of the first event from <paramref name="from"/> matching a trigger, or (-1, null).</summary>
        public (int Index, Instant? At) First(IReadOnlyList<ClockTrigger> triggers, int from)
        {
            for (var i = from; i < _events.Count; i++)
            {
                var e = _events[i];
                foreach (var t in triggers)
                {
                    if (t.Matches(e))
                    {
                        return (i, e.At);
                    }
                }
            }

            return (-1, null);
        }

        public string StateAt(Instant t) => Last(_states, t);

        /// <summary>The priority once every event up to index <paramref name="index"/> has happened.</summary>
        public string PriorityAfterEvent(int index) => UpTo(_priorities, index) ?? _priorities[0].Priority;

        /// <summary>The nature given by the last qualification up to event <paramref name="index"/>, if any.</summary>
        public string? NatureAfterEvent(int index) => UpTo(_natures, index);

        /// <summary>The release of <paramref name="kind"/> last recorded at or before event <paramref name="index"/>, if any.</summary>
        public Instant? ReleaseAfterEvent(string kind, int index) => LastDated(_releases, kind, index);

        /// <summary>The due last agreed for <paramref name="clock"/> at or before event <paramref name="index"/>, if any.</summary>
        public Instant? AgreedDueAfterEvent(string clock, int index) => LastDated(_agreed, clock, index);

        private static Instant? LastDated(List<(int Index, string Key, Instant At)> changes, string key, int index)
        {
            Instant? value = null;
            foreach (var (i, k, at) in changes)
            {
                if (i > index)
                {
                    break;
                }

                if (k == key)
                {
                    value = at;
                }
            }

            return value;
        }

        /// <summary>The last value recorded at or before event <paramref name="index"/>, if any.</summary>
        private static string? UpTo(List<(int Index, string Value)> changes, int index)
        {
            string? value = null;
            foreach (var (i, v) in changes)
            {
                if (i > index)
                {
                    break;
                }

                value = v;
            }

            return value;
        }

        /// <summary>Priority changes after event <paramref name="after"/> up to event <paramref name="upTo"/>.</summary>
        public IEnumerable<(int Index, Instant At)> PriorityChanges(int after, int upTo)
        {
            for (var k = 1; k < _priorities.Count; k++)
            {
                var i = _priorities[k].Index;
                if (i > after && i <= upTo)
                {
                    yield return (i, _events[i].At);
                }
            }
        }

        private void Close(int index, Instant at)
        {
            if (ClosureIndex < 0)
            {
                ClosureIndex = index;
                Closure = at;
            }
        }

        /// <summary>Periods within [from, to) spent in one of <paramref name="freeze"/>, merged and in order.</summary>
        public List<Interval> FrozenPeriods(IReadOnlySet<string> freeze, Instant from, Instant to)
        {
            var result = new List<Interval>();
            if (freeze.Count == 0)
            {
                return result;
            }

            for (var i = 0; i < _states.Count; i++)
            {
                if (!freeze.Contains(_states[i].State))
                {
                    continue;
                }

                var s = Max(_states[i].At, from);
                var e = i + 1 < _states.Count ? Min(_states[i + 1].At, to) : to;
                if (s >= e)
                {
                    continue;
                }

                if (result.Count > 0 && result[^1].End == s)
                {
                    result[^1] = new Interval(result[^1].Start, e);
                }
                else
                {
                    result.Add(new Interval(s, e));
                }
            }

            return result;
        }

        private static string Last(List<(Instant At, string Value)> timeline, Instant t)
        {
            var value = timeline[0].Value;
            foreach (var (at, v) in timeline)
            {
                if (at > t)
                {
                    break;
                }

                value = v;
            }

            return value;
        }

        private static Instant Max(Instant a, Instant b) => a > b ? a : b;

        private static Instant Min(Instant a, Instant b) => a < b ? a : b;
    }
}
