using Guichet.Features.Availability;

namespace Guichet.Features.Crisis;

/// <summary>How grave the disruption is, as staff judge it at the opening [AT 9.3.4.6: "perturbation majeure"].</summary>
internal enum CrisisSeverity
{
    /// <summary>A major disruption of the platform (unavailability, suspected data loss or alteration, security flaw…).</summary>
    Major,

    /// <summary>A major disruption that endangers the continuity of the service or the client's reputation now.</summary>
    Critical,
}

/// <summary>
/// A crisis cell opened for one contract of an organisation [AT 9.3.4.6]: what happened, the named crisis manager, the
/// services, outages and tickets concerned, and the client contacts told at each step. What was done is its
/// append-only log (<see cref="CrisisEvent"/>); <see cref="NextDueAt"/> and <see cref="NextDueKey"/> are derived from
/// the log (<see cref="CrisisDeadlines"/>), rewritten at every change and rebuildable.
/// </summary>
internal sealed class CrisisCell
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrganisationId { get; set; }

    public Guid ContractId { get; set; }

    public string Title { get; set; } = "";

    public string Description { get; set; } = "";

    public CrisisSeverity Severity { get; set; }

    /// <summary>The crisis manager (RCRIS); null once their account is deleted.</summary>
    public Guid? ManagerId { get; set; }

    public Instant OpenedAt { get; set; }

    /// <summary>The closure, as the log's <see cref="CrisisEventKind.Closed"/> entry says (copied for the lists).</summary>
    public Instant? ClosedAt { get; set; }

    /// <summary>Derived: the due instant of the promise still owed that falls due first (what the alert job reads).</summary>
    public Instant? NextDueAt { get; set; }

    /// <summary>Derived: the key of that promise (<c>meeting</c>, <c>point-3</c>, <c>post-mortem</c>).</summary>
    public string? NextDueKey { get; set; }

    public List<CrisisService> Services { get; set; } = [];

    public List<CrisisOutage> Outages { get; set; } = [];

    public List<CrisisTicket> Tickets { get; set; } = [];

    public List<CrisisContact> Contacts { get; set; } = [];
}

/// <summary>A hosted service concerned by a crisis.</summary>
internal sealed class CrisisService
{
    public Guid CrisisId { get; set; }

    public Guid ServiceId { get; set; }
}

/// <summary>An entry of the outage log a crisis was opened from or concerns.</summary>
internal sealed class CrisisOutage
{
    public Guid CrisisId { get; set; }

    public Guid OutageId { get; set; }
}

/// <summary>A ticket a crisis was opened from or concerns.</summary>
internal sealed class CrisisTicket
{
    public Guid CrisisId { get; set; }

    public long TicketId { get; set; }
}

/// <summary>A client user told of the crisis: by mail at the opening, at each status point and at the closure.</summary>
internal sealed class CrisisContact
{
    public Guid CrisisId { get; set; }

    public Guid UserId { get; set; }
}

/// <summary>What an entry of the crisis log records.</summary>
internal enum CrisisEventKind
{
    Opened,
    MeetingHeld,
    Point,
    CadenceChanged,
    Note,
    Closed,
    MeasureAdded,
    PostMortemPublished,
    Reminded,
    Escalated,
}

/// <summary>
/// One entry of a crisis's append-only log (the "fichier de suivi des crises", AT 9.3.4.6 7): never changed or removed.
/// The entries of kinds opened, meeting held, point, cadence changed, closed and post-mortem published are the facts
/// the promises are derived from; the others tell the story.
/// </summary>
internal sealed class CrisisEvent
{
    public long Id { get; set; }

    public Guid CrisisId { get; set; }

    public CrisisEventKind Kind { get; set; }

    public Instant At { get; set; }

    /// <summary>Null for the alert job's entries, or once the author's account is deleted.</summary>
    public Guid? AuthorId { get; set; }

    /// <summary>The note, the point's assessment of the period past, the reason of a change…</summary>
    public string Text { get; set; } = "";

    /// <summary>A point's action plan: the objectives of the next period.</summary>
    public string? Plan { get; set; }

    /// <summary>The cadence set (an opening, a point for the next period, a change), as a clock target: <c>wall-hours:4</c>.</summary>
    public string? Cadence { get; set; }
}

/// <summary>
/// Derived: one promise of a crisis (the meeting, each status point, the post-mortem) as
/// <see cref="Domain.Crises.CrisisSchedule"/> gives it from the log; rewritten with the crisis at every change and
/// rebuilt by <see cref="CrisisDeadlines.RebuildAsync"/>.
/// </summary>
internal sealed class CrisisDeadline
{
    public Guid CrisisId { get; set; }

    public string Key { get; set; } = "";

    public string Kind { get; set; } = "";

    public int Number { get; set; }

    /// <summary>The target, as the SLA engine writes it (<c>wall-hours:0.25</c>, <c>business-days:10</c>).</summary>
    public string Target { get; set; } = "";

    public Instant AnchorAt { get; set; }

    public Instant DueAt { get; set; }

    public Instant? KeptAt { get; set; }

    public Instant? EndedAt { get; set; }
}

/// <summary>
/// One reminder or escalation told about a promise's due instant: the key holds the due, so a point whose due moves
/// (a cadence change) is told again about the new one, and none is told twice, whichever instance runs the job.
/// </summary>
internal sealed class CrisisAlert
{
    public Guid CrisisId { get; set; }

    public string Key { get; set; } = "";

    /// <summary><c>reminder</c> or <c>escalation</c>.</summary>
    public string Kind { get; set; } = "";

    public Instant DueAt { get; set; }

    public Instant ToldAt { get; set; }
}

