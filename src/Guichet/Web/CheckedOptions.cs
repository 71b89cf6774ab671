namespace Guichet.Web;

/// <summary>Settings that say what is wrong with them, checked once at start-up: the server refuses to start on any problem.</summary>
internal interface ICheckedOptions
{
    /// <summary>What is wrong with these settings (nothing when the server may start).</summary>
    IEnumerable<string> Problems();
}

internal static class CheckedOptions
{
    /// <summary>Binds <typeparamref name="T"/> to <paramref name="section"/> and checks its <see cref="ICheckedOptions.Problems"/> at start-up.</summary>
    public static OptionsBuilder<T> AddCheckedOptions<T>(this IServiceCollection services, IConfigurationSection section)
        where T : class, ICheckedOptions
    {
        services.AddSingleton<IValidateOptions<T>, Validator<T>>();
        return services.AddOptions<T>().Bind(section).ValidateOnStart();
    }

    private sealed class Validator<T> : IValidateOptions<T>
        where T : class, ICheckedOptions
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var problems = options.Problems().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
