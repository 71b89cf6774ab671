using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guichet.Data;

// The entities of the backup commitment (issue 18, part 5), owned by Features/Backups.

/// <summary>
/// One backup run of a contract's hosted service, pushed by the provider's backup tooling or entered by staff. Unique
/// by the tooling's run id within the contract: a run sent again (its end, its deletion) updates its row.
/// </summary>
internal sealed class BackupRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ContractId { get; set; }

    /// <summary>The tier of the contract's policy (<c>quotidienne</c>, <c>journaliere</c>…).</summary>
    public string Tier { get; set; } = "";

    /// <summary>The tooling's id of the run; null for a run entered by hand.</summary>
    public string? ExternalId { get; set; }

    public Instant StartedAt { get; set; }

    /// <summary>When it ended; null while running.</summary>
    public Instant? FinishedAt { get; set; }

    /// <summary>Whether it produced a complete copy.</summary>
    public bool Succeeded { get; set; }

    public long? SizeBytes { get; set; }

    /// <summary>When its copy was deleted (retention over, or by mistake); null while kept.</summary>
    public Instant? DeletedAt { get; set; }

    public string? Note { get; set; }

    /// <summary>The account that sent or entered it.</summary>
    public Guid? RecordedById { get; set; }

    public Instant RecordedAt { get; set; }

    public Instant UpdatedAt { get; set; }
}

/// <summary>
/// A breach of a contract's backup commitment as the watch first saw it: unique by contract and the breach's key, so
/// that it is mailed once, whichever instance runs and however often.
/// </summary>
internal sealed class BackupAlert
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ContractId { get; set; }

    /// <summary><see cref="Domain.Backups.BackupFinding.Key"/>.</summary>
    public string Key { get; set; } = "";

    /// <summary>The French explanation.</summary>
    public string Message { get; set; } = "";

    public Instant DetectedAt { get; set; }
}

internal sealed class BackupRecordConfiguration : IEntityTypeConfiguration<BackupRecord>
{
    public void Configure(EntityTypeBuilder<BackupRecord> builder)
    {
        builder.ToTable("BackupRuns");
        builder.Property(r => r.Tier).HasMaxLength(40);
        builder.Property(r => r.ExternalId).HasMaxLength(100);
        builder.Property(r => r.Note).HasMaxLength(500);
        builder.HasIndex(r => new { r.ContractId, r.ExternalId }).IsUnique();
        builder.HasIndex(r => new { r.ContractId, r.StartedAt });
        builder.HasOne<Contract>().WithMany().HasForeignKey(r => r.ContractId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(r => r.RecordedById).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class BackupAlertConfiguration : IEntityTypeConfiguration<BackupAlert>
{
    public void Configure(EntityTypeBuilder<BackupAlert> builder)
    {
        builder.ToTable("BackupAlerts");
        builder.Property(a => a.Key).HasMaxLength(80);
        builder.Property(a => a.Message).HasMaxLength(500);
        builder.HasIndex(a => new { a.ContractId, a.Key }).IsUnique();
        builder.HasOne<Contract>().WithMany().HasForeignKey(a => a.ContractId).OnDelete(DeleteBehavior.Cascade);
    }
}
