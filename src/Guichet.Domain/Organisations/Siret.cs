namespace Guichet.Domain.Organisations;

/// <summary>
/// A SIRET number: 14 digits whose Luhn checksum is valid (the SIREN's 9 digits plus the establishment's 5).
/// Spaces are accepted on input and dropped. La Poste's establishments (SIREN 356000000) use a different rule
/// (sum of digits multiple of 5), which is accepted as well.
/// </summary>
public readonly record struct Siret
{
    private Siret(string value) => Value = value;

    /// <summary>The 14 digits.</summary>
    public string Value { get; }

    /// <summary>Parses and checks a SIRET.</summary>
    public static bool TryParse(string? text, out Siret siret, out string? error)
    {
        siret = default;
        var digits = (text ?? "").Replace(" ", "", StringComparison.Ordinal);
        if (digits.Length != 14 || !digits.All(char.IsAsciiDigit))
        {
            error = "Le SIRET doit comporter 14 chiffres.";
            return false;
        }

        if (!LuhnValid(digits) && !(digits.StartsWith("356000000", StringComparison.Ordinal) && digits.Sum(c => c - '0') % 5 == 0))
        {
            error = "Le SIRET n'est pas valide (clé de contrôle incorrecte).";
            return false;
        }

        siret = new Siret(digits);
        error = null;
        return true;
    }

    private static bool LuhnValid(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return sum % 10 == 0;
    }

    /// <inheritdoc />
    public override string ToString() => Value;
}
