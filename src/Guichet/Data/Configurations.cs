using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guichet.Data;

// One configuration class per entity; the Identity tables are configured by IdentityUserContext.

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.Property(u => u.DisplayName).HaveMaxLength(200);
        builder.HasIndex(u => u.OrganisationId);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(u => u.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal static class BuilderExtensions
{
    public static PropertyBuilder<string> HaveMaxLength(this PropertyBuilder<string> property, int length) =>
        property.HasMaxLength(length).IsRequired();
}

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

internal sealed class ContractConfiguration : IEntityTypeConfiguration<Contract>
{
    public void Configure(EntityTypeBuilder<Contract> builder)
    {
        builder.Property(c => c.Name).HaveMaxLength(200);
        builder.Property(c => c.PresetId).HaveMaxLength(16);
        builder.Ignore(c => c.HasTerms);
        builder.Ignore(c => c.AlertLead);
        builder.Ignore(c => c.ReminderLead);
        builder.Ignore(c => c.EffectiveVatRate);
        builder.Property(c => c.NoticeKind).HasConversion<string>().HasMaxLength(48);
        builder.Property(c => c.VatRate).HasPrecision(6, 4);
        builder.Property(c => c.RevisionFormula).HasMaxLength(8);
        builder.Property(c => c.RevisionIndex).HasMaxLength(64);
        builder.Property(c => c.BaseIndexValue).HasPrecision(14, 4);
        builder.Property(c => c.BaseIndexSeries).HasMaxLength(32);
        builder.HasIndex(c => c.OrganisationId);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.Products).WithOne().HasForeignKey(p => p.ContractId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ContractProductConfiguration : IEntityTypeConfiguration<ContractProduct>
{
    public void Configure(EntityTypeBuilder<ContractProduct> builder)
    {
        builder.HasKey(p => new { p.ContractId, p.ProductId });
        builder.HasOne<Product>().WithMany().HasForeignKey(p => p.ProductId).OnDelete(DeleteBehavior.Restrict);
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
    }
}

internal sealed class TicketEventConfiguration : IEntityTypeConfiguration<TicketEvent>
{
    public void Configure(EntityTypeBuilder<TicketEvent> builder)
    {
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
        builder.Property(e => e.Value).HasMaxLength(200);
        builder.Property(e => e.PreviousValue).HasMaxLength(200);
        builder.HasIndex(e => new { e.TicketId, e.Id });
        builder.HasOne<User>().WithMany().HasForeignKey(e => e.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> builder)
    {
        builder.Property(a => a.FileName).HaveMaxLength(255);
        builder.Property(a => a.ContentType).HaveMaxLength(127);
        builder.Property(a => a.StoredName).HaveMaxLength(64);
        builder.HasIndex(a => a.TicketId);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(a => a.TicketId).OnDelete(DeleteBehavior.Cascade);
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

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.Property(m => m.To).HaveMaxLength(256);
        builder.Property(m => m.Subject).HaveMaxLength(300);
        builder.Property(m => m.LastError).HasMaxLength(2000);
        builder.HasIndex(m => new { m.SentAt, m.NextAttemptAt });
        builder.Property(m => m.MessageId).HasMaxLength(200);
        builder.Property(m => m.Kind).HasMaxLength(40);
        builder.HasIndex(m => m.TicketId);
    }
}
