using Microsoft.Extensions.Caching.Memory;

namespace Guichet.Web;

/// <summary>
/// Rows that many pages read (the incident and crisis banners, the tickets with a remote-assistance consent, the
/// desk's tab totals), kept in the server's memory for <c>lifetime</c> and read again at once after a change made on
/// this server (<see cref="Changed"/>, or with <c>afterAnyWrite</c> any write this server makes, <see cref="DataVersion"/>:
/// for what depends on too many tables to name its changes); with several servers on one database, another server's
/// change shows within the lifetime.
/// </summary>
/// <typeparam name="T">What is kept per key.</typeparam>
internal sealed class KeptUntilChanged<T>(TimeSpan lifetime, bool afterAnyWrite = false)
    where T : class
{
    private long _generation;

    private long Generation => afterAnyWrite ? DataVersion.Current : Interlocked.Read(ref _generation);

    /// <summary>Said by every change on this server: what was kept before it is read again.</summary>
    public void Changed() => Interlocked.Increment(ref _generation);

    /// <summary>The value kept for <paramref name="key"/>, or <paramref name="read"/>'s, then kept.</summary>
    public async Task<T> GetAsync(IMemoryCache cache, object key, Func<Task<T>> read)
    {
        // The generation is taken before reading: a change during the read leaves this value under a stale entry.
        var entry = (this, key, Generation);
        if (cache.TryGetValue(entry, out T? kept) && kept is not null)
        {
            return kept;
        }

        var value = await read();
        cache.Set(entry, value, lifetime);
        return value;
    }
}
