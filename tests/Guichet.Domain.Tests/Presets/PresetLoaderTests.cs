using Guichet.Domain.Presets;
using Guichet.Domain.Sla;

namespace Guichet.Domain.Tests.Presets;

public class PresetLoaderTests
{
    private const string Valid = """
        {
          "id": "test",
          "name": "Contrat de test",
          "priorityScheme": "ls",
          "serviceTypes": [ { "id": "bug-applicatif", "label": "Bug" } ],
          "calendars": {
            "support": { "zone": "Europe/Paris", "holidays": "metropole", "hours": { "mon-fri": [ "09:00-12:00", "14:00-18:00" ] } }
          },
          "clocks": [
            { "id": "take-charge", "name": "Prise en charge", "start": [ "created" ], "stop": [ "taken-in-charge" ],
              "targets": { "0": "business-hours:4" } }
          ]
        }
        """;

    [Fact]
    public void The_five_built_in_presets_load()
    {
        Assert.Equal(["e23", "es26", "ls", "mn", "at"], PresetCatalog.All.Select(p => p.Id));
        Assert.All(PresetCatalog.All, p => Assert.Contains(SlaPreset.DefaultCalendar, p.CalendarSpecs.Select(c => c.Name)));
        Assert.True(PresetCatalog.TryGet("es26", out var es26));
        Assert.Equal(["support", "availability", "service-hours"], es26.CalendarSpecs.Select(c => c.Name));

        // The hosted services' commitments: ES26 6 and AT 9.4.12; none for the on-premises contracts.
        var production = Assert.Single(es26.Availability);
        Assert.Equal((99.85m, Guichet.Domain.Availability.AvailabilityFormula.ReferencePeriod, "availability", "service-hours", 48.0),
            (production.TargetPercent, production.Formula, production.Measurement.Name, production.ServiceHours?.Name, production.MinimumNotice.TotalHours));
        Assert.True(PresetCatalog.TryGet("at", out var at));
        Assert.Equal([("progiciel", 99.9m), ("services-distants", 99.8m)], at.Availability.Select(a => (a.Id, a.TargetPercent)));
        Assert.All(at.Availability, a => Assert.Equal(Guichet.Domain.Availability.AvailabilityFormula.DeductedHours, a.Formula));
        Assert.All(PresetCatalog.All.Where(p => p.Id is "e23" or "ls" or "mn"), p => Assert.Empty(p.Availability));
    }

