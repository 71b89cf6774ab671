namespace Guichet.Jobs;

/// <summary>
/// Runs a job every <see cref="Period"/> in its own scope, at start and then on each tick. A failed run is logged and
/// tried again at the next tick: the service keeps running. Jobs themselves are idempotent and safe with two
/// instances, so a run cut short or repeated changes nothing more.
/// </summary>
internal abstract partial class PeriodicJob(IServiceScopeFactory scopes, ILogger logger) : BackgroundService
{
    /// <summary>Time between two runs.</summary>
    protected abstract TimeSpan Period { get; }

    /// <summary>False to stay idle (the job is not configured).</summary>
    protected virtual bool Enabled => true;

    /// <summary>One run; returns how many things it did (logged when more than none).</summary>
    protected abstract Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }

        var name = GetType().Name;
        using var timer = new PeriodicTimer(Period);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var done = await RunOnceAsync(scope.ServiceProvider, stoppingToken);
                if (done > 0)
                {
                    LogDone(logger, name, done);
                }
            }
#pragma warning disable CA1031 // A failed run (database unavailable…) is logged and retried at the next tick; the service must keep running.
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                LogFailed(logger, name, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Job}: {Count} done.")]
    private static partial void LogDone(ILogger logger, string job, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Job} failed; tried again at the next tick.")]
    private static partial void LogFailed(ILogger logger, string job, Exception exception);
}
