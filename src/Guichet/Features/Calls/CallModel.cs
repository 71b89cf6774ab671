using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guichet.Data;

// The entities of the telephony records (issue 16, parts 2–4), owned by Features/Calls.

/// <summary>How a call ended, as the telephony reports it.</summary>
internal enum CallOutcome
{
    /// <summary>An agent took the call.</summary>
    Answered,

    /// <summary>The caller hung up while waiting.</summary>
    Abandoned,

    /// <summary>Nobody answered (ringing timed out, line closed or busy).</summary>
    Missed,

    /// <summary>The caller was sent to the voicemail.</summary>
    Voicemail,
}

/// <summary>
/// A support phone number of the provider, tied to a contract: calls to it count for that contract's KPIs and
/// its unsuccessful calls are reported to that contract's organisation when the contract says so.
/// </summary>
internal sealed class PhoneLine
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The number as the telephony sends it, normalised (<c>+33…</c>, <see cref="Features.Calls.PhoneNumbers"/>).</summary>
    public string Number { get; set; } = "";

    /// <summary>A name for the pages ("Ligne S²LOW", "Standard ATEXO").</summary>
    public string Label { get; set; } = "";

    public Guid ContractId { get; set; }
}

/// <summary>One call as the telephony recorded it; unique by the telephony's call id, updated when sent again.</summary>
internal sealed class CallRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The telephony's id of the call: a call sent or imported again updates this row.</summary>
    public string CallId { get; set; } = "";

    /// <summary>The caller's number, normalised; null when withheld.</summary>
    public string? CallerNumber { get; set; }

    /// <summary>The number called, normalised.</summary>
    public string CalledLine { get; set; } = "";

    /// <summary>The provider's line called, when it is declared.</summary>
    public Guid? PhoneLineId { get; set; }

    /// <summary>The contract of the line, or the caller's organisation's only contract.</summary>
    public Guid? ContractId { get; set; }

    /// <summary>The caller's organisation (from the person matched, else from the line's contract).</summary>
    public Guid? OrganisationId { get; set; }

    /// <summary>The client user whose number is the caller's, when exactly one has it.</summary>
    public Guid? CallerUserId { get; set; }

    /// <summary>When the call reached the telephony (the telephony's clock).</summary>
    public Instant OfferedAt { get; set; }

    /// <summary>When an agent picked up; null if nobody did.</summary>
    public Instant? AnsweredAt { get; set; }

    public Instant? EndedAt { get; set; }

    /// <summary>Milliseconds between <see cref="OfferedAt"/> and <see cref="AnsweredAt"/> (answered calls only): the KPIs' wait.</summary>
    public int? WaitMs { get; set; }

    /// <summary>Hour of <see cref="OfferedAt"/> in metropolitan France (0–23), for the volumes by hour.</summary>
    public int Hour { get; set; }

    /// <summary>ISO day of week of <see cref="OfferedAt"/> in metropolitan France (1 = Monday … 7 = Sunday).</summary>
    public int Weekday { get; set; }

    /// <summary>The agent as the telephony names them.</summary>
    public string? Agent { get; set; }

    public CallOutcome Outcome { get; set; }

    /// <summary>The ticket raised from this call, if any.</summary>
    public long? TicketId { get; set; }

    public Instant RecordedAt { get; set; }

    /// <summary>When the unsuccessful call's mail to the organisation was written (once per call) [LS 2.1].</summary>
    public Instant? ReportedAt { get; set; }
}

internal sealed class PhoneLineConfiguration : IEntityTypeConfiguration<PhoneLine>
{
    public void Configure(EntityTypeBuilder<PhoneLine> builder)
    {
        builder.ToTable("PhoneLines");
        builder.Property(l => l.Number).HasMaxLength(32);
        builder.Property(l => l.Label).HasMaxLength(200);
        builder.HasIndex(l => l.Number).IsUnique();
        builder.HasOne<Contract>().WithMany().HasForeignKey(l => l.ContractId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CallRecordConfiguration : IEntityTypeConfiguration<CallRecord>
{
    public void Configure(EntityTypeBuilder<CallRecord> builder)
    {
        builder.ToTable("CallRecords");
        builder.Property(c => c.CallId).HasMaxLength(100);
        builder.Property(c => c.CallerNumber).HasMaxLength(32);
        builder.Property(c => c.CalledLine).HasMaxLength(32);
        builder.Property(c => c.Agent).HasMaxLength(200);
        builder.Property(c => c.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(c => c.CallId).IsUnique();
        // Covers the KPI query: a contract's calls of a period are read from the index alone (docs/performance.md).
        builder.HasIndex(c => new { c.ContractId, c.OfferedAt, c.PhoneLineId, c.Outcome, c.WaitMs, c.Hour, c.Weekday });
        builder.HasIndex(c => new { c.PhoneLineId, c.OfferedAt });
        builder.HasIndex(c => new { c.ReportedAt, c.OfferedAt });
        builder.HasOne<PhoneLine>().WithMany().HasForeignKey(c => c.PhoneLineId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Contract>().WithMany().HasForeignKey(c => c.ContractId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.CallerUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(c => c.TicketId).OnDelete(DeleteBehavior.SetNull);
    }
}
