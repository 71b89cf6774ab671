namespace Guichet.Features.Faq.Pages;

/// <summary>
/// Articles suggested while a subject is typed on the submission form (static/js/faq.js): JSON, at most five,
/// the last word read as the start of a word.
/// </summary>
internal sealed class FaqSuggestionsModel(GuichetDbContext db) : GatedPageModel
{
    public sealed record Suggestion(long Id, string Title, string Url, string Snippet);

    public async Task<IActionResult> OnGetAsync(string? q, CancellationToken ct)
    {
        var caller = Caller;
        if (q is null || q.Trim().Length < 3)
        {
            return new JsonResult(Array.Empty<Suggestion>());
        }

        var visible = await PortalAccess.ProductsAsync(caller, db, ct);
        var results = await FaqSearch.SearchAsync(db, visible, q[..Math.Min(q.Length, 200)], prefix: true, limit: 5, ct: ct);
        return new JsonResult(results.Select(r => new Suggestion(r.Id, r.Title, $"/faq/{r.Id}", FrenchText.SnippetText(r.Snippet))));
    }
}
