using Guichet.Jobs;

namespace Guichet.Features.Mail.Inbound;

/// <summary>Registers inbound mail: the mailboxes' settings (checked at start-up), the filer, the reader and its job.</summary>
internal static class InboundServices
{
    public static IServiceCollection AddGuichetInbound(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedOptions<InboundOptions>(configuration.GetSection(InboundOptions.Section));
        services.AddScoped<InboundFiler>();
        services.AddScoped<MailboxReader>();
        services.AddScoped<Quarantine>();
        return services.AddJob<MailboxReaderService>(configuration);
    }
}
