using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Guichet.Features.Mail.Inbound;

/// <summary>What became of a mail read from a mailbox.</summary>
internal enum InboundStatus
{
    /// <summary>Filed on a ticket (a new one or an existing one).</summary>
    Filed,

    /// <summary>Kept aside for staff to review: it could not be filed safely.</summary>
    Quarantined,

    /// <summary>Written by a machine (auto-reply, out-of-office, list): kept, never answered, never filed.</summary>
    Ignored,

    /// <summary>A delivery report: the failed address was flagged.</summary>
    Bounce,

    /// <summary>Answered with a polite mail (a reply to a closed ticket that cannot reopen).</summary>
    Answered,

    /// <summary>Reviewed by staff and thrown away.</summary>
    Discarded,
}

/// <summary>
/// One mail read from a mailbox, once: its <c>Message-ID</c> is unique, so a mail fetched twice (a crash between the
/// filing and the mark on the server, two instances, a copy in two folders) is filed once. The raw mail is kept while
/// it may be reviewed (quarantined or ignored) and erased once filed or decided.
/// </summary>
internal sealed class InboundMail
{
    public long Id { get; set; }

    /// <summary>The configured mailbox's name.</summary>
    public string Mailbox { get; set; } = "";

    /// <summary>The mail's Message-ID (without brackets); for a mail without one, a hash of its content.</summary>
    public string MessageId { get; set; } = "";

    public string From { get; set; } = "";

    public string Subject { get; set; } = "";

    public Instant ReceivedAt { get; set; }

    public InboundStatus Status { get; set; }

    /// <summary>Why it was quarantined, ignored or answered, in French for staff.</summary>
    public string? Reason { get; set; }

    public long? TicketId { get; set; }

    /// <summary>The declared user it came from, if any.</summary>
    public Guid? UserId { get; set; }

    /// <summary>The mail opened a new ticket (the per-sender hourly limit counts these).</summary>
    public bool OpenedTicket { get; set; }

    /// <summary>The raw mail (RFC 5322), kept while it may be reviewed.</summary>
    public byte[]? Raw { get; set; }

    /// <summary>Who decided on a quarantined mail, and when.</summary>
    public Guid? DecidedById { get; set; }

    public Instant? DecidedAt { get; set; }
}

/// <summary>
/// The state of a configured mailbox: where reading stopped (<c>UIDVALIDITY</c> and the last UID read), the last
/// fetch and error for staff, and the lease that lets one instance read it at a time.
/// </summary>
internal sealed class MailboxState
{
    public string Name { get; set; } = "";

    public long UidValidity { get; set; }

    public long LastUid { get; set; }

    public Instant? LastFetchAt { get; set; }

    public Instant? LastSuccessAt { get; set; }

    public string? LastError { get; set; }

    public int Filed { get; set; }

    /// <summary>The instance reading the mailbox until <see cref="LeaseUntil"/>.</summary>
    public string? LeaseHolder { get; set; }

    public Instant? LeaseUntil { get; set; }
}

internal sealed class InboundMailConfiguration : IEntityTypeConfiguration<InboundMail>
{
    public void Configure(EntityTypeBuilder<InboundMail> builder)
    {
        builder.ToTable("InboundMails");
        builder.Property(m => m.Mailbox).HasMaxLength(100);
        builder.Property(m => m.MessageId).HasMaxLength(400);
        builder.Property(m => m.From).HasMaxLength(320);
        builder.Property(m => m.Subject).HasMaxLength(400);
        builder.Property(m => m.Reason).HasMaxLength(400);
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(m => m.MessageId).IsUnique();
        builder.HasIndex(m => new { m.Status, m.ReceivedAt });
        builder.HasIndex(m => new { m.From, m.ReceivedAt });
    }
}

internal sealed class MailboxStateConfiguration : IEntityTypeConfiguration<MailboxState>
{
    public void Configure(EntityTypeBuilder<MailboxState> builder)
    {
        builder.ToTable("MailboxStates");
        builder.HasKey(m => m.Name);
        builder.Property(m => m.Name).HasMaxLength(100);
        builder.Property(m => m.LastError).HasMaxLength(1000);
        builder.Property(m => m.LeaseHolder).HasMaxLength(100);
    }
}
