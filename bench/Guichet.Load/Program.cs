using System.CommandLine;
using System.Text;
using Guichet.Load;

// Load generator and HTTP load run for issue 4: see README.md in this folder.
Console.OutputEncoding = Encoding.UTF8;

var data = new Option<string>("--data") { Description = "Data directory: guichet.db (SQLite) and bench.json.", Required = true };
var postgres = new Option<string>("--postgres") { Description = "Npgsql connection string: use this PostgreSQL database instead of SQLite." };

var tickets = new Option<int>("--tickets") { Description = "Tickets to generate.", DefaultValueFactory = _ => 1_000_000 };
var organisations = new Option<int>("--organisations") { Description = "Client organisations.", DefaultValueFactory = _ => 200 };
var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 2026 };
var force = new Option<bool>("--force") { Description = "Replace an existing guichet.db in the data directory." };
var generate = new Command("generate", "Creates a fresh database filled with organisations, users and tickets with their events.")
{
    data, postgres, tickets, organisations, seed, force,
};
generate.SetAction(async (parse, ct) =>
{
    var target = BenchTarget.Create(parse.GetValue(data), parse.GetValue(postgres));
    Directory.CreateDirectory(target.DataDirectory);
    if (!target.IsPostgres && File.Exists(target.SqlitePath))
    {
        if (!parse.GetValue(force))
        {
            await Console.Error.WriteLineAsync($"{target.SqlitePath} exists: use --force to replace it.");
            return 2;
        }

        File.Delete(target.SqlitePath);
        File.Delete(target.SqlitePath + "-wal");
        File.Delete(target.SqlitePath + "-shm");
    }

    var bench = await new Generator(target, parse.GetValue(tickets), parse.GetValue(organisations), parse.GetValue(seed), Console.Out).RunAsync(ct);
    bench.Write(target.BenchFilePath);
    Console.WriteLine($"tokens and ids: {target.BenchFilePath}");
    return 0;
});

var url = new Option<string>("--url") { Description = "The running server, e.g. http://127.0.0.1:5090.", Required = true };
var clients = new Option<int>("--clients") { Description = "Concurrent closed-loop clients per phase.", DefaultValueFactory = _ => 50 };
var seconds = new Option<int>("--seconds") { Description = "Measured seconds per phase.", DefaultValueFactory = _ => 30 };
var warmup = new Option<int>("--warmup") { Description = "Warm-up seconds per phase (not measured).", DefaultValueFactory = _ => 5 };
var phases = new Option<string>("--phases") { Description = "Phases to run: a (organisation list), b (urgency queue), c (creation), d (raw inserts), e (list page), f (ticket page), g (desk page).", DefaultValueFactory = _ => "abcdefg" };
var keep = new Option<bool>("--keep") { Description = "Keep the tickets created by the run (removed by default)." };
var rate = new Option<double?>("--rate") { Description = "Open loop: send this many requests per second per phase instead of running closed loops (latency counted from each request's due time)." };
var serverPid = new Option<int?>("--server-pid") { Description = "The server's process id, to report its CPU use per phase (Linux)." };
var commit = new Option<string>("--commit") { Description = "The server's commit, printed with the date above the results table." };
var run = new Command("run", "HTTP load on a running server, then the raw insert rate of the same database.")
{
    url, data, postgres, clients, seconds, warmup, phases, keep, serverPid, rate, commit,
};
run.SetAction(async (parse, ct) =>
{
    var target = BenchTarget.Create(parse.GetValue(data), parse.GetValue(postgres));
    return await new LoadRun(target, new Uri(parse.GetRequiredValue(url)), parse.GetValue(clients), TimeSpan.FromSeconds(parse.GetValue(seconds)),
        TimeSpan.FromSeconds(parse.GetValue(warmup)), parse.GetValue(phases)!, parse.GetValue(keep), parse.GetValue(serverPid), Console.Out, parse.GetValue(rate), parse.GetValue(commit)).RunAsync(ct);
});

var iterations = new Option<int>("--iterations") { Description = "Timed runs of each query.", DefaultValueFactory = _ => 20 };
var explain = new Command("explain", "SQL, plan and single-connection time of the two list queries.") { data, postgres, iterations };
explain.SetAction(async (parse, ct) =>
{
    await new QueryPlans(BenchTarget.Create(parse.GetValue(data), parse.GetValue(postgres)), parse.GetValue(iterations), Console.Out).RunAsync(ct);
    return 0;
});

var root = new RootCommand("Guichet load benchmark (issue 4).") { generate, run, explain, FaqSearchRun.Create(data, postgres), MailRun.Create(data, postgres), PhoneRun.Create(data, postgres), ReportsRun.Create(data, postgres), ProbesRun.Create(data, postgres), ProductionReportRun.Create(data, postgres) };
return await root.Parse(args).InvokeAsync();
