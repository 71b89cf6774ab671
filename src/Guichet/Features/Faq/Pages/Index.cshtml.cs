namespace Guichet.Features.Faq.Pages;

/// <summary>The FAQ [SPEC §5, LS 6.3.1]: browse by product and category, or search in French.</summary>
internal sealed class FaqIndexModel(GuichetDbContext db) : GatedPageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true, Name = "produit")]
    public Guid? Product { get; set; }

    [BindProperty(SupportsGet = true, Name = "categorie")]
    public Guid? Category { get; set; }

    public sealed record Row(long Id, string Title, string? Product, string Category);

    public IReadOnlyDictionary<Guid, string> Products { get; private set; } = new Dictionary<Guid, string>();

    public IReadOnlyDictionary<Guid, string> Categories { get; private set; } = new Dictionary<Guid, string>();

    /// <summary>Search results, when a query was typed.</summary>
    public IReadOnlyList<FaqSearch.Result>? Results { get; private set; }

    /// <summary>Articles by category, when browsing.</summary>
    public IReadOnlyList<Row> Articles { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var caller = Caller;
        var visible = await PortalAccess.ProductsAsync(caller, db, ct);
        Products = await db.Products.AsNoTracking().Where(p => visible == null || visible.Contains(p.Id)).OrderBy(p => p.Name).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        Categories = await db.Set<FaqCategory>().AsNoTracking().OrderBy(c => c.Name).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        if (Product is { } chosen && !Products.ContainsKey(chosen))
        {
            Product = null;
        }

        if (!string.IsNullOrWhiteSpace(Query))
        {
            Query = Query.Trim()[..Math.Min(Query.Trim().Length, 200)];
            Results = await FaqSearch.SearchAsync(db, visible, Query, prefix: false, limit: 20, Product, Category, ct);
            return Page();
        }

        var articles = PortalAccess.Articles(db, visible);
        if (Product is { } p)
        {
            articles = articles.Where(a => a.ProductId == p);
        }

        if (Category is { } c)
        {
            articles = articles.Where(a => a.CategoryId == c);
        }

        var rows = await articles.OrderBy(a => a.Title).Take(500).Select(a => new { a.Id, a.Title, a.ProductId, a.CategoryId }).ToListAsync(ct);
        Articles = [.. rows.Select(r => new Row(r.Id, r.Title, r.ProductId is { } id ? Products.GetValueOrDefault(id) : null, Categories.GetValueOrDefault(r.CategoryId, "")))];
        return Page();
    }
}
