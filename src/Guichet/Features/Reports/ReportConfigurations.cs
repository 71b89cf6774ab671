namespace Guichet.Data;

internal sealed class ClockOutcomeConfiguration : IEntityTypeConfiguration<ClockOutcome>
{
    public void Configure(EntityTypeBuilder<ClockOutcome> builder)
    {
        builder.HasKey(o => new { o.TicketId, o.ClockId });
        builder.Property(o => o.ClockId).HasMaxLength(64);
        builder.Property(o => o.Priority).HasMaxLength(32);
        builder.Property(o => o.Result).HasMaxLength(16);
        builder.Property(o => o.Note).HasMaxLength(500);
        builder.HasOne<Ticket>().WithMany(t => t.Outcomes).HasForeignKey(o => o.TicketId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Contract>().WithMany().HasForeignKey(o => o.ContractId).OnDelete(DeleteBehavior.Restrict);

        // Compliance and times: one contract's clock over a window of starts, counted by result (and due, for a clock
        // still running): covering, so that each aggregate reads the index only, not the table (docs/performance.md).
        builder.HasIndex(o => new { o.ContractId, o.ClockId, o.Start, o.Result, o.Due });
    }
}

internal sealed class ContractPolicyVersionConfiguration : IEntityTypeConfiguration<ContractPolicyVersion>
{
    public void Configure(EntityTypeBuilder<ContractPolicyVersion> builder)
    {
        builder.HasKey(v => new { v.ContractId, v.Number });
        builder.Property(v => v.PresetId).HaveMaxLength(16);
        builder.HasOne<Contract>().WithMany().HasForeignKey(v => v.ContractId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(v => v.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}
