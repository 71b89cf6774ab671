using System.Globalization;
using NodaTime;

namespace Guichet.Domain.Contracts;

/// <summary>
/// A product version X.Y.Z [LS 4]: X major (incompatible redesign, new prerequisites), Y minor (new features),
/// Z patch (corrections). Ordered by major, then minor, then patch.
/// </summary>
public readonly record struct ProductVersion : IComparable<ProductVersion>
{
    /// <summary>Creates a version.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A number is negative.</exception>
    public ProductVersion(int major, int minor, int patch)
    {
        if (major < 0 || minor < 0 || patch < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(major), $"{major}.{minor}.{patch}: version numbers cannot be negative.");
        }

        Major = major;
        Minor = minor;
        Patch = patch;
    }

    /// <summary>X: the major version.</summary>
    public int Major { get; }

    /// <summary>Y: the minor version.</summary>
    public int Minor { get; }

    /// <summary>Z: the patch.</summary>
    public int Patch { get; }

    /// <summary>Whether this is a functional version (a new minor or major, Z = 0) rather than a patch.</summary>
    public bool IsFunctional => Patch == 0;

    /// <summary>Parses "4.3.2", "V4.3" (= 4.3.0) or "v3" (= 3.0.0), as the seeds write versions.</summary>
    /// <exception cref="FormatException">The text is not a version.</exception>
    public static ProductVersion Parse(string text) => TryParse(text, out var version)
        ? version
        : throw new FormatException($"\"{text}\" is not a version; expected X.Y.Z, e.g. 4.3.2 (a leading V and missing parts are accepted).");

    /// <summary>Parses like <see cref="Parse"/>, without throwing.</summary>
    public static bool TryParse(string? text, out ProductVersion version)
    {
        version = default;
        var trimmed = (text ?? "").Trim();
        if (trimmed.StartsWith('V') || trimmed.StartsWith('v'))
        {
            trimmed = trimmed[1..];
        }

        var parts = trimmed.Split('.');
        if (parts.Length is < 1 or > 3)
        {
            return false;
        }

        var numbers = new int[3];
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length is 0 or > 9 || !parts[i].All(char.IsAsciiDigit))
            {
                return false;
            }

            numbers[i] = int.Parse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture);
        }

        version = new ProductVersion(numbers[0], numbers[1], numbers[2]);
        return true;
    }

    /// <inheritdoc />
    public int CompareTo(ProductVersion other) =>
        Major != other.Major ? Major.CompareTo(other.Major)
        : Minor != other.Minor ? Minor.CompareTo(other.Minor)
        : Patch.CompareTo(other.Patch);

    /// <summary>Whether <paramref name="left"/> is older.</summary>
    public static bool operator <(ProductVersion left, ProductVersion right) => left.CompareTo(right) < 0;

    /// <summary>Whether <paramref name="left"/> is newer.</summary>
    public static bool operator >(ProductVersion left, ProductVersion right) => left.CompareTo(right) > 0;

    /// <summary>Whether <paramref name="left"/> is older or the same.</summary>
    public static bool operator <=(ProductVersion left, ProductVersion right) => left.CompareTo(right) <= 0;

    /// <summary>Whether <paramref name="left"/> is newer or the same.</summary>
    public static bool operator >=(ProductVersion left, ProductVersion right) => left.CompareTo(right) >= 0;

    /// <summary>"4.3.2".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");
}

/// <summary>A published version of a product and the day it was made available.</summary>
/// <param name="Version">The version.</param>
/// <param name="ReleasedOn">The day it was made available to clients ("mise à disposition").</param>
public sealed record Release(ProductVersion Version, LocalDate ReleasedOn);
