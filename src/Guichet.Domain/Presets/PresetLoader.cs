using System.Globalization;
using System.Text.Json;
using Guichet.Domain.Availability;
using Guichet.Domain.Backups;
using Guichet.Domain.Calendars;
using Guichet.Domain.Sla;
using Guichet.Domain.Tickets;
using NodaTime;
using NodaTime.Text;

namespace Guichet.Domain.Presets;

/// <summary>A preset file that cannot be used, with every problem found and where.</summary>
public sealed class PresetValidationException : Exception
{
    /// <summary>Creates the exception from its list of errors.</summary>
    public PresetValidationException(string source, IReadOnlyList<string> errors)
        : base($"{source} is not a valid preset:{Environment.NewLine}  - {string.Join(Environment.NewLine + "  - ", errors)}")
    {
        Source = source;
        Errors = errors;
    }

    /// <summary>The file or resource name.</summary>
    public new string Source { get; }

    /// <summary>Each problem, prefixed by its JSON path, e.g. <c>clocks[0].freeze[1]: unknown state "x"</c>.</summary>
    public IReadOnlyList<string> Errors { get; }
}

/// <summary>
/// Reads a preset from JSON and checks it thoroughly; every error names the JSON path of the offending value.
/// The format is documented in <c>docs/presets.md</c>.
/// </summary>
public static class PresetLoader
{
    private static readonly string[] DayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    private static readonly string[] KnownNatures = ["anomalie", "dysfonctionnement"];

    /// <summary>Parses and validates a preset.</summary>
    /// <param name="json">The preset's JSON text (comments and trailing commas allowed).</param>
    /// <param name="source">Name of the file, for error messages.</param>
    /// <exception cref="PresetValidationException">The preset is malformed or inconsistent.</exception>
    public static SlaPreset Parse(string json, string source)
    {
        PresetDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize<PresetDto>(json, ReferenceWorkflow.JsonOptions);
        }
        catch (JsonException e)
        {
            throw new PresetValidationException(source, [$"{e.Path ?? "$"}: {FirstLine(e.Message)}"]);
        }

        if (dto is null)
        {
            throw new PresetValidationException(source, ["$: the preset is empty"]);
        }

        var errors = new List<string>();
        var preset = Build(dto, errors);
        if (errors.Count > 0 || preset is null)
        {
            throw new PresetValidationException(source, errors);
        }

