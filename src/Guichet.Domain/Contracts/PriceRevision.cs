using NodaTime;

namespace Guichet.Domain.Contracts;

/// <summary>
/// A price revision formula: the closed set of the seeds. Both compute from the <em>initial</em> price and the
/// <em>base</em> index every year (not from last year's revised price), with exact decimal arithmetic and a single
/// rounding where the contract says so.
/// </summary>
/// <remarks>
/// When the base value belongs to an older series of the index than the current value (Syntec before August 2022),
/// the base is first brought to the current series by the linking coefficient: S(0) × 0,97975 [LS 1.11]. The
/// opposite (a current value older than the base's series) is refused.
/// </remarks>
public abstract record RevisionFormula
{
    private protected RevisionFormula()
    {
    }

    /// <summary>LS: P(n) = P(0) × [0,15 + 0,85 × S(n) / S(0)], coefficient rounded up to the thousandth [LS 1.11].</summary>
    public static RevisionFormula Ls { get; } = new PartlyIndexed(0.15m, 3);

    /// <summary>AT: P(n) = P(0) × I(n) / I(0) [AT 7.3.2].</summary>
    public static RevisionFormula At { get; } = new FullyIndexed();

    /// <summary>French statement of the formula.</summary>
    public abstract string Describe();

    /// <summary>Revises <paramref name="initialPrice"/> from <paramref name="baseIndex"/> to <paramref name="currentIndex"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The price is negative or has fractions of a cent.</exception>
    /// <exception cref="ArgumentException">The two values belong to different indices or unlinkable series.</exception>
    public PriceRevisionResult Revise(decimal initialPrice, IndexValue baseIndex, IndexValue currentIndex)
    {
        ArgumentNullException.ThrowIfNull(baseIndex);
        ArgumentNullException.ThrowIfNull(currentIndex);
        Money.EnsureValid(initialPrice, nameof(initialPrice));
        if (baseIndex.IndexName != currentIndex.IndexName)
        {
            throw new ArgumentException($"Cannot revise between two indices ({baseIndex.IndexName} and {currentIndex.IndexName}).", nameof(currentIndex));
        }

        var factor = baseIndex.Series.FactorTo(currentIndex.Series)
            ?? throw new ArgumentException(
                $"The base value ({baseIndex.Series.Label}) cannot be linked to the current value's series ({currentIndex.Series.Label}).", nameof(currentIndex));
        var linkedBase = baseIndex.Value * factor;
        var linking = factor == 1m
            ? ""
            : $"S(0) = {French.Number(baseIndex.Value)} ({baseIndex.Series.Label}) × {French.Number(factor)} (coefficient de raccordement) = {French.Number(linkedBase)} ; ";
        return Compute(initialPrice, baseIndex, currentIndex, linkedBase, linking);
    }

    /// <summary>
    /// The revision at <paramref name="revisionDate"/> (an anniversary or a notification date): the current value is
    /// the latest one the table deems published on that date [LS 1.11 "indice connu/publié à la date anniversaire",
    /// AT 7.3.2 "indice de révision à la date de la révision"].
    /// </summary>
    /// <exception cref="InvalidOperationException">The table has no value published by that date.</exception>
    public PriceRevisionResult ReviseOn(LocalDate revisionDate, decimal initialPrice, IndexValue baseIndex, PriceIndexTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var current = table.LatestKnownOn(revisionDate)
            ?? throw new InvalidOperationException($"No {table.IndexName} value is published on {French.Date(revisionDate)} (latest month: {French.Month(table.LatestPublishableMonth(revisionDate))}).");
        return Revise(initialPrice, baseIndex, current);
    }

    /// <summary>
    /// LS's base month M0: the month before the start of the first maintenance year ("le mois précédent le démarrage
    /// de l'année de maintenance") — December 2023 for a contract starting on 1 January 2024.
    /// </summary>
    public static YearMonth LsBaseMonth(LocalDate contractStart) => contractStart.ToYearMonth().PlusMonths(-1);

    private protected abstract PriceRevisionResult Compute(decimal initialPrice, IndexValue baseIndex, IndexValue currentIndex, decimal linkedBase, string linking);

    /// <summary>
    /// P(n) = P(0) × [a + (1 − a) × S(n) / S(0)] with a fixed part a, the coefficient rounded <em>up</em> (towards
    /// +∞) to <see cref="CoefficientDecimals"/> decimals, then the price rounded to the cent half away from zero.
    /// </summary>
    /// <param name="FixedPart">The part that is not indexed, e.g. 0,15.</param>
    /// <param name="CoefficientDecimals">Decimals of the rounded-up coefficient, e.g. 3 (the thousandth).</param>
    public sealed record PartlyIndexed(decimal FixedPart, int CoefficientDecimals) : RevisionFormula
    {
        /// <summary>The part that is not indexed.</summary>
        public decimal FixedPart { get; } = FixedPart is < 0 or >= 1
            ? throw new ArgumentOutOfRangeException(nameof(FixedPart), FixedPart, "The fixed part must be between 0 (included) and 1 (excluded).")
            : FixedPart;

        /// <summary>Decimals of the rounded-up coefficient.</summary>
        public int CoefficientDecimals { get; } = CoefficientDecimals is < 0 or > 6
            ? throw new ArgumentOutOfRangeException(nameof(CoefficientDecimals), CoefficientDecimals, "The coefficient is rounded to 0 to 6 decimals.")
            : CoefficientDecimals;

