namespace Guichet.Features.Faq;

/// <summary>A FAQ category ("Connexion", "Installation"…), shared by every product.</summary>
internal sealed class FaqCategory
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Name { get; set; } = "";
}

/// <summary>
/// A FAQ article in Markdown, on one product or general (no product). Its id is an integer: it is the rowid the
/// SQLite full-text index points at, and the number in its address.
/// </summary>
internal sealed class FaqArticle
{
    public long Id { get; set; }

    /// <summary>The product the article is about; null: general, shown to every client.</summary>
    public Guid? ProductId { get; set; }

    public Guid CategoryId { get; set; }

    public string Title { get; set; } = "";

    /// <summary>Markdown, rendered through <see cref="Web.Pages.Markdown"/>.</summary>
    public string Body { get; set; } = "";

    /// <summary>Only published articles are shown to clients.</summary>
    public bool Published { get; set; }

    /// <summary>The title as the search indexes it (<see cref="FrenchText.Normalise"/>), written with the title.</summary>
    public string SearchTitle { get; set; } = "";

    /// <summary>The Markdown body as the search indexes it, written with the body.</summary>
    public string SearchBody { get; set; } = "";

    public Instant CreatedAt { get; set; }

    public Instant UpdatedAt { get; set; }

    /// <summary>Sets title and body, and their indexed forms with them.</summary>
    public void SetText(string title, string body)
    {
        Title = title;
        Body = body;
        SearchTitle = FrenchText.Normalise(title);
        SearchBody = FrenchText.Normalise(body);
    }
}

/// <summary>The release notes of one product version (Markdown) [SPEC §8].</summary>
internal sealed class ReleaseNote
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid VersionId { get; set; }

    public string Body { get; set; } = "";

    public Instant UpdatedAt { get; set; }
}

/// <summary>A document of the documentation tree (manual, prerequisites, API…), stored like an attachment.</summary>
internal sealed class ProductDocument : StoredFile
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ProductId { get; set; }

    /// <summary>The version it documents; null: every version.</summary>
    public Guid? VersionId { get; set; }

    /// <summary>Manuels, Prérequis, API… (free text, the third level of the tree).</summary>
    public string Category { get; set; } = "";

    public string Title { get; set; } = "";

    public Instant CreatedAt { get; set; }
}

internal sealed class FaqCategoryConfiguration : IEntityTypeConfiguration<FaqCategory>
{
    public void Configure(EntityTypeBuilder<FaqCategory> builder)
    {
        builder.ToTable("FaqCategories");
        builder.Property(c => c.Name).HaveMaxLength(200);
        builder.HasIndex(c => c.Name).IsUnique();
    }
}

internal sealed class FaqArticleConfiguration : IEntityTypeConfiguration<FaqArticle>
{
    public void Configure(EntityTypeBuilder<FaqArticle> builder)
    {
        builder.ToTable("FaqArticles");
        builder.Property(a => a.Title).HaveMaxLength(300);
        builder.Property(a => a.Body).IsRequired();
        builder.Property(a => a.SearchTitle).IsRequired();
        builder.Property(a => a.SearchBody).IsRequired();
        builder.HasIndex(a => new { a.ProductId, a.CategoryId });
        builder.HasIndex(a => a.UpdatedAt);
        builder.HasOne<Product>().WithMany().HasForeignKey(a => a.ProductId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<FaqCategory>().WithMany().HasForeignKey(a => a.CategoryId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReleaseNoteConfiguration : IEntityTypeConfiguration<ReleaseNote>
{
    public void Configure(EntityTypeBuilder<ReleaseNote> builder)
    {
        builder.ToTable("ReleaseNotes");
        builder.Property(n => n.Body).IsRequired();
        builder.HasIndex(n => n.VersionId).IsUnique();
        builder.HasOne<ProductVersion>().WithMany().HasForeignKey(n => n.VersionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProductDocumentConfiguration : IEntityTypeConfiguration<ProductDocument>
{
    public void Configure(EntityTypeBuilder<ProductDocument> builder)
    {
        builder.ToTable("ProductDocuments");
        builder.Property(d => d.Category).HaveMaxLength(100);
        builder.Property(d => d.Title).HaveMaxLength(300);
        builder.StoresFile();
        builder.HasIndex(d => new { d.ProductId, d.VersionId });
        builder.HasOne<Product>().WithMany().HasForeignKey(d => d.ProductId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ProductVersion>().WithMany().HasForeignKey(d => d.VersionId).OnDelete(DeleteBehavior.Restrict);
    }
}
