using System.Text.RegularExpressions;

namespace Guichet.Features.Notifications;

/// <summary>
/// Fluid's messages, which are English, said in French for the templates page: a syntax error with its line and column
/// and the line it is on, an error at render time with what went wrong. Messages Fluid may add later fall back to a
/// general French sentence; Fluid's text itself never reaches the page.
/// </summary>
internal static partial class LiquidErrors
{
    /// <summary>A parser message ("Unknown tag 'x' at (2:7)\nSource:…") in French, with the line of <paramref name="source"/> it points at.</summary>
    public static string Syntax(string message, string source)
    {
        var position = PositionPattern().Match(message);
        var what = Explain(position.Success ? message[..position.Index] : message.Split('\n')[0]);
        if (!position.Success)
        {
            return $"Le modèle contient une erreur de syntaxe Liquid : {what}.";
        }

        var line = int.Parse(position.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var column = int.Parse(position.Groups["column"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var lines = source.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var text = line >= 1 && line <= lines.Length ? lines[line - 1].Trim() : "";
        var excerpt = text.Length == 0 ? "" : $" Ligne concernée : « {(text.Length <= 80 ? text : text[..79] + "…")} ».";
        return $"Le modèle contient une erreur de syntaxe Liquid à la ligne {line}, colonne {column} : {what}.{excerpt}";
    }

    /// <summary>An exception of rendering (see <see cref="IsRenderError"/>) in French.</summary>
    public static string Render(Exception error)
    {
        var message = error.Message;
        var what = error switch
        {
            Fluid.FluidException when FilterPattern().Match(message) is { Success: true } m => $"le filtre « {m.Groups[1].Value} » n'existe pas",
            FileNotFoundException => "les balises « include » et « render » ne sont pas disponibles (il n'existe pas de modèle partiel)",
            InvalidOperationException when message.Contains("steps", StringComparison.Ordinal) => "le modèle fait trop d'opérations (une boucle trop longue ?)",
            InvalidOperationException when message.Contains("output size", StringComparison.Ordinal) => "le texte produit est trop long",
            InvalidOperationException when message.Contains("collection", StringComparison.Ordinal) => "une liste produite est trop longue",
            InvalidOperationException when message.Contains("recursion", StringComparison.Ordinal) => "le modèle s'appelle lui-même trop de fois",
            Fluid.LiquidException when message.Contains("divided by 0", StringComparison.Ordinal) => "une division par zéro",
            Fluid.LiquidException when FilterArgumentPattern().Match(message) is { Success: true } m => $"le filtre « {m.Groups[1].Value.ToLowerInvariant()} » reçoit une valeur qu'il ne sait pas traiter",
            _ => "un filtre ou une valeur est mal employé",
        };
        return $"Le modèle provoque une erreur à l'affichage (essayé avec des valeurs d'exemple) : {what}.";
    }

    /// <summary>What Fluid throws while rendering a template that parsed: refused on save, never a 500.</summary>
    public static bool IsRenderError(Exception error) =>
        error is Fluid.FluidException or Fluid.LiquidException or InvalidOperationException or IOException or ArgumentException or FormatException or ArithmeticException;

    /// <summary>The parser's message without its position, in French.</summary>
    private static string Explain(string message)
    {
        message = message.Trim();
        if (ClosingPattern().Match(message) is { Success: true } closing)
        {
            return $"la balise « {{% {closing.Groups[1].Value} %}} » manque pour fermer le bloc ouvert plus haut";
        }

        if (QuotedTagPattern().Match(message) is { Success: true } quoted)
        {
            var tag = quoted.Groups["tag"].Value;
            return quoted.Groups["kind"].Value switch
            {
                "Unknown tag" => $"la balise « {tag} » n'existe pas (ou ferme un bloc qui n'est pas ouvert)",
                _ => $"la balise « {tag} » est mal écrite",
            };
        }

        return message switch
        {
            _ when message.StartsWith("End of tag '}}'", StringComparison.Ordinal) => "« }} » est attendu pour fermer la valeur ouverte par « {{ »",
            _ when message.StartsWith("End of tag '%}'", StringComparison.Ordinal) => "« %} » est attendu pour fermer la balise ouverte par « {% »",
            _ when message.StartsWith("An identifier was expected after the '|' sign", StringComparison.Ordinal) => "un nom de filtre est attendu après « | »",
            _ when message.StartsWith("An identifier was expected after '{%'", StringComparison.Ordinal) => "un nom de balise est attendu après « {% »",
            _ when message.StartsWith("An identifier was expected after the", StringComparison.Ordinal) => "un nom de variable est attendu après la balise",
            _ when message.StartsWith("'=' was expected", StringComparison.Ordinal) => "« = » est attendu après le nom de la variable de « assign »",
            _ when message.StartsWith("A value was expected", StringComparison.Ordinal) => "une valeur est attendue (une variable, un nombre ou un texte entre guillemets fermés)",
            _ when message.StartsWith("Functions are not allowed", StringComparison.Ordinal) => "les appels de fonction ne sont pas permis",
            _ when message.StartsWith("Parentheses are not allowed", StringComparison.Ordinal) => "les parenthèses ne servent pas à regrouper des expressions",
            _ when message.StartsWith("Invalid attribute in for loop", StringComparison.Ordinal) => "seuls « limit » et « offset » sont permis dans une boucle « for »",
            _ when message.StartsWith("Unexpected trailing input", StringComparison.Ordinal) => "du texte inattendu suit l'expression",
            _ => "l'écriture n'est pas du Liquid valide à cet endroit",
        };
    }

    [GeneratedRegex(@" at \((?<line>\d+):(?<column>\d+)\)")]
    private static partial Regex PositionPattern();

    [GeneratedRegex(@"^'\{% (end\w+) %\}' was expected")]
    private static partial Regex ClosingPattern();

    [GeneratedRegex(@"^(?<kind>Unknown tag|Invalid) '(?<tag>[^']+)'")]
    private static partial Regex QuotedTagPattern();

    [GeneratedRegex(@"^Undefined filter '([^']+)'")]
    private static partial Regex FilterPattern();

    [GeneratedRegex(@"^(\w+):")]
    private static partial Regex FilterArgumentPattern();
}
