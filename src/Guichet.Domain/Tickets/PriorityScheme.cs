namespace Guichet.Domain.Tickets;

/// <summary>One level of a priority scheme.</summary>
/// <param name="Id">Stable id, e.g. <c>0</c>, <c>bloquante</c> or <c>P1</c>.</param>
/// <param name="Label">French label, e.g. "Niveau 0 - Bloquant".</param>
/// <param name="Definition">French definition shown to the user choosing it.</param>
/// <param name="Rank">0 for the most urgent level, increasing as urgency decreases.</param>
public sealed record PriorityLevel(string Id, string Label, string Definition, int Rank);

/// <summary>AT criticité: the importance of the affected function [AT 9.3.4.1].</summary>
public enum Criticite
{
    /// <summary>Haute.</summary>
    Haute,

    /// <summary>Moyenne.</summary>
    Moyenne,

    /// <summary>Faible.</summary>
    Faible,
}

/// <summary>AT impact: how many people or objects are affected [AT 9.3.4.2].</summary>
public enum Impact
{
    /// <summary>Fort.</summary>
    Fort,

    /// <summary>Moyen.</summary>
    Moyen,

    /// <summary>Réduit.</summary>
    Reduit,
}

/// <summary>
/// A contract's priority scheme (SPEC §3.3): its levels from most to least urgent, and the levels whose
/// lowering requires a reason and a notification to the client.
/// </summary>
public sealed class PriorityScheme
{
    private PriorityScheme(string id, string name, IReadOnlyList<PriorityLevel> levels, IReadOnlyCollection<string> notifyWhenLoweredFrom)
    {
        Id = id;
        Name = name;
        Levels = levels;
        NotifyWhenLoweredFrom = notifyWhenLoweredFrom;
    }

    /// <summary>Stable id of the scheme.</summary>
    public string Id { get; }

    /// <summary>French name of the scheme.</summary>
    public string Name { get; }

    /// <summary>Levels, most urgent first.</summary>
    public IReadOnlyList<PriorityLevel> Levels { get; }

    /// <summary>Levels whose lowering needs a reason and a client notification [LS 2.3].</summary>
    public IReadOnlyCollection<string> NotifyWhenLoweredFrom { get; }

    /// <summary>Finds a level by its id or its label, ignoring case.</summary>
    public bool TryGet(string? idOrLabel, out PriorityLevel level)
    {
        level = Levels.FirstOrDefault(l =>
            string.Equals(l.Id, idOrLabel, StringComparison.OrdinalIgnoreCase)
            || string.Equals(l.Label, idOrLabel, StringComparison.OrdinalIgnoreCase))!;
        return level is not null;
    }

    /// <summary>The level with this id; throws when unknown.</summary>
    /// <exception cref="ArgumentException">No level has this id.</exception>
    public PriorityLevel Get(string id) => TryGet(id, out var level)
        ? level
        : throw new ArgumentException($"Unknown priority \"{id}\" in scheme {Id}; expected one of {string.Join(", ", Levels.Select(l => l.Id))}.", nameof(id));

    /// <summary>
    /// Whether moving from <paramref name="from"/> to <paramref name="to"/> lowers a level that requires a
    /// reason and a client notification (LS: lowering a Niveau 0).
    /// </summary>
    public bool RequiresNotification(string from, string to) =>
        NotifyWhenLoweredFrom.Contains(Get(from).Id) && Get(to).Rank > Get(from).Rank;

    /// <summary>LS: Niveau 0 to 3, chosen by the client, requalified by the provider [LS 2.3, 6.2.5].</summary>
    public static PriorityScheme Ls { get; } = new("ls", "Niveaux Libriciel",
    [
        new("0", "Niveau 0 - Bloquant", "Interruption qui met en cause la continuité du service public et oblige à une procédure manuelle lourde.", 0),
        new("1", "Niveau 1 - Majeur", "Incident grave : intégrité des données, fonction majeure indisponible ou urgence objective.", 1),
        new("2", "Niveau 2 - Sérieux", "Besoin réel mais contournable, non urgent, sans gêne importante.", 2),
        new("3", "Niveau 3 - Mineur", "Problème facilement contournable, sans gravité ni urgence.", 3),
    ], ["0"]);

    /// <summary>E23: anomalies of criticité 1 to 3, qualified by the provider [E23 1].</summary>
    public static PriorityScheme E23 { get; } = new("e23", "Criticité Eksaé",
    [
        new("1", "Anomalie de criticité 1", "Fonction essentielle impossible à utiliser, sans contournement possible.", 0),
        new("2", "Anomalie de criticité 2", "Fonction inopérante, un contournement technique ou organisationnel peut exister.", 1),
        new("3", "Anomalie de criticité 3", "Anomalie qui ne relève d'aucun autre niveau.", 2),
    ], []);

    /// <summary>ES26: Bloquante, Majeure, Mineure, qualified by the provider [ES26 1].</summary>
    public static PriorityScheme Es26 { get; } = new("es26", "Anomalies Eksaé SaaS",
    [
        new("bloquante", "Anomalie bloquante", "Accès ou fonction essentielle impossible, sans contournement possible.", 0),
        new("majeure", "Anomalie majeure", "Accès ou fonction inopérant, un contournement peut exister.", 1),
        new("mineure", "Anomalie mineure", "Anomalie qui ne relève d'aucun autre niveau.", 2),
    ], []);

    /// <summary>AT: P1 to P4, derived from criticité × impact by <see cref="AtPriority"/> [AT 9.3.4].</summary>
    public static PriorityScheme At { get; } = new("at", "Priorités ATEXO",
    [
        new("P1", "P1 - Priorité maximale", "Criticité haute et impact fort.", 0),
        new("P2", "P2 - Priorité haute", "Criticité haute et impact moyen, ou criticité moyenne et impact fort.", 1),
        new("P3", "P3 - Priorité moyenne", "Criticité et impact intermédiaires (voir la matrice).", 2),
        new("P4", "P4 - Priorité basse", "Criticité faible ou impact réduit (voir la matrice).", 3),
    ], []);

    /// <summary>MN: no priority scheme in the contract; a single level.</summary>
    public static PriorityScheme Unique { get; } = new("unique", "Niveau unique",
    [
        new("standard", "Standard", "Le contrat ne distingue pas de niveaux de priorité.", 0),
    ], []);

    /// <summary>Every built-in scheme.</summary>
    public static IReadOnlyList<PriorityScheme> All { get; } = [Ls, E23, Es26, At, Unique];

    /// <summary>Finds a built-in scheme by id.</summary>
    public static bool TryGetScheme(string? id, out PriorityScheme scheme)
    {
        scheme = All.FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.OrdinalIgnoreCase))!;
        return scheme is not null;
    }

    /// <summary>
    /// The AT matrix [AT 9.3.4.2]: rows impact, columns criticité.
    /// <code>
    ///            Haute  Moyenne  Faible
    /// Fort        P1      P2      P3
    /// Moyen       P2      P3      P4
    /// Réduit      P3      P4      P4
    /// </code>
    /// </summary>
    public static string AtPriority(Criticite criticite, Impact impact) =>
        Math.Min((int)criticite + (int)impact, 3) switch
        {
            0 => "P1",
            1 => "P2",
            2 => "P3",
            _ => "P4",
        };
}
