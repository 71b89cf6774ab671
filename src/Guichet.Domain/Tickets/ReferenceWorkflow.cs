using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;

namespace Guichet.Domain.Tickets;

/// <summary>The reference workflow (LS 6.2.4), read from the data file <c>reference-workflow.json</c>.</summary>
public static class ReferenceWorkflow
{
    private static readonly Lazy<Workflow> Loaded = new(Load);

    /// <summary>The reference workflow, with every state.</summary>
    public static Workflow Instance => Loaded.Value;

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
    };

    private static Workflow Load()
    {
        using var stream = typeof(ReferenceWorkflow).Assembly.GetManifestResourceStream("Guichet.Domain.Tickets.reference-workflow.json")
            ?? throw new InvalidOperationException("The reference workflow resource is missing.");
        var dto = JsonSerializer.Deserialize<WorkflowDto>(stream, JsonOptions)
            ?? throw new InvalidOperationException("The reference workflow is empty.");
        return Build(dto);
    }

    /// <summary>Builds and checks a workflow; errors name the offending entry.</summary>
    internal static Workflow Build(WorkflowDto dto)
    {
        var states = dto.States.Select(s => new WorkflowState(
            s.Id, s.Label, ParseActor(s.Actor), s.Freezes, s.Terminal, s.RequiresVersion, s.ClientLabel, s.Handling)).ToList();
        var ids = states.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        if (ids.Count != states.Count)
        {
            throw new InvalidOperationException("reference-workflow.json: duplicate state id.");
        }

        void Check(string id, string where)
        {
            if (!ids.Contains(id))
            {
                throw new InvalidOperationException($"reference-workflow.json: {where}: unknown state \"{id}\".");
            }
        }

        Check(dto.Initial, "initial");
        var transitions = new List<(string, string, Actor)>();
        foreach (var t in dto.Transitions)
        {
            var by = ParseActor(t.By);
            foreach (var from in t.From)
            {
                Check(from, "transitions.from");
                foreach (var to in t.To)
                {
                    Check(to, "transitions.to");
                    transitions.Add((from, to, by));
                }
            }
        }

        var actions = new Dictionary<ClientAction, string>();
        foreach (var (name, state) in dto.ClientActions)
        {
            Check(state, $"clientActions.{name}");
            actions[name switch
            {
                "reply" => ClientAction.Reply,
                "reply-and-chase" => ClientAction.ReplyAndChase,
                "reply-and-close" => ClientAction.ReplyAndClose,
                _ => throw new InvalidOperationException($"reference-workflow.json: unknown client action \"{name}\"."),
            }] = state;
        }

        var automatic = new List<AutoTransition>();
        foreach (var a in dto.Automatic)
        {
            Check(a.From, "automatic.from");
            Check(a.To, "automatic.to");
            if (a.AfterDays <= 0)
            {
                throw new InvalidOperationException($"reference-workflow.json: automatic transition from {a.From}: afterDays must be positive.");
            }

            automatic.Add(new AutoTransition(a.From, a.To, Duration.FromDays(a.AfterDays)));
        }

        return new Workflow(dto.Initial, states, transitions, actions, automatic);
    }

    private static Actor ParseActor(string actor) => actor switch
    {
        "provider" => Actor.Provider,
        "client" => Actor.Client,
        "system" => Actor.System,
        _ => throw new InvalidOperationException($"reference-workflow.json: unknown actor \"{actor}\"."),
    };

    internal sealed record WorkflowDto(
        string Initial,
        IReadOnlyList<StateDto> States,
        IReadOnlyList<TransitionDto> Transitions,
        IReadOnlyDictionary<string, string> ClientActions,
        IReadOnlyList<AutoDto> Automatic);

    internal sealed record StateDto(string Id, string Label, string Actor, bool Freezes = false, bool Terminal = false, bool RequiresVersion = false, string? ClientLabel = null, bool Handling = false);

    internal sealed record TransitionDto(string By, IReadOnlyList<string> From, IReadOnlyList<string> To);

    internal sealed record AutoDto(string From, string To, int AfterDays);
}
