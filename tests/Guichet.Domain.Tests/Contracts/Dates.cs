using NodaTime;
using NodaTime.Text;

namespace Guichet.Domain.Tests.Contracts;

/// <summary>Helpers for the contract tests.</summary>
internal static class Dates
{
    /// <summary>An ISO date, e.g. <c>2024-07-15</c>.</summary>
    public static LocalDate D(string text) => LocalDatePattern.Iso.Parse(text).GetValueOrThrow();

    /// <summary>The no-break space before "€".</summary>
    public const string Nbsp = "\u00A0";

    /// <summary>The narrow no-break space between thousands.</summary>
    public const string Thin = "\u202F";
}
