using Guichet.Cli;
using Guichet.Data;
using Guichet.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace Guichet.Tests.Cli;

/// <summary>
/// <c>guichet contract policy</c> goes through the admin contract page's use case: a policy the contract's tickets do
/// not fit is refused, and a new policy rewrites the open tickets' stored due dates.
/// </summary>
public class ContractPolicyCliTests
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
    public async Task A_policy_refreshes_stored_due_dates_and_one_the_tickets_do_not_fit_is_refused()
    {
        var data = Path.Combine(Path.GetTempPath(), "guichet-policy-" + Guid.NewGuid().ToString("N"));
        try
        {
            Assert.Equal(0, Run("demo", "--data", data).Code);

            // The "ls" contract with the most open tickets that have a due date; their stored due dates are made stale.
            var (contractId, before) = await WithDbAsync(data, async db =>
            {
                var open = await (from t in db.Tickets
                                  join c in db.Contracts on t.ContractId equals c.Id
                                  where c.PresetId == "ls" && !t.IsClosed && t.NextDueAt != null
                                  select new { t.Id, t.ContractId, t.NextDueAt }).ToListAsync();
                var contract = open.GroupBy(t => t.ContractId).OrderByDescending(g => g.Count()).First().Key;
                var due = open.Where(t => t.ContractId == contract).ToDictionary(t => t.Id, t => t.NextDueAt!.Value);
                await db.Tickets.Where(t => due.Keys.Contains(t.Id)).ExecuteUpdateAsync(s => s.SetProperty(t => t.NextDueAt, Instant.FromUtc(2000, 1, 1, 0, 0)));
                return (contract, due);
            });
            Assert.NotEmpty(before);

            var policyFile = Path.Combine(data, "politique.json");

            // Another preset's rules do not know the priorities these tickets use: refused, nothing changes.
            var mn = Run("sla", "show", "--preset", "mn");
            File.WriteAllText(policyFile, mn.Out);
            var refused = Run("contract", "policy", "--contract", contractId.ToString(), "--file", policyFile, "--data", data);
            Assert.Equal(2, refused.Code);
            Assert.Contains("ne connaît pas", refused.Err, StringComparison.Ordinal);
            Assert.Null(await WithDbAsync(data, db => db.Contracts.Where(c => c.Id == contractId).Select(c => c.Policy).SingleAsync()));

            // The preset's own rules as the contract's policy: accepted, and the stale due dates are computed again.
            var ls = Run("sla", "show", "--preset", "ls");
            File.WriteAllText(policyFile, ls.Out);
            var set = Run("contract", "policy", "--contract", contractId.ToString(), "--file", policyFile, "--data", data);
            Assert.Equal(0, set.Code);
            var after = await WithDbAsync(data, db => db.Tickets.Where(t => before.Keys.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.NextDueAt));
            Assert.All(before, b =>
            {
                var refreshed = after[b.Key];
                Assert.NotNull(refreshed);
                Assert.True((refreshed.Value - b.Value).TotalMinutes is > -5 and < 5, $"ticket {b.Key}: {refreshed} instead of about {b.Value}");
            });
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }
}
