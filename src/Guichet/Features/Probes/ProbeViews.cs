namespace Guichet.Features.Probes;

/// <summary>A probe as staff see it: its settings, objectives and last state.</summary>
internal sealed record ProbeView(
    Guid Id,
    Guid ServiceId,
    string ServiceName,
    Guid ContractId,
    string ContractName,
    Guid OrganisationId,
    string Name,
    string Url,
    string Method,
    int ExpectedStatus,
    string? ExpectedText,
    int TimeoutMs,
    int IntervalSeconds,
    bool Enabled,
    int FailuresBeforeOutage,
    bool AcceptUntrustedCertificate,
    string? CheckId,
    IReadOnlyList<ProbeObjectiveView> Objectives,
    Instant? LastSampleAt,
    bool? LastOk,
    int ConsecutiveFailures,
    Instant? CertificateNotAfter,
    Instant NextDueAt);

/// <summary>An objective: <c>Percent</c> % of the samples under <c>ThresholdMs</c> ("&lt; 2 s pour 80 %").</summary>
internal sealed record ProbeObjectiveView(Guid Id, decimal Percent, int ThresholdMs, string Label, string Source);

/// <summary>An objective in a request.</summary>
internal sealed record ProbeObjectiveInput(decimal? Percent, int? ThresholdMs);

/// <summary>
/// The body of <c>POST /api/v1/probes</c> and <c>PATCH /api/v1/probes/{id}</c> (on a patch, what is given changes).
/// <c>CheckId</c> names a check of the contract's preset (AT: <c>accueil</c>, <c>depot</c>…) whose objectives the probe
/// starts with when none are given.
/// </summary>
internal sealed record ProbeRequest(
    Guid? ServiceId,
    string? Name,
    string? Url,
    string? Method,
    int? ExpectedStatus,
    string? ExpectedText,
    int? TimeoutMs,
    int? IntervalSeconds,
    bool? Enabled,
    int? FailuresBeforeOutage,
    bool? AcceptUntrustedCertificate,
    string? CheckId,
    IReadOnlyList<ProbeObjectiveInput>? Objectives);

/// <summary>A probe's latest samples, the newest first.</summary>
internal sealed record ProbeSamples(Guid ProbeId, IReadOnlyList<ProbeSampleView> Samples);

/// <summary>One sample of a probe.</summary>
internal sealed record ProbeSampleView(Instant At, int DurationMs, bool Ok, int? StatusCode, string? Error, Instant? CertificateNotAfter);

/// <summary>
/// A probe's figures over a period (<c>From</c> inclusive, <c>To</c> exclusive): only the samples taken inside the
/// contract's measurement calendar count. <c>Source</c> is <c>samples</c> (the raw samples, kept 6 months) or
/// <c>hourly</c> (the hourly roll-ups, for older periods).
/// </summary>
internal sealed record ProbeFiguresView(
    Guid ProbeId,
    string Name,
    Guid ServiceId,
    string ServiceName,
    Guid ContractId,
    Instant From,
    Instant To,
    string Source,
    int Samples,
    int Failures,
    decimal? SuccessPercent,
    int? MeanMs,
    int? MaxMs,
    IReadOnlyList<ObjectiveFigure> Objectives);

/// <summary>
/// One objective over a period: the samples counted, those that succeeded under the threshold, their share, the
/// measured percentile (null when it falls among failures or without samples) and the status: <c>respecte</c>,
/// <c>non-respecte</c> or <c>pas-de-mesure</c>, with its French label.
/// </summary>
internal sealed record ObjectiveFigure(
    Guid ObjectiveId,
    decimal Percent,
    int ThresholdMs,
    string Label,
    int Samples,
    int Under,
    decimal? SharePercent,
    int? MeasuredMs,
    string Status,
    string StatusLabel);

/// <summary>Every probe of a contract over a period, by service and name.</summary>
internal sealed record ContractProbeFigures(Guid ContractId, Instant From, Instant To, IReadOnlyList<ProbeFiguresView> Probes);

/// <summary>The ranges of <see cref="ProbeFigures.SeriesAsync"/>.</summary>
internal enum SeriesRange
{
    /// <summary>The last 24 hours, 5-minute points from the samples.</summary>
    Day,

    /// <summary>The last 72 hours, 15-minute points from the samples.</summary>
    ThreeDays,

    /// <summary>The last 30 days, hourly points from the roll-ups.</summary>
    Month,

    /// <summary>The last 6 months, daily points (UTC days) from the roll-ups.</summary>
    SixMonths,
}

/// <summary>A chart's points for one probe; <c>Step</c> is the points' width in seconds.</summary>
internal sealed record ProbeSeries(Guid ProbeId, string Name, string Range, Instant From, Instant To, int StepSeconds, string Source, IReadOnlyList<SeriesPoint> Points);

/// <summary>
/// One point of a chart: the samples of [<c>At</c>, <c>At</c> + step), the failed ones, the mean and maximum duration
/// of the successful ones and their 95th percentile (failures counted as infinitely slow; from the roll-ups'
/// histogram, the bucket's upper bound). Points without samples are left out.
/// </summary>
internal sealed record SeriesPoint(Instant At, int Count, int Failures, int? MeanMs, int? P95Ms, int? MaxMs);

/// <summary>An outage proposed by a probe, as staff see it.</summary>
internal sealed record OutageProposalView(
    Guid Id,
    Guid ProbeId,
    string ProbeName,
    Guid ServiceId,
    string ServiceName,
    Guid ContractId,
    Instant Start,
    Instant? End,
    int Failures,
    string Reason,
    string State,
    string StateLabel,
    Guid? OutageId,
    Instant? DecidedAt,
    bool EndToConfirm);
