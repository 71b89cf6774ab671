namespace Guichet.Jobs;

/// <summary>
/// The one switch of the background jobs: they run unless <c>Jobs:Enabled</c> is false (the command line, which builds
/// the application without serving it, and the tests that run a job by hand).
/// </summary>
internal static class JobRegistration
{
    public static bool Enabled(IConfiguration configuration) => configuration.GetValue("Jobs:Enabled", true);

    /// <summary>Registers <typeparamref name="TJob"/> as a hosted service when jobs run in this process.</summary>
    public static IServiceCollection AddJob<TJob>(this IServiceCollection services, IConfiguration configuration)
        where TJob : class, IHostedService
    {
        if (Enabled(configuration))
        {
            services.AddHostedService<TJob>();
        }

        return services;
    }
}