        return preset;
    }

    private static SlaPreset? Build(PresetDto dto, List<string> errors)
    {
        var id = Required(dto.Id, "id", errors);
        var name = Required(dto.Name, "name", errors);
        var source = dto.Source ?? "";

        PriorityScheme? scheme = null;
        if (Required(dto.PriorityScheme, "priorityScheme", errors) is { } schemeId && !PriorityScheme.TryGetScheme(schemeId, out scheme))
        {
            errors.Add($"priorityScheme: unknown scheme \"{schemeId}\"; expected one of {string.Join(", ", PriorityScheme.All.Select(s => s.Id))}");
        }

        var defaultPriority = scheme?.Levels[^1].Id ?? "";
        if (dto.DefaultPriority is not null && scheme is not null)
        {
            if (scheme.TryGet(dto.DefaultPriority, out var level))
            {
                defaultPriority = level.Id;
            }
            else
            {
                errors.Add($"defaultPriority: unknown priority \"{dto.DefaultPriority}\" in scheme {scheme.Id}");
            }
        }

        var workflow = ReferenceWorkflow.Instance;
        if (dto.States is not null)
        {
            try
            {
                workflow = workflow.Restrict(dto.States);
            }
            catch (ArgumentException e)
            {
                errors.Add($"states: {e.Message}");
            }
        }

        var serviceTypes = new List<ServiceType>();
        for (var i = 0; i < (dto.ServiceTypes?.Count ?? 0); i++)
        {
            var st = dto.ServiceTypes![i];
            if (st is null)
            {
                errors.Add($"serviceTypes[{i}]: a service type is required (null given)");
            }
            else if (Required(st.Id, $"serviceTypes[{i}].id", errors) is { } stId && Required(st.Label, $"serviceTypes[{i}].label", errors) is { } stLabel)
            {
                if (serviceTypes.Any(s => s.Id == stId))
                {
                    errors.Add($"serviceTypes[{i}].id: duplicate service type \"{stId}\"");
                }

                serviceTypes.Add(new ServiceType(stId, stLabel));
            }
        }

        var calendars = new List<CalendarSpec>();
        foreach (var (calendarName, calendarDto) in dto.Calendars ?? [])
        {
            if (calendarDto is null)
            {
                errors.Add($"calendars.{calendarName}: a calendar is required (null given)");
            }
            else if (BuildCalendar(calendarName, calendarDto, $"calendars.{calendarName}", errors) is { } spec)
            {
                calendars.Add(spec);
            }
        }

        if (dto.Calendars is null || !dto.Calendars.ContainsKey(SlaPreset.DefaultCalendar))
        {
            errors.Add($"calendars: a \"{SlaPreset.DefaultCalendar}\" calendar is required");
        }

        var clocks = new List<ClockDefinition>();
        for (var i = 0; i < (dto.Clocks?.Count ?? 0); i++)
        {
            var path = $"clocks[{i}]";
            if (dto.Clocks![i] is not { } clockDto)
            {
                errors.Add($"{path}: a clock is required (null given)");
                continue;
            }

            var clock = BuildClock(clockDto, path, scheme, workflow, dto.Calendars, serviceTypes, errors);
            if (clock is null)
            {
                continue;
            }

            if (clocks.Any(c => c.Id == clock.Id))
            {
                errors.Add($"{path}.id: duplicate clock \"{clock.Id}\"");
            }

            clocks.Add(clock);
        }

        if (errors.Count > 0 || id is null || name is null || scheme is null)
        {
            return null;
        }

        var availability = new List<AvailabilityObjective>();
        for (var i = 0; i < (dto.Availability?.Count ?? 0); i++)
        {
            if (BuildAvailability(dto.Availability![i], $"availability[{i}]", calendars, errors) is { } objective)
            {
                if (availability.Any(a => a.Id == objective.Id))
                {
                    errors.Add($"availability[{i}].id: duplicate objective \"{objective.Id}\"");
                }

                availability.Add(objective);
            }
        }

        var phone = BuildPhone(dto.Phone, errors);
        var backups = dto.Backups is null ? null : BuildBackups(dto.Backups, errors);
        var responseTimes = BuildResponseTimes(dto.ResponseTimes, errors);
        if (errors.Count > 0)
        {
            return null;
        }

        var matrix = dto.PriorityMatrix is null ? null : BuildMatrix(dto.PriorityMatrix, scheme, errors);
        if (errors.Count > 0)
        {
            return null;
        }

        var policy = new SlaPolicy(scheme, workflow, [.. calendars.Select(c => c.Name)], clocks);
        return new SlaPreset(id, name, source, policy, defaultPriority, calendars, serviceTypes, availability) { Phone = phone, Backups = backups, PriorityMatrix = matrix, ResponseTimes = responseTimes };
    }

    private static AvailabilityObjective? BuildAvailability(AvailabilityDto? dto, string path, List<CalendarSpec> calendars, List<string> errors)
    {
        if (dto is null)
        {
            errors.Add($"{path}: an availability objective is required (null given)");
            return null;
        }

        var count = errors.Count;
        var id = Required(dto.Id, $"{path}.id", errors);
        var name = Required(dto.Name, $"{path}.name", errors);
        var source = Required(dto.Source, $"{path}.source", errors);
        if (dto.Target is not (> 0 and <= 100))
        {
            errors.Add($"{path}.target: a percentage above 0 and at most 100 is required");
        }

        var formula = dto.Formula switch
        {
            "reference-period" => AvailabilityFormula.ReferencePeriod,
            "deducted-hours" => AvailabilityFormula.DeductedHours,
            _ => Invalid(AvailabilityFormula.ReferencePeriod, $"{path}.formula: expected \"reference-period\" or \"deducted-hours\"", errors),
        };
        CalendarSpec? Calendar(string? calendarName, string field) =>
            calendars.FirstOrDefault(c => c.Name == calendarName) is { } found
                ? found
                : Invalid<CalendarSpec?>(null, $"{path}.{field}: unknown calendar \"{calendarName}\"", errors);
        var measurement = Calendar(Required(dto.Measurement, $"{path}.measurement", errors), "measurement");
        var serviceHours = dto.ServiceHours is null ? null : Calendar(dto.ServiceHours, "serviceHours");
        if (dto.NoticeHours is not (>= 0 and <= 24 * 30))
        {
            errors.Add($"{path}.noticeHours: a number of hours from 0 to 720 is required");
        }

        return errors.Count > count || id is null || name is null || source is null || measurement is null
            ? null
            : new AvailabilityObjective(id, name, dto.Target!.Value, formula, measurement, serviceHours, Duration.FromHours(dto.NoticeHours!.Value), source);
    }

    private static CalendarSpec? BuildCalendar(string name, CalendarDto dto, string path, List<string> errors)
    {
        var count = errors.Count;
        DateTimeZone? zone = null;
        var zoneId = Required(dto.Zone, $"{path}.zone", errors);
        if (zoneId is not null and not "client")
        {
            zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId);
            if (zone is null)
            {
                errors.Add($"{path}.zone: unknown time zone \"{zoneId}\"; use an IANA id such as Europe/Paris, or \"client\"");
            }
        }

        var holidays = HolidaySource.None;
        Territory? territory = null;
        switch (Required(dto.Holidays, $"{path}.holidays", errors))
        {
            case null:
            case "none":
                break;
            case "client":
                holidays = HolidaySource.Client;
                break;
            case var t when Territory.TryGet(t, out var found):
                holidays = HolidaySource.Territory;
                territory = found;
                break;
            case var t:
                errors.Add($"{path}.holidays: unknown territory \"{t}\"; expected \"none\", \"client\" or one of {string.Join(", ", Territory.All.Select(x => x.Id))}");
                break;
        }

        var days = new Dictionary<IsoDayOfWeek, List<OpeningInterval>>();
        foreach (var (key, intervals) in dto.Hours ?? [])
        {
            var range = ParseDays(key);
            if (range is null)
            {
                errors.Add($"{path}.hours.{key}: unknown day or range; use mon, tue, wed, thu, fri, sat, sun or a range such as mon-fri");
                continue;
            }

            var parsed = ParseIntervals(intervals, $"{path}.hours.{key}", errors);
            foreach (var day in range)
            {
                if (!days.TryGetValue(day, out var list))
                {
                    days[day] = list = [];
                }

                list.AddRange(parsed);
            }
        }

        WeeklySchedule? week = null;
        try
        {
            week = new WeeklySchedule(days.ToDictionary(d => d.Key, d => (IReadOnlyList<OpeningInterval>)d.Value));
        }
        catch (ArgumentException e)
        {
            errors.Add($"{path}.hours: {e.Message}");
        }

        var closures = new List<LocalDate>();
        for (var i = 0; i < (dto.Closures?.Count ?? 0); i++)
        {
            if (ParseDate(dto.Closures![i] ?? "null", $"{path}.closures[{i}]", errors) is { } date)
            {
                closures.Add(date);
            }
        }

        var openings = new Dictionary<LocalDate, IReadOnlyList<OpeningInterval>>();
        foreach (var (key, intervals) in dto.Openings ?? [])
        {
            if (ParseDate(key, $"{path}.openings.{key}", errors) is { } date)
            {
                var parsed = ParseIntervals(intervals, $"{path}.openings.{key}", errors);
                try
                {
                    openings[date] = WeeklySchedule.Normalise(parsed, $"{path}.openings.{key}");
                }
                catch (ArgumentException e)
                {
                    errors.Add(e.Message);
                }
            }
        }

        if (week is not null && !week.HasAnyOpening && openings.Count == 0)
        {
            errors.Add($"{path}.hours: the calendar never opens");
        }

        if (errors.Count > count || week is null)
        {
            return null;
        }

        return new CalendarSpec
        {
            Name = name,
            Zone = zone,
            Holidays = holidays,
            HolidayTerritory = territory,
            IncludeWhitMonday = dto.WhitMonday ?? true,
            Week = week,
            Closures = closures,
            ExceptionalOpenings = openings,
        };
    }

    private static ClockDefinition? BuildClock(
        ClockDto dto,
        string path,
        PriorityScheme? scheme,
        Workflow workflow,
        Dictionary<string, CalendarDto>? calendars,
        List<ServiceType> serviceTypes,
        List<string> errors)
    {
        var count = errors.Count;
        var id = Required(dto.Id, $"{path}.id", errors);
        if (id is not null && !ClockIds.All.Contains(id))
        {
            errors.Add($"{path}.id: unknown clock \"{id}\"; expected one of {string.Join(", ", ClockIds.All)}");
        }

        var name = Required(dto.Name, $"{path}.name", errors);
        var start = ParseTriggers(dto.Start, $"{path}.start", workflow, errors);
        var stop = ParseTriggers(dto.Stop, $"{path}.stop", workflow, errors);
        var calendar = dto.Calendar ?? SlaPreset.DefaultCalendar;
        if (calendars is not null && !calendars.ContainsKey(calendar))
        {
            errors.Add($"{path}.calendar: unknown calendar \"{calendar}\"; the preset defines {string.Join(", ", calendars.Keys)}");
        }

        var freeze = new HashSet<string>(StringComparer.Ordinal);
        if (dto.Freeze is null)
        {
            freeze.UnionWith(workflow.States.Where(s => s.FreezesClocks).Select(s => s.Id));
        }
        else
        {
            for (var i = 0; i < dto.Freeze.Count; i++)
            {
                if (dto.Freeze[i] is null)
                {
                    errors.Add($"{path}.freeze[{i}]: a state is required (null given)");
                }
                else if (!workflow.TryGetState(dto.Freeze[i], out var state))
                {
                    errors.Add($"{path}.freeze[{i}]: unknown state \"{dto.Freeze[i]}\" (not in this preset's workflow)");
                }
                else if (state.Terminal)
                {
                    errors.Add($"{path}.freeze[{i}]: \"{state.Id}\" is a terminal state; it ends clocks, it cannot freeze them");
                }
                else
                {
                    freeze.Add(state.Id);
                }
            }
        }

        var targets = ParseTargets(dto.Targets, $"{path}.targets", scheme, errors);
        if (dto.Targets is null || dto.Targets.Count == 0)
        {
            errors.Add($"{path}.targets: at least one priority needs a target");
        }

        var outOfHours = ParseTargets(dto.OutOfHours, $"{path}.outOfHours", scheme, errors);
        foreach (var (priority, target) in outOfHours)
        {
            if (target is not ClockTarget.WallClockHours)
            {
                errors.Add($"{path}.outOfHours.{priority}: an out-of-hours target must be wall-hours:<n> (got {target})");
            }

            if (!targets.ContainsKey(priority))
            {
                errors.Add($"{path}.outOfHours.{priority}: priority has no normal target");
            }
        }

        var types = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (dto.ServiceTypes?.Count ?? 0); i++)
        {
            var st = dto.ServiceTypes![i];
            if (st is null || serviceTypes.All(s => s.Id != st))
            {
                errors.Add($"{path}.serviceTypes[{i}]: unknown service type \"{st}\"");
            }

            if (st is not null)
            {
                types.Add(st);
            }
        }

        var natures = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (dto.Natures?.Count ?? 0); i++)
        {
            if (dto.Natures![i] is not { } nature || !KnownNatures.Contains(nature))
            {
                errors.Add($"{path}.natures[{i}]: unknown nature \"{dto.Natures[i]}\"; expected anomalie or dysfonctionnement");
                continue;
            }

            natures.Add(nature);
        }

        var side = dto.Side switch
        {
            null or "provider" => Actor.Provider,
            "client" => Actor.Client,
            var s => Invalid(Actor.Provider, $"{path}.side: unknown side \"{s}\"; expected provider or client", errors),
        };

        ComplianceObjective? compliance = null;
        if (dto.Compliance is { } c)
        {
            if (c.Percent is <= 0 or > 100)
            {
                errors.Add($"{path}.compliance.percent: must be in (0, 100], got {c.Percent.ToString(CultureInfo.InvariantCulture)}");
            }

            if (c.Months <= 0)
            {
                errors.Add($"{path}.compliance.months: must be positive, got {c.Months}");
            }

            compliance = new ComplianceObjective(c.Percent, c.Months);
        }

        if (errors.Count > count || id is null || name is null)
        {
            return null;
        }

        return new ClockDefinition
        {
            Id = id,
            Name = name,
            Source = dto.Source,
            Start = start,
            Stop = stop,
            Calendar = calendar,
            Freeze = freeze,
            Targets = targets,
            OutOfHours = outOfHours,
            ServiceTypes = types,
            Natures = natures,
            Side = side,
            Contractual = dto.Contractual ?? true,
            Compliance = compliance,
        };
    }

    private static List<ClockTrigger> ParseTriggers(List<string>? texts, string path, Workflow workflow, List<string> errors)
    {
        var result = new List<ClockTrigger>();
        if (texts is null || texts.Count == 0)
        {
            errors.Add($"{path}: at least one event is required");
            return result;
        }

        for (var i = 0; i < texts.Count; i++)
        {
            if (texts[i] is null)
            {
                errors.Add($"{path}[{i}]: an event is required (null given)");
                continue;
            }

            if (!TicketEvent.TryParseKind(texts[i], out var kind, out var value, out var error))
            {
                errors.Add($"{path}[{i}]: {error}");
                continue;
            }

            if (kind == TicketEventKind.Qualified && value is not null && !KnownNatures.Contains(value))
            {
                errors.Add($"{path}[{i}]: unknown nature \"{value}\"; expected anomalie or dysfonctionnement");
                continue;
            }

            if (kind == TicketEventKind.StateChanged && !workflow.TryGetState(value!, out _))
            {
                errors.Add($"{path}[{i}]: unknown state \"{value}\" (not in this preset's workflow)");
                continue;
            }

            if (kind == TicketEventKind.PriorityChanged)
            {
                errors.Add($"{path}[{i}]: a priority change cannot start or stop a clock (it re-targets running clocks)");
                continue;
            }

            if (kind is TicketEventKind.ReleasePlanned or TicketEventKind.DueAgreed)
            {
                errors.Add($"{path}[{i}]: a planned release or an agreed date cannot start or stop a clock (it sets a due)");
                continue;
            }

            result.Add(new ClockTrigger(kind, value));
        }

        return result;
    }

    private static Dictionary<string, ClockTarget> ParseTargets(Dictionary<string, string>? texts, string path, PriorityScheme? scheme, List<string> errors)
    {
        var result = new Dictionary<string, ClockTarget>(StringComparer.Ordinal);
        foreach (var (priority, text) in texts ?? [])
        {
            var key = priority;
            if (scheme is not null)
            {
                if (!scheme.TryGet(priority, out var level))
                {
                    errors.Add($"{path}.{priority}: unknown priority \"{priority}\" in scheme {scheme.Id}; expected one of {string.Join(", ", scheme.Levels.Select(l => l.Id))}");
                    continue;
                }

                key = level.Id;
            }

            if (result.ContainsKey(key))
            {
                errors.Add($"{path}.{priority}: priority \"{key}\" is given twice");
                continue;
            }

            try
            {
                result[key] = ClockTarget.Parse(text);
            }
            catch (FormatException e)
            {
                errors.Add($"{path}.{priority}: {e.Message}");
            }
        }

        return result;
    }

    private static List<OpeningInterval> ParseIntervals(List<string>? texts, string path, List<string> errors)
    {
        var result = new List<OpeningInterval>();
        for (var i = 0; i < (texts?.Count ?? 0); i++)
        {
            if (texts![i] is null)
            {
                errors.Add($"{path}[{i}]: an interval is required (null given)");
                continue;
            }

            try
            {
                result.Add(OpeningInterval.Parse(texts[i]));
            }
            catch (FormatException e)
            {
                errors.Add($"{path}[{i}]: {e.Message}");
            }
        }

        return result;
    }

    private static LocalDate? ParseDate(string text, string path, List<string> errors)
    {
        var parsed = LocalDatePattern.Iso.Parse(text);
        if (parsed.Success)
        {
            return parsed.Value;
        }

        errors.Add($"{path}: \"{text}\" is not a date (yyyy-MM-dd)");
        return null;
    }

    private static IsoDayOfWeek[]? ParseDays(string key)
    {
        var parts = key.Split('-');
        var first = Array.IndexOf(DayNames, parts[0]);
        var last = parts.Length == 2 ? Array.IndexOf(DayNames, parts[1]) : parts.Length == 1 ? first : -1;
        if (first < 0 || last < first)
        {
            return null;
        }

        return [.. Enumerable.Range(first + 1, last - first + 1).Select(d => (IsoDayOfWeek)d)];
    }

    private static string? Required(string? value, string path, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{path}: required");
            return null;
        }

        return value;
    }

    private static T Invalid<T>(T fallback, string error, List<string> errors)
    {
        errors.Add(error);
        return fallback;
    }

    /// <summary>The telephone terms: unsuccessful-call reports and the objectives, each a percentage in 0–100.</summary>
    private static List<ResponseTimeCheck> BuildResponseTimes(List<ResponseTimeCheckDto?>? dtos, List<string> errors)
    {
        var checks = new List<ResponseTimeCheck>();
        for (var i = 0; i < (dtos?.Count ?? 0); i++)
        {
            var path = $"responseTimes[{i}]";
            if (dtos![i] is not { } dto)
            {
                errors.Add($"{path}: a check is required (null given)");
                continue;
            }

            var count = errors.Count;
            var id = Required(dto.Id, $"{path}.id", errors);
            var name = Required(dto.Name, $"{path}.name", errors);
            var source = Required(dto.Source, $"{path}.source", errors);
            if (id is not null && checks.Any(c => c.Id == id))
            {
                errors.Add($"{path}.id: duplicate check \"{id}\"");
            }

            var objectives = new List<ResponseTimeObjective>();
            if (dto.Objectives is not { Count: > 0 })
            {
                errors.Add($"{path}.objectives: at least one objective is required");
            }

            for (var j = 0; j < (dto.Objectives?.Count ?? 0); j++)
            {
                if (dto.Objectives![j] is not { } o)
                {
                    errors.Add($"{path}.objectives[{j}]: an objective is required (null given)");
                }
                else if (o.Percent is not (> 0 and <= 100))
                {
                    errors.Add($"{path}.objectives[{j}].percent: a percentage above 0 and at most 100 is required");
                }
                else if (o.UnderMs is not (> 0 and <= 120_000))
                {
                    errors.Add($"{path}.objectives[{j}].underMs: a number of milliseconds from 1 to 120000 is required");
                }
                else
                {
                    objectives.Add(new ResponseTimeObjective(o.Percent.Value, o.UnderMs.Value));
                }
            }

            if (errors.Count == count)
            {
                checks.Add(new ResponseTimeCheck(id!, name!, source!, objectives));
            }
        }

        return checks;
    }

    private static BackupPolicy? BuildBackups(BackupsDto dto, List<string> errors)
    {
        var count = errors.Count;
        var source = Required(dto.Source, "backups.source", errors);
        if (dto.MaxAgeHours is <= 0 or > 24 * 31)
        {
            errors.Add("backups.maxAgeHours: a number of hours from 1 to 744 is required");
        }

        var tiers = new List<BackupTier>();
        if (dto.Tiers is not { Count: > 0 })
        {
            errors.Add("backups.tiers: at least one tier is required");
        }

        for (var i = 0; i < (dto.Tiers?.Count ?? 0); i++)
        {
            var path = $"backups.tiers[{i}]";
            if (dto.Tiers![i] is not { } tier)
            {
                errors.Add($"{path}: a tier is required (null given)");
                continue;
            }

            var tierId = Required(tier.Id, $"{path}.id", errors);
            var tierName = Required(tier.Name, $"{path}.name", errors);
            var cadence = tier.Cadence switch
            {
                "daily" => BackupCadence.Daily,
                "weekly" => BackupCadence.Weekly,
                "monthly" => BackupCadence.Monthly,
                _ => Invalid(BackupCadence.Daily, $"{path}.cadence: expected \"daily\", \"weekly\" or \"monthly\"", errors),
            };
            if (tier.Keep is not (> 0 and <= 400))
            {
                errors.Add($"{path}.keep: a number of periods from 1 to 400 is required");
            }

            if (tier.OnDay is { } day && (cadence != BackupCadence.Monthly || day is < 1 or > 31))
            {
                errors.Add($"{path}.onDay: a day of the month from 1 to 31, for a monthly tier only");
            }

            if (tierId is not null && tiers.Any(t => t.Id == tierId))
            {
                errors.Add($"{path}.id: duplicate tier \"{tierId}\"");
            }

            if (tierId is not null && tierName is not null && tier.Keep is > 0 and <= 400)
            {
                tiers.Add(new BackupTier(tierId, tierName, cadence, tier.Keep.Value, tier.OnDay));
            }
        }

        return errors.Count > count || source is null
            ? null
            : new BackupPolicy(tiers, dto.MaxAgeHours is { } hours ? Duration.FromHours(hours) : null, source);
    }

    private static PhoneTerms BuildPhone(PhoneDto? dto, List<string> errors)
    {
        if (dto is null)
        {
            return PhoneTerms.None;
        }

        decimal? Percent(decimal? value, string field)
        {
            if (value is { } v && (v <= 0 || v > 100))
            {
                errors.Add($"phone.{field}: a percentage between 0 (excluded) and 100 is expected, {v.ToString(System.Globalization.CultureInfo.InvariantCulture)} given");
            }

            return value;
        }

        return new PhoneTerms(
            dto.ReportUnsuccessfulCalls ?? false,
            Percent(dto.AnsweredWithin15s, "answeredWithin15s"),
            Percent(dto.AnsweredWithin30s, "answeredWithin30s"),
            Percent(dto.AnswerRate, "answerRate"));
    }

    /// <summary>The priority matrix: two criteria with their levels and a priority for every pair [AT 9.3.4.2].</summary>
    private static PriorityMatrix? BuildMatrix(PriorityMatrixDto dto, PriorityScheme scheme, List<string> errors)
    {
        var before = errors.Count;
        var criticality = BuildCriterion(dto.Criticality, "priorityMatrix.criticality", errors);
        var impact = BuildCriterion(dto.Impact, "priorityMatrix.impact", errors);
        if (criticality is null || impact is null)
        {
            return null;
        }

        var cells = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var c in criticality.Levels)
        {
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var i in impact.Levels)
            {
                var path = $"priorityMatrix.matrix.{c.Id}.{i.Id}";
                if (dto.Matrix is null || !dto.Matrix.TryGetValue(c.Id, out var given) || given is null || !given.TryGetValue(i.Id, out var priority) || priority is null)
                {
                    errors.Add($"{path}: a priority is required for every criticality and impact");
                }
                else if (!scheme.TryGet(priority, out var level))
                {
                    errors.Add($"{path}: unknown priority \"{priority}\" in scheme {scheme.Id}");
                }
                else
                {
                    row[i.Id] = level.Id;
                }
            }

            cells[c.Id] = row;
        }

        foreach (var key in dto.Matrix?.Keys ?? Enumerable.Empty<string>())
        {
            if (criticality.Find(key) is null)
            {
                errors.Add($"priorityMatrix.matrix.{key}: unknown criticality level");
            }
            else if (dto.Matrix![key] is { } given)
            {
                foreach (var k in given.Keys.Where(k => impact.Find(k) is null))
                {
                    errors.Add($"priorityMatrix.matrix.{key}.{k}: unknown impact level");
                }
            }
        }

        return errors.Count > before ? null : new PriorityMatrix(criticality, impact, cells, dto.Source);
    }

    private static Criterion? BuildCriterion(CriterionDto? dto, string path, List<string> errors)
    {
        if (dto is null)
        {
            errors.Add($"{path}: a criterion is required");
            return null;
        }

        var label = Required(dto.Label, $"{path}.label", errors);
        var levels = new List<CriterionLevel>();
        if (dto.Levels is not { Count: > 1 })
        {
            errors.Add($"{path}.levels: at least two levels are required");
        }

        for (var k = 0; k < (dto.Levels?.Count ?? 0); k++)
        {
            var level = dto.Levels![k];
            var id = Required(level?.Id, $"{path}.levels[{k}].id", errors);
            var levelLabel = Required(level?.Label, $"{path}.levels[{k}].label", errors);
            var definition = Required(level?.Definition, $"{path}.levels[{k}].definition", errors);
            if (id is null || levelLabel is null || definition is null)
            {
                continue;
            }

            if (id.Length > 30 || !id.All(ch => char.IsAsciiLetterLower(ch) || char.IsAsciiDigit(ch) || ch == '-'))
            {
                errors.Add($"{path}.levels[{k}].id: \"{id}\" must be lower-case letters, digits or dashes (at most 30)");
            }
            else if (levels.Any(l => l.Id == id))
            {
                errors.Add($"{path}.levels[{k}].id: duplicate level \"{id}\"");
            }
            else
            {
                levels.Add(new CriterionLevel(id, levelLabel, definition));
            }
        }

        return label is null ? null : new Criterion(label, dto.Hint ?? "", levels);
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    internal sealed record PresetDto(
        string? Id,
        string? Name,
        string? Source,
        string? PriorityScheme,
        string? DefaultPriority,
        List<string>? States,
        List<ServiceTypeDto>? ServiceTypes,
        Dictionary<string, CalendarDto>? Calendars,
        List<ClockDto>? Clocks,
        List<AvailabilityDto?>? Availability = null,
        PhoneDto? Phone = null,
        BackupsDto? Backups = null,
        PriorityMatrixDto? PriorityMatrix = null,
        List<ResponseTimeCheckDto?>? ResponseTimes = null);

    internal sealed record ResponseTimeCheckDto(string? Id, string? Name, string? Source, List<ResponseTimeObjectiveDto?>? Objectives);

    internal sealed record ResponseTimeObjectiveDto(decimal? Percent, int? UnderMs);

    internal sealed record BackupsDto(string? Source, int? MaxAgeHours, List<BackupTierDto?>? Tiers);

    internal sealed record BackupTierDto(string? Id, string? Name, string? Cadence, int? Keep, int? OnDay);

    internal sealed record PriorityMatrixDto(string? Source, CriterionDto? Criticality, CriterionDto? Impact, Dictionary<string, Dictionary<string, string?>?>? Matrix);

    internal sealed record CriterionDto(string? Label, string? Hint, List<CriterionLevelDto?>? Levels);

    internal sealed record CriterionLevelDto(string? Id, string? Label, string? Definition);

    internal sealed record AvailabilityDto(
        string? Id,
        string? Name,
        string? Source,
        decimal? Target,
        string? Formula,
        string? Measurement,
        string? ServiceHours,
        int? NoticeHours);

    internal sealed record PhoneDto(bool? ReportUnsuccessfulCalls, decimal? AnsweredWithin15s, decimal? AnsweredWithin30s, decimal? AnswerRate);

    internal sealed record ServiceTypeDto(string? Id, string? Label);

    internal sealed record CalendarDto(
        string? Zone,
        string? Holidays,
        bool? WhitMonday,
        Dictionary<string, List<string>>? Hours,
        List<string>? Closures,
        Dictionary<string, List<string>>? Openings);

    internal sealed record ClockDto(
        string? Id,
        string? Name,
        string? Source,
        List<string>? Start,
        List<string>? Stop,
        string? Calendar,
        List<string>? Freeze,
        Dictionary<string, string>? Targets,
        Dictionary<string, string>? OutOfHours,
        List<string>? ServiceTypes,
        List<string>? Natures,
        string? Side,
        bool? Contractual,
        ComplianceDto? Compliance);

    internal sealed record ComplianceDto(decimal Percent, int Months);
}
