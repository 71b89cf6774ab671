using Microsoft.Extensions.Options;

namespace Guichet.Features.Mail.Inbound;

/// <summary>Registers inbound mail: the mailboxes' settings (checked at start-up), the filer, the reader and its job.</summary>
internal static class InboundServices
{
    public static IServiceCollection AddGuichetInbound(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InboundOptions>().Bind(configuration.GetSection(InboundOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<InboundOptions>, Validator>();
        services.AddScoped<InboundFiler>();
        services.AddScoped<MailboxReader>();
        services.AddScoped<Quarantine>();
        if (configuration.GetValue("Jobs:Enabled", true))
        {
            services.AddHostedService<MailboxReaderService>();
        }

        return services;
    }

    private sealed class Validator : IValidateOptions<InboundOptions>
    {
        public ValidateOptionsResult Validate(string? name, InboundOptions options)
        {
            var problems = options.Problems().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
