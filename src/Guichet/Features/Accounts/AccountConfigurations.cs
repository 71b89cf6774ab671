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
    public void Configure(EntityTypeBuilder<UserProduct> builder) =>
        builder.Links<UserProduct, User, Product>(p => p.UserId, DeleteBehavior.Cascade, p => p.ProductId, DeleteBehavior.Restrict);
}

internal sealed class StaffOrganisationConfiguration : IEntityTypeConfiguration<StaffOrganisation>
{
    public void Configure(EntityTypeBuilder<StaffOrganisation> builder) =>
        builder.Links<StaffOrganisation, User, Organisation>(a => a.UserId, DeleteBehavior.Cascade, a => a.OrganisationId, DeleteBehavior.Cascade);
}

internal sealed class StaffQueueConfiguration : IEntityTypeConfiguration<StaffQueue>
{
    public void Configure(EntityTypeBuilder<StaffQueue> builder) =>
        builder.Links<StaffQueue, User, Queue>(a => a.UserId, DeleteBehavior.Cascade, a => a.QueueId, DeleteBehavior.Cascade);
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.Property(t => t.Name).HaveMaxLength(100);
        builder.FindsByHash();
        builder.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
