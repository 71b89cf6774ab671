using NodaTime;

namespace Guichet.Domain.Contracts;

/// <summary>Which service condition an installation fails.</summary>
public enum ScopeRule
{
    /// <summary>The declared version is not a published version of the product.</summary>
    UnknownVersion,

    /// <summary>The version is not of one of the last N major versions [E23 3.1.2].</summary>
    NotRecentMajor,

    /// <summary>A patch of the installed line was available for more than 3 months and is not installed [LS 5.2, 5.5].</summary>
    PatchNotApplied,

    /// <summary>A new functional (minor or major) version was available for more than 6 months and is not installed [LS 5.5].</summary>
    NewVersionNotApplied,
}

/// <summary>A failed condition and why, in French.</summary>
/// <param name="Rule">The condition.</param>
/// <param name="Reason">French reason shown on the ticket.</param>
public sealed record ScopeIssue(ScopeRule Rule, string Reason);

/// <summary>Whether a request is within the maintenance scope, with the reasons when it is not.</summary>
/// <param name="Issues">The failed conditions; empty when in scope.</param>
public sealed record ScopeDecision(IReadOnlyList<ScopeIssue> Issues)
{
    /// <summary>Whether every condition is met.</summary>
    public bool InScope => Issues.Count == 0;

    /// <summary>"Dans le périmètre du contrat." or "Hors périmètre : reason ; reason."</summary>
    public string Describe() => InScope
        ? "Dans le périmètre du contrat."
        : "Hors périmètre : " + string.Join(" ; ", Issues.Select(i => i.Reason)) + ".";
}

/// <summary>
/// Service conditions that put an installation out of the maintenance scope, decided from the product's releases,
/// the version the installation declares and the day the request is raised. Each condition is optional; a contract
/// sets those its clauses state.
/// </summary>
/// <remarks>
/// <para>
/// <b>"Applied".</b> An installation has applied a release when its declared version is equal to or newer than the
/// release's version (major, then minor, then patch): running 4.4.2 applies 4.4.1, 4.4.0 and every 4.3.x.
/// </para>
/// <para>
/// <b>Patches</b> are releases with Z &gt; 0. Only the patches of the installation's own line (same X.Y) are
/// required: the patches of a newer line come with adopting that line, which the six-month rule governs.
/// </para>
/// <para>
/// <b>New functional versions</b> are releases X.Y.0 with (X, Y) newer than the installation's.
/// </para>
/// <para>
/// <b>Delays</b> are calendar months from the release day: a patch released on 31/01 must be installed by 30/04
/// (the day itself is still in time); a request raised on 01/05 is out of scope. Only releases made available on or
/// before the day of the request count.
/// </para>
/// </remarks>
/// <param name="SupportedMajorVersions">How many of the latest major versions are supported, e.g. 2 [E23 3.1.2]; null for no such condition.</param>
/// <param name="PatchDelayMonths">Months to install a patch, e.g. 3 [LS 5.2, 5.5]; null for no such condition.</param>
/// <param name="NewVersionDelayMonths">Months to install a new functional version, e.g. 6 [LS 5.5]; null for no such condition.</param>
public sealed record ServiceConditions(int? SupportedMajorVersions, int? PatchDelayMonths, int? NewVersionDelayMonths)
{
    /// <summary>How many of the latest major versions are supported.</summary>
    public int? SupportedMajorVersions { get; } = SupportedMajorVersions is < 1 or > 100
        ? throw new ArgumentOutOfRangeException(nameof(SupportedMajorVersions), SupportedMajorVersions, "The number of supported major versions must be between 1 and 100.")
        : SupportedMajorVersions;

    /// <summary>Months to install a patch.</summary>
    public int? PatchDelayMonths { get; } = CheckDelay(PatchDelayMonths, nameof(PatchDelayMonths));

    /// <summary>Months to install a new functional version.</summary>
    public int? NewVersionDelayMonths { get; } = CheckDelay(NewVersionDelayMonths, nameof(NewVersionDelayMonths));

    /// <summary>E23: one of the last two major versions [E23 3.1.2].</summary>
    public static ServiceConditions E23 { get; } = new(2, null, null);

