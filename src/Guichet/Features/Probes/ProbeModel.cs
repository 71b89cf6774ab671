using Guichet.Features.Availability;

namespace Guichet.Features.Probes;

/// <summary>
/// A synthetic probe of a hosted service (AT 9.4.10, 10.2.2): an HTTP check run every <see cref="IntervalSeconds"/>,
/// whose samples are measured against its <see cref="ProbeObjective"/>s. The runner's state (next slot, lease, run of
/// failures, certificate seen) is kept on the row so that several instances share the work (docs/probes.md).
/// </summary>
internal sealed class Probe
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ServiceId { get; set; }

    public string Name { get; set; } = "";

    /// <summary>An absolute http or https URL.</summary>
    public string Url { get; set; } = "";

    /// <summary><c>GET</c> or <c>HEAD</c>.</summary>
    public string Method { get; set; } = "GET";

    public int ExpectedStatus { get; set; } = 200;

    /// <summary>Text the body must contain (GET only), or null.</summary>
    public string? ExpectedText { get; set; }

    public int TimeoutMs { get; set; } = 10_000;

    public int IntervalSeconds { get; set; } = 60;

    public bool Enabled { get; set; } = true;

    /// <summary>How many failed samples in a row propose an outage.</summary>
    public int FailuresBeforeOutage { get; set; } = 3;

    /// <summary>Whether an https certificate the system does not trust (self-signed, internal CA) is accepted.</summary>
    public bool AcceptUntrustedCertificate { get; set; }

    /// <summary>The preset's check (<c>accueil</c>…) the objectives came from, if any.</summary>
    public string? CheckId { get; set; }

    public Instant CreatedAt { get; set; }

    public Instant UpdatedAt { get; set; }

    // --- The runner's state ----------------------------------------------------------------------------------------

    /// <summary>The start of the next slot to sample: a runner claims it by moving it on (a conditional update).</summary>
    public Instant NextDueAt { get; set; }

    /// <summary>Until when the runner that claimed the last slot holds the probe.</summary>
    public Instant? LeaseUntil { get; set; }

    /// <summary>Which runner holds the lease (an id per process).</summary>
    public Guid? LeaseHolder { get; set; }

    public Instant? LastSampleAt { get; set; }

    public bool? LastOk { get; set; }

    /// <summary>Failed samples in a row up to the last one (0 after a success).</summary>
    public int ConsecutiveFailures { get; set; }

    /// <summary>The first failed sample of the current run of failures (null after a success).</summary>
    public Instant? FailingSince { get; set; }

    /// <summary>The expiry of the last https certificate seen.</summary>
    public Instant? CertificateNotAfter { get; set; }

    public List<ProbeObjective> Objectives { get; set; } = [];
}

/// <summary>A response-time objective of a probe: <see cref="Percent"/> % of the samples under <see cref="ThresholdMs"/>.</summary>
internal sealed class ProbeObjective
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ProbeId { get; set; }

    public decimal Percent { get; set; }

    public int ThresholdMs { get; set; }

    /// <summary>The clause it comes from ("AT 10.2.2"), or empty when staff set it.</summary>
    public string Source { get; set; } = "";
}

/// <summary>One check of a probe: when, how long, and whether it met the expected status and text.</summary>
internal sealed class ProbeSample
{
    public long Id { get; set; }

    public Guid ProbeId { get; set; }

    /// <summary>When the request was sent.</summary>
    public Instant At { get; set; }

    /// <summary>Milliseconds to the end of the answer (to the timeout for a timeout).</summary>
    public int DurationMs { get; set; }

    public bool Ok { get; set; }

    /// <summary>The HTTP status, null when there was no answer.</summary>
    public int? StatusCode { get; set; }

    /// <summary>Why it failed, in French (null when it succeeded).</summary>
    public string? Error { get; set; }

    /// <summary>The expiry of the https certificate seen.</summary>
    public Instant? CertificateNotAfter { get; set; }
}

/// <summary>
/// One hour of one probe's samples (UTC hours), kept after the samples are deleted: what the month and six-month
/// charts and the figures of old periods read. Rebuilt from the samples by <see cref="ProbeRollups"/>.
/// </summary>
internal sealed class ProbeHour
{
    public Guid ProbeId { get; set; }

    /// <summary>The start of the hour (UTC).</summary>
    public Instant Hour { get; set; }

    public int Count { get; set; }

    public int Failures { get; set; }

    /// <summary>Sum of the durations of the successful samples (ms).</summary>
    public long SumMs { get; set; }

    /// <summary>Slowest successful sample (ms), null when none succeeded.</summary>
    public int? MaxMs { get; set; }

    /// <summary>The 80th and 95th percentiles (nearest rank, failures as infinitely slow; null when they fall among failures).</summary>
    public int? P80Ms { get; set; }

    public int? P95Ms { get; set; }

    /// <summary>
    /// Successful samples per duration bucket (<see cref="ProbeRollups.Buckets"/>'s upper bounds, the last open),
    /// comma-separated: the share under a threshold for periods whose samples are gone.
    /// </summary>
    public string Histogram { get; set; } = "";
}

/// <summary>Where a proposal of the probes stands.</summary>
internal enum ProposalState
{
    /// <summary>Waiting for staff.</summary>
    Proposed,

    /// <summary>Staff confirmed it: it is an entry of the outage log (<see cref="OutageProposal.OutageId"/>).</summary>
    Confirmed,

    /// <summary>Staff dismissed it (a false alarm): nothing counts.</summary>
    Dismissed,
}

