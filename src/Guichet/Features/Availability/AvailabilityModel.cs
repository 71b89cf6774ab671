using Guichet.Domain.Availability;
using Guichet.Features.Portal;

namespace Guichet.Features.Availability;

/// <summary>
/// A hosted service of a contract (ES26 6: the production environment; AT 9.4.12: the software, the remote services),
/// entered by staff. Its target is the contract preset's availability objective <see cref="ObjectiveId"/>.
/// </summary>
internal sealed class HostedService
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ContractId { get; set; }

    public string Name { get; set; } = "";

    public Guid? ProductId { get; set; }

    /// <summary>"production", "recette"…: only what the contract measures is a commitment, the name says which.</summary>
    public string Environment { get; set; } = "production";

    /// <summary>The id of the preset's <see cref="AvailabilityObjective"/> (<c>production</c>, <c>progiciel</c>…).</summary>
    public string ObjectiveId { get; set; } = "";

    public Instant CreatedAt { get; set; }
}

/// <summary>
/// One entry of a service's outage log. Its current values are those staff decided last; every change is an
/// <see cref="AvailabilityEvent"/>, never rewritten.
/// </summary>
internal sealed class OutageEntry
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ServiceId { get; set; }

    public Instant Start { get; set; }

    /// <summary>Null while the service is still down.</summary>
    public Instant? End { get; set; }

    public OutageCause Cause { get; set; }

    public string Description { get; set; } = "";

    /// <summary>The news item that told the users, if any.</summary>
    public Guid? NewsItemId { get; set; }

    public List<OutageTicket> Tickets { get; set; } = [];

    public Instant CreatedAt { get; set; }

    public Instant UpdatedAt { get; set; }
}

/// <summary>A ticket linked to an outage.</summary>
internal sealed class OutageTicket
{
    public Guid OutageId { get; set; }

    public long TicketId { get; set; }
}

/// <summary>
/// A planned (or urgent) maintenance of some services of a contract. <see cref="AnnouncedAt"/> is when its times in
/// force were announced: a planned one announced less than the contract's notice before its start counts as downtime.
/// </summary>
internal sealed class PlannedMaintenance
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ContractId { get; set; }

    public string Title { get; set; } = "";

    public string Description { get; set; } = "";

    public Instant Start { get; set; }

    public Instant End { get; set; }

    public Instant AnnouncedAt { get; set; }

    /// <summary>An urgent maintenance (its own category, excluded whatever its notice).</summary>
    public bool Urgent { get; set; }

    public Instant? CancelledAt { get; set; }

    /// <summary>How many times it was rescheduled (the iCal SEQUENCE).</summary>
    public int Revision { get; set; }

    public Guid? NewsItemId { get; set; }

    public List<MaintenanceService> Services { get; set; } = [];

    /// <summary>The outage it stands for in the computation of one service.</summary>
    public Outage ToOutage() => new($"M-{Id.ToString()[..8]}", Start, End, Urgent ? OutageCause.UrgentMaintenance : OutageCause.PlannedMaintenance, AnnouncedAt);
}

/// <summary>A service a maintenance concerns.</summary>
internal sealed class MaintenanceService
{
    public Guid MaintenanceId { get; set; }

    public Guid ServiceId { get; set; }
}

/// <summary>What happened to an outage or a maintenance.</summary>
internal enum AvailabilityEventKind
{
    Created,
    Updated,
    Closed,
    Comment,
    Contest,
    Accepted,
    Rejected,
    Announced,
    Rescheduled,
    Cancelled,
}

/// <summary>
/// The append-only history of the outage log and the maintenances: creation, each change with the values it set,
/// the client's comments and contests (with what they propose) and staff decisions (<see cref="ContestId"/>).
/// </summary>
internal sealed class AvailabilityEvent
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid? OutageId { get; set; }

    public Guid? MaintenanceId { get; set; }

    public AvailabilityEventKind Kind { get; set; }

    public Instant At { get; set; }

    /// <summary>Null once the author's account is deleted.</summary>
    public Guid? AuthorId { get; set; }

    public string Text { get; set; } = "";

    /// <summary>The cause set (a change) or proposed (a contest).</summary>
    public OutageCause? Cause { get; set; }

    public Instant? Start { get; set; }

    public Instant? End { get; set; }

    /// <summary>The contest a decision answers.</summary>
    public Guid? ContestId { get; set; }
}

internal sealed class HostedServiceConfiguration : IEntityTypeConfiguration<HostedService>
{
    public void Configure(EntityTypeBuilder<HostedService> builder)
    {
        builder.ToTable("HostedServices");
        builder.Property(s => s.Name).HaveMaxLength(200);
        builder.Property(s => s.Environment).HaveMaxLength(100);
        builder.Property(s => s.ObjectiveId).HaveMaxLength(64);
        builder.HasOne<Contract>().WithMany().HasForeignKey(s => s.ContractId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Product>().WithMany().HasForeignKey(s => s.ProductId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => s.ContractId);
    }
}

internal sealed class OutageEntryConfiguration : IEntityTypeConfiguration<OutageEntry>
{
    public void Configure(EntityTypeBuilder<OutageEntry> builder)
    {
        builder.ToTable("Outages");
        builder.Property(o => o.Cause).HasConversion<string>().HasMaxLength(32).IsRequired();
        builder.Property(o => o.Description).HasMaxLength(4000).IsRequired();
        builder.HasOne<HostedService>().WithMany().HasForeignKey(o => o.ServiceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<NewsItem>().WithMany().HasForeignKey(o => o.NewsItemId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(o => o.Tickets).WithOne().HasForeignKey(t => t.OutageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(o => new { o.ServiceId, o.Start });
    }
}

internal sealed class OutageTicketConfiguration() : LinkTableConfiguration<OutageTicket, Ticket>("OutageTickets", t => t.OutageId, t => t.TicketId, DeleteBehavior.Cascade);

internal sealed class PlannedMaintenanceConfiguration : IEntityTypeConfiguration<PlannedMaintenance>
{
    public void Configure(EntityTypeBuilder<PlannedMaintenance> builder)
    {
        builder.ToTable("Maintenances");
        builder.Property(m => m.Title).HaveMaxLength(200);
        builder.Property(m => m.Description).HasMaxLength(4000).IsRequired();
        builder.HasOne<Contract>().WithMany().HasForeignKey(m => m.ContractId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<NewsItem>().WithMany().HasForeignKey(m => m.NewsItemId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(m => m.Services).WithOne().HasForeignKey(s => s.MaintenanceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.ContractId, m.Start });
    }
}

internal sealed class MaintenanceServiceConfiguration() : LinkTableConfiguration<MaintenanceService, HostedService>("MaintenanceServices", s => s.MaintenanceId, s => s.ServiceId, DeleteBehavior.Cascade);

internal sealed class AvailabilityEventConfiguration : IEntityTypeConfiguration<AvailabilityEvent>
{
    public void Configure(EntityTypeBuilder<AvailabilityEvent> builder)
    {
        builder.ToTable("AvailabilityEvents");
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16).IsRequired();
        builder.Property(e => e.Cause).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.Text).HasMaxLength(4000).IsRequired();
        builder.HasOne<OutageEntry>().WithMany().HasForeignKey(e => e.OutageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<PlannedMaintenance>().WithMany().HasForeignKey(e => e.MaintenanceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(e => e.AuthorId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(e => new { e.OutageId, e.At });
        builder.HasIndex(e => new { e.MaintenanceId, e.At });
    }
}
