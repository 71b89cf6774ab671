namespace Guichet.Features.Faq.Pages;

/// <summary>One FAQ article; another organisation's product's article is not found.</summary>
internal sealed class FaqArticleModel(GuichetDbContext db) : GatedPageModel
{
    [FromRoute]
    public long Id { get; set; }

    public FaqArticle Article { get; private set; } = null!;

    public string? Product { get; private set; }

    public string Category { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var caller = Caller;
        var visible = await PortalAccess.ProductsAsync(caller, db, ct);
        var article = await PortalAccess.Articles(db, visible).SingleOrDefaultAsync(a => a.Id == Id, ct);
        if (article is null)
        {
            return NotFound();
        }

        Article = article;
        Product = article.ProductId is { } p ? await db.Products.Where(x => x.Id == p).Select(x => x.Name).SingleOrDefaultAsync(ct) : null;
        Category = await db.Set<FaqCategory>().Where(c => c.Id == article.CategoryId).Select(c => c.Name).SingleOrDefaultAsync(ct) ?? "";
        return Page();
    }
}
