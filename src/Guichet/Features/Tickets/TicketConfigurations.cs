namespace Guichet.Data;

internal sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> builder)
    {
        builder.Property(t => t.Id).ValueGeneratedOnAdd();
        builder.Ignore(t => t.Reference);
        builder.Property(t => t.ServiceType).HaveMaxLength(64);
        builder.Property(t => t.ClientPriority).HaveMaxLength(32);
        builder.Property(t => t.Priority).HaveMaxLength(32);
        builder.Property(t => t.Subject).HaveMaxLength(300);
        builder.Property(t => t.Body).IsRequired();
        builder.Property(t => t.State).HaveMaxLength(64);
        builder.Property(t => t.Nature).HasMaxLength(32);
        builder.Property(t => t.Criticality).HasMaxLength(32);
        builder.Property(t => t.Impact).HasMaxLength(32);
        builder.Property(t => t.NextDueClock).HasMaxLength(64);
        builder.Property(t => t.OutOfScopeReason).HasMaxLength(2000);
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.HasOne<Organisation>().WithMany().HasForeignKey(t => t.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Contract>().WithMany().HasForeignKey(t => t.ContractId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Queue>().WithMany().HasForeignKey(t => t.QueueId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Product>().WithMany().HasForeignKey(t => t.ProductId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ProductVersion>().WithMany().HasForeignKey(t => t.VersionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ProductVersion>().WithMany().HasForeignKey(t => t.IntegrationVersionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(t => t.AuthorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(t => t.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(t => t.ResponsibleId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(t => t.Events).WithOne().HasForeignKey(e => e.TicketId).OnDelete(DeleteBehavior.Cascade);

        // The organisation's list (open/closed, by update), the staff urgency queue, the automatic transitions job.
        builder.HasIndex(t => new { t.OrganisationId, t.IsClosed, t.UpdatedAt });
        builder.HasIndex(t => new { t.IsClosed, t.NextDueAt });
        builder.HasIndex(t => new { t.OrganisationId, t.IsClosed, t.NextDueAt });
        builder.HasIndex(t => new { t.State, t.StateChangedAt });
        builder.HasIndex(t => t.AuthorId);
        // The desk's "mine" and "unassigned" tabs and the owner filter (their counts too): without it, counting the
        // unassigned open tickets read every open ticket (0.5 s at 1,000,000 tickets, docs/performance.md).
        builder.HasIndex(t => new { t.OwnerId, t.IsClosed, t.NextDueAt });
        // The "waiting for the client" lists and counts (status=client: open, in a client state): SQLite, without
        // statistics, otherwise walks every open ticket to find them (6.5 ms a desk page at 1,000,000 tickets).
        builder.HasIndex(t => new { t.IsClosed, t.State });
    }
}

internal sealed class TicketTraceEntryConfiguration : IEntityTypeConfiguration<TicketTraceEntry>
{
    public void Configure(EntityTypeBuilder<TicketTraceEntry> builder)
    {
        // The table keeps the entity's former name: a rename of the class needs no migration.
        builder.ToTable("TicketEvents");
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
        builder.Property(e => e.Value).HasMaxLength(200);
        builder.Property(e => e.PreviousValue).HasMaxLength(200);
        builder.HasIndex(e => new { e.TicketId, e.Id });
        builder.HasOne<User>().WithMany().HasForeignKey(e => e.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}
