using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Guichet.Features.Faq;

/// <summary>
/// The French normalisation the FAQ search applies to what it indexes and to what is searched, so that both sides
/// meet: lower case, no accents or ligatures (é → e, œ → oe), words of letters and digits, and a light plural
/// rule (bureaux → bureau, journaux → journal, mots → mot). It is not a full stemmer: "téléchargement" and
/// "télécharger" stay apart (docs/faq.md explains the choice).
/// </summary>
internal static partial class FrenchText
{
    /// <summary>Words dropped from queries: they would only require the article to contain them too.</summary>
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "au", "aux", "avec", "ce", "ces", "d", "dans", "de", "des", "du", "en", "est", "et", "il", "je", "j", "l", "la", "le",
        "les", "m", "ma", "mes", "mon", "n", "ne", "on", "ou", "par", "pas", "pour", "qu", "que", "qui", "s", "sa", "se", "ses",
        "son", "sur", "t", "un", "une", "y",
    };

    /// <summary>The text as indexed: normalised words separated by single spaces.</summary>
    public static string Normalise(string? text)
    {
        var builder = new StringBuilder();
        foreach (var word in Words(text ?? ""))
        {
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.Append(word);
        }

        return builder.ToString();
    }

    /// <summary>The normalised words of a query, without the little words, at most 12 (longer queries are cut).</summary>
    public static IReadOnlyList<string> QueryTerms(string? query) =>
        [.. Words(query ?? "").Where(w => !StopWords.Contains(w)).Distinct().Take(12)];

    /// <summary>The normalised words of a text, in order.</summary>
    public static IEnumerable<string> Words(string text)
    {
        foreach (Match m in WordPattern().Matches(text))
        {
            var word = Word(m.Value);
            if (word.Length > 0)
            {
                yield return word;
            }
        }
    }

    /// <summary>One word: folded (case, accents, ligatures), then singular.</summary>
    public static string Word(string word) => Singular(Fold(word));

    /// <summary>Lower case without diacritics: é → e, Ç → c, œ → oe, æ → ae.</summary>
    public static string Fold(string word)
    {
        var decomposed = word.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            switch (c)
            {
                case 'œ':
                    builder.Append("oe");
                    break;
                case 'æ':
                    builder.Append("ae");
                    break;
                default:
                    if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// The light plural rule, on folded words of four letters or more: -eaux → -eau, -aux → -al, final -s or -x
    /// dropped. Applied alike to the index and the query, its errors (travaux → traval) cancel out.
    /// </summary>
    public static string Singular(string word)
    {
        if (word.Length < 4 || !char.IsLetter(word[^1]))
        {
            return word;
        }

        if (word.EndsWith("eaux", StringComparison.Ordinal))
        {
            return word[..^1];
        }

        if (word.EndsWith("aux", StringComparison.Ordinal))
        {
            return word[..^3] + "al";
        }

        return word[^1] is 's' or 'x' ? word[..^1] : word;
    }

    /// <summary>
    /// An extract of <paramref name="markdown"/> around the first word matching the query, as segments (text,
    /// matched) for the page to mark up; the beginning of the text when nothing matches.
    /// </summary>
    public static IReadOnlyList<(string Text, bool Match)> Snippet(string markdown, IReadOnlyList<string> terms, bool lastIsPrefix, int words = 28)
    {
        var plain = MarkupPattern().Replace(LinkTargetPattern().Replace(markdown, "]"), " ");
        var matches = WordPattern().Matches(plain);
        if (matches.Count == 0)
        {
            return [];
        }

        bool IsMatch(string word)
        {
            var w = Word(word);
            for (var i = 0; i < terms.Count; i++)
            {
                if (w == terms[i] || (lastIsPrefix && i == terms.Count - 1 && w.StartsWith(terms[i], StringComparison.Ordinal)))
                {
                    return true;
                }
            }

            return false;
        }

        var first = 0;
        for (var i = 0; i < matches.Count; i++)
        {
            if (IsMatch(matches[i].Value))
            {
                first = i;
                break;
            }
        }

        var start = Math.Max(0, first - 8);
        var end = Math.Min(matches.Count, start + words);
        var segments = new List<(string, bool)>();
        if (start > 0)
        {
            segments.Add(("… ", false));
        }

        var position = matches[start].Index;
        for (var i = start; i < end; i++)
        {
            var m = matches[i];
            if (m.Index > position)
            {
                segments.Add((WhitespacePattern().Replace(plain[position..m.Index], " "), false));
            }

            segments.Add((m.Value, IsMatch(m.Value)));
            position = m.Index + m.Length;
        }

        if (end < matches.Count)
        {
            segments.Add((" …", false));
        }

        return segments;
    }

    /// <summary>The snippet as plain text (for the suggestions' JSON).</summary>
    public static string SnippetText(IReadOnlyList<(string Text, bool Match)> segments) => string.Concat(segments.Select(s => s.Text));

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"\]\([^)]*\)")]
    private static partial Regex LinkTargetPattern();

    [GeneratedRegex(@"[#*_`>\[\]|~]+")]
    private static partial Regex MarkupPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();
}
