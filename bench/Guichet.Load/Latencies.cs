using System.Diagnostics;
using System.Globalization;

namespace Guichet.Load;

/// <summary>The outcome of one measured phase: every latency, errors, and the wall time it ran.</summary>
internal sealed class PhaseResult(string name, string target, double[] latenciesMs, long errors, string? firstError, TimeSpan duration)
{
    public string Name { get; } = name;

    /// <summary>What the phase is held to, for the table ("p95 < 50 ms", "≥ 50 % of raw"…).</summary>
    public string Target { get; } = target;

    public long Count => latenciesMs.Length;

    public long Errors { get; } = errors;

    public string? FirstError { get; } = firstError;

    public double PerSecond => Count / duration.TotalSeconds;

    /// <summary>Nearest-rank percentile, in milliseconds.</summary>
    public double Percentile(double q) =>
        latenciesMs.Length == 0 ? double.NaN : latenciesMs[Math.Clamp((int)Math.Ceiling(q * latenciesMs.Length) - 1, 0, latenciesMs.Length - 1)];

    public double Max => latenciesMs.Length == 0 ? double.NaN : latenciesMs[^1];

    public double Mean => latenciesMs.Length == 0 ? double.NaN : latenciesMs.Average();

    /// <summary>
    /// The server's CPU time (user + system, from /proc) per answer during the measured window, in milliseconds;
    /// NaN without <c>--server-pid</c>.
    /// </summary>
    public double ServerCpuMsPerRequest { get; set; } = double.NaN;

    public static PhaseResult From(string name, string target, IEnumerable<List<long>> ticks, long errors, string? firstError, TimeSpan duration)
    {
        var all = ticks.SelectMany(t => t).Select(t => t * 1000.0 / Stopwatch.Frequency).ToArray();
        Array.Sort(all);
        return new PhaseResult(name, target, all, errors, firstError, duration);
    }
}

/// <summary>Closed-loop load: N workers each send one request, wait for its answer, and send the next.</summary>
internal static class ClosedLoop
{
    /// <summary>
    /// Runs <paramref name="operation"/> on <paramref name="workers"/> concurrent loops, first for
    /// <paramref name="warmup"/> (not recorded), then for <paramref name="duration"/>.
    /// </summary>
    public static async Task<PhaseResult> RunAsync(
        string name,
        string target,
        int workers,
        TimeSpan warmup,
        TimeSpan duration,
        Func<int, Random, CancellationToken, Task<string?>> operation,
        CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var measureTo = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var latencies = new List<long>[workers];
        long errors = 0;
        string? firstError = null;
        var loops = Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var random = new Random(1000 + w);
            var mine = latencies[w] = new List<long>(4096);
            while (!ct.IsCancellationRequested)
            {
                var before = Stopwatch.GetTimestamp();
                if (before >= measureTo)
                {
                    break;
                }

                string? error;
                try
                {
                    error = await operation(w, random, ct);
                }
#pragma warning disable CA1031 // A failed request is counted and reported, not fatal to the run.
                catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    error = e.GetType().Name + ": " + e.Message;
                }

                var after = Stopwatch.GetTimestamp();
                if (before < measureFrom || after > measureTo)
                {
                    continue; // warm-up, or finished after the end of the window
                }

                if (error is null)
                {
                    mine.Add(after - before);
                }
                else
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, error, null);
                }
            }
        }, ct)).ToArray();
        await Task.WhenAll(loops);
        return PhaseResult.From(name, target, latencies, errors, firstError, duration);
    }
}

/// <summary>
/// Open-loop load: requests are sent at a fixed rate whether or not earlier ones have been answered, as independent
/// users do. Each latency is counted from the moment the request was due, not from when it was sent, so that a
/// slow server cannot hide its delay by holding the sender back (no "coordinated omission").
/// </summary>
internal static class OpenLoop
{
    /// <summary>Requests in flight beyond which the run stops sending and reports the server as saturated.</summary>
    public const int MaxInFlight = 2_000;

    public static async Task<PhaseResult> RunAsync(
        string name,
        string target,
        double perSecond,
        TimeSpan warmup,
        TimeSpan duration,
        Func<int, Random, CancellationToken, Task<string?>> operation,
        CancellationToken ct)
    {
        await Task.Yield(); // the caller starts timing the machine's CPU once this is under way
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var measureTo = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var interval = Stopwatch.Frequency / perSecond;
        var latencies = new List<long>(checked((int)(perSecond * duration.TotalSeconds) + 16));
        var gate = new object();
        long errors = 0;
        long inFlight = 0;
        string? firstError = null;
        var pending = new List<Task>();
        for (long i = 0; !ct.IsCancellationRequested; i++)
        {
            var due = start + (long)(i * interval);
            if (due >= measureTo)
            {
                break;
            }

            // Sleep (never spin: the load tool shares the machine) until the request is due; requests that fell
            // due during the sleep go at once, each timed from its own due moment.
            var wait = due - Stopwatch.GetTimestamp();
            if (wait > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), ct);
            }

            if (Interlocked.Read(ref inFlight) >= MaxInFlight)
            {
                Interlocked.Increment(ref errors);
                Interlocked.CompareExchange(ref firstError, $"more than {MaxInFlight} requests in flight: the server does not keep up with {perSecond}/s", null);
                continue;
            }

            var measured = due >= measureFrom;
            var index = (int)(i % 64);
            Interlocked.Increment(ref inFlight);
            pending.Add(Task.Run(async () =>
            {
                string? error;
                try
                {
                    error = await operation(index, Random.Shared, ct);
                }
#pragma warning disable CA1031 // A failed request is counted and reported, not fatal to the run.
                catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    error = e.GetType().Name + ": " + e.Message;
                }

                var after = Stopwatch.GetTimestamp();
                Interlocked.Decrement(ref inFlight);
                if (!measured)
                {
                    return;
                }

                if (error is null)
                {
                    lock (gate)
                    {
                        latencies.Add(after - due);
                    }
                }
                else
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, error, null);
                }
            }, ct));
            if (pending.Count > 4096)
            {
                pending.RemoveAll(t => t.IsCompleted);
            }
        }

        await Task.WhenAll(pending);
        return PhaseResult.From(name, target, [latencies], errors, firstError, duration);
    }
}

/// <summary>The results table printed on stdout (Markdown, so it pastes into docs/performance.md).</summary>
internal static class ResultTable
{
    /// <summary>The results as a Markdown table, headed by the commit measured and the date (UTC).</summary>
    public static string Format(IEnumerable<PhaseResult> results, string commit, DateTimeOffset date)
    {
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"commit {commit}, {date:yyyy-MM-dd HH:mm} UTC"),
            "",
            "| measure | requests | errors | per second | p50 ms | p95 ms | p99 ms | max ms | server CPU ms/request | target |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        };
        lines.AddRange(results.Select(r => string.Create(CultureInfo.InvariantCulture,
            $"| {r.Name} | {r.Count:N0} | {r.Errors:N0} | {r.PerSecond:N0} | {r.Percentile(0.50):F1} | {r.Percentile(0.95):F1} | {r.Percentile(0.99):F1} | {r.Max:F1} | {(double.IsNaN(r.ServerCpuMsPerRequest) ? "n/a" : r.ServerCpuMsPerRequest.ToString("F2", CultureInfo.InvariantCulture))} | {r.Target} |")));
        return string.Join(Environment.NewLine, lines);
    }
}
