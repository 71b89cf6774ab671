namespace Guichet.Features.Reports.Pages;

/// <summary>One bar of a chart: its label, its value and the value as shown (« 3 h 45 », « 81,3 % »).</summary>
internal sealed record ChartBar(string Label, double Value, string Text);

/// <summary>
/// A horizontal bar chart rendered as SVG on the server (<c>_Chart.cshtml</c>): a title and a description for
/// assistive technologies (the table beside it carries the figures), and an optional reference line (an objective).
/// </summary>
internal sealed record Chart(string Id, string Title, string Description, IReadOnlyList<ChartBar> Bars, double? Reference = null, string? ReferenceLabel = null, double? Max = null);

/// <summary>The shared view of a service-level report: the report, whether it is the printable version (every detail open).</summary>
internal sealed record ServiceLevelView(ServiceLevelReport Report, bool Print);
