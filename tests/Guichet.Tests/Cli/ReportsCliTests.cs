using Guichet.Cli;
using Guichet.Data;
using Guichet.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace Guichet.Tests.Cli;

/// <summary>
/// <c>guichet reports rebuild</c> on the demo data: the outcomes the seed wrote are what the traces give; a row changed
/// by hand is reported (count and example, exit code 3 with <c>--check</c>, nothing written) and put back by a rebuild;
/// <c>guichet contract reapply</c> needs a reason.
/// </summary>
public class ReportsCliTests
{
    private static readonly FakeClock Clock = new(Instant.FromUtc(2026, 4, 14, 8, 0));

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = GuichetCli.Run(args, stdout, stderr, Clock);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static async Task<T> WithDbAsync<T>(string data, Func<GuichetDbContext, Task<T>> action)
    {
        await using var app = GuichetWeb.Build([$"--{GuichetWeb.DataDirectoryKey}={data}", "--Jobs:Enabled=false", "--Logging:LogLevel:Default=Warning"]);
        await using var scope = app.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<GuichetDbContext>());
    }

    [Fact]
    public async Task Rebuild_finds_no_difference_on_the_demo_then_reports_and_repairs_a_changed_row()
    {
        var data = Path.Combine(Path.GetTempPath(), "guichet-reports-" + Guid.NewGuid().ToString("N"));
        try
        {
            Assert.Equal(0, Run("demo", "--data", data).Code);
            var rows = await WithDbAsync(data, db => db.ClockOutcomes.CountAsync());
            Assert.True(rows > 100, $"{rows} outcome rows after the demo seed");

            var clean = Run("reports", "rebuild", "--check", "--data", data);
            Assert.True(clean.Code == 0, clean.Out + clean.Err);
            Assert.Contains("Aucune différence", clean.Out, StringComparison.Ordinal);

            var (ticket, clock, result) = await WithDbAsync(data, async db =>
            {
                var row = await db.ClockOutcomes.OrderBy(o => o.TicketId).FirstAsync(o => o.Result == "met");
                await db.ClockOutcomes.Where(o => o.TicketId == row.TicketId && o.ClockId == row.ClockId).ExecuteUpdateAsync(s => s.SetProperty(o => o.Result, "breached"));
                return (row.TicketId, row.ClockId, row.Result);
            });

            var found = Run("reports", "rebuild", "--check", "--data", data);
            Assert.Equal(ReportCommands.DifferencesFound, found.Code);
            Assert.Contains("1 différence(s) : 0 absent(s), 1 différent(s), 0 en trop (rien n'est écrit)", found.Out, StringComparison.Ordinal);
            Assert.Contains($"T{ticket:000000}\t{clock}\trésultat breached / met", found.Out, StringComparison.Ordinal);

            var repaired = Run("reports", "rebuild", "--data", data);
            Assert.Equal(0, repaired.Code);
            Assert.Contains("corrigées", repaired.Out, StringComparison.Ordinal);
            Assert.Equal(result, await WithDbAsync(data, db => db.ClockOutcomes.Where(o => o.TicketId == ticket && o.ClockId == clock).Select(o => o.Result).SingleAsync()));
            Assert.Equal(0, Run("reports", "rebuild", "--check", "--data", data).Code);

            var contract = await WithDbAsync(data, db => db.Contracts.Select(c => c.Id).FirstAsync());
            var noReason = Run("contract", "reapply", "--contract", contract.ToString(), "--reason", " ", "--data", data);
            Assert.Equal(2, noReason.Code);
            Assert.Contains("--reason", noReason.Err, StringComparison.Ordinal);
            var nothing = Run("contract", "reapply", "--contract", contract.ToString(), "--reason", "Avenant", "--data", data);
            Assert.Equal(0, nothing.Code);
            Assert.Contains("Version 1 appliquée à 0 ticket(s) ouvert(s).", nothing.Out, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }
}
