namespace Guichet.Features.ProductionReports;

/// <summary>
/// One daily production report of a contract (AT 9.4.10.1, 10.2.2): a stored fact, one row per contract and report
/// day, written with its mails in one transaction. <see cref="Snapshot"/> holds every figure the report showed (the
/// checks against their objectives, the month's availability and outages, the numbers of the charts) as JSON, so an
/// archived report never changes when the data it was computed from is corrected later; the chart images are drawn
/// again from the stored samples and hourly roll-ups (docs/production-report.md).
/// </summary>
internal sealed class ProductionReport
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ContractId { get; set; }

    public Guid OrganisationId { get; set; }

    /// <summary>The day reported on, in the client's zone.</summary>
    public LocalDate Day { get; set; }

    /// <summary>The day's bounds (the client's midnights): the figures' period and the end of the charts.</summary>
    public Instant From { get; set; }

    public Instant To { get; set; }

    /// <summary>The client's time zone the report was written in.</summary>
    public string Zone { get; set; } = "";

    public Instant BuiltAt { get; set; }

    /// <summary>How many référents it was mailed to.</summary>
    public int Recipients { get; set; }

    /// <summary>The figures as reported (<see cref="ReportSnapshot"/>, JSON).</summary>
    public string Snapshot { get; set; } = "";
}

/// <summary>
/// When a contract's daily report is sent: the hour (0–23, the client's zone), and whether it is sent at all. A
/// contract with probes and no row gets its report at <see cref="ProductionReportSchedules.DefaultHour"/>.
/// </summary>
internal sealed class ProductionReportSchedule
{
    public Guid ContractId { get; set; }

    public int Hour { get; set; } = ProductionReportSchedules.DefaultHour;

    public bool Enabled { get; set; } = true;

    public Instant UpdatedAt { get; set; }

    public Guid? UpdatedBy { get; set; }
}

internal sealed class ProductionReportConfiguration : IEntityTypeConfiguration<ProductionReport>
{
    public void Configure(EntityTypeBuilder<ProductionReport> builder)
    {
        builder.ToTable("ProductionReports");
        builder.Property(r => r.Zone).HaveMaxLength(64);
        builder.Property(r => r.Snapshot).IsRequired();
        builder.HasOne<Contract>().WithMany().HasForeignKey(r => r.ContractId).OnDelete(DeleteBehavior.Cascade);
        // One report per contract and day: a second run, or a second instance, cannot write (nor mail) it twice.
        builder.HasIndex(r => new { r.ContractId, r.Day }).IsUnique();
        builder.HasIndex(r => new { r.OrganisationId, r.Day });
    }
}

internal sealed class ProductionReportScheduleConfiguration : IEntityTypeConfiguration<ProductionReportSchedule>
{
    public void Configure(EntityTypeBuilder<ProductionReportSchedule> builder)
    {
        builder.ToTable("ProductionReportSchedules");
        builder.HasKey(s => s.ContractId);
        builder.HasOne<Contract>().WithMany().HasForeignKey(s => s.ContractId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(s => s.UpdatedBy).OnDelete(DeleteBehavior.SetNull);
    }
}
