namespace Guichet.Features.Remote;

/// <summary>
/// A user's consent to a remote-assistance session on a ticket [MN, LS 7.3.3]: given from the ticket page by the
/// client user themselves, or given orally during a call and recorded by staff, naming who gave it.
/// </summary>
internal sealed class RemoteConsent
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public long TicketId { get; set; }

    /// <summary><c>portal</c> (clicked by the client user) or <c>oral</c> (recorded by staff during a call).</summary>
    public string Kind { get; set; } = "";

    /// <summary>The person who gave the consent, as named (the client's display name, or the name staff typed).</summary>
    public string GivenBy { get; set; } = "";

    /// <summary>The account that recorded it (the client user, or the staff member for an oral consent).</summary>
    public Guid RecordedById { get; set; }

    public Instant At { get; set; }
}

/// <summary>A remote-assistance session held on a ticket, under a consent; it cannot be saved without one.</summary>
internal sealed class RemoteSession
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public long TicketId { get; set; }

    public Guid ConsentId { get; set; }

    /// <summary>The remote-control tool used.</summary>
    public string Tool { get; set; } = "";

    public Instant StartedAt { get; set; }

    public Instant EndedAt { get; set; }

    /// <summary>The user present during the session.</summary>
    public string UserPresent { get; set; } = "";

    /// <summary>Who closed the session (LS 7.3.3: the user).</summary>
    public string ClosedBy { get; set; } = "";

    public Guid RecordedById { get; set; }

    public Instant RecordedAt { get; set; }
}

internal sealed class RemoteConsentConfiguration : IEntityTypeConfiguration<RemoteConsent>
{
    public void Configure(EntityTypeBuilder<RemoteConsent> builder)
    {
        builder.ToTable("RemoteConsents");
        builder.Property(c => c.Kind).HaveMaxLength(20);
        builder.Property(c => c.GivenBy).HaveMaxLength(200);
        builder.HasIndex(c => c.TicketId);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(c => c.TicketId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.RecordedById).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RemoteSessionConfiguration : IEntityTypeConfiguration<RemoteSession>
{
    public void Configure(EntityTypeBuilder<RemoteSession> builder)
    {
        builder.ToTable("RemoteSessions");
        builder.Property(s => s.Tool).HaveMaxLength(200);
        builder.Property(s => s.UserPresent).HaveMaxLength(200);
        builder.Property(s => s.ClosedBy).HaveMaxLength(200);
        builder.HasIndex(s => s.TicketId);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(s => s.TicketId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<RemoteConsent>().WithMany().HasForeignKey(s => s.ConsentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(s => s.RecordedById).OnDelete(DeleteBehavior.Restrict);
    }
}
