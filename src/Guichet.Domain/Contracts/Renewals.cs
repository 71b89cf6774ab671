using System.Globalization;

namespace Guichet.Domain.Contracts;

/// <summary>How many times a contract renews tacitly after its initial period: a number (0 for none) or without limit.</summary>
public sealed record Renewals
{
    /// <summary>The largest number of renewals accepted.</summary>
    public const int MaxCount = 100;

    private Renewals(int? count) => Count = count;

    /// <summary>Renews every period until terminated [MN].</summary>
    public static Renewals Unlimited { get; } = new((int?)null);

    /// <summary>No tacit renewal: the contract ends after its initial period [AT].</summary>
    public static Renewals None { get; } = new(0);

    /// <summary>The number of renewals, or null when unlimited.</summary>
    public int? Count { get; }

    /// <summary>Whether the contract renews without limit.</summary>
    public bool IsUnlimited => Count is null;

    /// <summary>Renews <paramref name="count"/> times, e.g. 3 [LS 1.7].</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or above <see cref="MaxCount"/>.</exception>
    public static Renewals Times(int count) => count is < 0 or > MaxCount
        ? throw new ArgumentOutOfRangeException(nameof(count), count, $"The number of tacit renewals must be between 0 and {MaxCount}.")
        : new Renewals(count);

    /// <summary>"renouvelable 3 fois par reconduction tacite", "sans reconduction", "reconduction tacite sans limite".</summary>
    public string Describe() => Count switch
    {
        null => "reconduction tacite sans limite",
        0 => "sans reconduction",
        var n => string.Create(CultureInfo.InvariantCulture, $"renouvelable {n} fois par reconduction tacite"),
    };
}
