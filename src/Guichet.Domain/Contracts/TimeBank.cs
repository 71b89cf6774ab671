using System.Globalization;
using NodaTime;

namespace Guichet.Domain.Contracts;

/// <summary>Hours bought for a time bank ("carnet de temps").</summary>
/// <param name="On">Date of the order.</param>
/// <param name="Minutes">Minutes bought, positive (20 h = 1 200).</param>
public sealed record TimePurchase(LocalDate On, int Minutes)
{
    /// <summary>Minutes bought.</summary>
    public int Minutes { get; } = TimeBank.CheckMinutes(Minutes, nameof(Minutes));
}

/// <summary>Time an agent spent on an out-of-scope ticket, charged to the time bank.</summary>
/// <param name="On">Date of the work.</param>
/// <param name="Minutes">Minutes spent, positive.</param>
/// <param name="TicketId">The ticket the time was spent on.</param>
public sealed record TimeConsumption(LocalDate On, int Minutes, long TicketId)
{
    /// <summary>Minutes spent.</summary>
    public int Minutes { get; } = TimeBank.CheckMinutes(Minutes, nameof(Minutes));
}

/// <summary>
/// A time bank ("carnet de temps"): a reserve of time bought in advance and consumed by agents' time entries on
/// requests outside the maintenance contract; the balance is shown to the client [LS 6.2.6]. Whether a ticket is
/// out of scope is decided before an entry is recorded here: every consumption counts.
/// </summary>
/// <remarks>
/// The balance may go negative: work already done is recorded, and the overdraft is shown as such
/// ("dépassement de 2 heures 10 minutes") for the account manager to invoice or deduct from the next purchase.
/// </remarks>
public sealed class TimeBank
{
    /// <summary>The largest single purchase or entry, in minutes (10 000 hours).</summary>
    public const int MaxMinutes = 600_000;

    /// <summary>Creates a bank from its purchases and consumptions.</summary>
    public TimeBank(IEnumerable<TimePurchase> purchases, IEnumerable<TimeConsumption> consumptions)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        ArgumentNullException.ThrowIfNull(consumptions);
        Purchases = [.. purchases];
        Consumptions = [.. consumptions];
        if (Purchases.Any(p => p is null) || Consumptions.Any(c => c is null))
        {
            throw new ArgumentException("Purchases and consumptions cannot contain null entries.", nameof(purchases));
        }
    }

    /// <summary>The purchases.</summary>
    public IReadOnlyList<TimePurchase> Purchases { get; }

    /// <summary>The time entries charged to the bank.</summary>
    public IReadOnlyList<TimeConsumption> Consumptions { get; }

    /// <summary>Minutes bought in total.</summary>
    public long BoughtMinutes => Purchases.Sum(p => (long)p.Minutes);

    /// <summary>Minutes consumed in total.</summary>
    public long ConsumedMinutes => Consumptions.Sum(c => (long)c.Minutes);

    /// <summary>Minutes left; negative when overdrawn.</summary>
    public long BalanceMinutes => BoughtMinutes - ConsumedMinutes;

    /// <summary>Whether more was consumed than bought.</summary>
    public bool IsOverdrawn => BalanceMinutes < 0;

    /// <summary>A new bank with one more purchase.</summary>
    public TimeBank Buy(TimePurchase purchase)
    {
        ArgumentNullException.ThrowIfNull(purchase);
        return new TimeBank([.. Purchases, purchase], Consumptions);
    }

    /// <summary>A new bank with one more consumption.</summary>
    public TimeBank Consume(TimeConsumption consumption)
    {
        ArgumentNullException.ThrowIfNull(consumption);
        return new TimeBank(Purchases, [.. Consumptions, consumption]);
    }

    /// <summary>
    /// Whether the balance is at or below <paramref name="thresholdMinutes"/> (an overdrawn bank is always low), to
    /// alert the client and the account manager.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is negative.</exception>
    public bool IsLow(int thresholdMinutes) => thresholdMinutes < 0
        ? throw new ArgumentOutOfRangeException(nameof(thresholdMinutes), thresholdMinutes, "A low-balance threshold cannot be negative.")
        : BalanceMinutes <= thresholdMinutes;

    /// <summary>
    /// The balance in French: "16 heures 45 minutes restantes", "1 heure restante", "1 minute restante",
    /// "aucun temps restant", "dépassement de 2 heures 10 minutes".
    /// </summary>
    public string DescribeBalance() => DescribeBalance(BalanceMinutes);

    /// <summary>A balance of <paramref name="balanceMinutes"/> (negative when overdrawn) in French, as <see cref="DescribeBalance()"/>.</summary>
    public static string DescribeBalance(long balanceMinutes) => balanceMinutes switch
    {
        0 => "aucun temps restant",
        < 0 => "dépassement de " + FormatDuration(-balanceMinutes),
        var m => FormatDuration(m) + (m is 1 or 60 ? " restante" : " restantes"),
    };

    /// <summary>
    /// A duration in French: "16 heures 45 minutes", "1 heure", "1 minute", "2 heures", "0 minute" (singular for 0
    /// and 1, as French counts).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minutes"/> is negative.</exception>
    public static string FormatDuration(long minutes)
    {
        if (minutes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(minutes), minutes, "A duration to show cannot be negative.");
        }

        var hours = minutes / 60;
        var rest = minutes % 60;
        var hoursText = string.Create(CultureInfo.InvariantCulture, $"{hours} heure{(hours >= 2 ? "s" : "")}");
        var minutesText = string.Create(CultureInfo.InvariantCulture, $"{rest} minute{(rest >= 2 ? "s" : "")}");
        return (hours, rest) switch
        {
            (0, _) => minutesText,
            (_, 0) => hoursText,
            _ => hoursText + " " + minutesText,
        };
    }

    internal static int CheckMinutes(int minutes, string name) => minutes is < 1 or > MaxMinutes
        ? throw new ArgumentOutOfRangeException(name, minutes, $"Minutes must be between 1 and {MaxMinutes}.")
        : minutes;
}
