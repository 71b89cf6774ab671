namespace Guichet.Features.ProductionReports;

/// <summary>
/// The figures of a report as stored (<see cref="ProductionReport.Snapshot"/>): plain values, instants as ISO text,
/// so the stored form does not follow later changes of the live views.
/// </summary>
internal sealed record ReportSnapshot(
    int Version,
    string ContractName,
    string OrganisationName,
    string ZoneLabel,
    string Month,
    IReadOnlyList<ReportCheck> Checks,
    IReadOnlyList<ReportServiceMonth> Availability,
    IReadOnlyList<ReportOutage> Outages,
    IReadOnlyList<ReportChart> Charts);

/// <summary>A check (probe) over the report's day: its samples in the measured time and each objective's result.</summary>
internal sealed record ReportCheck(
    Guid ProbeId,
    string ServiceName,
    string Name,
    int Samples,
    int Failures,
    decimal? SuccessPercent,
    int? MeanMs,
    int? MaxMs,
    IReadOnlyList<ReportObjective> Objectives);

/// <summary>
/// One line of the seed's table "Nom — Objectif — Mesure — Statut": the objective (<c>Percent</c> % under
/// <c>ThresholdMs</c>), the measure (the share of the day's measured samples that succeeded under the threshold, and
/// the measured percentile), the status (<c>respecte</c>, <c>non-respecte</c>, <c>pas-de-mesure</c>) and its label.
/// </summary>
internal sealed record ReportObjective(
    string Label,
    decimal Percent,
    int ThresholdMs,
    int Samples,
    int Under,
    decimal? SharePercent,
    int? MeasuredMs,
    string Status,
    string StatusLabel);

/// <summary>A hosted service's availability for the month so far (as at the end of the report's day).</summary>
internal sealed record ReportServiceMonth(
    Guid ServiceId,
    string Name,
    decimal Target,
    decimal Rate,
    bool Met,
    bool InProgress,
    long UnavailableSeconds,
    long AllowedSeconds,
    string Summary);

/// <summary>An outage or maintenance of the month, with the time it counts.</summary>
internal sealed record ReportOutage(string ServiceName, string Reference, string Kind, string CauseLabel, string Start, string? End, long CountedSeconds);

/// <summary>
/// One chart of a check: its key (<c>{probe}-{range}</c>, the image's name), the range (<c>24h</c>, <c>72h</c>,
/// <c>month</c>, <c>6months</c>), its title, the description read to those who cannot see it, its period, the
/// thresholds drawn, and its numbers by row (an hour, six hours, a day, a week).
/// </summary>
internal sealed record ReportChart(
    string Key,
    Guid ProbeId,
    string ProbeName,
    string Range,
    string Title,
    string Description,
    string From,
    string To,
    string RowUnit,
    IReadOnlyList<int> ThresholdsMs,
    IReadOnlyList<ReportChartRow> Rows);

/// <summary>
/// A row of a chart's table: the period (in the client's zone), the samples, the failed ones, the mean duration of
/// the successful ones, the highest 95th percentile of the chart's points in it and the slowest success.
/// </summary>
internal sealed record ReportChartRow(string Label, int Count, int Failures, int? MeanMs, int? P95Ms, int? MaxMs);

/// <summary>A report as the API and the pages show it; <c>ImageUrl</c> of each chart is scoped to the organisation.</summary>
internal sealed record ProductionReportView(
    Guid Id,
    Guid ContractId,
    string ContractName,
    Guid OrganisationId,
    string OrganisationName,
    LocalDate Day,
    string Zone,
    string ZoneLabel,
    Instant From,
    Instant To,
    Instant BuiltAt,
    int Recipients,
    string Month,
    IReadOnlyList<ReportCheck> Checks,
    IReadOnlyList<ReportServiceMonth> Availability,
    IReadOnlyList<ReportOutage> Outages,
    IReadOnlyList<ProductionReportChartView> Charts);

/// <summary>A chart with the address of its image.</summary>
internal sealed record ProductionReportChartView(ReportChart Chart, string ImageUrl);

/// <summary>One report of the archive.</summary>
internal sealed record ProductionReportRow(Guid Id, LocalDate Day, Instant BuiltAt, int Recipients, int Objectives, int ObjectivesMet, int ObjectivesMissed);

/// <summary>A contract's archive of reports, newest first, and when they are sent.</summary>
internal sealed record ProductionReportArchive(Guid ContractId, string ContractName, string OrganisationName, string Zone, ProductionReportScheduleView Schedule, IReadOnlyList<ProductionReportRow> Reports);

/// <summary>When a contract's report is sent: the hour (0–23) in the client's zone, whether it is sent, whether it has probes.</summary>
internal sealed record ProductionReportScheduleView(Guid ContractId, int Hour, bool Enabled, bool HasProbes);

/// <summary>The body of <c>PUT /api/v1/contracts/{id}/production-reports/schedule</c>.</summary>
internal sealed record ProductionReportScheduleRequest(int? Hour, bool? Enabled);
