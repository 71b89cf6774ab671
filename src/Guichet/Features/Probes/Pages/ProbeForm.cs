namespace Guichet.Features.Probes.Pages;

/// <summary>The fields of the probe form, shared by the creation (desk) and the change (probe page).</summary>
internal sealed class ProbeFields
{
    public string? Name { get; set; }

    public string? Url { get; set; }

    public string? Method { get; set; } = "GET";

    public int? ExpectedStatus { get; set; } = 200;

    public string? ExpectedText { get; set; }

    public int? TimeoutMs { get; set; } = 10_000;

    public int? IntervalSeconds { get; set; } = 60;

    public int? FailuresBeforeOutage { get; set; } = 3;

    public bool AcceptUntrustedCertificate { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>The objectives as typed: one per line, "80 % 2000" (percent, then threshold in ms).</summary>
    public string? Objectives { get; set; }

    public string? CheckId { get; set; }

    /// <summary>The request the form stands for (objectives are read line by line; a line not understood is an error).</summary>
    public (ProbeRequest Request, string? ObjectivesError) ToRequest(Guid? serviceId)
    {
        List<ProbeObjectiveInput>? objectives = null;
        string? error = null;
        if (!string.IsNullOrWhiteSpace(Objectives))
        {
            objectives = [];
            foreach (var line in Objectives.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var parts = line.Replace("%", " ", StringComparison.Ordinal).Replace("ms", " ", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 2 && decimal.TryParse(parts[0].Replace(',', '.'), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var percent)
                    && int.TryParse(parts[1], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var threshold))
                {
                    objectives.Add(new ProbeObjectiveInput(percent, threshold));
                }
                else
                {
                    error = $"Ligne non comprise : « {line} » ; écrivez une ligne par objectif, par exemple « 80 % 2000 » (part des mesures, puis seuil en ms).";
                    break;
                }
            }
        }

        return (new ProbeRequest(serviceId, Name ?? "", Url ?? "", Method, ExpectedStatus, ExpectedText ?? "", TimeoutMs, IntervalSeconds, Enabled, FailuresBeforeOutage,
            AcceptUntrustedCertificate, string.IsNullOrWhiteSpace(CheckId) ? null : CheckId, objectives), error);
    }

    /// <summary>The form's field for each request field (errors shown next to it).</summary>
    public static Dictionary<string, string> Map(string prefix)
    {
        var map = new Dictionary<string, string>
        {
            ["serviceId"] = "ServiceId",
            ["name"] = prefix + nameof(Name),
            ["url"] = prefix + nameof(Url),
            ["method"] = prefix + nameof(Method),
            ["expectedStatus"] = prefix + nameof(ExpectedStatus),
            ["expectedText"] = prefix + nameof(ExpectedText),
            ["timeoutMs"] = prefix + nameof(TimeoutMs),
            ["intervalSeconds"] = prefix + nameof(IntervalSeconds),
            ["failuresBeforeOutage"] = prefix + nameof(FailuresBeforeOutage),
            ["checkId"] = prefix + nameof(CheckId),
            ["objectives"] = prefix + nameof(Objectives),
        };
        for (var i = 0; i < ProbeSettings.MaxObjectives; i++)
        {
            map[$"objectives[{i}].percent"] = prefix + nameof(Objectives);
            map[$"objectives[{i}].thresholdMs"] = prefix + nameof(Objectives);
        }

        return map;
    }
}
