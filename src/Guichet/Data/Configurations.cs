using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guichet.Data;

// One configuration class per entity; the Identity tables are configured by IdentityUserContext. The entities
// every feature reads live in the feature that owns them (Accounts, Directory, Tickets), in this namespace.

internal static class BuilderExtensions
{
    public static PropertyBuilder<string> HaveMaxLength(this PropertyBuilder<string> property, int length) =>
        property.HasMaxLength(length).IsRequired();

    /// <summary>
    /// A reference to a <typeparamref name="TParent"/> row that lists are read by: the key indexed, the foreign key
    /// with what deleting the parent does, and the parent's collection of these rows if it has one.
    /// </summary>
    public static void References<T, TParent>(this EntityTypeBuilder<T> builder, Expression<Func<T, object?>> key, DeleteBehavior onDelete, Expression<Func<TParent, IEnumerable<T>?>>? children = null)
        where T : class
        where TParent : class
    {
        builder.HasIndex(key);
        builder.HasOne<TParent>().WithMany(children).HasForeignKey(key).OnDelete(onDelete);
    }
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
        builder.References<Contract, Organisation>(c => c.OrganisationId, DeleteBehavior.Restrict);
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

internal sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> builder)
    {
        builder.Property(a => a.FileName).HaveMaxLength(255);
        builder.Property(a => a.ContentType).HaveMaxLength(127);
        builder.Property(a => a.StoredName).HaveMaxLength(64);
        builder.References<Attachment, Ticket>(a => a.TicketId, DeleteBehavior.Cascade);
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
