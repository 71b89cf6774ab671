using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guichet.Data;

// One configuration class per entity; the Identity tables are configured by IdentityUserContext.

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.Property(u => u.DisplayName).HaveMaxLength(200);
        builder.Property(u => u.EmailUndeliverableReason).HasMaxLength(300);
        builder.References<User, Organisation>(u => u.OrganisationId, DeleteBehavior.Restrict);
    }
}

internal sealed class UserProductConfiguration : IEntityTypeConfiguration<UserProduct>
{
    public void Configure(EntityTypeBuilder<UserProduct> builder)
    {
        builder.HasKey(p => new { p.UserId, p.ProductId });
        builder.HasOne<User>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Product>().WithMany().HasForeignKey(p => p.ProductId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StaffOrganisationConfiguration : IEntityTypeConfiguration<StaffOrganisation>
{
    public void Configure(EntityTypeBuilder<StaffOrganisation> builder)
    {
        builder.HasKey(a => new { a.UserId, a.OrganisationId });
        builder.HasOne<User>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(a => a.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StaffQueueConfiguration : IEntityTypeConfiguration<StaffQueue>
{
    public void Configure(EntityTypeBuilder<StaffQueue> builder)
    {
        builder.HasKey(a => new { a.UserId, a.QueueId });
        builder.HasOne<User>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Queue>().WithMany().HasForeignKey(a => a.QueueId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.Property(t => t.Name).HaveMaxLength(100);
        builder.Property(t => t.Hash).HaveMaxLength(64);
        builder.HasIndex(t => t.Hash).IsUnique();
        builder.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
