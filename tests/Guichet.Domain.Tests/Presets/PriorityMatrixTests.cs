using Guichet.Domain.Presets;

namespace Guichet.Domain.Tests.Presets;

/// <summary>The AT priority matrix [AT 9.3.4.2], read from the preset's data.</summary>
public class PriorityMatrixTests
{
    private static PriorityMatrix At()
    {
        Assert.True(PresetCatalog.TryGet("at", out var at));
        return Assert.IsType<PriorityMatrix>(at.PriorityMatrix);
    }

    [Theory]
    [InlineData("haute", "fort", "P1")]
    [InlineData("haute", "moyen", "P2")]
    [InlineData("haute", "reduit", "P3")]
    [InlineData("moyenne", "fort", "P2")]
    [InlineData("moyenne", "moyen", "P3")]
    [InlineData("moyenne", "reduit", "P4")]
    [InlineData("faible", "fort", "P3")]
    [InlineData("faible", "moyen", "P4")]
    [InlineData("faible", "reduit", "P4")]
    public void The_at_matrix_gives_the_contract_priority(string criticality, string impact, string priority) =>
        Assert.Equal(priority, At().Derive(criticality, impact));

    [Fact]
    public void Criticite_haute_and_impact_moyen_is_p2() => Assert.Equal("P2", At().Derive("Haute", " moyen "));

    [Fact]
    public void Levels_carry_the_contract_definitions()
    {
        var matrix = At();

        Assert.Equal(["haute", "moyenne", "faible"], matrix.Criticality.Levels.Select(l => l.Id));
        Assert.Equal(["fort", "moyen", "reduit"], matrix.Impact.Levels.Select(l => l.Id));
        Assert.Contains("dépôt d'une réponse électronique", matrix.Criticality.Find("haute")!.Definition, StringComparison.Ordinal);
        Assert.Null(matrix.Derive("critique", "fort"));
        Assert.Null(matrix.Derive("haute", null));
    }

    [Fact]
    public void Other_presets_have_no_matrix()
    {
        Assert.All(PresetCatalog.All.Where(p => p.Id != "at"), p => Assert.Null(p.PriorityMatrix));
    }

    [Fact]
    public void A_matrix_missing_a_cell_or_naming_an_unknown_priority_is_refused()
    {
        Assert.True(PresetCatalog.TryGet("at", out _));
        var json = """
            {
              "id": "x", "name": "X", "priorityScheme": "at",
              "calendars": { "support": { "zone": "Europe/Paris", "holidays": "none", "hours": { "mon-fri": [ "09:00-17:00" ] } } },
              "clocks": [ { "id": "take-charge", "name": "Prise en charge", "start": [ "created" ], "stop": [ "taken-in-charge" ], "targets": { "P1": "business-hours:4" } } ],
              "priorityMatrix": {
                "criticality": { "label": "Criticité", "levels": [ { "id": "haute", "label": "Haute", "definition": "a" }, { "id": "basse", "label": "Basse", "definition": "b" } ] },
                "impact": { "label": "Impact", "levels": [ { "id": "fort", "label": "Fort", "definition": "c" }, { "id": "faible", "label": "Faible", "definition": "d" } ] },
                "matrix": { "haute": { "fort": "P1", "faible": "P9" }, "basse": { "fort": "P2" } }
              }
            }
            """;

        var e = Assert.Throws<PresetValidationException>(() => PresetLoader.Parse(json, "x.json"));

        Assert.Contains("priorityMatrix.matrix.haute.faible: unknown priority \"P9\" in scheme at", e.Errors);
        Assert.Contains("priorityMatrix.matrix.basse.faible: a priority is required for every criticality and impact", e.Errors);
    }
}
