using Ganss.Xss;
using Markdig;
using Microsoft.Extensions.Caching.Memory;

namespace Guichet.Web.Pages;

/// <summary>
/// Messages are Markdown: raw HTML in them is shown as text (Markdig with HTML disabled), and what Markdown
/// produces goes through an allow-list sanitiser as well, so no script, style or event handler ever reaches a page.
/// Renderings are kept (20 MB at most), keyed by the text itself.
/// </summary>
internal static class Markdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().UseAutoLinks().UseSoftlineBreakAsHardlineBreak().Build();

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    // Messages never change once written (the trace is append-only): each one is rendered once, then reused.
    private static readonly MemoryCache Rendered = new(new MemoryCacheOptions { SizeLimit = 20_000_000 });

    public static string ToSafeHtml(string? text)
    {
        text ??= "";
        if (Rendered.TryGetValue(text, out string? html) && html is not null)
        {
            return html;
        }

        html = Sanitizer.Sanitize(Markdig.Markdown.ToHtml(text, Pipeline));
        Rendered.Set(text, html, new MemoryCacheEntryOptions { Size = (text.Length + html.Length) * 2L, SlidingExpiration = TimeSpan.FromHours(1) });
        return html;
    }

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
