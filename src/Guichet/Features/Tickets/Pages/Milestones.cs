namespace Guichet.Features.Tickets.Pages;

/// <summary>French labels of the milestones SLA clocks wait for.</summary>
internal static class Milestones
{
    public static readonly IReadOnlyList<(string Id, string Label)> ForStaff =
    [
        ("taken-in-charge", "Prise en charge"),
        ("workaround-provided", "Contournement proposé"),
        ("corrective-plan-provided", "Plan de correction fourni"),
        ("resolved", "Résolue"),
        ("answered", "Réponse apportée"),
    ];

    public static string Label(string? id) => id == "validated" ? "Validée par le client" : ForStaff.FirstOrDefault(m => m.Id == id).Label ?? id ?? "—";
}
