namespace Guichet.Features.Portal;

/// <summary>What a live news item announces [LS 6.2.2].</summary>
internal enum NewsKind
{
    /// <summary>An ongoing or past service interruption: shown as a banner while it runs.</summary>
    Incident,

    /// <summary>A planned intervention (update, maintenance).</summary>
    Intervention,

    /// <summary>Any other information for the users.</summary>
    Information,
}

/// <summary>
/// A live news item ("Informations en direct") [LS 6.2.2]. It concerns the products in <see cref="Products"/>, or every
/// product when there is none; a client sees it when it concerns every product or one of their organisation's
/// contracts' products. It runs from <see cref="StartsAt"/> (included) to <see cref="EndsAt"/> (excluded), or
/// without end while <see cref="EndsAt"/> is null.
/// </summary>
internal sealed class NewsItem
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public NewsKind Kind { get; set; }

    public string Title { get; set; } = "";

    /// <summary>Markdown, rendered through the pages' sanitiser.</summary>
    public string Text { get; set; } = "";

    public Instant StartsAt { get; set; }

    public Instant? EndsAt { get; set; }

    /// <summary>Kept on the portal home whatever its age [LS 6.2.1].</summary>
    public bool Pinned { get; set; }

    public Instant PublishedAt { get; set; }

    public Instant UpdatedAt { get; set; }

    public Guid AuthorId { get; set; }

    /// <summary>
    /// The one organisation the item is for (a maintenance of its hosted services, docs/availability.md), or null
    /// for every organisation its products concern.
    /// </summary>
    public Guid? OrganisationId { get; set; }

    public List<NewsProduct> Products { get; set; } = [];

    /// <summary>Whether it runs at <paramref name="now"/>: start included, end excluded.</summary>
    public bool IsOngoing(Instant now) => StartsAt <= now && (EndsAt is not { } end || now < end);
}

/// <summary>A product a news item concerns.</summary>
internal sealed class NewsProduct
{
    public Guid NewsItemId { get; set; }

    public Guid ProductId { get; set; }
}

/// <summary>A scheduled service for an organisation: training, installation, meeting [LS 6.4].</summary>
internal sealed class ScheduledService
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrganisationId { get; set; }

    public string Title { get; set; } = "";

    public Guid? ProductId { get; set; }

    /// <summary>The staff member who intervenes, or null when <see cref="IntervenerName"/> names someone else.</summary>
    public Guid? IntervenerId { get; set; }

    /// <summary>A free-text intervener (a partner, "équipe formation") when no staff account stands for them.</summary>
    public string? IntervenerName { get; set; }

    public Instant StartsAt { get; set; }

    /// <summary>Excluded; after <see cref="StartsAt"/>.</summary>
    public Instant EndsAt { get; set; }

    public string Place { get; set; } = "";

    public Instant CreatedAt { get; set; }
}

/// <summary>A link of the tools page (remote assistance, certificates…) [LS 6.5].</summary>
internal sealed class PortalTool
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    /// <summary>http or https only.</summary>
    public string Url { get; set; } = "";

    /// <summary>Order on the page (ascending).</summary>
    public int Position { get; set; }
}

/// <summary>A user's favourite link (URL and name), shown on their portal home [LS 6.7].</summary>
internal sealed class Favourite
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid UserId { get; set; }

    public string Name { get; set; } = "";

    /// <summary>http or https only.</summary>
    public string Url { get; set; } = "";

    public Instant CreatedAt { get; set; }
}

/// <summary>
/// The secret of an organisation's feeds (news RSS, scheduled services iCal), in their URL: readers of feeds cannot
/// sign in. The token is looked up by its SHA-256; it is also kept encrypted with the application's data-protection
/// keys (outside the database) so that the référent can read the addresses again. Revoking sets
/// <see cref="RevokedAt"/>; an organisation has at most one token not revoked (regenerating revokes the previous one).
/// </summary>
internal sealed class FeedToken : HashedToken
{
    public Guid OrganisationId { get; set; }

    /// <summary>The token encrypted by ASP.NET Core data protection (purpose <c>Guichet.Feeds</c>).</summary>
    public string Protected { get; set; } = "";

    /// <summary>The référent who made it; null once their account is deleted (the organisation's addresses stay).</summary>
    public Guid? CreatedById { get; set; }
}

internal sealed class NewsItemConfiguration : IEntityTypeConfiguration<NewsItem>
{
    public void Configure(EntityTypeBuilder<NewsItem> builder)
    {
        builder.ToTable("NewsItems");
        builder.Property(n => n.Kind).HasConversion<string>().HasMaxLength(16).IsRequired();
        builder.Property(n => n.Title).HaveMaxLength(200);
        builder.Property(n => n.Text).HaveMaxLength(20_000);
        builder.HasOne<User>().WithMany().HasForeignKey(n => n.AuthorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(n => n.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(n => n.Products).WithOne().HasForeignKey(p => p.NewsItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(n => n.PublishedAt);
        builder.HasIndex(n => new { n.Kind, n.EndsAt });
    }
}

internal sealed class NewsProductConfiguration() : LinkTableConfiguration<NewsProduct, Product>("NewsProducts", p => p.NewsItemId, p => p.ProductId, DeleteBehavior.Restrict);

internal sealed class ScheduledServiceConfiguration : IEntityTypeConfiguration<ScheduledService>
{
    public void Configure(EntityTypeBuilder<ScheduledService> builder)
    {
        builder.ToTable("ScheduledServices");
        builder.Property(s => s.Title).HaveMaxLength(200);
        builder.Property(s => s.IntervenerName).HasMaxLength(200);
        builder.Property(s => s.Place).HasMaxLength(300).IsRequired();
        builder.HasOne<Organisation>().WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Product>().WithMany().HasForeignKey(s => s.ProductId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(s => s.IntervenerId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(s => new { s.OrganisationId, s.StartsAt });
    }
}

internal sealed class PortalToolConfiguration : IEntityTypeConfiguration<PortalTool>
{
    public void Configure(EntityTypeBuilder<PortalTool> builder)
    {
        builder.ToTable("PortalTools");
        builder.Property(t => t.Name).HaveMaxLength(200);
        builder.Property(t => t.Description).HasMaxLength(1000).IsRequired();
        builder.Property(t => t.Url).HaveMaxLength(2000);
    }
}

internal sealed class FavouriteConfiguration : IEntityTypeConfiguration<Favourite>
{
    public void Configure(EntityTypeBuilder<Favourite> builder)
    {
        builder.ToTable("Favourites");
        builder.Property(f => f.Name).HaveMaxLength(100);
        builder.Property(f => f.Url).HaveMaxLength(2000);
        builder.HasOne<User>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(f => f.UserId);
    }
}

internal sealed class FeedTokenConfiguration : IEntityTypeConfiguration<FeedToken>
{
    public void Configure(EntityTypeBuilder<FeedToken> builder)
    {
        builder.ToTable("FeedTokens");
        builder.FindsByHash();
        builder.Property(t => t.Protected).HaveMaxLength(1000);
        builder.References<FeedToken, Organisation>(t => t.OrganisationId, DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(t => t.CreatedById).OnDelete(DeleteBehavior.SetNull);
    }
}