    [Theory]
    [InlineData("""{ "id": "x", "target": 120, "formula": "reference-period", "measurement": "support", "noticeHours": 48 }""", "availability[0].target")]
    [InlineData("""{ "id": "x", "target": 99, "formula": "moyenne", "measurement": "support", "noticeHours": 48 }""", "availability[0].formula")]
    [InlineData("""{ "id": "x", "target": 99, "formula": "reference-period", "measurement": "inconnu", "noticeHours": 48 }""", "availability[0].measurement: unknown calendar")]
    [InlineData("""{ "id": "x", "target": 99, "formula": "reference-period", "measurement": "support" }""", "availability[0].noticeHours")]
    public void A_wrong_availability_objective_is_refused_with_its_path(string objective, string expected)
    {
        var text = Valid.TrimEnd().TrimEnd('}') + $", \"availability\": [ {objective.Replace("{ ", "{ \"name\": \"Service\", \"source\": \"test\", ", StringComparison.Ordinal)} ] }}";
        var error = Assert.ThrowsAny<Exception>(() => PresetLoader.Parse(text, "test.json"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_phone_terms_come_from_the_presets_ls_reports_and_at_has_the_three_objectives()
    {
        Assert.True(PresetCatalog.TryGet("ls", out var ls));
        Assert.Equal(new PhoneTerms(true, null, null, null), ls.Phone);
        Assert.True(PresetCatalog.TryGet("at", out var at));
        Assert.Equal(new PhoneTerms(false, 80m, 90m, 90m), at.Phone);
        Assert.True(at.Phone.HasObjectives);
        Assert.Same(PhoneTerms.None, PresetLoader.Parse(Valid, "test.json").Phone);
    }

    [Fact]
    public void A_phone_objective_out_of_range_is_refused()
    {
        var json = Valid.Replace("\"priorityScheme\": \"ls\",", "\"priorityScheme\": \"ls\", \"phone\": { \"answerRate\": 120 },", StringComparison.Ordinal);
        var e = Assert.Throws<PresetValidationException>(() => PresetLoader.Parse(json, "test.json"));
        Assert.Contains(e.Errors, m => m.StartsWith("phone.answerRate:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_valid_preset_loads_with_defaults()
    {
        var preset = PresetLoader.Parse(Valid, "test.json");
        var clock = preset.Policy.Clocks.Single();

        Assert.Equal("support", clock.Calendar);
        Assert.Equal(["a-qualifier-client", "attente-info-interne", "attente-info-complementaire", "attente-dgcl-dgfip"], clock.Freeze);
        Assert.Equal(new ClockTarget.BusinessHours(NodaTime.Duration.FromHours(4)), clock.Targets["0"]);
        Assert.Equal("3", preset.DefaultPriority);
    }

    [Theory]
    [InlineData("\"freeze\": [ \"attente-foo\" ],", "clocks[0].freeze[0]: unknown state \"attente-foo\"")]
    [InlineData("\"freeze\": [ \"clos-par-le-client\" ],", "clocks[0].freeze[0]: \"clos-par-le-client\" is a terminal state")]
    [InlineData("\"freeze\": [ null ],", "clocks[0].freeze[0]: a state is required")]
    [InlineData("\"calendar\": \"nights\",", "clocks[0].calendar: unknown calendar \"nights\"")]
    [InlineData("\"outOfHours\": { \"0\": \"business-hours:4\" },", "clocks[0].outOfHours.0: an out-of-hours target must be wall-hours")]
    [InlineData("\"serviceTypes\": [ \"menage\" ],", "clocks[0].serviceTypes[0]: unknown service type \"menage\"")]
    [InlineData("\"natures\": [ \"panne\" ],", "clocks[0].natures[0]: unknown nature \"panne\"")]
    [InlineData("\"compliance\": { \"percent\": 120, \"months\": 12 },", "clocks[0].compliance.percent: must be in (0, 100]")]
    public void Clock_errors_name_their_path(string insert, string expected)
    {
        var json = Valid.Replace("\"id\": \"take-charge\",", "\"id\": \"take-charge\", " + insert, StringComparison.Ordinal);

        var e = Assert.Throws<PresetValidationException>(() => PresetLoader.Parse(json, "test.json"));
        Assert.Contains(e.Errors, m => m.StartsWith(expected, StringComparison.Ordinal));
        Assert.Contains("test.json", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"0\": \"business-hours:4\"", "\"0\": \"business-hours:-4\"", "clocks[0].targets.0: \"business-hours:-4\": a target must be positive")]
    [InlineData("\"0\": \"business-hours:4\"", "\"0\": \"wall-hours:0\"", "clocks[0].targets.0: \"wall-hours:0\": a target must be positive")]
    [InlineData("\"0\": \"business-hours:4\"", "\"0\": \"business-days:3000000000\"", "clocks[0].targets.0: \"business-days:3000000000\": a target cannot exceed")]
    [InlineData("\"0\": \"business-hours:4\"", "\"0\": null", "clocks[0].targets.0: a target is required")]
    [InlineData("\"0\": \"business-hours:4\"", "\"0\": \"business-hours:4\", \"Niveau 0 - Bloquant\": \"business-hours:5\"", "clocks[0].targets.Niveau 0 - Bloquant: priority \"0\" is given twice")]
    [InlineData("\"created\"", "\"qualified:anomaly\"", "clocks[0].start[0]: unknown nature \"anomaly\"")]
    [InlineData("\"created\"", "null", "clocks[0].start[0]: an event is required")]
    [InlineData("\"14:00-18:00\"", "null", "calendars.support.hours.mon-fri[1]: an interval is required")]
    [InlineData("\"0\": \"business-hours:4\"", "\"7\": \"business-hours:4\"", "clocks[0].targets.7: unknown priority \"7\"")]
    [InlineData("\"0\": \"business-hours:4\"", "\"0\": \"weeks:2\"", "clocks[0].targets.0: \"weeks:2\": unknown target kind")]
    [InlineData("\"0\": \"business-hours:4\"", "\"0\": \"business-days:1.5\"", "clocks[0].targets.0: \"business-days:1.5\": business days must be a whole number")]
    [InlineData("\"0\": \"business-hours:4\"", "\"0\": \"next-release:someday\"", "clocks[0].targets.0: \"next-release:someday\": unknown release kind")]
    [InlineData("\"09:00-12:00\", \"14:00-18:00\"", "\"09:00-12:00\", \"11:00-18:00\"", "calendars.support.hours: Monday: opening intervals 09:00-12:00 and 11:00-18:00 overlap")]
    [InlineData("\"09:00-12:00\", \"14:00-18:00\"", "\"09:00-12:00\", \"18:00-14:00\"", "calendars.support.hours.mon-fri[1]: \"18:00-14:00\"")]
    [InlineData("\"mon-fri\"", "\"monday\"", "calendars.support.hours.monday: unknown day or range")]
    [InlineData("\"Europe/Paris\"", "\"Europe/Lutece\"", "calendars.support.zone: unknown time zone \"Europe/Lutece\"")]
    [InlineData("\"metropole\"", "\"corse\"", "calendars.support.holidays: unknown territory \"corse\"")]
    [InlineData("\"support\": {", "\"daytime\": {", "calendars: a \"support\" calendar is required")]
    [InlineData("\"clocks\": [", "\"clocks\": [ null,", "clocks[0]: a clock is required")]
    [InlineData("\"support\": {", "\"support\": null, \"spare\": {", "calendars.support: a calendar is required")]
    [InlineData("\"ls\"", "\"itil\"", "priorityScheme: unknown scheme \"itil\"")]
    [InlineData("\"take-charge\"", "\"coffee\"", "clocks[0].id: unknown clock \"coffee\"")]
    [InlineData("\"taken-in-charge\"", "\"taken\"", "clocks[0].stop[0]: unknown event \"taken\"")]
    [InlineData("\"taken-in-charge\"", "\"state:nowhere\"", "clocks[0].stop[0]: unknown state \"nowhere\"")]
    [InlineData("\"taken-in-charge\"", "\"priority:0\"", "clocks[0].stop[0]: a priority change cannot start or stop a clock")]
    [InlineData("\"created\"", "\"created:yesterday\"", "clocks[0].start[0]: event \"created\" takes no value")]
    public void Value_errors_name_their_path(string find, string replace, string expected)
    {
        var json = Valid.Replace(find, replace, StringComparison.Ordinal);

        var e = Assert.Throws<PresetValidationException>(() => PresetLoader.Parse(json, "test.json"));
        Assert.Contains(e.Errors, m => m.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_error_is_reported_at_once()
    {
        var json = Valid
            .Replace("\"Europe/Paris\"", "\"Mars/Olympus\"", StringComparison.Ordinal)
            .Replace("\"business-hours:4\"", "\"business-hours:-1\"", StringComparison.Ordinal);

        var e = Assert.Throws<PresetValidationException>(() => PresetLoader.Parse(json, "test.json"));
        Assert.Equal(2, e.Errors.Count);
    }

    [Theory]
    [InlineData("{ \"id\": ")]
    [InlineData("{ \"id\": \"x\", \"colour\": \"blue\" }")]
    [InlineData("{ \"id\": 3 }")]
    [InlineData("null")]
    [InlineData("{ \"id\": \"x\", \"id\": \"y\" }")]
    public void Malformed_json_is_refused_with_its_path(string json)
    {
        var e = Assert.Throws<PresetValidationException>(() => PresetLoader.Parse(json, "bad.json"));
        Assert.StartsWith("$", e.Errors.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void States_outside_the_reference_workflow_are_refused()
    {
        var json = Valid.Replace("\"priorityScheme\": \"ls\",", "\"priorityScheme\": \"ls\", \"states\": [ \"nouveau\", \"ailleurs\" ],", StringComparison.Ordinal);

        var e = Assert.Throws<PresetValidationException>(() => PresetLoader.Parse(json, "test.json"));
        Assert.Contains(e.Errors, m => m.StartsWith("states: unknown state \"ailleurs\"", StringComparison.Ordinal));
    }
}
