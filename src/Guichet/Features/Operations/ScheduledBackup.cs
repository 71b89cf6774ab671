using Guichet.Jobs;

namespace Guichet.Features.Operations;

/// <summary>The daily backup (<c>Guichet:Backup</c>): off unless a directory is given.</summary>
internal sealed class BackupOptions
{
    /// <summary>Where the daily archives go (ideally another disk, copied off the machine); empty: no scheduled backup.</summary>
    public string? Directory { get; set; }

    /// <summary>Local hour (server time zone) from which the day's archive is made.</summary>
    public int Hour { get; set; } = 2;

    public int KeepDaily { get; set; } = 7;

    public int KeepWeekly { get; set; } = 4;

    public int KeepMonthly { get; set; } = 3;
}

/// <summary>
/// Makes the day's archive once the hour has come, if it is not there yet, then prunes the old ones. Recomputed from
/// the directory's content on each run: running twice, or on two instances, makes one archive a day (each instance
/// writes to a temporary name and renames).
/// </summary>
internal sealed class ScheduledBackup(Installation installation, Microsoft.Extensions.Options.IOptions<BackupOptions> options, IClock clock, DateTimeZone zone)
{
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.Directory))
        {
            return 0;
        }

        System.IO.Directory.CreateDirectory(settings.Directory);
        var now = clock.GetCurrentInstant();
        var local = now.InZone(zone).LocalDateTime;
        var done = 0;
        var archive = Path.Combine(settings.Directory, BackupRetention.FileName(local.Date));
        if (local.Hour >= settings.Hour && !File.Exists(archive))
        {
            await BackupArchive.CreateAsync(installation, archive, now, ct);
            done++;
        }

        return done + BackupRetention.Prune(settings.Directory, settings.KeepDaily, settings.KeepWeekly, settings.KeepMonthly).Count;
    }
}

/// <summary>Runs <see cref="ScheduledBackup"/> every 10 minutes when <c>Guichet:Backup:Directory</c> is set.</summary>
internal sealed class ScheduledBackupService(IServiceScopeFactory scopes, Microsoft.Extensions.Options.IOptions<BackupOptions> options, ILogger<ScheduledBackupService> logger) : PeriodicJob(scopes, logger)
{
    protected override TimeSpan Period => TimeSpan.FromMinutes(10);

    protected override bool Enabled => !string.IsNullOrWhiteSpace(options.Value.Directory);

    protected override Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<ScheduledBackup>().RunOnceAsync(ct);
}

/// <summary>Wiring of backups: the installation's paths, the options and the daily job.</summary>
internal static class OperationsServices
{
    public static IServiceCollection AddOperations(this IServiceCollection services, IConfiguration configuration, Installation installation)
    {
        services.AddSingleton(installation);
        services.Configure<BackupOptions>(configuration.GetSection("Guichet:Backup"));
        services.AddScoped(sp => new ScheduledBackup(
            installation,
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<BackupOptions>>(),
            sp.GetRequiredService<IClock>(),
            DateTimeZoneProviders.Tzdb.GetSystemDefault()));
        return services.AddJob<ScheduledBackupService>(configuration);
    }
}
