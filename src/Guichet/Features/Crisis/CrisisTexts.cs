using System.Globalization;
using Guichet.Domain.Crises;
using Guichet.Domain.Sla;

namespace Guichet.Features.Crisis;

/// <summary>The crisis cell's words: severities, cadences, promises and log entries in French, and their wire ids.</summary>
internal static class CrisisTexts
{
    public static readonly IReadOnlyList<(CrisisSeverity Severity, string Id, string Label)> Severities =
    [
        (CrisisSeverity.Major, "major", "Majeure"),
        (CrisisSeverity.Critical, "critical", "Critique : continuité du service ou réputation du client en péril"),
    ];

    public static string Id(CrisisSeverity severity) => Severities.First(s => s.Severity == severity).Id;

    public static string Label(CrisisSeverity severity) => Severities.First(s => s.Severity == severity).Label;

    public static CrisisSeverity? ParseSeverity(string? id) =>
        Severities.FirstOrDefault(s => string.Equals(s.Id, id?.Trim(), StringComparison.Ordinal)) is { Id: not null } found ? found.Severity : null;

    /// <summary>The cadences on the wire and in forms: <c>2h</c>, <c>4h</c>, <c>12h</c> [AT 9.3.4.6 8].</summary>
    public static IReadOnlyList<(string Id, ClockTarget Target, string Label)> Cadences { get; } =
        [.. CrisisRules.Cadences.Select(c => (CadenceId(c), c, $"toutes les {Hours(c)} heures"))];

    private static int Hours(ClockTarget target) => target is ClockTarget.WallClockHours w ? (int)w.Amount.TotalHours : 0;

    public static string CadenceId(ClockTarget target) => $"{Hours(target)}h";

    public static ClockTarget? ParseCadence(string? id) =>
        Cadences.FirstOrDefault(c => string.Equals(c.Id, id?.Trim(), StringComparison.OrdinalIgnoreCase)) is { Id: not null } found ? found.Target : null;

    public static string CadenceChoices => string.Join(", ", Cadences.Select(c => c.Id));

    /// <summary>A stored cadence (a clock target) in French: "toutes les 4 heures".</summary>
    public static string CadenceLabel(string? stored) =>
        stored is null ? "" : Cadences.FirstOrDefault(c => c.Target.ToString() == stored) is { Id: not null } found ? found.Label : ClockTarget.Parse(stored).Describe();

    public static string KindId(CrisisPromiseKind kind) => kind switch
    {
        CrisisPromiseKind.Meeting => "meeting",
        CrisisPromiseKind.Point => "point",
        _ => "post-mortem",
    };

    public static string PromiseLabel(string kind, int number) => kind switch
    {
        "meeting" => "Première réunion de la cellule",
        "point" => $"Point de situation n° {number}",
        _ => "Bilan de la crise",
    };

    public static string StatusLabel(ClockStatus status) => status switch
    {
        ClockStatus.Met => "tenu à temps",
        ClockStatus.Breached => "en retard",
        ClockStatus.NotApplicable => "sans objet (cellule close avant l'échéance)",
        _ => "à venir",
    };

    public static string EventLabel(CrisisEventKind kind) => kind switch
    {
        CrisisEventKind.Opened => "Ouverture de la cellule de crise",
        CrisisEventKind.MeetingHeld => "Première réunion tenue",
        CrisisEventKind.Point => "Point de situation",
        CrisisEventKind.CadenceChanged => "Périodicité des points modifiée",
        CrisisEventKind.Note => "Note au journal",
        CrisisEventKind.Closed => "Clôture de la cellule",
        CrisisEventKind.MeasureAdded => "Mesure préventive ajoutée",
        CrisisEventKind.PostMortemPublished => "Bilan publié",
        CrisisEventKind.Reminded => "Rappel envoyé au responsable",
        _ => "Escalade pour retard",
    };

    public static string EventId(CrisisEventKind kind) => kind switch
    {
        CrisisEventKind.MeetingHeld => "meeting-held",
        CrisisEventKind.CadenceChanged => "cadence-changed",
        CrisisEventKind.MeasureAdded => "measure-added",
        CrisisEventKind.PostMortemPublished => "post-mortem-published",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>Entries the client's référents read: the steps, not the staff's notes, alerts or measures being drafted.</summary>
    public static bool IsPublic(CrisisEventKind kind) => kind is CrisisEventKind.Opened or CrisisEventKind.MeetingHeld or CrisisEventKind.Point
        or CrisisEventKind.CadenceChanged or CrisisEventKind.Closed or CrisisEventKind.PostMortemPublished;

    public static string Iso(Instant at) => Display.Iso(at);

    public static string? Iso(Instant? at) => at is { } a ? Display.Iso(a) : null;

    public static Instant ParseIso(string iso) => NodaTime.Text.InstantPattern.ExtendedIso.Parse(iso).Value;

    /// <summary>A duration said in French, to the minute: "1 h 05", "12 min", "2 j 3 h".</summary>
    public static string Span(Duration d) => Display.Span(d);

    public static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