    /// <summary>LS: patches within 3 months, new versions within 6 months [LS 5.5].</summary>
    public static ServiceConditions Ls { get; } = new(null, 3, 6);

    /// <summary>All three: the last two majors, patches within 3 months, new versions within 6 months.</summary>
    public static ServiceConditions All { get; } = new(2, 3, 6);

    /// <summary>
    /// Decides whether a request raised on <paramref name="raisedOn"/> by an installation declaring
    /// <paramref name="declared"/> is within the scope.
    /// </summary>
    /// <param name="releases">Every release of the product (in any order; later ones are ignored).</param>
    /// <param name="declared">The version the installation declares.</param>
    /// <param name="raisedOn">The day the request is raised, in the client's time zone.</param>
    /// <exception cref="ArgumentException">A version appears twice in <paramref name="releases"/>.</exception>
    public ScopeDecision Check(IEnumerable<Release> releases, ProductVersion declared, LocalDate raisedOn)
    {
        ArgumentNullException.ThrowIfNull(releases);
        var all = releases.ToList();
        if (all.Any(r => r is null))
        {
            throw new ArgumentException("The releases cannot contain null entries.", nameof(releases));
        }

        var duplicate = all.GroupBy(r => r.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Version {duplicate.Key} appears twice in the releases.", nameof(releases));
        }

        var available = all.Where(r => r.ReleasedOn <= raisedOn).OrderBy(r => r.Version).ToList();
        var issues = new List<ScopeIssue>();
        if (!available.Any(r => r.Version == declared))
        {
            issues.Add(new ScopeIssue(ScopeRule.UnknownVersion,
                $"la version {declared} n'est pas une version publiée du logiciel au {French.Date(raisedOn)}"));
        }

        if (SupportedMajorVersions is { } count)
        {
            var majors = available.Select(r => r.Version.Major).Distinct().OrderDescending().Take(count).ToList();
            if (majors.Count > 0 && !majors.Contains(declared.Major))
            {
                var list = string.Join(" et ", majors.OrderDescending());
                issues.Add(new ScopeIssue(ScopeRule.NotRecentMajor, majors.Count == 1
                    ? $"la version {declared} n'appartient pas à la dernière version majeure ({list})"
                    : $"la version {declared} n'appartient pas à l'une des {majors.Count} dernières versions majeures ({list})"));
            }
        }

        if (PatchDelayMonths is { } patchMonths)
        {
            var overdue = available.LastOrDefault(r => !r.Version.IsFunctional
                && r.Version.Major == declared.Major && r.Version.Minor == declared.Minor && r.Version > declared
                && raisedOn > r.ReleasedOn.PlusMonths(patchMonths));
            if (overdue is not null)
            {
                issues.Add(new ScopeIssue(ScopeRule.PatchNotApplied,
                    $"le correctif {overdue.Version}, mis à disposition le {French.Date(overdue.ReleasedOn)}, n'est pas installé (délai de {French.Months(patchMonths)} échu le {French.Date(overdue.ReleasedOn.PlusMonths(patchMonths))})"));
            }
        }

        if (NewVersionDelayMonths is { } versionMonths)
        {
            var overdue = available.LastOrDefault(r => r.Version.IsFunctional
                && (r.Version.Major, r.Version.Minor).CompareTo((declared.Major, declared.Minor)) > 0
                && raisedOn > r.ReleasedOn.PlusMonths(versionMonths));
            if (overdue is not null)
            {
                issues.Add(new ScopeIssue(ScopeRule.NewVersionNotApplied,
                    $"la version {overdue.Version}, mise à disposition le {French.Date(overdue.ReleasedOn)}, n'est pas installée (délai de {French.Months(versionMonths)} échu le {French.Date(overdue.ReleasedOn.PlusMonths(versionMonths))})"));
            }
        }

        return new ScopeDecision(issues);
    }

    private static int? CheckDelay(int? months, string name) => months is < 1 or > 120
        ? throw new ArgumentOutOfRangeException(name, months, "A delay must be between 1 and 120 months.")
        : months;
}
