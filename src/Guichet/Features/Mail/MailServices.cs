using Guichet.Jobs;

namespace Guichet.Features.Mail;

/// <summary>Registers mail delivery: settings (checked at start-up), the outbox jobs (delivery, retention) and their timers.</summary>
internal static class MailServices
{
    public static IServiceCollection AddGuichetMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedOptions<MailOptions>(configuration.GetSection(MailOptions.Section))
            .Configure(o => o.PublicUrl = configuration[MailOptions.PublicUrlKey] ?? MailOptions.DefaultPublicUrl);
        services.AddSingleton<SmtpServerBackoff>();
        services.AddScoped<OutboxDelivery>();
        services.AddScoped<OutboxRetention>();
        services.AddHostedService<MailStartupCheck>();
        return services.AddJob<OutboxDeliveryService>(configuration).AddJob<OutboxRetentionService>(configuration);
    }
}
