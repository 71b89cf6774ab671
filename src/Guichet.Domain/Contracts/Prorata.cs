using NodaTime;

namespace Guichet.Domain.Contracts;

/// <summary>
/// Prorata temporis of the first period [LS 1.11]: after an installation or an opening of service, the first period
/// is billed from the first day of the month following the installation, on the annual basis, in whole months.
/// </summary>
public static class Prorata
{
    /// <summary>
    /// The amount of the first period: <c>annual price × whole months / 12</c>, rounded once to the cent (half away
    /// from zero) — not the monthly price rounded then multiplied (350 € × 5 / 12 = 145,83 €, where 29,17 € × 5
    /// would give 145,85 €).
    /// </summary>
    /// <remarks>
    /// Billing starts on the first day of the month after <paramref name="installedOn"/>, even when the installation
    /// is itself on a first (installed 01/08 → billed from 01/09): the clause counts from "le 1er jour du mois qui
    /// suit". It never starts before the period does (an installation before the period bills the whole period).
    /// Only whole months are billed: when the period does not end on the last day of a month, the incomplete last
    /// month is not billed. An installation on or after the last month of the period bills nothing.
    /// </remarks>
    /// <param name="installedOn">Date of the installation or opening of service.</param>
    /// <param name="period">The first period, both ends included (usually the first contract year).</param>
    /// <param name="annualPrice">The annual price excluding VAT.</param>
    /// <exception cref="ArgumentOutOfRangeException">The price is negative or has fractions of a cent.</exception>
    public static ProrataResult FirstPeriod(LocalDate installedOn, DateInterval period, decimal annualPrice)
    {
        ArgumentNullException.ThrowIfNull(period);
        Money.EnsureValid(annualPrice, nameof(annualPrice));
        var afterInstallation = installedOn.With(DateAdjusters.StartOfMonth).PlusMonths(1);
        var from = LocalDate.Max(afterInstallation, period.Start);
        var endExclusive = period.End.PlusDays(1);
        var months = from >= endExclusive ? 0 : Period.Between(from, endExclusive, PeriodUnits.Months).Months;
        var amount = Money.RoundToCent(annualPrice * months / 12m);

        var basis = from == afterInstallation
            ? $"à compter du {French.Date(from)} (1er jour du mois suivant l'installation du {French.Date(installedOn)})"
            : $"à compter du {French.Date(from)} (début de la période, installation le {French.Date(installedOn)})";
        var explanation = months == 0
            ? $"Installation le {French.Date(installedOn)} : aucun mois entier à facturer avant la fin de la période le {French.Date(period.End)}."
            : $"Prorata temporis {basis} jusqu'au {French.Date(period.End)} : {Money.Format(annualPrice)} × {months} / 12 = {Money.Format(amount)}.";
        return new ProrataResult(from, period.End, months, annualPrice, amount, explanation);
    }
}

/// <summary>The first period's prorata.</summary>
/// <param name="BilledFrom">First day billed.</param>
/// <param name="BilledThrough">Last day of the period.</param>
/// <param name="Months">Whole months billed.</param>
/// <param name="AnnualPrice">The annual price excluding VAT.</param>
/// <param name="Amount">The amount excluding VAT, rounded to the cent.</param>
/// <param name="Explanation">The computation in French, e.g.
/// "… : 350,00 € × 5 / 12 = 145,83 €."</param>
public sealed record ProrataResult(LocalDate BilledFrom, LocalDate BilledThrough, int Months, decimal AnnualPrice, decimal Amount, string Explanation);
