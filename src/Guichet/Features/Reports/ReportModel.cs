namespace Guichet.Data;

// The entities of service-level reporting (docs/reports.md), owned by Features/Reports; in the Data namespace like
// every entity.

/// <summary>
/// What one clock of one ticket came to, derived from the trace and rewritten with the ticket's summary in the same
/// save as the event that changed it (<see cref="Guichet.Features.Reports.ClockOutcomes"/>). A row exists once the
/// clock has started, or once the ticket has closed; <see cref="Result"/> is final for <c>met</c>, <c>breached</c> and
/// <c>not-applicable</c>, provisional for <c>running</c> and <c>frozen</c>. Never edited by hand:
/// <c>guichet reports rebuild</c> recomputes every row from the traces.
/// </summary>
internal sealed class ClockOutcome
{
    public long TicketId { get; set; }

    /// <summary>The clock's id in the policy (take-charge, resolution…).</summary>
    public string ClockId { get; set; } = "";

    /// <summary>The ticket's contract (copied so that reports aggregate without a join).</summary>
    public Guid ContractId { get; set; }

    /// <summary>The priority whose target applies (in force at the stop, or at the breach).</summary>
    public string? Priority { get; set; }

    public Instant? Start { get; set; }

    /// <summary>The clock's stop event, else the ticket's closure for a clock the closure ended; null while it runs.</summary>
    public Instant? Stop { get; set; }

    /// <summary>The due instant (moved by the frozen periods); null while frozen or when no target applies.</summary>
    public Instant? Due { get; set; }

    /// <summary>Business time counted between start and stop (or the last change), in seconds.</summary>
    public long CountedSeconds { get; set; }

    /// <summary>met, breached, not-applicable (final) or running, frozen (provisional).</summary>
    public string Result { get; set; } = "";

    /// <summary>The contract's policy version the clock was evaluated with.</summary>
    public int PolicyVersion { get; set; }

    /// <summary>Why the clock does not apply, in French, when <see cref="Result"/> is not-applicable.</summary>
    public string? Note { get; set; }
}

/// <summary>
/// A version of a contract's SLA policy, kept when it is replaced so that the tickets created under it keep being
/// evaluated with it (docs/reports.md). The version in force is the contract's own columns
/// (<see cref="Contract.PresetId"/>, <see cref="Contract.Policy"/>, <see cref="Contract.PolicyVersion"/>), and is
/// written here as well when it is created.
/// </summary>
internal sealed class ContractPolicyVersion
{
    public Guid ContractId { get; set; }

    /// <summary>1, 2, …: a contract's versions in order.</summary>
    public int Number { get; set; }

    public string PresetId { get; set; } = "";

    /// <summary>The contract's own policy (JSON in the presets' format), or null for the preset.</summary>
    public string? Policy { get; set; }

    /// <summary>When the version came into force (tickets created from then on get it).</summary>
    public Instant From { get; set; }

    /// <summary>Who made the change (null: the command line or a migration).</summary>
    public Guid? AuthorId { get; set; }
}
