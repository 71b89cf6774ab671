namespace Guichet.Domain.Contracts;

/// <summary>
/// Amounts of money are <see cref="decimal"/> euros. Every amount a contract states or an invoice shows is a whole
/// number of cents; intermediate results (prorata, revision, VAT) are rounded to the cent half away from zero
/// (<see cref="MidpointRounding.AwayFromZero"/>), the usual commercial rounding in France.
/// </summary>
public static class Money
{
    /// <summary>The largest amount accepted, far above any support contract (one billion euros).</summary>
    public const decimal MaxAmount = 1_000_000_000m;

    /// <summary>Rounds to the cent, half away from zero: 145.835 → 145.84, -0.005 → -0.01.</summary>
    public static decimal RoundToCent(decimal amount) => decimal.Round(amount, 2, MidpointRounding.AwayFromZero);

    /// <summary>"6 300,00 €" (narrow no-break space between thousands, no-break space before the sign).</summary>
    public static string Format(decimal amount) => French.Euros(amount);

    /// <summary>Checks that an amount is non-negative, whole in cents and below <see cref="MaxAmount"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The amount is negative, has fractions of a cent, or is too large.</exception>
    public static decimal EnsureValid(decimal amount, string paramName)
    {
        if (amount < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, amount, "An amount cannot be negative.");
        }

        if (amount > MaxAmount)
        {
            throw new ArgumentOutOfRangeException(paramName, amount, $"An amount cannot exceed {MaxAmount} euros.");
        }

        if (decimal.Round(amount, 2) != amount)
        {
            throw new ArgumentOutOfRangeException(paramName, amount, "An amount must be a whole number of cents (at most two decimals).");
        }

        return amount;
    }
}
