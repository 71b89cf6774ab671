using Guichet.Jobs;

namespace Guichet.Features.Contracts;

/// <summary>The contracts feature's wiring: its alerts job (its endpoints are mapped by <see cref="ContractEndpoints.MapContracts"/>).</summary>
internal static class ContractsFeature
{
    public static IServiceCollection AddContracts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ContractAlerts>();
        return services.AddJob<ContractAlertsService>(configuration);
    }
}
