using System.Diagnostics;
using System.Text.Json;
using Guichet.Cli;
using NodaTime;
using NodaTime.Testing;

namespace Guichet.Tests.Cli;

/// <summary>The <c>guichet</c> command line, through its public surface: arguments in, text and exit code out.</summary>
public class CliTests
{
    private static readonly FakeClock Clock = new(Instant.FromUtc(2026, 4, 14, 8, 0));

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = GuichetCli.Run(args, stdout, stderr, Clock);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Help_and_usage_errors_are_in_french_whatever_the_machine_s_locale()
    {
        var before = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.InvariantCulture;
        try
        {
            var (code, output, _) = Run("--help");
            Assert.Equal(0, code);
            Assert.Contains("Affiche l'aide et l'usage de la commande.", output, StringComparison.Ordinal);
            Assert.Contains("Affiche la version.", output, StringComparison.Ordinal);
            Assert.Contains("Démarre le serveur web (pages et API).", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Show help", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Usage:", output, StringComparison.Ordinal);

            var (missing, _, error) = Run("calls", "import");
            Assert.Equal(GuichetCli.UsageError, missing);
            Assert.StartsWith("guichet: Argument obligatoire manquant pour la commande", error, StringComparison.Ordinal);
            Assert.Contains("'import'", error, StringComparison.Ordinal);
            Assert.Equal(System.Globalization.CultureInfo.InvariantCulture, System.Globalization.CultureInfo.CurrentUICulture);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public void Sla_presets_lists_ids_and_names()
    {
        var (code, output, error) = Run("sla", "presets");

        Assert.Equal(0, code);
        Assert.Empty(error);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(["e23", "es26", "ls", "mn", "at"], lines.Select(l => l.Split('\t')[0]));
        Assert.All(lines, l => Assert.False(string.IsNullOrWhiteSpace(l.Split('\t')[1])));
    }

    [Fact]
    public void Calendar_holidays_prints_one_tab_separated_line_per_holiday()
    {
        var (code, output, _) = Run("calendar", "holidays", "--territory", "reunion", "--year", "2026");

        Assert.Equal(0, code);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(12, lines.Length);
        Assert.Equal("2026-01-01\tJour de l'an", lines[0]);
        Assert.Equal("2026-12-20\tAbolition de l'esclavage", lines[^2]);
        Assert.All(lines, l => Assert.Matches(@"^\d{4}-\d{2}-\d{2}\t\S.*$", l));
    }

    [Theory]
    [InlineData("ls", null, null, "2026-04-03T17:00:00+02:00", "--business-hours", "2", "2026-04-07T10:00:00+02:00")]
    [InlineData("ls", null, null, "2026-04-13T10:00", "--business-days", "30", "2026-05-29T10:00:00+02:00")]
    [InlineData("mn", null, null, "2026-04-16T15:30:00Z", "--business-days", "1", "2026-04-17T17:00:00+02:00")]
    [InlineData("at", null, null, "2026-04-13T10:00:00+02:00", "--business-hours", "0.25", "2026-04-13T10:15:00+02:00")]
    [InlineData("es26", "availability", "reunion", "2026-12-18T19:00:00+04:00", "--business-hours", "2", "2026-12-21T08:00:00+04:00")]
    [InlineData("es26", "availability", "guadeloupe", "2026-05-26T19:30", "--business-hours", "1", "2026-05-28T07:30:00-04:00")]
    public void Calendar_add_prints_the_due_instant_with_its_offset(string preset, string? calendar, string? territory, string from, string unit, string amount, string expected)
    {
        var args = new List<string> { "calendar", "add", "--preset", preset, "--from", from, unit, amount };
        if (calendar is not null)
        {
            args.AddRange(["--calendar", calendar]);
        }

        if (territory is not null)
        {
            args.AddRange(["--territory", territory]);
        }

        var (code, output, error) = Run([.. args]);

        Assert.Equal("", error);
        Assert.Equal(0, code);
        Assert.Equal(expected + "\n", output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Sla_simulate_prints_every_clock()
    {
        var (code, output, error) = Run(
            "sla", "simulate", "--preset", "ls", "--priority", "1",
            "--event", "2026-04-13T10:00:00+02:00=created",
            "--event", "2026-04-13T11:00:00+02:00=taken-in-charge",
            "--event", "2026-04-13T11:30:00+02:00=state:a-qualifier-client",
            "--now", "2026-04-14T10:00:00+02:00");

        Assert.Equal("", error);
        Assert.Equal(0, code);
        var lines = output.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal("id\tstatus\tdue\telapsed\tremaining", lines[0]);
        Assert.Equal("take-charge\tmet\t2026-04-14T11:00:00+02:00\t1h00\t7h00", lines[1]);
        Assert.Equal("workaround\tfrozen\t-\t1h30\t22h30", lines[2]);
        Assert.Equal("resolution\tfrozen\t-\t1h30\t33h30", lines[3]);
    }

    [Fact]
    public void Sla_simulate_json_has_clocks_with_id_status_due_elapsed_remaining_and_segments()
    {
        var (code, output, _) = Run(
            "sla", "simulate", "--preset", "at", "--priority", "P1", "--json",
            "--event", "2026-04-10T21:00:00+02:00=created",
            "--event", "2026-04-11T00:30:00+02:00=taken-in-charge",
            "--event", "2026-04-11T00:30:00+02:00=priority:P2",
            "--now", "2026-04-13T10:00:00+02:00");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var clocks = json.RootElement.GetProperty("clocks").EnumerateArray().ToList();
        Assert.Equal(["take-charge", "workaround", "resolution", "answer", "restore"], clocks.Select(c => c.GetProperty("id").GetString()));
        var takeCharge = clocks[0];
        Assert.Equal("met", takeCharge.GetProperty("status").GetString());
        Assert.Equal("2026-04-11T01:00:00+02:00", takeCharge.GetProperty("due").GetString());
        Assert.Equal("PT3H30M", takeCharge.GetProperty("elapsed").GetString());
        Assert.Equal("PT30M", takeCharge.GetProperty("remaining").GetString());
        Assert.True(takeCharge.GetProperty("onCall").GetBoolean());
        Assert.Equal("P1", takeCharge.GetProperty("priority").GetString());
        var workaround = clocks[1];
        Assert.Equal("running", workaround.GetProperty("status").GetString());
        Assert.Equal("P2", workaround.GetProperty("priority").GetString());
        Assert.Equal("2026-04-14T09:00:00+02:00", workaround.GetProperty("due").GetString());
        Assert.Equal("PT1H", workaround.GetProperty("elapsed").GetString());
        Assert.Single(workaround.GetProperty("segments").EnumerateArray());
        Assert.Equal("not-applicable", clocks[3].GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, clocks[3].GetProperty("due").ValueKind);
    }

    [Fact]
    public void Sla_simulate_uses_the_clock_when_now_is_not_given_and_accepts_events_in_any_order()
    {
        var (code, output, _) = Run(
            "sla", "simulate", "--preset", "ls", "--priority", "0",
            "--event", "2026-04-13T11:00:00+02:00=taken-in-charge",
            "--event", "2026-04-13T10:00:00+02:00=created");

        Assert.Equal(0, code);
        Assert.Contains("take-charge\tmet\t2026-04-13T16:00:00+02:00\t1h00\t3h00", output, StringComparison.Ordinal);
        Assert.Contains("resolution\trunning\t2026-04-16T10:00:00+02:00\t7h00\t14h00", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Sla_simulate_explains_segments_and_frozen_periods()
    {
        var (code, output, _) = Run(
            "sla", "simulate", "--preset", "ls", "--priority", "1", "--explain",
            "--event", "2026-04-13T10:00:00+02:00=created",
            "--event", "2026-04-13T11:30:00+02:00=state:a-qualifier-client",
            "--event", "2026-04-14T15:00:00+02:00=state:retour-information-client",
            "--now", "2026-04-14T16:00:00+02:00");

        Assert.Equal(0, code);
        Assert.Contains("  compté  2026-04-13T10:00:00+02:00 → 2026-04-13T11:30:00+02:00  1h30", output, StringComparison.Ordinal);
        Assert.Contains("  gelé    2026-04-13T11:30:00+02:00 → 2026-04-14T15:00:00+02:00", output, StringComparison.Ordinal);
        Assert.Contains("objectif : 5 jours ouvrés, priorité 1", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unknown preset \"nope\"", "sla", "simulate", "--preset", "nope", "--priority", "1", "--event", "2026-04-13T10:00:00Z=created")]
    [InlineData("unknown territory \"corse\"", "calendar", "holidays", "--territory", "corse", "--year", "2026")]
    [InlineData("--year: 1850 is outside 1900–2200", "calendar", "holidays", "--territory", "metropole", "--year", "1850")]
    [InlineData("unknown event \"opened\"", "sla", "simulate", "--preset", "ls", "--priority", "1", "--event", "2026-04-13T10:00:00Z=opened")]
    [InlineData("unknown state \"limbo\"", "sla", "simulate", "--preset", "ls", "--priority", "1", "--event", "2026-04-13T10:00:00Z=state:limbo")]
    [InlineData("unknown priority \"9\"", "sla", "simulate", "--preset", "ls", "--priority", "9", "--event", "2026-04-13T10:00:00Z=created")]
    [InlineData("unknown priority \"P9\"", "sla", "simulate", "--preset", "at", "--priority", "P1", "--event", "2026-04-13T10:00:00Z=priority:P9")]
    [InlineData("is not an instant", "sla", "simulate", "--preset", "ls", "--priority", "1", "--event", "yesterday=created")]
    [InlineData("is not <instant>=<event>", "sla", "simulate", "--preset", "ls", "--priority", "1", "--event", "created")]
    [InlineData("is not an instant", "calendar", "add", "--preset", "ls", "--from", "2026-13-45T10:00", "--business-days", "1")]
    [InlineData("give exactly one of --business-hours <n> or --business-days <n>", "calendar", "add", "--preset", "ls", "--from", "2026-04-13T10:00")]
    [InlineData("give exactly one of --business-hours <n> or --business-days <n>", "calendar", "add", "--preset", "ls", "--from", "2026-04-13T10:00", "--business-days", "1", "--business-hours", "2")]
    [InlineData("--business-days: must be between 0 and 100000", "calendar", "add", "--preset", "ls", "--from", "2026-04-13T10:00", "--business-days", "-1")]
    [InlineData("has no calendar \"availability\"", "calendar", "add", "--preset", "ls", "--calendar", "availability", "--from", "2026-04-13T10:00", "--business-days", "1")]
    [InlineData("cannot compute the due instant", "calendar", "add", "--preset", "ls", "--from", "2200-12-30T10:00", "--business-days", "40")]
    [InlineData("--preset", "calendar", "add", "--from", "2026-04-13T10:00", "--business-days", "1")]
    [InlineData("is outside the years 1900–2200", "sla", "simulate", "--preset", "ls", "--priority", "0", "--event", "2026-04-13T10:00+02:00=created", "--now", "3000-01-01T00:00Z")]
    [InlineData("is outside the years 1900–2200", "calendar", "add", "--preset", "ls", "--from", "1650-01-01T10:00", "--business-hours", "1")]
    [InlineData("--business-hours: must be between 0 and 100000", "calendar", "add", "--preset", "ls", "--from", "2026-04-13T10:00", "--business-hours", "99999999999999")]
    [InlineData("--business-hours", "calendar", "add", "--preset", "ls", "--from", "2026-04-13T10:00", "--business-hours", "four")]
    [InlineData("--event", "sla", "simulate", "--preset", "ls", "--priority", "1")]
    [InlineData("command", "calendar")]
    [InlineData("frobnicate", "frobnicate")]
    public void Bad_input_exits_with_2_and_one_clear_line_on_stderr(string expected, params string[] args)
    {
        var (code, output, error) = Run(args);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        var lines = error.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("guichet: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_seeds_once_and_user_list_and_token_create_work_on_its_data()
    {
        var data = Path.Combine(Path.GetTempPath(), "guichet-cli-" + Guid.NewGuid().ToString("N"));
        try
        {
            var first = Run("demo", "--data", data);
            Assert.Equal(0, first.Code);
            Assert.Contains("Données de démonstration chargées", first.Out, StringComparison.Ordinal);
            var second = Run("demo", "--data", data);
            Assert.Equal(0, second.Code);
            Assert.Contains("déjà présentes", second.Out, StringComparison.Ordinal);

            var list = Run("user", "list", "--json", "--data", data);
            Assert.Equal(0, list.Code);
            using var users = JsonDocument.Parse(list.Out);
            var rows = users.RootElement.EnumerateArray().ToList();
            Assert.Equal(20, rows.Count); // 5 staff, 5 organisations × 3 users: the second run added nobody
            Assert.Contains(rows, u => u.GetProperty("roles").EnumerateArray().Any(r => r.GetString() == "admin"));
            Assert.Equal(5, rows.Count(u => u.GetProperty("roles").EnumerateArray().Any(r => r.GetString() == "referent")));
            Assert.Contains(rows, u => u.GetProperty("organisation").GetString() == "Communauté de communes du Val d'Ill");
            Assert.Contains(rows, u => u.GetProperty("organisation").GetString() == "Commune de Saint-Benoît-des-Hauts");

            var token = Run("token", "create", "--user", "admin@guichet.example", "--data", data);
            Assert.Equal(0, token.Code);
            Assert.Matches("^gui_[A-Za-z0-9_-]{43}$", token.Out.Trim());

            var unknown = Run("token", "create", "--user", "personne@nulle-part.example", "--data", data);
            Assert.Equal(2, unknown.Code);
            Assert.Contains("no user has the address", unknown.Err, StringComparison.Ordinal);

            // A contract's own policy: from a preset's text, validated, set, listed, then removed.
            var contracts = Run("contract", "list", "--json", "--data", data);
            Assert.Equal(0, contracts.Code);
            using var contractRows = JsonDocument.Parse(contracts.Out);
            var ls = contractRows.RootElement.EnumerateArray().First(c => c.GetProperty("preset").GetString() == "ls");
            Assert.False(ls.GetProperty("ownPolicy").GetBoolean());
            var id = ls.GetProperty("id").GetString()!;

            var shown = Run("sla", "show", "--preset", "ls");
            Assert.Equal(0, shown.Code);
            var policyFile = Path.Combine(data, "politique.json");
            File.WriteAllText(policyFile, shown.Out.Replace("\"business-hours:12\"", "\"business-hours:-1\"", StringComparison.Ordinal));
            var refused = Run("contract", "policy", "--contract", id, "--file", policyFile, "--data", data);
            Assert.Equal(2, refused.Code);
            Assert.Contains("clocks[0].targets.2", refused.Err, StringComparison.Ordinal);

            File.WriteAllText(policyFile, shown.Out.Replace("\"business-hours:12\"", "\"business-hours:6\"", StringComparison.Ordinal));
            var set = Run("contract", "policy", "--contract", id, "--file", policyFile, "--data", data);
            Assert.Equal(0, set.Code);
            Assert.Contains($"{id}\t", Run("contract", "list", "--data", data).Out.Split('\n').Single(l => l.StartsWith(id, StringComparison.Ordinal)), StringComparison.Ordinal);
            Assert.EndsWith("\toui", Run("contract", "list", "--data", data).Out.Split('\n').Single(l => l.StartsWith(id, StringComparison.Ordinal)).TrimEnd('\r'), StringComparison.Ordinal);

            Assert.Equal(0, Run("contract", "policy", "--contract", id, "--clear", "--data", data).Code);
            Assert.EndsWith("\tnon", Run("contract", "list", "--data", data).Out.Split('\n').Single(l => l.StartsWith(id, StringComparison.Ordinal)).TrimEnd('\r'), StringComparison.Ordinal);
            Assert.Equal(2, Run("contract", "policy", "--contract", id, "--data", data).Code);
            Assert.Equal(2, Run("contract", "policy", "--contract", Guid.NewGuid().ToString(), "--clear", "--data", data).Code);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public void The_real_executable_runs_and_reports_bad_input_with_exit_code_2()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "guichet.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing");

        var ok = Exec(dll, "calendar", "holidays", "--territory", "alsace-moselle", "--year", "2026");
        Assert.Equal(0, ok.Code);
        Assert.Contains("2026-12-26\tSaint-Étienne", ok.Out, StringComparison.Ordinal);

        var bad = Exec(dll, "calendar", "holidays", "--territory", "atlantide", "--year", "2026");
        Assert.Equal(2, bad.Code);
        Assert.StartsWith("guichet: unknown territory \"atlantide\"", bad.Err, StringComparison.Ordinal);
    }

    private static (int Code, string Out, string Err) Exec(string dll, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), "guichet did not exit within 60 s");
        return (process.ExitCode, output.Result, error.Result);
    }
}
