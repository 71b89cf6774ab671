namespace Guichet.Data;

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> builder)
    {
        builder.Property(o => o.Name).HaveMaxLength(200);
        builder.Property(o => o.Siret).HaveMaxLength(14);
        builder.Property(o => o.Address).HaveMaxLength(400);
        builder.Property(o => o.Territory).HaveMaxLength(32);
        builder.Property(o => o.DpoName).HaveMaxLength(200);
        builder.Property(o => o.DpoEmail).HaveMaxLength(256);
        builder.HasIndex(o => o.Siret).IsUnique();
    }
}

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.Property(p => p.Name).HaveMaxLength(200);
        builder.HasMany(p => p.Versions).WithOne().HasForeignKey(v => v.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProductVersionConfiguration : IEntityTypeConfiguration<ProductVersion>
{
    public void Configure(EntityTypeBuilder<ProductVersion> builder)
    {
        builder.Property(v => v.Number).HaveMaxLength(32);
        builder.HasIndex(v => new { v.ProductId, v.Number }).IsUnique();
    }
}

internal sealed class QueueConfiguration : IEntityTypeConfiguration<Queue>
{
    public void Configure(EntityTypeBuilder<Queue> builder) => builder.Property(q => q.Name).HaveMaxLength(200);
}
