using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using MimeKit;

namespace Guichet.Features.Mail.Inbound;

/// <summary>
/// The text a mail adds to a ticket: its plain-text part, else its HTML part brought down to the Markdown subset the
/// portal shows (paragraphs, line breaks, emphasis, links, lists; no images, styles, scripts or tables), then with
/// the quoted history and the signature cut off, as a mail client's reply carries them.
/// </summary>
internal static partial class MailText
{
    private const int MaxHtmlChars = 1_000_000;

    /// <summary>The new text of a reply: plain text (or HTML as Markdown), history and signature trimmed.</summary>
    public static string Of(MimeMessage message)
    {
        var text = message.TextBody;
        if (string.IsNullOrWhiteSpace(text) && message.HtmlBody is { } html)
        {
            text = HtmlToMarkdown(html);
        }

        return Trim(text ?? "");
    }

    /// <summary>The whole text of a mail as it came (for staff viewing a quarantined mail): nothing trimmed.</summary>
    public static string Whole(MimeMessage message)
    {
        var text = message.TextBody;
        if (string.IsNullOrWhiteSpace(text) && message.HtmlBody is { } html)
        {
            text = HtmlToMarkdown(html);
        }

        return Normalise(text ?? "");
    }

    /// <summary>
    /// Cuts a reply's text before the history it quotes and before its signature: the first line of an attribution
    /// ("Le … a écrit :", "On … wrote:"), an Outlook header block ("De :" / "From:" followed by "Envoyé :"/"Sent:"/
    /// "À :"…), a separator ("-----Original Message-----", "-------- Message d'origine --------"), the signature
    /// delimiter "-- ", or a block of "&gt;" lines running to the end. Lines quoted in the middle of an answer (answers
    /// written between quotes) are kept.
    /// </summary>
    public static string Trim(string text)
    {
        var lines = Normalise(text).Split('\n');
        var end = lines.Length;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line == "-- " || line == "--" || Separator().IsMatch(line) || Attribution().IsMatch(line)
                || (HeaderFrom().IsMatch(line) && i + 1 < lines.Length && lines.Skip(i + 1).Take(4).Any(l => HeaderNext().IsMatch(l))))
            {
                end = i;
                break;
            }

            // An attribution folded over two lines by the mail client ("Le lun. 3 mars 2026 à 10:00, Untel <" / "x@y> a écrit :").
            if (i + 1 < lines.Length && AttributionStart().IsMatch(line) && AttributionEnd().IsMatch(lines[i + 1]))
            {
                end = i;
                break;
            }
        }

        // Trailing quoted lines (a reply on top of a quoted history with no attribution line).
        while (end > 0 && (lines[end - 1].StartsWith('>') || lines[end - 1].Trim().Length == 0))
        {
            end--;
        }

        return string.Join('\n', lines[..end]).Trim();
    }

    /// <summary>HTML brought down to the portal's Markdown subset; quoted blocks (<c>blockquote</c>) become "&gt;" lines.</summary>
    public static string HtmlToMarkdown(string html)
    {
        if (html.Length > MaxHtmlChars)
        {
            html = html[..MaxHtmlChars];
        }

        var document = new HtmlParser().ParseDocument(html);
        var output = new StringBuilder();
        Write(document.Body ?? (INode)document.DocumentElement, output);
        return Normalise(BlankLines().Replace(output.ToString(), "\n\n"));
    }

    private static void Write(INode node, StringBuilder output)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    output.Append(Whitespace().Replace(EscapeMarkdown(text.Data), " "));
                    break;
                case IElement element:
                    WriteElement(element, output);
                    break;
            }
        }
    }

    private static void WriteElement(IElement element, StringBuilder output)
    {
        switch (element.LocalName)
        {
            case "script" or "style" or "head" or "title" or "img" or "svg" or "object" or "iframe" or "template":
                return;
            case "br":
                output.Append('\n');
                return;
            case "p" or "div" or "table" or "tr" or "section" or "article" or "header" or "footer" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                output.Append("\n\n");
                Write(element, output);
                output.Append("\n\n");
                return;
            case "td" or "th":
                Write(element, output);
                output.Append(' ');
                return;
            case "hr":
                output.Append("\n\n---\n\n");
                return;
            case "strong" or "b":
                Wrap(element, output, "**");
                return;
            case "em" or "i":
                Wrap(element, output, "*");
                return;
            case "code":
                Wrap(element, output, "`");
                return;
            case "a":
                var href = element.GetAttribute("href");
                var label = new StringBuilder();
                Write(element, label);
                var inner = label.ToString().Trim();
                if (href is not null && (href.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || href.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) && !href.Contains(')', StringComparison.Ordinal))
                {
                    output.Append('[').Append(inner.Length > 0 ? inner : href).Append("](").Append(href).Append(')');
                }
                else
                {
                    output.Append(inner);
                }

                return;
            case "ul" or "ol":
                output.Append("\n\n");
                var n = 1;
                foreach (var item in element.Children.Where(c => c.LocalName == "li"))
                {
                    var line = new StringBuilder();
                    Write(item, line);
                    output.Append(element.LocalName == "ol" ? $"{n++}. " : "- ").Append(Whitespace().Replace(line.ToString(), " ").Trim()).Append('\n');
                }

                output.Append('\n');
                return;
            case "blockquote":
                var quoted = new StringBuilder();
                Write(element, quoted);
                output.Append("\n\n");
                foreach (var line in Normalise(quoted.ToString()).Split('\n'))
                {
                    output.Append("> ").Append(line).Append('\n');
                }

                output.Append('\n');
                return;
            default:
                Write(element, output);
                return;
        }
    }

    private static void Wrap(IElement element, StringBuilder output, string mark)
    {
        var inner = new StringBuilder();
        Write(element, inner);
        var text = inner.ToString().Trim();
        if (text.Length > 0)
        {
            output.Append(mark).Append(text).Append(mark);
        }
    }

    /// <summary>Characters Markdown would read as markup, escaped in text taken from HTML (where they were plain text).</summary>
    private static string EscapeMarkdown(string text) => MarkdownSpecial().Replace(text, @"\$0");

    private static string Normalise(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n')
            .Select(l => l.TrimEnd() == "--" && l.EndsWith(' ') ? "-- " : l.TrimEnd());
        return BlankLines().Replace(string.Join('\n', lines), "\n\n").Trim('\n');
    }

    [GeneratedRegex(@"^\s*(-{2,}\s*(Original Message|Message d'origine|Message transféré|Forwarded message|Mail original)\s*-{2,}|_{20,})\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Separator();

    [GeneratedRegex(@"^\s*(Le .{4,200}a écrit\s?:|On .{4,200}wrote:|El .{4,200}escribió:|Am .{4,200}schrieb .*:)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Attribution();

    [GeneratedRegex(@"^\s*(Le |On ).{4,200}$", RegexOptions.CultureInvariant)]
    private static partial Regex AttributionStart();

    [GeneratedRegex(@"^.{0,200}(a écrit\s?:|wrote:)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex AttributionEnd();

    [GeneratedRegex(@"^\s*\**(De|From)\s?:\**\s.+", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderFrom();

    [GeneratedRegex(@"^\s*\**(Envoyé|Sent|Date|À|A|To|Objet|Subject|Cc)\s?:\**\s", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderNext();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();

    [GeneratedRegex(@"[ \t\f\v\u00a0]+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"[\\`*_\[\]<>#|]")]
    private static partial Regex MarkdownSpecial();
}
