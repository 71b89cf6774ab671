using System.Collections.Concurrent;

namespace Guichet.Data;

/// <summary>
/// A query of the hot paths compiled once with <c>EF.CompileAsyncQuery</c> (no expression tree built, walked and
/// looked up in EF Core's cache on each call), once per database provider: a compiled query keeps the provider it
/// first ran with, and a process may hold both (the test suites run SQLite and PostgreSQL side by side).
/// </summary>
/// <typeparam name="TQuery">The compiled delegate.</typeparam>
internal sealed class CompiledQuery<TQuery>(Func<TQuery> compile)
    where TQuery : class
{
    private readonly ConcurrentDictionary<Type, TQuery> _byProvider = new();

    /// <summary>The query compiled for the provider <paramref name="db"/> runs on.</summary>
    public TQuery For(GuichetDbContext db)
    {
        var provider = db.Database.GetDbConnection().GetType();
        return _byProvider.TryGetValue(provider, out var query) ? query : _byProvider.GetOrAdd(provider, _ => compile());
    }
}