/// <summary>The post-mortem of a closed crisis (its "bilan", AT 9.3.4.6 11): the causes, and the preventive measures.</summary>
internal sealed class CrisisPostMortem
{
    public Guid CrisisId { get; set; }

    public string Causes { get; set; } = "";

    public Instant UpdatedAt { get; set; }

    public Guid? UpdatedById { get; set; }

    /// <summary>When it was published to the client's référents; null while a draft.</summary>
    public Instant? PublishedAt { get; set; }
}

/// <summary>A measure of a post-mortem that prevents a recurrence, followed as a ticket until done.</summary>
internal sealed class CrisisMeasure
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CrisisId { get; set; }

    public string Text { get; set; } = "";

    /// <summary>The ticket that follows it; null once that ticket is deleted (an anonymised organisation).</summary>
    public long? TicketId { get; set; }

    public Instant CreatedAt { get; set; }

    public Guid? AuthorId { get; set; }
}

internal sealed class CrisisCellConfiguration : IEntityTypeConfiguration<CrisisCell>
{
    public void Configure(EntityTypeBuilder<CrisisCell> builder)
    {
        builder.ToTable("Crises");
        builder.Property(c => c.Title).HaveMaxLength(200);
        builder.Property(c => c.Description).HasMaxLength(4000).IsRequired();
        builder.Property(c => c.Severity).HasConversion<string>().HasMaxLength(16).IsRequired();
        builder.Property(c => c.NextDueKey).HasMaxLength(40);
        builder.HasOne<Contract>().WithMany().HasForeignKey(c => c.ContractId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.ManagerId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(c => c.Services).WithOne().HasForeignKey(s => s.CrisisId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Outages).WithOne().HasForeignKey(s => s.CrisisId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Tickets).WithOne().HasForeignKey(s => s.CrisisId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Contacts).WithOne().HasForeignKey(s => s.CrisisId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.OrganisationId, c.ClosedAt });
        builder.HasIndex(c => c.NextDueAt);
    }
}

internal sealed class CrisisServiceConfiguration() : LinkTableConfiguration<CrisisService, HostedService>("CrisisServices", s => s.CrisisId, s => s.ServiceId, DeleteBehavior.Cascade);

internal sealed class CrisisOutageConfiguration() : LinkTableConfiguration<CrisisOutage, OutageEntry>("CrisisOutages", s => s.CrisisId, s => s.OutageId, DeleteBehavior.Cascade);

internal sealed class CrisisTicketConfiguration() : LinkTableConfiguration<CrisisTicket, Ticket>("CrisisTickets", s => s.CrisisId, s => s.TicketId, DeleteBehavior.Cascade);

internal sealed class CrisisContactConfiguration() : LinkTableConfiguration<CrisisContact, User>("CrisisContacts", s => s.CrisisId, s => s.UserId, DeleteBehavior.Cascade);

internal sealed class CrisisEventConfiguration : IEntityTypeConfiguration<CrisisEvent>
{
    public void Configure(EntityTypeBuilder<CrisisEvent> builder)
    {
        builder.ToTable("CrisisEvents");
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(24).IsRequired();
        builder.Property(e => e.Text).HasMaxLength(4000).IsRequired();
        builder.Property(e => e.Plan).HasMaxLength(4000);
        builder.Property(e => e.Cadence).HasMaxLength(40);
        builder.HasOne<CrisisCell>().WithMany().HasForeignKey(e => e.CrisisId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(e => e.AuthorId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(e => new { e.CrisisId, e.Id });
    }
}

internal sealed class CrisisDeadlineConfiguration : IEntityTypeConfiguration<CrisisDeadline>
{
    public void Configure(EntityTypeBuilder<CrisisDeadline> builder)
    {
        builder.ToTable("CrisisDeadlines");
        builder.HasKey(d => new { d.CrisisId, d.Key });
        builder.Property(d => d.Key).HasMaxLength(40);
        builder.Property(d => d.Kind).HaveMaxLength(16);
        builder.Property(d => d.Target).HaveMaxLength(40);
        builder.HasOne<CrisisCell>().WithMany().HasForeignKey(d => d.CrisisId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CrisisAlertConfiguration : IEntityTypeConfiguration<CrisisAlert>
{
    public void Configure(EntityTypeBuilder<CrisisAlert> builder)
    {
        builder.ToTable("CrisisAlerts");
        builder.HasKey(a => new { a.CrisisId, a.Key, a.Kind, a.DueAt });
        builder.Property(a => a.Key).HasMaxLength(40);
        builder.Property(a => a.Kind).HasMaxLength(16);
        builder.HasOne<CrisisCell>().WithMany().HasForeignKey(a => a.CrisisId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CrisisPostMortemConfiguration : IEntityTypeConfiguration<CrisisPostMortem>
{
    public void Configure(EntityTypeBuilder<CrisisPostMortem> builder)
    {
        builder.ToTable("CrisisPostMortems");
        builder.HasKey(p => p.CrisisId);
        builder.Property(p => p.Causes).HasMaxLength(8000).IsRequired();
        builder.HasOne<CrisisCell>().WithOne().HasForeignKey<CrisisPostMortem>(p => p.CrisisId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(p => p.UpdatedById).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class CrisisMeasureConfiguration : IEntityTypeConfiguration<CrisisMeasure>
{
    public void Configure(EntityTypeBuilder<CrisisMeasure> builder)
    {
        builder.ToTable("CrisisMeasures");
        builder.Property(m => m.Text).HasMaxLength(4000).IsRequired();
        builder.HasOne<CrisisCell>().WithMany().HasForeignKey(m => m.CrisisId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(m => m.TicketId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<User>().WithMany().HasForeignKey(m => m.AuthorId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(m => m.CrisisId);
    }
}
