using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using Guichet.Data;
using Guichet.Features.Accounts;
using Guichet.Features.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Guichet.Load;

/// <summary>
/// <c>explain</c>: the SQL of the list queries (the application's own query, <c>TicketList</c>: a capped COUNT and a
/// page of 25; for the urgency queue, the two index-ordered parts), the database's plan for each, and their time on
/// one connection without HTTP — to tell the database's share of a request from the rest.
/// </summary>
internal sealed class QueryPlans(BenchTarget target, int iterations, TextWriter output)
{
    public async Task RunAsync(CancellationToken ct)
    {
        await using var db = target.CreateContext();
        await db.Database.OpenConnectionAsync(ct);

        // The organisation with the most tickets, and a median one.
        var sizes = await db.Tickets.AsNoTracking().Where(t => !t.IsClosed)
            .GroupBy(t => t.OrganisationId).Select(g => new { Id = g.Key, Open = g.Count() })
            .OrderByDescending(g => g.Open).ToListAsync(ct);
        var largest = sizes[0];
        var median = sizes[sizes.Count / 2];
        await output.WriteLineAsync($"open tickets: {sizes.Sum(s => s.Open):N0}; largest organisation {largest.Open:N0}, median {median.Open:N0}");

        // The application's own list query (TicketList), as a referent of each organisation and as an administrator
        // see it through the API: the plans below are those of the SQL the server runs.
        foreach (var (name, org) in new[] { ("largest", largest.Id), ("median", median.Id) })
        {
            var open = await ListAsync(db, await db.Users.Where(u => u.OrganisationId == org).Select(u => u.Id).FirstAsync(ct), "updated", ct);
            await ShowAsync($"organisation list ({name}): total, counted up to {Limit:N0} (plan of its WHERE)", open.Counted, q => q.CountAsync(ct), ct);
            await ShowAsync($"organisation list ({name}): page", TicketList.Rows(open.Ordered, 0, 25), q => q.ToListAsync(ct), ct);
        }

        var admin = await db.Users.Where(u => u.Kind == UserKind.Staff && (u.Roles & StaffRoles.Admin) != 0).Select(u => u.Id).FirstAsync(ct);
        var all = await ListAsync(db, admin, "urgency", ct);
        await ShowAsync($"urgency queue (admin): total, counted up to {Limit:N0} (plan of its WHERE)", all.Counted, q => q.CountAsync(ct), ct);
        await ShowAsync("urgency queue (admin): tickets with a due date, counted up to the page's end", all.Filtered.Where(t => t.NextDueAt != null).Take(25), q => q.CountAsync(ct), ct);
        await ShowAsync("urgency queue (admin): page of tickets with a due date", TicketList.Rows(all.WithDue, 0, 25), q => q.ToListAsync(ct), ct);
        await ShowAsync("urgency queue (admin): then those without", TicketList.Rows(all.WithoutDue, 0, 25), q => q.ToListAsync(ct), ct);

        // The forms the list query used before commit a27a035, for the record: NOT ("IsClosed") matches no index on
        // SQLite, and a sort on "NextDueAt IS NULL" cannot be read from one.
        var before = db.Tickets.AsNoTracking().Where(t => !t.IsClosed);
        await ShowAsync("before a27a035: organisation list (largest), page", TicketList.Rows(db.Tickets.AsNoTracking().Where(t => t.OrganisationId == largest.Id && !t.IsClosed).OrderByDescending(t => t.UpdatedAt).ThenByDescending(t => t.Id), 0, 25), q => q.ToListAsync(ct), ct);
        await ShowAsync("before a27a035: urgency queue, exact total (plan of its WHERE)", before, q => q.CountAsync(ct), ct);
        await ShowAsync("before a27a035: urgency queue, page", TicketList.Rows(before.OrderBy(t => t.NextDueAt == null).ThenBy(t => t.NextDueAt).ThenBy(t => t.Id), 0, 25), q => q.ToListAsync(ct), ct);
    }

    private const int Limit = TicketList.CountLimit;

    /// <summary>The list query as the user <paramref name="userId"/> runs it (open tickets, their organisation's scope).</summary>
    private static async Task<TicketList.ListQuery> ListAsync(GuichetDbContext db, Guid userId, string sort, CancellationToken ct)
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId.ToString())], "bench"));
        var caller = await Caller.LoadAsync(db, principal, ct) ?? throw new InvalidOperationException($"User {userId} cannot sign in.");
        return TicketList.Prepare(caller, db, new TicketList.ListFilter(Status: "open", Sort: sort)).Value;
    }

    private async Task ShowAsync<TQuery, TResult>(string name, TQuery query, Func<TQuery, Task<TResult>> run, CancellationToken ct)
        where TQuery : IQueryable
    {
        var sql = query.ToQueryString();
        await output.WriteLineAsync($"== {name}");
        await output.WriteLineAsync(sql);
        await output.WriteLineAsync("-- plan:");
        await using (var command = target.CreateConnection())
        {
            await command.OpenAsync(ct);
            await using var explain = command.CreateCommand();
            explain.CommandText = (target.IsPostgres ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + StripParameters(sql);
            await using var reader = await explain.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                await output.WriteLineAsync("   " + reader.GetValue(reader.FieldCount - 1));
            }
        }

        await run(query);
        var times = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await run(query);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(times);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"-- one connection, {iterations} runs: median {times[iterations / 2]:F2} ms, max {times[^1]:F2} ms"));
        await output.WriteLineAsync();
    }

    /// <summary>ToQueryString declares parameters first (".param set" lines on SQLite, "-- @p=" on PostgreSQL); inline them.</summary>
    private static string StripParameters(string sql)
    {
        var lines = sql.Split('\n');
        var body = new List<string>();
        var values = new Dictionary<string, string>();
        foreach (var line in lines)
        {
            var trimmed = line.TrimEnd('\r');
            if (trimmed.StartsWith(".param set ", StringComparison.Ordinal))
            {
                var parts = trimmed[".param set ".Length..].Split(' ', 2);
                values[parts[0]] = parts[1];
            }
            else if (trimmed.StartsWith("-- @", StringComparison.Ordinal))
            {
                var parts = trimmed[3..].Split('=', 2);
                values[parts[0]] = parts[1].Split(" (", 2)[0].Trim();
            }
            else
            {
                body.Add(trimmed);
            }
        }

        var text = string.Join('\n', body);
        foreach (var (name, value) in values.OrderByDescending(v => v.Key.Length))
        {
            text = text.Replace(name, value, StringComparison.Ordinal);
        }

        return text;
    }
}
