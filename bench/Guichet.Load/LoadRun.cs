using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using Guichet.Data;
using Guichet.Features.Tickets;
using NodaTime;

namespace Guichet.Load;

/// <summary>
/// <c>run</c>: HTTP load on a running server, then, in the same run, the raw insert rate of the same database.
/// Phases, each with <c>clients</c> closed loops after a warm-up:
/// (a) an organisation's open tickets as a client user (a random organisation per request);
/// (b) the staff urgency queue as the admin;
/// (c) ticket creation through the API;
/// (d) the same rows (ticket + Created event, one transaction per ticket) inserted with ADO.NET, without the
/// application, by one writer and by <c>clients</c> concurrent writers;
/// (e) the client's ticket-list page, (f) a ticket's page for its client, (g) the desk queue page for the admin,
/// each signed in through the sign-in form (see <see cref="PageSessions"/>).
/// </summary>
internal sealed class LoadRun(BenchTarget target, Uri url, int clients, TimeSpan duration, TimeSpan warmup, string phases, bool keep, int? serverPid, TextWriter output, double? rate = null, string? commit = null)
{
    private const string ListPath = "/api/v1/tickets?scope=organisation&status=open";
    private const double LatencyTarget = 50;

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var bench = BenchFile.Read(target.BenchFilePath);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseCookies = false };
        using var http = new HttpClient(handler) { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
        try
        {
            using var probe = await http.GetAsync("/", ct);
            probe.EnsureSuccessStatusCode();
        }
        catch (HttpRequestException e)
        {
            await output.WriteLineAsync($"no server answers at {url}: {e.Message}");
            return 2;
        }

        var lastIdBefore = await ScalarAsync("SELECT COALESCE(MAX(\"Id\"), 0) FROM \"Tickets\"", ct);
        await output.WriteLineAsync(Describe(bench, lastIdBefore));

        var results = new List<PhaseResult>();
        PhaseResult? created = null;
        var rawResults = new List<PhaseResult>();
        try
        {
            if (phases.Contains('a', StringComparison.Ordinal))
            {
                results.Add(await PhaseAsync("(a) organisation's open tickets, client user", $"p95 < {LatencyTarget} ms", (w, r, c) =>
                    SendAsync(http, HttpMethod.Get, ListPath, bench.Clients[r.Next(bench.Clients.Count)].Token, null, HttpStatusCode.OK, c), ct));
            }

            if (phases.Contains('b', StringComparison.Ordinal))
            {
                results.Add(await PhaseAsync("(b) staff urgency queue, admin", $"p95 < {LatencyTarget} ms", (w, r, c) =>
                    SendAsync(http, HttpMethod.Get, ListPath, bench.AdminToken, null, HttpStatusCode.OK, c), ct));
            }

            if (phases.Contains('c', StringComparison.Ordinal))
            {
                created = await PhaseAsync("(c) ticket creation through the API", "≥ 50 % of raw", (w, r, c) =>
                {
                    var client = bench.Clients[r.Next(bench.Clients.Count)];
                    var product = client.Products[r.Next(client.Products.Count)];
                    var body = new TicketHandlers.CreateTicket(
                        product.ProductId,
                        bench.QueueIds[r.Next(2)],
                        product.VersionIds[r.Next(product.VersionIds.Count)],
                        null,
                        null,
                        $"Banc de charge : demande {w}-{r.Next():x8}",
                        "Bonjour,\n\nL'opération échoue avec un message d'erreur depuis ce matin.\n\nCordialement.");
                    return SendAsync(http, HttpMethod.Post, "/api/v1/tickets", client.Token, body, HttpStatusCode.Created, c);
                }, ct);
                results.Add(created);
            }

            if (phases.IndexOfAny(['e', 'f', 'g']) >= 0)
            {
                var sessions = await new PageSessions(target, url).OpenAsync(bench, ct);
                if (phases.Contains('e', StringComparison.Ordinal))
                {
                    results.Add(await PhaseAsync("(e) page: organisation's ticket list, client user", $"p95 < {LatencyTarget} ms", (w, r, c) =>
                        SendPageAsync(http, "/demandes", sessions.Clients[r.Next(sessions.Clients.Count)].Cookie, c), ct));
                }

                if (phases.Contains('f', StringComparison.Ordinal))
                {
                    results.Add(await PhaseAsync("(f) page: ticket detail, client user", $"p95 < {LatencyTarget} ms", (w, r, c) =>
                    {
                        var (cookie, tickets) = sessions.Clients[r.Next(sessions.Clients.Count)];
                        return SendPageAsync(http, $"/demandes/{tickets[r.Next(tickets.Count)]}", cookie, c);
                    }, ct));
                }

                if (phases.Contains('g', StringComparison.Ordinal))
                {
                    results.Add(await PhaseAsync("(g) page: desk queue by urgency, admin", $"p95 < {LatencyTarget} ms", (w, r, c) =>
                        SendPageAsync(http, "/bureau", sessions.Admin, c), ct));
                }
            }

            if (phases.Contains('d', StringComparison.Ordinal))
            {
                var raw = new RawInserts(target, bench);
                rawResults.Add(await RawPhaseAsync(raw, 1, ct));
                if (clients > 1)
                {
                    rawResults.Add(await RawPhaseAsync(raw, clients, ct));
                }

                results.AddRange(rawResults);
            }
        }
        finally
        {
            if (!keep)
            {
                var removed = await RemoveCreatedAsync(lastIdBefore, ct);
                await output.WriteLineAsync($"removed the {removed:N0} tickets created by this run (--keep leaves them)");
            }
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync(ResultTable.Format(results, commit ?? "unknown (--commit)", DateTimeOffset.UtcNow));
        await output.WriteLineAsync();
        foreach (var r in results.Where(r => r.FirstError is not null))
        {
            await output.WriteLineAsync($"{r.Name}: {r.Errors:N0} errors, first: {r.FirstError}");
        }

        var verdicts = new List<string>();
        foreach (var r in results.Where(r => r.Target.StartsWith("p95", StringComparison.Ordinal)))
        {
            verdicts.Add(Verdict(r.Name, r.Percentile(0.95) < LatencyTarget, string.Create(CultureInfo.InvariantCulture, $"p95 {r.Percentile(0.95):F1} ms")));
        }

        if (created is not null && rawResults.Count > 0)
        {
            var best = rawResults.MaxBy(r => r.PerSecond)!;
            var ratio = created.PerSecond / best.PerSecond;
            verdicts.Add(Verdict("creation vs raw", ratio >= 0.5, string.Create(CultureInfo.InvariantCulture,
                $"{created.PerSecond:N0}/s through the API = {ratio:P0} of the best raw rate ({best.PerSecond:N0}/s, {best.Name})")));
        }

        foreach (var v in verdicts)
        {
            await output.WriteLineAsync(v);
        }

        return results.Any(r => r.Errors > 0) ? 1 : 0;
    }

    private static string Verdict(string name, bool met, string detail) => $"{(met ? "MET   " : "MISSED")} {name}: {detail}";

    private Task<PhaseResult> PhaseAsync(string name, string targetText, Func<int, Random, CancellationToken, Task<string?>> operation, CancellationToken ct) =>
        rate is { } perSecond
            ? Announce(name, OpenLoop.RunAsync(name, targetText, perSecond, warmup, duration, operation, ct), string.Create(CultureInfo.InvariantCulture, $"open loop at {perSecond:N0}/s"))
            : Announce(name, ClosedLoop.RunAsync(name, targetText, clients, warmup, duration, operation, ct), clients);

    private Task<PhaseResult> Announce(string name, Task<PhaseResult> run, int loops) => Announce(name, run, $"{loops} loops");

    private async Task<PhaseResult> Announce(string name, Task<PhaseResult> run, string how)
    {
        await output.WriteLineAsync($"{DateTime.Now:HH:mm:ss} {name}: {how}, {warmup.TotalSeconds:F0} s warm-up + {duration.TotalSeconds:F0} s");
        await Task.Delay(warmup);
        var before = CpuSample.Take(serverPid);
        var result = await run;
        var after = CpuSample.Take(serverPid);
        var cpu = after.Since(before);

        // The server's CPU rate over the sampled interval divided by the answer rate: the sampled interval also
        // covers the last answers after the measured window, so a rate, not a total, is divided.
        result.ServerCpuMsPerRequest = after.ServerCoresSince(before) * 1000 / result.PerSecond;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"         {result.Count:N0} ok, {result.Errors:N0} errors, {result.PerSecond:N0}/s, p50 {result.Percentile(0.5):F1} ms, p95 {result.Percentile(0.95):F1} ms, p99 {result.Percentile(0.99):F1} ms, server CPU {result.ServerCpuMsPerRequest:F2} ms/request"));
        await output.WriteLineAsync($"         CPU while measured: {cpu}");
        return result;
    }

    private async Task<PhaseResult> RawPhaseAsync(RawInserts raw, int writers, CancellationToken ct)
    {
        var name = $"(d) raw insert, ADO.NET, {writers} writer{(writers > 1 ? "s" : "")}";
        var opened = new List<RawInserts.Writer>();
        try
        {
            for (var i = 0; i < writers; i++)
            {
                opened.Add(await raw.OpenWriterAsync(ct));
            }

            var result = await Announce(name, ClosedLoop.RunAsync(name, "reference", writers, warmup, duration, (w, r, c) => raw.InsertAsync(opened[w], r, c), ct), writers);

            // The server answers none of these inserts: its CPU per insert means nothing.
            result.ServerCpuMsPerRequest = double.NaN;
            return result;
        }
        finally
        {
            foreach (var writer in opened)
            {
                await writer.DisposeAsync();
            }
        }
    }

    private static async Task<string?> SendAsync(HttpClient http, HttpMethod method, string path, string token, object? body, HttpStatusCode expected, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        if (response.StatusCode == expected)
        {
            return null;
        }

        var text = await response.Content.ReadAsStringAsync(ct);
        return $"{(int)response.StatusCode} {text[..Math.Min(text.Length, 300)]}";
    }

    private static async Task<string?> SendPageAsync(HttpClient http, string path, string cookie, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        return response.StatusCode == HttpStatusCode.OK && response.RequestMessage?.RequestUri?.AbsolutePath == path
            ? null
            : $"{(int)response.StatusCode} at {response.RequestMessage?.RequestUri?.AbsolutePath}";
    }

    private async Task<long> ScalarAsync(string sql, CancellationToken ct)
    {
        await using var connection = target.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    private async Task<long> RemoveCreatedAsync(long lastIdBefore, CancellationToken ct)
    {
        await using var connection = target.CreateConnection();
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var p = command.CreateParameter();
        p.ParameterName = "@last";
        p.Value = lastIdBefore;
        command.Parameters.Add(p);
        command.CommandText = "DELETE FROM \"TicketEvents\" WHERE \"TicketId\" > @last;";
        await command.ExecuteNonQueryAsync(ct);
        command.CommandText = "DELETE FROM \"Tickets\" WHERE \"Id\" > @last;";
        var removed = await command.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        return removed;
    }

    private string Describe(BenchFile bench, long tickets) => string.Join(Environment.NewLine,
        $"server {url}, database {target.Describe}",
        $"{tickets:N0} tickets (generated: {bench.Tickets:N0} with {bench.Events:N0} events), {bench.Clients.Count} organisations",
        $"machine: {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {CpuModel()}",
        (rate is { } r ? string.Create(CultureInfo.InvariantCulture, $"load: open loop at {r:N0} requests/s per phase (latency from the due time)") : $"load: {clients} closed-loop clients per phase") + $", warm-up {warmup.TotalSeconds:F0} s, measured {duration.TotalSeconds:F0} s; load average now {LoadAverage()}",
        "");

    /// <summary>1, 5 and 15-minute load averages (Linux).</summary>
    private static string LoadAverage()
    {
        const string loadavg = "/proc/loadavg";
        return File.Exists(loadavg) ? string.Join(' ', File.ReadAllText(loadavg).Split(' ').Take(3)) : "n/a";
    }

    private static string CpuModel()
    {
        const string cpuinfo = "/proc/cpuinfo";
        var line = File.Exists(cpuinfo) ? File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
        return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }
}

