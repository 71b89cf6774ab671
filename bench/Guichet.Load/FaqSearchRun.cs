using System.CommandLine;
using System.Diagnostics;
using Guichet.Data;
using Guichet.Features.Faq;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Guichet.Load;

/// <summary>
/// FAQ search latency (issue 6): a fresh database with <c>--articles</c> invented French articles
/// (<see cref="FaqCorpus"/>), then full searches and typed-prefix suggestions as a client sees them (two products
/// of four, plus general articles), one at a time on one connection; prints p50, p95, p99 and max per kind.
/// </summary>
internal static class FaqSearchRun
{
    public static Command Create(Option<string> data, Option<string> postgres)
    {
        var articles = new Option<int>("--articles") { Description = "Articles in the corpus.", DefaultValueFactory = _ => 10_000 };
        var rounds = new Option<int>("--rounds") { Description = "Times each query is run.", DefaultValueFactory = _ => 20 };
        var command = new Command("faq-search", "FAQ search p95 on a fresh database of invented articles (replaces <data>/guichet.db, or fills an empty PostgreSQL database).")
        {
            data, postgres, articles, rounds,
        };
        command.SetAction(async (parse, ct) =>
        {
            var target = BenchTarget.Create(parse.GetValue(data), parse.GetValue(postgres));
            await RunAsync(target, parse.GetValue(articles), parse.GetValue(rounds), Console.Out, ct);
            return 0;
        });
        return command;
    }

    private static async Task RunAsync(BenchTarget target, int count, int rounds, TextWriter output, CancellationToken ct)
    {
        if (!target.IsPostgres)
        {
            Directory.CreateDirectory(target.DataDirectory);
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(target.SqlitePath + suffix);
            }
        }

        await using (var db = target.CreateContext())
        {
            await Database.MigrateAsync(db, ct);
            var now = SystemClock.Instance.GetCurrentInstant();
            var products = Enumerable.Range(1, 4).Select(i => new Product { Name = $"Produit {i}" }).ToList();
            var categories = Enumerable.Range(1, 6).Select(i => new FaqCategory { Name = $"Catégorie {i}" }).ToList();
            db.AddRange(products);
            db.AddRange(categories);
            await db.SaveChangesAsync(ct);
            var watch = Stopwatch.StartNew();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            foreach (var batch in FaqCorpus.Articles(count, [.. products.Select(p => (Guid?)p.Id), null], [.. categories.Select(c => c.Id)], now).Chunk(2_000))
            {
                db.AddRange(batch);
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }

            if (target.IsPostgres)
            {
                await db.Database.ExecuteSqlRawAsync("""VACUUM ANALYZE "FaqArticles";""", ct);
            }

            await output.WriteLineAsync($"{target.Describe}: {count:N0} articles written and indexed in {watch.Elapsed.TotalSeconds:F1} s");
        }

        // Searches on a connection set up as the application sets it up (PostgreSQL statements prepared automatically).
        await using var search = target.IsPostgres
            ? new PostgresGuichetDbContext(new DbContextOptionsBuilder<PostgresGuichetDbContext>().UseNpgsql(Database.WithAutoPrepare(target.Postgres!)).Options)
            : target.CreateContext();
        var visible = await search.Products.OrderBy(p => p.Name).Select(p => p.Id).Take(2).ToListAsync(ct);
        var typed = FaqCorpus.Queries.SelectMany(q => Enumerable.Range(3, q.Length - 2).Select(n => q[..n])).ToList();

        // Warm-up: the first queries open the connection and fill the caches.
        foreach (var q in FaqCorpus.Queries)
        {
            await FaqSearch.SearchAsync(search, visible, q, prefix: false, 20, ct: ct);
        }

        async Task MeasureAsync(string kind, IReadOnlyList<string> queries, bool prefix, int limit, int times)
        {
            var samples = new List<double>();
            var found = 0L;
            for (var r = 0; r < times; r++)
            {
                foreach (var q in queries)
                {
                    var watch = Stopwatch.StartNew();
                    var results = await FaqSearch.SearchAsync(search, visible, q, prefix, limit, ct: ct);
                    samples.Add(watch.Elapsed.TotalMilliseconds);
                    found += results.Count;
                }
            }

            samples.Sort();
            double P(double p) => samples[Math.Min(samples.Count - 1, (int)Math.Ceiling(p * samples.Count) - 1)];
            await output.WriteLineAsync($"{kind,-12} n={samples.Count,6}  p50={P(0.50):F2} ms  p95={P(0.95):F2} ms  p99={P(0.99):F2} ms  max={samples[^1]:F2} ms  (mean results {(double)found / samples.Count:F1})");
        }

        await MeasureAsync("search", FaqCorpus.Queries, prefix: false, 20, rounds);
        await MeasureAsync("suggestions", typed, prefix: true, 5, Math.Max(1, rounds / 4));
    }
}
