using System.CommandLine;
using System.Text.Json;
using Guichet.Domain.Presets;
using Guichet.Domain.Sla;

namespace Guichet.Cli;

/// <summary><c>guichet sla presets</c> and <c>guichet sla simulate</c>.</summary>
internal static class SlaCommands
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Build(TextWriter stdout, IClock clock)
    {
        var sla = new Command("sla", "Contrats types et simulation des délais.");
        var presets = new Command("presets", "Liste les contrats types : identifiant<TAB>nom.");
        presets.SetAction(_ =>
        {
            foreach (var p in PresetCatalog.All)
            {
                stdout.WriteLine($"{p.Id}\t{p.Name}");
            }

            return 0;
        });
        sla.Subcommands.Add(presets);
        var which = new Option<string>("--preset") { Description = "Contrat type : " + string.Join(", ", PresetCatalog.Ids), Required = true };
        var show = new Command("show", "Affiche la politique d'un contrat type (JSON), point de départ d'une politique propre à un contrat.") { which };
        show.SetAction(parse =>
        {
            var id = parse.GetRequiredValue(which);
            if (!PresetCatalog.TryGet(id, out var preset))
            {
                throw new CliUsageException($"--preset: unknown preset \"{id}\" (known: {string.Join(", ", PresetCatalog.Ids)})");
            }

            stdout.Write(PresetCatalog.ReadJson(preset.Id));
            return 0;
        });
        sla.Subcommands.Add(show);
        sla.Subcommands.Add(Simulate(stdout, clock));
        return sla;
    }

    private static Command Simulate(TextWriter stdout, IClock clock)
    {
        var preset = new Option<string>("--preset") { Description = "Contrat type : " + string.Join(", ", PresetCatalog.Ids), Required = true };
        var priority = new Option<string>("--priority") { Description = "Priorité à l'enregistrement de la demande.", Required = true };
        var events = new Option<string[]>("--event")
        {
            Description = "Événement <instant>=<événement>, répétable. Événements : " + string.Join(", ", TicketEvent.FrenchNames) + " (ou leurs noms anglais : " + string.Join(", ", TicketEvent.KnownNames) + ")",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
        };
        var now = new Option<string>("--now") { Description = "Instant d'évaluation (par défaut : maintenant)." };
        var territory = new Option<string>("--territory") { Description = "Territoire du client (par défaut : metropole)." };
        var service = new Option<string>("--service") { Description = "Type de service de la demande (par défaut : le premier du contrat)." };
        var releases = new Option<string[]>("--release") { Description = "Version planifiée <type>=<instant>, répétable (types : " + string.Join(", ", ClockTarget.ReleaseKinds) + ").", Arity = ArgumentArity.ZeroOrMore };
        var json = new Option<bool>("--json") { Description = "Sortie JSON, avec les segments comptés." };
        var explain = new Option<bool>("--explain") { Description = "Détaille les segments comptés et les périodes gelées." };
        var command = new Command("simulate", "Évalue les délais d'une demande à partir de ses événements.")
        {
            preset, priority, events, now, territory, service, releases, json, explain,
        };
        command.SetAction(parse =>
        {
            var p = CliText.Preset(parse.GetRequiredValue(preset));
            var t = CliText.Territory(parse.GetValue(territory));
            var zone = p.CalendarsFor(t)[SlaPreset.DefaultCalendar].Zone;
            var prio = parse.GetRequiredValue(priority);
            if (!p.Policy.Scheme.TryGet(prio, out var level))
            {
                throw new CliUsageException($"--priority: unknown priority \"{prio}\" for preset {p.Id}; expected one of {string.Join(", ", p.Policy.Scheme.Levels.Select(l => l.Id))}");
            }

            var serviceType = parse.GetValue(service) ?? (p.ServiceTypes.Count > 0 ? p.ServiceTypes[0].Id : null);
            if (serviceType is not null && p.ServiceTypes.All(s => s.Id != serviceType))
            {
                throw new CliUsageException($"--service: unknown service type \"{serviceType}\" for preset {p.Id}; expected one of {string.Join(", ", p.ServiceTypes.Select(s => s.Id))}");
            }

            var trace = ParseEvents(parse.GetRequiredValue(events), p, zone);
            var at = parse.GetValue(now) is { } n ? CliText.ParseInstant(n, zone, "--now") : clock.GetCurrentInstant();
            var planned = (parse.GetValue(releases) ?? []).Select(r => ParseRelease(r, zone)).ToList();
            var options = new EvaluationOptions { ServiceType = serviceType, Releases = planned, Explain = true };
            SlaEvaluation evaluation;
            try
            {
                evaluation = p.Evaluate(t, level.Id, trace, at, options);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or OverflowException)
            {
                throw new CliUsageException(e.Message.ReplaceLineEndings(" "));
            }

            if (parse.GetValue(json))
            {
                stdout.WriteLine(JsonSerializer.Serialize(ToJson(evaluation, zone), Json));
            }
            else
            {
                WriteTable(stdout, evaluation, zone, parse.GetValue(explain));
            }

            return 0;
        });
        return command;
    }

    private static List<TicketEvent> ParseEvents(string[] texts, SlaPreset preset, DateTimeZone zone)
    {
        var result = new List<TicketEvent>(texts.Length);
        foreach (var text in texts)
        {
            var eq = text.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new CliUsageException($"--event: \"{text}\" is not <instant>=<event>, e.g. 2026-04-06T09:00:00+02:00=created");
            }

            var at = CliText.ParseInstant(text[..eq], zone, "--event");
            if (!TicketEvent.TryParseKind(text[(eq + 1)..], out var kind, out var value, out var error))
            {
                throw new CliUsageException($"--event: {error}");
            }

            if (kind == TicketEventKind.StateChanged && !preset.Policy.Workflow.TryGetState(value!, out _))
            {
                throw new CliUsageException($"--event: unknown state \"{value}\" for preset {preset.Id}; expected one of {string.Join(", ", preset.Policy.Workflow.States.Select(s => s.Id))}");
            }

            if (kind == TicketEventKind.PriorityChanged)
            {
                if (!preset.Policy.Scheme.TryGet(value, out var level))
                {
                    throw new CliUsageException($"--event: unknown priority \"{value}\" for preset {preset.Id}; expected one of {string.Join(", ", preset.Policy.Scheme.Levels.Select(l => l.Id))}");
                }

                value = level.Id;
            }

            result.Add(new TicketEvent(at, kind, value));
        }

        // Events may be given in any order; equal instants keep the order given.
        return [.. result.OrderBy(e => e.At)];
    }

    private static PlannedRelease ParseRelease(string text, DateTimeZone zone)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || !ClockTarget.ReleaseKinds.Contains(text[..eq]))
        {
            throw new CliUsageException($"--release: \"{text}\" is not <kind>=<instant> with a kind among {string.Join(", ", ClockTarget.ReleaseKinds)}");
        }

        return new PlannedRelease(text[..eq], CliText.ParseInstant(text[(eq + 1)..], zone, "--release"));
    }

    private static void WriteTable(TextWriter stdout, SlaEvaluation evaluation, DateTimeZone zone, bool explain)
    {
        stdout.WriteLine("id\tstatus\tdue\telapsed\tremaining");
        foreach (var c in evaluation.Clocks)
        {
            var due = c.Due is { } d ? CliText.FormatInstant(d, zone) : "-";
            var remaining = c.Remaining is { } r ? CliText.FormatHours(r) : "-";
            stdout.WriteLine($"{c.Id}\t{c.Status.ToId()}\t{due}\t{CliText.FormatHours(c.Elapsed)}\t{remaining}");
            if (!explain)
            {
                continue;
            }

            var target = c.Target is null ? "aucun objectif" : c.Target.Describe() + (c.OnCall ? " (astreinte)" : "");
            stdout.WriteLine($"  objectif : {target}{(c.Priority is null ? "" : $", priorité {c.Priority}")}{(c.Note is null ? "" : $" — {c.Note}")}");
            foreach (var s in c.Segments)
            {
                stdout.WriteLine($"  compté  {CliText.FormatInstant(s.Start, zone)} → {CliText.FormatInstant(s.End, zone)}  {CliText.FormatHours(s.Duration)}");
            }

            foreach (var f in c.Frozen)
            {
                stdout.WriteLine($"  gelé    {CliText.FormatInstant(f.Start, zone)} → {CliText.FormatInstant(f.End, zone)}");
            }
        }
    }

    private static object ToJson(SlaEvaluation evaluation, DateTimeZone zone) => new
    {
        priority = evaluation.Priority,
        state = evaluation.State,
        clocks = evaluation.Clocks.Select(c => new
        {
            id = c.Id,
            name = c.Name,
            status = c.Status.ToId(),
            due = c.Due is { } d ? CliText.FormatInstant(d, zone) : null,
            elapsed = CliText.FormatIsoDuration(c.Elapsed),
            remaining = c.Remaining is { } r ? CliText.FormatIsoDuration(r) : null,
            target = c.Target?.ToString(),
            targetText = c.Target?.Describe(),
            priority = c.Priority,
            onCall = c.OnCall,
            start = c.Start is { } s ? CliText.FormatInstant(s, zone) : null,
            stop = c.Stop is { } e ? CliText.FormatInstant(e, zone) : null,
            note = c.Note,
            segments = c.Segments.Select(i => new { start = CliText.FormatInstant(i.Start, zone), end = CliText.FormatInstant(i.End, zone), duration = CliText.FormatIsoDuration(i.Duration) }),
            frozen = c.Frozen.Select(i => new { start = CliText.FormatInstant(i.Start, zone), end = CliText.FormatInstant(i.End, zone) }),
        }),
    };
}