/// <summary>
/// The rows the API's ticket creation writes — one ticket with its summary columns and its Created event, in one
/// transaction — inserted with ADO.NET on the application's connection string, without the application.
/// The summary columns come from <see cref="TicketClocks.Refresh"/>, computed once per organisation beforehand.
/// </summary>
internal sealed class RawInserts
{
    private readonly BenchTarget _target;
    private readonly List<(Ticket Template, BenchClient Client)> _templates;
    private readonly int _createdAt = Array.IndexOf(TicketRows.TicketColumns, "CreatedAt");
    private readonly int _updatedAt = Array.IndexOf(TicketRows.TicketColumns, "UpdatedAt");
    private readonly int _stateChangedAt = Array.IndexOf(TicketRows.TicketColumns, "StateChangedAt");

    public RawInserts(BenchTarget target, BenchFile bench)
    {
        _target = target;
        var now = SystemClock.Instance.GetCurrentInstant();
        _templates = [.. bench.Clients.Select(client =>
        {
            var preset = TicketClocks.Preset(client.PresetId);
            var product = client.Products[0];
            var ticket = new Ticket
            {
                OrganisationId = client.OrganisationId,
                ContractId = client.ContractId,
                QueueId = bench.QueueIds[0],
                ProductId = product.ProductId,
                VersionId = product.VersionIds[0],
                ServiceType = preset.ServiceTypes[0].Id,
                ClientPriority = preset.DefaultPriority,
                Priority = preset.DefaultPriority,
                Subject = "Banc de charge : insertion directe",
                Body = "Bonjour,\n\nL'opération échoue avec un message d'erreur depuis ce matin.\n\nCordialement.",
                AuthorId = client.UserId,
                State = preset.Policy.Workflow.Initial.Id,
                CreatedAt = now,
                UpdatedAt = now,
                StateChangedAt = now,
            };
            List<TicketTraceEntry> events = [new() { At = now, Kind = EventKind.Created, AuthorId = client.UserId, Visibility = Visibility.Public }];
            TicketClocks.Refresh(ticket, events, preset, client.Territory, now);
            return (ticket, client);
        })];
    }

