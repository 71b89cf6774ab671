namespace Guichet.Domain.Presets;

/// <summary>One level of a criterion, e.g. criticité <c>haute</c> with its definition [AT 9.3.4.1].</summary>
/// <param name="Id">Stable id, e.g. <c>haute</c>.</param>
/// <param name="Label">French label, e.g. « Haute ».</param>
/// <param name="Definition">The contract's definition, shown next to the choice.</param>
public sealed record CriterionLevel(string Id, string Label, string Definition);

/// <summary>A criterion the requester qualifies a request with (criticité, impact).</summary>
/// <param name="Label">French question label, e.g. « Criticité ».</param>
/// <param name="Hint">What the criterion measures, in the contract's words.</param>
/// <param name="Levels">Its levels, from the most to the least serious.</param>
public sealed record Criterion(string Label, string Hint, IReadOnlyList<CriterionLevel> Levels)
{
    /// <summary>The level with this id (case-insensitive), if any.</summary>
    public CriterionLevel? Find(string? id) =>
        id is null ? null : Levels.FirstOrDefault(l => string.Equals(l.Id, id.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// A contract's priority matrix [AT 9.3.4.2]: the requester gives a criticité and an impact, and the priority is
/// read from the matrix instead of being chosen. The <c>priorityMatrix</c> section of a preset.
/// </summary>
/// <param name="Criticality">The criticité: the importance of the affected function.</param>
/// <param name="Impact">The impact: how many people or objects are affected.</param>
/// <param name="Cells">Priority id by criticité id, then impact id (every pair is present).</param>
/// <param name="Source">The clause the matrix comes from.</param>
public sealed record PriorityMatrix(Criterion Criticality, Criterion Impact, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Cells, string? Source)
{
    /// <summary>The criterion names as stored in the trace and used by the API.</summary>
    public const string CriticalityName = "criticite";

    /// <summary>See <see cref="CriticalityName"/>.</summary>
    public const string ImpactName = "impact";

    /// <summary>The priority for a criticité and an impact (ids, case-insensitive), or null when either is unknown.</summary>
    public string? Derive(string? criticality, string? impact) =>
        Criticality.Find(criticality) is { } c && Impact.Find(impact) is { } i ? Cells[c.Id][i.Id] : null;
}