/// <summary>
/// An outage proposed by a probe after its failures in a row: staff confirm it (it becomes an <see cref="OutageEntry"/>
/// and counts in the availability) or dismiss it. The end is proposed when the probe succeeds again, and confirmed
/// the same way (the outage is closed). The outage log's own history (<see cref="AvailabilityEvent"/>) records what
/// staff decided.
/// </summary>
internal sealed class OutageProposal
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ProbeId { get; set; }

    public Guid ServiceId { get; set; }

    /// <summary>The first failed sample of the run.</summary>
    public Instant Start { get; set; }

    /// <summary>The first successful sample after it (the proposed end), null while the probe still fails.</summary>
    public Instant? End { get; set; }

    /// <summary>Failed samples of the run so far.</summary>
    public int Failures { get; set; }

    /// <summary>The reason of the first failure, in French.</summary>
    public string Reason { get; set; } = "";

    public ProposalState State { get; set; }

    public Instant ProposedAt { get; set; }

    /// <summary>When staff were told (once).</summary>
    public Instant? NotifiedAt { get; set; }

    public Guid? DecidedBy { get; set; }

    public Instant? DecidedAt { get; set; }

    /// <summary>The outage log entry a confirmation made.</summary>
    public Guid? OutageId { get; set; }

    /// <summary>When staff confirmed the proposed end (the outage was closed).</summary>
    public Instant? EndConfirmedAt { get; set; }
}

/// <summary>A warning sent to staff before a probe's certificate expires: one per certificate and threshold.</summary>
internal sealed class CertificateWarning
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ProbeId { get; set; }

    public Instant NotAfter { get; set; }

    /// <summary>The threshold crossed, in days (30, 7).</summary>
    public int Days { get; set; }

    public Instant SentAt { get; set; }
}

internal sealed class ProbeConfiguration : IEntityTypeConfiguration<Probe>
{
    public void Configure(EntityTypeBuilder<Probe> builder)
    {
        builder.ToTable("Probes");
        builder.Property(p => p.Name).HaveMaxLength(200);
        builder.Property(p => p.Url).HaveMaxLength(2000);
        builder.Property(p => p.Method).HaveMaxLength(8);
        builder.Property(p => p.ExpectedText).HasMaxLength(500);
        builder.Property(p => p.CheckId).HasMaxLength(64);
        builder.HasOne<HostedService>().WithMany().HasForeignKey(p => p.ServiceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Objectives).WithOne().HasForeignKey(o => o.ProbeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => p.ServiceId);
        builder.HasIndex(p => new { p.Enabled, p.NextDueAt });
    }
}

internal sealed class ProbeObjectiveConfiguration : IEntityTypeConfiguration<ProbeObjective>
{
    public void Configure(EntityTypeBuilder<ProbeObjective> builder)
    {
        builder.ToTable("ProbeObjectives");
        builder.Property(o => o.Percent).HasPrecision(5, 2);
        builder.Property(o => o.Source).HaveMaxLength(100);
        builder.HasIndex(o => o.ProbeId);
    }
}

internal sealed class ProbeSampleConfiguration : IEntityTypeConfiguration<ProbeSample>
{
    public void Configure(EntityTypeBuilder<ProbeSample> builder)
    {
        builder.ToTable("ProbeSamples");
        builder.Property(s => s.Error).HasMaxLength(300);
        builder.HasOne<Probe>().WithMany().HasForeignKey(s => s.ProbeId).OnDelete(DeleteBehavior.Cascade);
        // One sample per probe and instant: the figures and series read by (probe, time), and a second runner's
        // sample of the same slot could not be written twice.
        builder.HasIndex(s => new { s.ProbeId, s.At }).IsUnique();
    }
}

internal sealed class ProbeHourConfiguration : IEntityTypeConfiguration<ProbeHour>
{
    public void Configure(EntityTypeBuilder<ProbeHour> builder)
    {
        builder.ToTable("ProbeHours");
        builder.HasKey(h => new { h.ProbeId, h.Hour });
        builder.Property(h => h.Histogram).HaveMaxLength(400);
        builder.HasOne<Probe>().WithMany().HasForeignKey(h => h.ProbeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(h => h.Hour);
    }
}

internal sealed class OutageProposalConfiguration : IEntityTypeConfiguration<OutageProposal>
{
    public void Configure(EntityTypeBuilder<OutageProposal> builder)
    {
        builder.ToTable("OutageProposals");
        builder.Property(p => p.Reason).HaveMaxLength(300);
        builder.Property(p => p.State).HasConversion<string>().HasMaxLength(16).IsRequired();
        builder.HasOne<Probe>().WithMany().HasForeignKey(p => p.ProbeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<OutageEntry>().WithMany().HasForeignKey(p => p.OutageId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<User>().WithMany().HasForeignKey(p => p.DecidedBy).OnDelete(DeleteBehavior.SetNull);
        // One proposal per run of failures: the run starts at its first failed sample.
        builder.HasIndex(p => new { p.ProbeId, p.Start }).IsUnique();
        builder.HasIndex(p => new { p.ServiceId, p.State });
    }
}

internal sealed class CertificateWarningConfiguration : IEntityTypeConfiguration<CertificateWarning>
{
    public void Configure(EntityTypeBuilder<CertificateWarning> builder)
    {
        builder.ToTable("CertificateWarnings");
        builder.HasOne<Probe>().WithMany().HasForeignKey(w => w.ProbeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(w => new { w.ProbeId, w.NotAfter, w.Days }).IsUnique();
    }
}
