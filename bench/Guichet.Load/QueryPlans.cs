using System.Diagnostics;
using System.Globalization;
using Guichet.Data;
using Guichet.Features.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Guichet.Load;

/// <summary>
/// <c>explain</c>: the SQL of the list queries (the same LINQ as <c>TicketsApi.ListAsync</c>: a capped COUNT and a
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

        foreach (var (name, org) in new[] { ("largest", largest.Id), ("median", median.Id) })
        {
            var open = OrganisationOpen(db, org);
            await ShowAsync($"organisation list ({name}): total, counted up to {Limit:N0} (plan of its WHERE)", open.Take(Limit + 1), q => q.CountAsync(ct), ct);
            await ShowAsync($"organisation list ({name}): page", Page(open.OrderByDescending(t => t.UpdatedAt).ThenByDescending(t => t.Id)), q => q.ToListAsync(ct), ct);
        }

        var all = OpenTickets(db);
        var withDue = all.Where(t => t.NextDueAt != null);
        await ShowAsync($"urgency queue (admin): total, counted up to {Limit:N0} (plan of its WHERE)", all.Take(Limit + 1), q => q.CountAsync(ct), ct);
        await ShowAsync("urgency queue (admin): tickets with a due date, counted up to the page's end", withDue.Take(25), q => q.CountAsync(ct), ct);
        await ShowAsync("urgency queue (admin): page of tickets with a due date", Page(withDue.OrderBy(t => t.NextDueAt).ThenBy(t => t.Id)), q => q.ToListAsync(ct), ct);
        await ShowAsync("urgency queue (admin): then those without", Page(all.Where(t => t.NextDueAt == null).OrderBy(t => t.Id)), q => q.ToListAsync(ct), ct);

        // The forms TicketsApi used before commit a27a035, for the record: NOT ("IsClosed") matches no index on
        // SQLite, and a sort on "NextDueAt IS NULL" cannot be read from one.
        var before = db.Tickets.AsNoTracking().Where(t => !t.IsClosed);
        await ShowAsync("before a27a035: organisation list (largest), page", Page(db.Tickets.AsNoTracking().Where(t => t.OrganisationId == largest.Id && !t.IsClosed).OrderByDescending(t => t.UpdatedAt).ThenByDescending(t => t.Id)), q => q.ToListAsync(ct), ct);
        await ShowAsync("before a27a035: urgency queue, exact total (plan of its WHERE)", before, q => q.CountAsync(ct), ct);
        await ShowAsync("before a27a035: urgency queue, page", Page(before.OrderBy(t => t.NextDueAt == null).ThenBy(t => t.NextDueAt).ThenBy(t => t.Id)), q => q.ToListAsync(ct), ct);
    }

    private const int Limit = TicketsApi.CountLimit;

    /// <summary>As TicketsApi.ListAsync filters status=open: compared with a parameter, so that indexes apply.</summary>
    private static IQueryable<Ticket> OpenTickets(GuichetDbContext db)
    {
        var closed = false;
        return db.Tickets.AsNoTracking().Where(t => t.IsClosed == closed);
    }

    private static IQueryable<Ticket> OrganisationOpen(GuichetDbContext db, Guid org)
    {
        var closed = false;
        return db.Tickets.Where(t => t.OrganisationId == org).AsNoTracking().Where(t => t.IsClosed == closed);
    }

    private static IQueryable<object> Page(IOrderedQueryable<Ticket> ordered) =>
        ordered.Skip(0).Take(25).Select(t => new
        {
            t.Id,
            t.Subject,
            t.State,
            t.Priority,
            t.QueueId,
            t.ProductId,
            t.VersionId,
            t.IntegrationVersionId,
            t.OrganisationId,
            t.OwnerId,
            t.IsClosed,
            t.CreatedAt,
            t.UpdatedAt,
            t.NextDueAt,
            t.Version,
        });

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
