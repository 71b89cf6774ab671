namespace Guichet.Domain.Contracts;

/// <summary>A service of a contract with its yearly amount excluding VAT, e.g. "Support et Help-Desk", 350,00 €.</summary>
public sealed record ServiceLine
{
    /// <summary>Creates a line.</summary>
    /// <exception cref="ArgumentException">The label is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The amount is negative or has fractions of a cent.</exception>
    public ServiceLine(string label, decimal amountExclVat)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        Label = label;
        AmountExclVat = Money.EnsureValid(amountExclVat, nameof(amountExclVat));
    }

    /// <summary>French label.</summary>
    public string Label { get; }

    /// <summary>Amount excluding VAT ("HT").</summary>
    public decimal AmountExclVat { get; }
}

/// <summary>A line with its VAT.</summary>
/// <param name="Label">French label.</param>
/// <param name="ExclVat">Amount excluding VAT ("HT").</param>
/// <param name="Vat">VAT of the line, rounded to the cent.</param>
/// <param name="InclVat">Amount including VAT ("TTC").</param>
public sealed record PricedLine(string Label, decimal ExclVat, decimal Vat, decimal InclVat);

/// <summary>
/// The amounts of a contract as the "conditions particulières" show them: lines excluding VAT, total excluding VAT,
/// VAT, total including VAT (LS: 0,00 € + 350,00 € HT, 70,00 € TVA, 420,00 € TTC).
/// </summary>
/// <remarks>
/// Rounding: the VAT of <em>each line</em> is rounded to the cent, half away from zero, and the totals are the sums
/// of the rounded lines, so the lines always add up to the totals shown. (Rounding the VAT of the total instead can
/// differ by a cent or so when there are many lines.)
/// </remarks>
public sealed class ContractAmounts
{
    /// <summary>The standard French VAT rate, 20 %.</summary>
    public const decimal StandardVatRate = 0.20m;

    /// <summary>Computes the amounts of <paramref name="lines"/> at <paramref name="vatRate"/>.</summary>
    /// <param name="lines">The services, at least one.</param>
    /// <param name="vatRate">The VAT rate as a fraction: 0.20 for 20 %, 0.055 for 5,5 %, 0 when exempt.</param>
    /// <exception cref="ArgumentException">No line is given.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The rate is negative or not below 1 (100 %).</exception>
    public ContractAmounts(IEnumerable<ServiceLine> lines, decimal vatRate = StandardVatRate)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (vatRate is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(vatRate), vatRate, "The VAT rate is a fraction between 0 (included) and 1 (excluded), e.g. 0.20 for 20 %.");
        }

        Lines = [.. lines.Select(l =>
        {
            ArgumentNullException.ThrowIfNull(l, nameof(lines));
            var vat = Money.RoundToCent(l.AmountExclVat * vatRate);
            return new PricedLine(l.Label, l.AmountExclVat, vat, l.AmountExclVat + vat);
        })];
        if (Lines.Count == 0)
        {
            throw new ArgumentException("A contract needs at least one service line.", nameof(lines));
        }

        VatRate = vatRate;
    }

    /// <summary>The lines with their VAT.</summary>
    public IReadOnlyList<PricedLine> Lines { get; }

    /// <summary>The VAT rate (0.20 for 20 %).</summary>
    public decimal VatRate { get; }

    /// <summary>"Total annuel HT".</summary>
    public decimal TotalExclVat => Lines.Sum(l => l.ExclVat);

    /// <summary>"Montant TVA": the sum of the lines' rounded VAT.</summary>
    public decimal TotalVat => Lines.Sum(l => l.Vat);

    /// <summary>"Montant TTC".</summary>
    public decimal TotalInclVat => TotalExclVat + TotalVat;

    /// <summary>The rate in French, e.g. "20 %" or "5,5 %".</summary>
    public string DescribeRate() => French.Number(VatRate * 100) + French.NoBreakSpace + "%";
}

/// <summary>
/// Annual prices that change by contract year: year 1, year 2… the last one applying to every later year
/// (AT: 6 300 € HT the first year, 9 000 € HT the second [AT 7.1]).
/// </summary>
public sealed class YearlyPrices
{
    private readonly decimal[] _prices;

    /// <summary>Creates the schedule from the price of year 1, year 2, and so on.</summary>
    /// <exception cref="ArgumentException">No price is given.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A price is negative or has fractions of a cent.</exception>
    public YearlyPrices(IEnumerable<decimal> pricesByYear)
    {
        ArgumentNullException.ThrowIfNull(pricesByYear);
        _prices = [.. pricesByYear.Select(p => Money.EnsureValid(p, nameof(pricesByYear)))];
        if (_prices.Length == 0)
        {
            throw new ArgumentException("At least the price of the first year is required.", nameof(pricesByYear));
        }
    }

    /// <summary>The prices as given, year 1 first.</summary>
    public IReadOnlyList<decimal> Prices => _prices;

    /// <summary>The annual price of contract year <paramref name="year"/> (1-based).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="year"/> is below 1.</exception>
    public decimal For(int year) => year < 1
        ? throw new ArgumentOutOfRangeException(nameof(year), year, "Contract years start at 1.")
        : _prices[Math.Min(year, _prices.Length) - 1];
}
