namespace Guichet.Features.Probes;

/// <summary>The probes feature's wiring (docs/probes.md): the figures service, the runner and the retention job, the API.</summary>
internal static class ProbesFeature
{
    public static IServiceCollection AddProbes(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ProbeFigures>();
        return services;
    }
}
