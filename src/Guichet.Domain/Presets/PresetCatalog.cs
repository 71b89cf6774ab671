namespace Guichet.Domain.Presets;

/// <summary>The built-in presets for the five seed contracts, read from the data files embedded in this assembly.</summary>
public static class PresetCatalog
{
    /// <summary>Ids of the built-in presets, in display order.</summary>
    public static IReadOnlyList<string> Ids { get; } = ["e23", "es26", "ls", "mn", "at"];

    private static readonly Lazy<IReadOnlyList<SlaPreset>> Loaded = new(() => [.. Ids.Select(Load)]);

    /// <summary>Every built-in preset, in display order.</summary>
    public static IReadOnlyList<SlaPreset> All => Loaded.Value;

    /// <summary>Finds a built-in preset by id (case-insensitive).</summary>
    public static bool TryGet(string? id, out SlaPreset preset)
    {
        preset = All.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.OrdinalIgnoreCase))!;
        return preset is not null;
    }

    /// <summary>The JSON text of a built-in preset.</summary>
    public static string ReadJson(string id)
    {
        using var stream = typeof(PresetCatalog).Assembly.GetManifestResourceStream($"Guichet.Domain.Presets.{id}.json")
            ?? throw new ArgumentException($"No built-in preset \"{id}\".", nameof(id));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static SlaPreset Load(string id)
    {
        var preset = PresetLoader.Parse(ReadJson(id), $"{id}.json");
        return preset.Id == id
            ? preset
            : throw new InvalidOperationException($"{id}.json declares the id \"{preset.Id}\".");
    }
}