    /// <summary>One writer: a connection and its two prepared INSERTs.</summary>
    public sealed class Writer(DbConnection connection, DbCommand ticket, DbCommand created) : IAsyncDisposable
    {
        public DbConnection Connection { get; } = connection;

        public DbCommand Ticket { get; } = ticket;

        public DbCommand Created { get; } = created;

        public async ValueTask DisposeAsync()
        {
            await Ticket.DisposeAsync();
            await Created.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }

    public async Task<Writer> OpenWriterAsync(CancellationToken ct)
    {
        var connection = _target.CreateConnection();
        await connection.OpenAsync(ct);
        var ticket = TicketRows.Command(connection, TicketRows.Insert("Tickets", TicketRows.TicketColumns, returning: true), TicketRows.TicketColumns.Length);
        var created = TicketRows.Command(connection, TicketRows.Insert("TicketEvents", TicketRows.EventColumns, returning: true), TicketRows.EventColumns.Length);
        return new Writer(connection, ticket, created);
    }

    public async Task<string?> InsertAsync(Writer writer, Random random, CancellationToken ct)
    {
        var (template, client) = _templates[random.Next(_templates.Count)];
        var now = SystemClock.Instance.GetCurrentInstant();
        var values = TicketRows.TicketValues(_target, template);
        values[_createdAt] = values[_updatedAt] = values[_stateChangedAt] = now.ToDateTimeUtc();
        var created = new TicketTraceEntry { At = now, Kind = EventKind.Created, AuthorId = client.UserId, Visibility = Visibility.Public };

        await using var transaction = await writer.Connection.BeginTransactionAsync(ct);
        writer.Ticket.Transaction = transaction;
        TicketRows.Bind(writer.Ticket, values);
        var id = Convert.ToInt64(await writer.Ticket.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        writer.Created.Transaction = transaction;
        TicketRows.Bind(writer.Created, TicketRows.EventValues(_target, id, created));
        await writer.Created.ExecuteScalarAsync(ct);
        await transaction.CommitAsync(ct);
        return null;
    }
}

/// <summary>
/// Busy CPU time of the whole machine, the server (with <c>--server-pid</c>) and this process, from /proc (Linux):
/// shows whether something else ran during a phase, and the server's CPU per request.
/// </summary>
internal readonly record struct CpuSample(long At, double Machine, double Server, double Self)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public static CpuSample Take(int? serverPid)
    {
        var machine = 0.0;
        if (File.Exists("/proc/stat"))
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);

