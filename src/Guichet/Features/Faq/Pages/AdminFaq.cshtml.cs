namespace Guichet.Features.Faq.Pages;

/// <summary>The FAQ's administration: articles, categories, and the release notes of each version.</summary>
internal sealed class AdminFaqModel(GuichetDbContext db, IClock clock) : AdminFaqForm(db, clock)
{
    public sealed record ArticleRow(long Id, string Title, string? Product, string Category, bool Published);

    public sealed record VersionRow(Guid Id, string Product, string Number, bool HasNote);

    public IReadOnlyList<ArticleRow> Rows { get; private set; } = [];

    public IReadOnlyList<VersionRow> Versions { get; private set; } = [];

    [BindProperty]
    public string? CategoryName { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (ReadArticle() is not { } text)
        {
            return Page();
        }

        var now = Now;
        var article = new FaqArticle { ProductId = ProductId, CategoryId = CategoryId!.Value, Published = Published, CreatedAt = now, UpdatedAt = now };
        article.SetText(text.Title, text.Body);
        Db.Add(article);
        await Db.SaveChangesAsync(ct);
        return Done($"L'article « {text.Title} » est enregistré.", "/admin/faq");
    }

    public async Task<IActionResult> OnPostCategoryAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        ModelState.Clear();
        var name = ReadText(nameof(CategoryName), CategoryName, 200, required: true, "Le nom de la catégorie");
        if (name is not null && Categories.Values.Contains(name))
        {
            ModelState.AddModelError(nameof(CategoryName), "Une catégorie porte déjà ce nom.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        Db.Add(new FaqCategory { Name = name! });
        await Db.SaveChangesAsync(ct);
        return Done($"La catégorie « {name} » est créée.", "/admin/faq");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        await LoadChoicesAsync(ct);
        var rows = await Db.Set<FaqArticle>().AsNoTracking().OrderBy(a => a.Title).Select(a => new { a.Id, a.Title, a.ProductId, a.CategoryId, a.Published }).Take(1000).ToListAsync(ct);
        Rows = [.. rows.Select(r => new ArticleRow(r.Id, r.Title, r.ProductId is { } p ? Products.GetValueOrDefault(p) : null, Categories.GetValueOrDefault(r.CategoryId, ""), r.Published))];
        Versions = await (from v in Db.ProductVersions
                          join p in Db.Products on v.ProductId equals p.Id
                          orderby p.Name, v.ReleasedOn descending, v.Number descending
                          select new VersionRow(v.Id, p.Name, v.Number, Db.Set<ReleaseNote>().Any(n => n.VersionId == v.Id))).ToListAsync(ct);
    }
}
