using System.Diagnostics;
using Guichet.Web.Pages;
using Xunit.Abstractions;

namespace Guichet.Tests.Web;

/// <summary>The bounds of Markdown rendering: hostile texts become escaped plain text, ordinary ones stay Markdown.</summary>
public sealed class MarkdownTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Hostile => new()
    {
        { "200 brackets", new string('[', 200) },
        { "50 KB nested emphasis", string.Concat(Enumerable.Repeat("*a _b ", 9_000))[..50_000] },
        { "deep quotes", string.Concat(Enumerable.Repeat("> ", 500)) + "texte" },
        { "deep lists", string.Join("\n", Enumerable.Range(0, 200).Select(i => new string(' ', i * 2) + "- point")) },
        { "unclosed links", string.Concat(Enumerable.Repeat("[a](", 3_000)) },
        { "70 KB", new string('a', 70_000) },
        { "at the bounds: 1,998 delimiters, 16 brackets deep, 49 KB", string.Concat(Enumerable.Repeat("*a _b ", 333)) + new string('[', 16) + string.Concat(Enumerable.Repeat("du texte ordinaire ", 2_400)) },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_hostile_text_is_shown_escaped_and_costs_little(string what, string text)
    {
        var watch = Stopwatch.StartNew();
        var html = Markdown.ToSafeHtml(text + "<script>alert(1)</script>");
        var first = watch.Elapsed;
        watch.Restart();
        Assert.Same(html, Markdown.ToSafeHtml(text + "<script>alert(1)</script>"));
        output.WriteLine($"{what}: first render {first.TotalMilliseconds:0.0} ms, cached view {watch.Elapsed.TotalMilliseconds:0.000} ms, {html.Length} characters");

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Ordinary_markdown_is_still_rendered_and_sanitised()
    {
        var html = Markdown.ToSafeHtml("Un **mot** en gras, une [aide](https://exemple.fr) et [un piège](javascript:alert(1)).\n\n> citation\n\n- un\n- deux");

        Assert.Contains("<strong>mot</strong>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://exemple.fr\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", html, StringComparison.Ordinal);
        Assert.Contains("<blockquote>", html, StringComparison.Ordinal);
        Assert.Contains("<li>deux</li>", html, StringComparison.Ordinal);
    }
}
