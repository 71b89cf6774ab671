namespace Guichet.Data;

/// <summary>
/// A planned release of a product (docs/sla.md, « Versions prévues »): its kind (ESR, trimestrielle, corrective
/// mensuelle, correctif…), its name and its planned date, entered by staff and shown to clients. "Next release" clock
/// targets get their due from it [AT 9.3.4.3]; the due each ticket depends on is recorded in its trace.
/// </summary>
internal sealed class ProductRelease
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ProductId { get; set; }

    /// <summary>A kind of <see cref="Domain.Sla.ClockTarget.ReleaseKinds"/>: <c>esr</c>, <c>quarterly</c>, <c>monthly</c>, <c>patch</c>…</summary>
    public string Kind { get; set; } = "";

    /// <summary>The release's name, e.g. « 2026.2 ».</summary>
    public string Name { get; set; } = "";

    /// <summary>The planned day; a due taken from it is the end of that day in the contract's zone.</summary>
    public LocalDate PlannedOn { get; set; }

    public Instant UpdatedAt { get; set; }

    public Guid? AuthorId { get; set; }
}

internal sealed class ProductReleaseConfiguration : IEntityTypeConfiguration<ProductRelease>
{
    public void Configure(EntityTypeBuilder<ProductRelease> builder)
    {
        builder.Property(r => r.Kind).HaveMaxLength(16);
        builder.Property(r => r.Name).HaveMaxLength(100);
        builder.HasOne<Product>().WithMany().HasForeignKey(r => r.ProductId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(r => r.AuthorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => new { r.ProductId, r.Kind, r.PlannedOn });
    }
}
