using Microsoft.Extensions.Options;

namespace Guichet.Features.Mail;

/// <summary>Registers mail delivery: settings (checked at start-up), the outbox jobs (delivery, retention) and their timers.</summary>
internal static class MailServices
{
    public static IServiceCollection AddGuichetMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MailOptions>()
            .Bind(configuration.GetSection(MailOptions.Section))
            .Configure(o => o.PublicUrl = configuration[MailOptions.PublicUrlKey] ?? MailOptions.DefaultPublicUrl)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<MailOptions>, MailOptionsValidator>();
        services.AddSingleton<SmtpServerBackoff>();
        services.AddScoped<OutboxDelivery>();
        services.AddScoped<OutboxRetention>();
        services.AddHostedService<MailStartupCheck>();
        if (configuration.GetValue("Jobs:Enabled", true))
        {
            services.AddHostedService<OutboxDeliveryService>();
            services.AddHostedService<OutboxRetentionService>();
        }

        return services;
    }

    private sealed class MailOptionsValidator : IValidateOptions<MailOptions>
    {
        public ValidateOptionsResult Validate(string? name, MailOptions options)
        {
            var problems = options.Problems().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
