namespace Guichet.Data;

// The commercial side of contracts (docs/contracts.md); Contract's own columns are configured in Configurations.cs.

internal sealed class ContractLineConfiguration : IEntityTypeConfiguration<ContractLine>
{
    public void Configure(EntityTypeBuilder<ContractLine> builder)
    {
        builder.Property(l => l.Label).HaveMaxLength(200);
        builder.Property(l => l.AmountExclVat).HasPrecision(14, 2);
        builder.Property(l => l.LaterYearAmounts).HasMaxLength(400);
        builder.HasIndex(l => new { l.ContractId, l.Position });
        builder.HasOne<Contract>().WithMany(c => c.Lines).HasForeignKey(l => l.ContractId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TimeBankPurchaseConfiguration : IEntityTypeConfiguration<TimeBankPurchase>
{
    public void Configure(EntityTypeBuilder<TimeBankPurchase> builder)
    {
        builder.Property(p => p.Note).HasMaxLength(500);
        builder.References<TimeBankPurchase, Contract>(p => p.ContractId, DeleteBehavior.Cascade, c => c.TimeBankPurchases);
        builder.HasOne<User>().WithMany().HasForeignKey(p => p.AuthorId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class ContractQuotaConfiguration : IEntityTypeConfiguration<ContractQuota>
{
    public void Configure(EntityTypeBuilder<ContractQuota> builder)
    {
        builder.Property(q => q.Label).HaveMaxLength(200);
        builder.Property(q => q.PluralLabel).HasMaxLength(200);
        builder.Property(q => q.ServiceType).HaveMaxLength(64);
        builder.References<ContractQuota, Contract>(q => q.ContractId, DeleteBehavior.Cascade, c => c.Quotas);
    }
}

internal sealed class PriceIndexValueConfiguration : IEntityTypeConfiguration<PriceIndexValue>
{
    public void Configure(EntityTypeBuilder<PriceIndexValue> builder)
    {
        builder.Property(v => v.IndexName).HaveMaxLength(64);
        builder.Property(v => v.Series).HasMaxLength(32);
        builder.Property(v => v.Value).HasPrecision(14, 4);
        builder.HasIndex(v => new { v.IndexName, v.Month }).IsUnique();
    }
}

internal sealed class ContractAlertConfiguration : IEntityTypeConfiguration<ContractAlert>
{
    public void Configure(EntityTypeBuilder<ContractAlert> builder)
    {
        builder.Property(a => a.Kind).HaveMaxLength(32);
        builder.Property(a => a.Recipient).HaveMaxLength(256);
        builder.HasIndex(a => new { a.ContractId, a.Kind, a.Deadline, a.Recipient }).IsUnique();
        builder.HasOne<Contract>().WithMany().HasForeignKey(a => a.ContractId).OnDelete(DeleteBehavior.Cascade);
    }
}
