using NodaTime;

namespace Guichet.Domain.Sla;

/// <summary>What happened to a ticket, as far as its SLA clocks are concerned.</summary>
public enum TicketEventKind
{
    /// <summary>The request was registered (<c>created</c>).</summary>
    Created,

    /// <summary>A technician took the request in charge (<c>taken-in-charge</c>).</summary>
    TakenInCharge,

    /// <summary>Qualification ended; the value may give the nature, <c>anomalie</c> or <c>dysfonctionnement</c> (<c>qualified[:nature]</c>).</summary>
    Qualified,

    /// <summary>A workaround was provided (<c>workaround-provided</c>).</summary>
    WorkaroundProvided,

    /// <summary>A corrective action plan was provided (<c>corrective-plan-provided</c>).</summary>
    CorrectivePlanProvided,

    /// <summary>A fix or answer was delivered; the ticket awaits the client's validation (<c>resolved</c>).</summary>
    Resolved,

    /// <summary>The client validated the delivered fix (<c>validated</c>).</summary>
    Validated,

    /// <summary>The ticket was closed, whoever closed it (<c>closed</c>).</summary>
    Closed,

    /// <summary>A written answer was given, e.g. legal assistance (<c>answered</c>).</summary>
    Answered,

    /// <summary>The ticket entered the workflow state given as value (<c>state:&lt;id&gt;</c>).</summary>
    StateChanged,

    /// <summary>The priority in force became the value (<c>priority:&lt;id&gt;</c>).</summary>
    PriorityChanged,

    /// <summary>
    /// The next planned release of a kind, for this ticket, is at an instant (<c>release:&lt;kind&gt;=&lt;instant&gt;</c>):
    /// the due of "next release" targets of that kind. A later one for the same kind replaces it (the release moved).
    /// </summary>
    ReleasePlanned,

    /// <summary>
    /// A due agreed with the client for a clock (<c>agreed-due:&lt;clock&gt;=&lt;instant&gt;</c>), in place of its
    /// "next release" due [AT 9.3.4.3, P3: « calendrier convenu avec le client »]. A later one replaces it.
    /// </summary>
    DueAgreed,
}

/// <summary>One event of a ticket's trace, as the SLA engine reads it.</summary>
/// <param name="At">When it happened.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Value">The state id, priority id or nature, for the kinds that carry one.</param>
public readonly record struct TicketEvent(Instant At, TicketEventKind Kind, string? Value = null)
{
    /// <summary>Each event's name as stored and in presets (English ids), and the French name people type (both are read).</summary>
    private static readonly (string Name, string French, TicketEventKind Kind, ValueRule Rule)[] Names =
    [
        ("created", "creation", TicketEventKind.Created, ValueRule.None),
        ("taken-in-charge", "prise-en-charge", TicketEventKind.TakenInCharge, ValueRule.None),
        ("qualified", "qualification", TicketEventKind.Qualified, ValueRule.Optional),
        ("workaround-provided", "contournement", TicketEventKind.WorkaroundProvided, ValueRule.None),
        ("corrective-plan-provided", "plan-correctif", TicketEventKind.CorrectivePlanProvided, ValueRule.None),
        ("resolved", "resolution", TicketEventKind.Resolved, ValueRule.None),
        ("validated", "validation", TicketEventKind.Validated, ValueRule.None),
        ("closed", "cloture", TicketEventKind.Closed, ValueRule.None),
        ("answered", "reponse", TicketEventKind.Answered, ValueRule.None),
        ("state", "etat", TicketEventKind.StateChanged, ValueRule.Required),
        ("priority", "priorite", TicketEventKind.PriorityChanged, ValueRule.Required),
        ("release", "version", TicketEventKind.ReleasePlanned, ValueRule.Required),
        ("agreed-due", "echeance-convenue", TicketEventKind.DueAgreed, ValueRule.Required),
    ];

    private enum ValueRule
    {
        None,
        Optional,
        Required,
    }

    /// <summary>The event names accepted by <see cref="TryParseKind"/>.</summary>
    public static IEnumerable<string> KnownNames =>
        Names.Select(n => n.Rule == ValueRule.None ? n.Name : n.Rule == ValueRule.Optional ? $"{n.Name}[:<value>]" : $"{n.Name}:<value>");

    /// <summary>The French event names, as the simulator page and the command line's help show them.</summary>
    public static IEnumerable<string> FrenchNames =>
        Names.Select(n => n.Rule == ValueRule.None ? n.French : n.Rule == ValueRule.Optional ? $"{n.French}[:<valeur>]" : $"{n.French}:<valeur>");

    /// <summary>
    /// Parses an event name such as <c>created</c>, <c>state:en-cours</c>, <c>priority:1</c> or
    /// <c>qualified:anomalie</c> into its kind and value.
    /// </summary>
    public static bool TryParseKind(string text, out TicketEventKind kind, out string? value, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? text : text[..colon];
        value = colon < 0 ? null : text[(colon + 1)..];
        foreach (var (n, french, k, rule) in Names)
        {
            if (!string.Equals(n, name, StringComparison.OrdinalIgnoreCase) && !string.Equals(french, name, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            kind = k;
            error = (rule, value) switch
            {
                (ValueRule.None, not null) => $"event \"{name}\" takes no value",
                (ValueRule.Required, null or "") => $"event \"{name}\" needs a value, e.g. {name}:<id>",
                (ValueRule.Optional, "") => $"event \"{name}\" has an empty value",
                _ => null,
            };
            return error is null;
        }

        kind = default;
        error = $"unknown event \"{name}\"; expected one of {string.Join(", ", KnownNames)}";
        return false;
    }

    /// <summary>The value of a <see cref="TicketEventKind.ReleasePlanned"/> or <see cref="TicketEventKind.DueAgreed"/> event: <c>key=instant</c>.</summary>
    public static string DatedValue(string key, Instant at) =>
        $"{key}={NodaTime.Text.InstantPattern.ExtendedIso.Format(at)}";

    /// <summary>Reads a value written by <see cref="DatedValue"/>.</summary>
    public static bool TryParseDated(string? value, out string key, out Instant at)
    {
        key = "";
        at = default;
        var eq = value?.IndexOf('=', StringComparison.Ordinal) ?? -1;
        if (eq <= 0)
        {
            return false;
        }

        var parsed = NodaTime.Text.InstantPattern.ExtendedIso.Parse(value![(eq + 1)..]);
        if (!parsed.Success)
        {
            return false;
        }

        key = value[..eq];
        at = parsed.Value;
        return true;
    }

    /// <summary>The event's name as written on the command line and in presets.</summary>
    public static string NameOf(TicketEventKind kind) => Names.First(n => n.Kind == kind).Name;

    /// <inheritdoc />
    public override string ToString() => Value is null ? $"{At} {NameOf(Kind)}" : $"{At} {NameOf(Kind)}:{Value}";
}
