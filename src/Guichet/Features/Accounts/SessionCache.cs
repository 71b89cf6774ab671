using System.Collections.Concurrent;
using System.Diagnostics;

namespace Guichet.Features.Accounts;

/// <summary>
/// The rows every authenticated request reads (the caller with what they serve, an API token with its user's
/// lockout), kept for at most <see cref="Lifetime"/> and only while this process has written nothing to the
/// database since they were read (<see cref="DataVersion"/>): a password change, a deactivation, a revoked token or
/// a changed contract is seen by the next request as before. Only a write by another process (a second server on
/// the same PostgreSQL database) may take up to <see cref="Lifetime"/> to be seen. Every decision (stamp,
/// deactivation, expiry, lockout) is still taken on each request from the row and the current time.
/// </summary>
internal sealed class SessionCache
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(2);

    // Beyond this many entries the cache starts again empty (entries are a few hundred bytes).
    private const int MaxEntries = 20_000;

    private readonly ConcurrentDictionary<Guid, Entry<Caller.Row>> _callers = new();
    private readonly ConcurrentDictionary<string, Entry<ApiTokens.Row>> _tokens = new(StringComparer.Ordinal);

    private readonly record struct Entry<T>(T Value, long Version, long ReadAt);

    /// <summary>The version to remember with a row: taken before reading it, so a write during the read invalidates it.</summary>
    public static long VersionBeforeRead() => DataVersion.Current;

    public bool TryGetCaller(Guid userId, out Caller.Row row) => TryGet(_callers, userId, out row);

    public void PutCaller(Guid userId, Caller.Row row, long version) => Put(_callers, userId, row, version);

    public bool TryGetToken(string hash, out ApiTokens.Row row) => TryGet(_tokens, hash, out row);

    public void PutToken(string hash, ApiTokens.Row row, long version) => Put(_tokens, hash, row, version);

    private static bool TryGet<TKey, T>(ConcurrentDictionary<TKey, Entry<T>> entries, TKey key, out T value)
        where TKey : notnull
    {
        if (entries.TryGetValue(key, out var entry) && entry.Version == DataVersion.Current && Stopwatch.GetElapsedTime(entry.ReadAt) < Lifetime)
        {
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    private static void Put<TKey, T>(ConcurrentDictionary<TKey, Entry<T>> entries, TKey key, T value, long version)
        where TKey : notnull
    {
        if (version != DataVersion.Current)
        {
            return;
        }

        if (entries.Count >= MaxEntries)
        {
            entries.Clear();
        }

        entries[key] = new Entry<T>(value, version, Stopwatch.GetTimestamp());
    }
}
