using NodaTime;

namespace Guichet.Features.Mail;

/// <summary>
/// What this process knows of the SMTP server: after a failed connection (or a connection lost in the middle of a
/// message), no delivery run connects again before a delay growing with each consecutive failure, 1, 5, then 15
/// minutes. One successful connection starts over. Kept in memory: a restarted process tries at once, and two
/// instances each keep their own (at worst two connection attempts per delay).
/// </summary>
internal sealed class SmtpServerBackoff
{
    private static readonly Duration[] Delays = [Duration.FromMinutes(1), Duration.FromMinutes(5), Duration.FromMinutes(15)];

    private readonly Lock _lock = new();
    private int _failures;
    private Instant _retryAt = Instant.MinValue;

    /// <summary>The wait after the <paramref name="failures"/>-th consecutive failure: 1, 5, then 15 minutes.</summary>
    /// <remarks>
    /// Capped at 15 minutes rather than more: one connection attempt a quarter of an hour costs a down server
    /// nothing, and a longer wait would let the reset mails written meanwhile (valid one hour) die in the outbox
    /// once the server is back.
    /// </remarks>
    public static Duration Delay(int failures) => Delays[Math.Clamp(failures, 1, Delays.Length) - 1];

    /// <summary>Whether runs must leave the server alone at <paramref name="now"/>.</summary>
    public bool IsWaiting(Instant now)
    {
        lock (_lock)
        {
            return now < _retryAt;
        }
    }

    /// <summary>Records a failure at <paramref name="now"/>; returns when the server may be tried again.</summary>
    public Instant Failed(Instant now)
    {
        lock (_lock)
        {
            _failures++;
            _retryAt = now + Delay(_failures);
            return _retryAt;
        }
    }

    /// <summary>Records a successful connection: the next failure waits the shortest delay again.</summary>
    public void Reached()
    {
        lock (_lock)
        {
            _failures = 0;
            _retryAt = Instant.MinValue;
        }
    }
}
