using Guichet.Features.Mail;
using Guichet.Jobs;

namespace Guichet.Features.Notifications;

/// <summary>Registers ticket notifications: the dispatcher, digest and clock alert jobs, the signing key.</summary>
internal static class NotificationServices
{
    public static IServiceCollection AddGuichetNotifications(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        services.AddSingleton(_ => MailSigning.Create(configuration, dataDirectory));
        services.AddScoped<NotificationDispatcher>();
        services.AddScoped<DigestDelivery>();
        services.AddScoped<NotificationTemplates>();
        services.AddScoped<ClockAlerts>();
        return services
            .AddJob<NotificationDispatchService>(configuration)
            .AddJob<DigestDeliveryService>(configuration)
            .AddJob<ClockAlertService>(configuration);
    }
}

/// <summary>Runs <see cref="NotificationDispatcher"/> every few seconds (<c>Jobs:NotificationSeconds</c>, 5 by default).</summary>
internal sealed class NotificationDispatchService(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<NotificationDispatchService> logger) : Jobs.PeriodicJob(scopes, logger)
{
    protected override TimeSpan Period => TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Jobs:NotificationSeconds", 5)));

    protected override Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<NotificationDispatcher>().RunOnceAsync(ct);
}

/// <summary>Runs <see cref="DigestDelivery"/> every five minutes.</summary>
internal sealed class DigestDeliveryService(IServiceScopeFactory scopes, ILogger<DigestDeliveryService> logger) : Jobs.PeriodicJob(scopes, logger)
{
    protected override TimeSpan Period => TimeSpan.FromMinutes(5);

    protected override Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<DigestDelivery>().RunOnceAsync(ct);
}