        /// <inheritdoc />
        public override string Describe() =>
            $"P(n) = P(0) × [{French.Number(FixedPart)} + {French.Number(1 - FixedPart)} × S(n) / S(0)], coefficient arrondi {RoundingLabel()}";

        private protected override PriceRevisionResult Compute(decimal initialPrice, IndexValue baseIndex, IndexValue currentIndex, decimal linkedBase, string linking)
        {
            var variable = 1 - FixedPart;

            // coefficient = (a·S0 + b·Sn) / S0: numerator and denominator are exact decimals, so the rounding up is
            // decided exactly, even when the division itself does not terminate.
            var numerator = (FixedPart * linkedBase) + (variable * currentIndex.Value);
            var raw = numerator / linkedBase;
            var coefficient = CeilingOfQuotient(numerator, linkedBase, CoefficientDecimals);
            var price = Money.RoundToCent(initialPrice * coefficient);
            var rawText = Exact(raw, numerator, linkedBase) ? $"= {French.Number(raw)}" : $"≈ {French.Number(decimal.Round(raw, 6))}";
            var explanation = $"{linking}{French.Number(FixedPart)} + {French.Number(variable)} × {French.Number(currentIndex.Value)} / {French.Number(linkedBase)} {rawText}"
                + $" → arrondi {RoundingLabel()} : {French.Number(coefficient)} ; {Money.Format(initialPrice)} × {French.Number(coefficient)} = {Money.Format(price)}";
            return new PriceRevisionResult(initialPrice, price, coefficient, raw, baseIndex, currentIndex, linkedBase, explanation);
        }

        private string RoundingLabel() => CoefficientDecimals switch
        {
            0 => "à l'unité supérieure",
            1 => "au dixième supérieur",
            2 => "au centième supérieur",
            3 => "au millième supérieur",
            _ => $"à {CoefficientDecimals} décimales par excès",
        };

        private static bool Exact(decimal raw, decimal numerator, decimal denominator) =>
            decimal.Round(raw, 6) == raw && raw * denominator == numerator;

        // The smallest multiple of 10^-decimals that is ≥ numerator / denominator (denominator > 0).
        private static decimal CeilingOfQuotient(decimal numerator, decimal denominator, int decimals)
        {
            var scale = 1m;
            for (var i = 0; i < decimals; i++)
            {
                scale *= 10;
            }

            var scaled = numerator * scale;
            var floor = decimal.Floor(scaled / denominator);

            // The division is rounded to 28 digits: correct the floor with exact products.
            while (floor * denominator > scaled)
            {
                floor--;
            }

            while ((floor + 1) * denominator <= scaled)
            {
                floor++;
            }

            return (floor * denominator == scaled ? floor : floor + 1) / scale;
        }
    }

    /// <summary>
    /// P(n) = P(0) × I(n) / I(0): no intermediate rounding, the price rounded once to the cent half away from zero
    /// (the AT clause states no rounding; rounding the ratio first would change prices by cents).
    /// </summary>
    public sealed record FullyIndexed : RevisionFormula
    {
        /// <inheritdoc />
        public override string Describe() => "P(n) = P(0) × I(n) / I(0), prix arrondi au centime";

        private protected override PriceRevisionResult Compute(decimal initialPrice, IndexValue baseIndex, IndexValue currentIndex, decimal linkedBase, string linking)
        {
            var raw = currentIndex.Value / linkedBase;
            var exactPrice = initialPrice * currentIndex.Value / linkedBase;
            var price = Money.RoundToCent(exactPrice);
            var note = price * linkedBase == initialPrice * currentIndex.Value ? "" : " (arrondi au centime)";
            var explanation = $"{linking.Replace("S(0)", "I(0)", StringComparison.Ordinal)}{Money.Format(initialPrice)} × {French.Number(currentIndex.Value)} / {French.Number(linkedBase)} = {Money.Format(price)}{note}";
            return new PriceRevisionResult(initialPrice, price, raw, raw, baseIndex, currentIndex, linkedBase, explanation);
        }
    }
}

/// <summary>A revised price with its computation.</summary>
/// <param name="InitialPrice">P(0), excluding VAT.</param>
/// <param name="RevisedPrice">P(n), excluding VAT, rounded to the cent.</param>
/// <param name="Coefficient">The coefficient applied (rounded up for LS; the exact ratio for AT).</param>
/// <param name="RawCoefficient">The coefficient before rounding (28 significant digits).</param>
/// <param name="BaseIndex">S(0) or I(0) as given.</param>
/// <param name="CurrentIndex">S(n) or I(n).</param>
/// <param name="LinkedBase">The base value in the current value's series (S(0) × 0,97975 across the Syntec revision).</param>
/// <param name="Explanation">The computation in French, e.g.
/// "0,15 + 0,85 × 309 / 300 = 1,0255 → arrondi au millième supérieur : 1,026 ; 350,00 € × 1,026 = 359,10 €".</param>
public sealed record PriceRevisionResult(
    decimal InitialPrice,
    decimal RevisedPrice,
    decimal Coefficient,
    decimal RawCoefficient,
    IndexValue BaseIndex,
    IndexValue CurrentIndex,
    decimal LinkedBase,
    string Explanation);
