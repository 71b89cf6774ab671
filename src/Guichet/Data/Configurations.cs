using System.Linq.Expressions;

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

    /// <summary>
    /// A row that links its owner (<paramref name="owner"/>, a foreign key its parent's collection configures) to a
    /// <typeparamref name="TLinked"/> (<paramref name="linked"/>): the pair is the key, and deleting the linked row does
    /// <paramref name="onLinkedDeleted"/>.
    /// </summary>
    public static void Links<T, TLinked>(this EntityTypeBuilder<T> builder, Expression<Func<T, object?>> owner, Expression<Func<T, object?>> linked, DeleteBehavior onLinkedDeleted)
        where T : class
        where TLinked : class
    {
        builder.HasKey(MemberName(owner), MemberName(linked));
        builder.HasOne<TLinked>().WithMany().HasForeignKey(linked).OnDelete(onLinkedDeleted);
    }

    /// <summary>
    /// <see cref="Links{T, TLinked}"/> for a link whose owner has no collection of it: the owner's foreign key, to a
    /// <typeparamref name="TOwner"/>, is configured here with what deleting the owner does.
    /// </summary>
    public static void Links<T, TOwner, TLinked>(this EntityTypeBuilder<T> builder, Expression<Func<T, object?>> owner, DeleteBehavior onOwnerDeleted, Expression<Func<T, object?>> linked, DeleteBehavior onLinkedDeleted)
        where T : class
        where TOwner : class
        where TLinked : class
    {
        builder.Links<T, TLinked>(owner, linked, onLinkedDeleted);
        builder.HasOne<TOwner>().WithMany().HasForeignKey(owner).OnDelete(onOwnerDeleted);
    }

    /// <summary>The columns of a <see cref="StoredFile"/>: the name, type and size it was sent with, and the server's name for it.</summary>
    public static void StoresFile<T>(this EntityTypeBuilder<T> builder)
        where T : StoredFile
    {
        builder.Property(f => f.FileName).HaveMaxLength(255);
        builder.Property(f => f.ContentType).HaveMaxLength(127);
        builder.Property(f => f.StoredName).HaveMaxLength(64);
    }

    /// <summary>The columns of a <see cref="HashedToken"/>: its hash, by which it is found (unique).</summary>
    public static void FindsByHash<T>(this EntityTypeBuilder<T> builder)
        where T : HashedToken
    {
        builder.Property(t => t.Hash).HaveMaxLength(64);
        builder.HasIndex(t => t.Hash).IsUnique();
    }

    private static string MemberName<T>(Expression<Func<T, object?>> property) =>
        ((MemberExpression)(property.Body is UnaryExpression { NodeType: ExpressionType.Convert } boxed ? boxed.Operand : property.Body)).Member.Name;
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

/// <summary>
/// The whole configuration of a link table of its own name: the table, then <see cref="BuilderExtensions.Links{T, TLinked}"/>
/// (the owner's key and the linked row's key as the key, what deleting the linked row does).
/// </summary>
internal abstract class LinkTableConfiguration<T, TLinked>(string table, Expression<Func<T, object?>> owner, Expression<Func<T, object?>> linked, DeleteBehavior onLinkedDeleted) : IEntityTypeConfiguration<T>
    where T : class
    where TLinked : class
{
    public void Configure(EntityTypeBuilder<T> builder)
    {
        builder.ToTable(table);
        builder.Links<T, TLinked>(owner, linked, onLinkedDeleted);
    }
}

internal sealed class ContractProductConfiguration : IEntityTypeConfiguration<ContractProduct>
{
    public void Configure(EntityTypeBuilder<ContractProduct> builder) =>
        builder.Links<ContractProduct, Product>(p => p.ContractId, p => p.ProductId, DeleteBehavior.Restrict);
}

internal sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> builder)
    {
        builder.StoresFile();
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
