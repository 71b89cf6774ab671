namespace Guichet.Features.Users;

/// <summary>What a référent (or a user for their own account's deletion) asks the provider to do [LS 6.6].</summary>
internal enum UserRequestKind
{
    /// <summary>Create a portal user with products.</summary>
    Add,

    /// <summary>Suspend a user (reversible: a deactivation).</summary>
    Suspend,

    /// <summary>Delete a user (deactivated and anonymised, see docs/users.md).</summary>
    Delete,

    /// <summary>Reactivate a suspended user.</summary>
    Reactivate,
}

/// <summary>Where a request stands; shown to the référent for 60 days [LS 6.6.2].</summary>
internal enum UserRequestState
{
    /// <summary>En cours de traitement.</summary>
    Pending,

    /// <summary>Accepté.</summary>
    Accepted,

    /// <summary>Accepté partiellement: some of the requested products only (with a reason).</summary>
    PartiallyAccepted,

    /// <summary>Rejeté (with a reason).</summary>
    Rejected,
}

/// <summary>A request about an organisation's portal users, decided by the provider's staff.</summary>
internal sealed class UserRequest
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrganisationId { get; set; }

    public UserRequestKind Kind { get; set; }

    public UserRequestState State { get; set; }

    public Guid RequestedById { get; set; }

    public Instant RequestedAt { get; set; }

    /// <summary>Add: the new user's contact details and profile.</summary>
    public string LastName { get; set; } = "";

    public string FirstName { get; set; } = "";

    public string Email { get; set; } = "";

    public string Phone { get; set; } = "";

    public bool IsReferent { get; set; }

    public string Comments { get; set; } = "";

    /// <summary>Suspend, Delete: the user concerned. Add: the user created on acceptance.</summary>
    public Guid? TargetUserId { get; set; }

    /// <summary>Suspend, Delete: the user's name when asked (an anonymised user no longer has one).</summary>
    public string TargetName { get; set; } = "";

    public Guid? DecidedById { get; set; }

    public Instant? DecidedAt { get; set; }

    /// <summary>Why a request was rejected or accepted partially (mandatory then).</summary>
    public string Reason { get; set; } = "";

    /// <summary>Add: the requested products, and which were granted.</summary>
    public List<UserRequestProduct> Products { get; set; } = [];
}

/// <summary>A product requested for a new user; <see cref="Granted"/> once the request is decided.</summary>
internal sealed class UserRequestProduct
{
    public Guid RequestId { get; set; }

    public Guid ProductId { get; set; }

    public bool Granted { get; set; }
}

internal sealed class UserRequestConfiguration : IEntityTypeConfiguration<UserRequest>
{
    public void Configure(EntityTypeBuilder<UserRequest> builder)
    {
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(24);
        builder.Property(r => r.LastName).HaveMaxLength(100);
        builder.Property(r => r.FirstName).HaveMaxLength(100);
        builder.Property(r => r.Email).HaveMaxLength(256);
        builder.Property(r => r.Phone).HaveMaxLength(32);
        builder.Property(r => r.Comments).HaveMaxLength(2000);
        builder.Property(r => r.TargetName).HaveMaxLength(200);
        builder.Property(r => r.Reason).HaveMaxLength(2000);
        builder.HasIndex(r => new { r.OrganisationId, r.RequestedAt });
        builder.HasIndex(r => new { r.State, r.RequestedAt });
        builder.HasOne<Organisation>().WithMany().HasForeignKey(r => r.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(r => r.Products).WithOne().HasForeignKey(p => p.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class UserRequestProductConfiguration : IEntityTypeConfiguration<UserRequestProduct>
{
    public void Configure(EntityTypeBuilder<UserRequestProduct> builder) =>
        builder.Links<UserRequestProduct, Product>(p => p.RequestId, p => p.ProductId, DeleteBehavior.Restrict);
}