            // user nice system idle iowait irq softirq steal: busy = all but idle and iowait.
            var values = fields.Skip(1).Take(8).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            machine = (values.Sum() - values[3] - values[4]) / TicksPerSecond;
        }

        return new CpuSample(System.Diagnostics.Stopwatch.GetTimestamp(), machine, serverPid is { } pid ? ProcessSeconds(pid) : double.NaN, ProcessSeconds(Environment.ProcessId));
    }

    private static double ProcessSeconds(int pid)
    {
        var path = $"/proc/{pid}/stat";
        if (!File.Exists(path))
        {
            return double.NaN;
        }

        // Fields after the command name (which may contain spaces): utime and stime are the 12th and 13th.
        var text = File.ReadAllText(path);
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    /// <summary>Cores the server kept busy on average since <paramref name="earlier"/> (NaN without a server pid).</summary>
    public double ServerCoresSince(CpuSample earlier) =>
        (Server - earlier.Server) / System.Diagnostics.Stopwatch.GetElapsedTime(earlier.At, At).TotalSeconds;

    /// <summary>Percentages of one core over the interval since <paramref name="earlier"/>.</summary>
    public string Since(CpuSample earlier)
    {
        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(earlier.At, At).TotalSeconds;
        var machine = (Machine - earlier.Machine) / seconds * 100;
        var server = (Server - earlier.Server) / seconds * 100;
        var self = (Self - earlier.Self) / seconds * 100;
        var others = machine - self - (double.IsNaN(server) ? 0 : server);
        return double.IsNaN(server)
            ? string.Create(CultureInfo.InvariantCulture, $"machine {machine:F0} % of one core, load tool {self:F0} %, rest {others:F0} %")
            : string.Create(CultureInfo.InvariantCulture, $"machine {machine:F0} % of one core, server {server:F0} %, load tool {self:F0} %, others {others:F0} %");
    }
}
