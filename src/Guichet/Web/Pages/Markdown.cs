using System.Net;
using Ganss.Xss;
using Markdig;
using Microsoft.Extensions.Caching.Memory;

namespace Guichet.Web.Pages;

/// <summary>
/// Messages are Markdown: raw HTML in them is shown as text (Markdig with HTML disabled), and what Markdown
/// produces goes through an allow-list sanitiser as well, so no script, style or event handler ever reaches a page.
/// Rendering cannot fail: a text too long or too deeply nested for Markdown (checked before any parsing), or one
/// the parser or sanitiser refuses, is shown as escaped plain text. Renderings (plain ones too) are kept, 20 MB at
/// most, keyed by the text itself: a message never changes once written, so a view costs no parse.
/// </summary>
internal static class Markdown
{
    /// <summary>Longest text rendered as Markdown; a longer one is shown as plain text.</summary>
    public const int MaxLength = 64 * 1024;

    /// <summary>Deepest nesting of brackets, block quotes or list indentation rendered as Markdown.</summary>
    public const int MaxNesting = 16;

    /// <summary>Most emphasis delimiters (<c>*</c>, <c>_</c>, <c>~</c>) in one text rendered as Markdown.</summary>
    public const int MaxDelimiters = 2_000;

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().UseAutoLinks().UseSoftlineBreakAsHardlineBreak().Build();

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    private static readonly MemoryCache Rendered = new(new MemoryCacheOptions { SizeLimit = 20_000_000 });

    public static string ToSafeHtml(string? text)
    {
        text ??= "";
        if (Rendered.TryGetValue(text, out string? html) && html is not null)
        {
            return html;
        }

        html = IsTameEnough(text) ? TryRender(text) ?? PlainText(text) : PlainText(text);
        Rendered.Set(text, html, new MemoryCacheEntryOptions { Size = (text.Length + html.Length) * 2L, SlidingExpiration = TimeSpan.FromHours(1) });
        return html;
    }

    /// <summary>
    /// Whether the text is within the bounds that keep Markdown parsing cheap (linear in practice): length, bracket
    /// depth, emphasis delimiters, block quote and indentation depth. One pass, no allocation.
    /// </summary>
    internal static bool IsTameEnough(string text)
    {
        if (text.Length > MaxLength)
        {
            return false;
        }

        int brackets = 0, delimiters = 0, lineDepth = 0;
        var lineStart = true;
        foreach (var c in text)
        {
            switch (c)
            {
                case '[' or '(' or '<':
                    if (++brackets > MaxNesting)
                    {
                        return false;
                    }

                    break;
                case ']' or ')' or '>' when !(c == '>' && lineStart):
                    brackets = Math.Max(0, brackets - 1);
                    break;
                case '*' or '_' or '~':
                    if (++delimiters > MaxDelimiters)
                    {
                        return false;
                    }

                    break;
            }

            if (c == '\n')
            {
                lineStart = true;
                lineDepth = 0;
            }
            else if (lineStart && c is '>' or ' ' or '\t' or '-' or '+')
            {
                // Block quotes, indented lists: each marker at the start of a line opens one more level.
                if (++lineDepth > MaxNesting * 4)
                {
                    return false;
                }
            }
            else if (!char.IsWhiteSpace(c))
            {
                lineStart = false;
            }
        }

        return true;
    }

    private static string? TryRender(string text)
    {
        try
        {
            return Sanitizer.Sanitize(Markdig.Markdown.ToHtml(text, Pipeline));
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or InsufficientExecutionStackException or IndexOutOfRangeException or NullReferenceException)
        {
            // Markdig refuses input nested beyond its own limit; whatever it or the sanitiser refuses is shown as text.
            return null;
        }
    }

    /// <summary>The text as it was typed, escaped, its lines kept.</summary>
    internal static string PlainText(string text) =>
        "<p class=\"plain-text\">" + WebUtility.HtmlEncode(text).ReplaceLineEndings("<br>") + "</p>";

    private static HtmlSanitizer CreateSanitizer()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(["p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a", "h1", "h2", "h3", "h4", "hr", "table", "thead", "tbody", "tr", "th", "td"], StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(["href"], StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(["http", "https", "mailto"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href"], StringComparer.OrdinalIgnoreCase),
        };
        var sanitizer = new HtmlSanitizer(options);
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } link)
            {
                link.SetAttribute("rel", "noopener noreferrer nofollow");
            }
        };
        return sanitizer;
    }
}
