namespace Guichet.Features.Portal.Pages;

/// <summary>The fields of a news item, shared by creation and edition, with their checks.</summary>
internal abstract class NewsFormModel(GuichetDbContext db) : PortalPageModel
{
    protected GuichetDbContext Db { get; } = db;

    [BindProperty]
    public NewsKind Kind { get; set; } = NewsKind.Information;

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public string? Start { get; set; }

    [BindProperty]
    public string? End { get; set; }

    [BindProperty]
    public List<Guid> ProductIds { get; set; } = [];

    [BindProperty]
    public bool Pinned { get; set; }

    public IReadOnlyList<(Guid Id, string Name)> AllProducts { get; private set; } = [];

    protected async Task LoadChoicesAsync(CancellationToken ct) =>
        AllProducts = [.. (await Db.Products.AsNoTracking().OrderBy(p => p.Name).Select(p => new { p.Id, p.Name }).ToListAsync(ct)).Select(p => (p.Id, p.Name))];

    /// <summary>Checks the form and copies it onto <paramref name="item"/>; false (with errors on the form) when refused.</summary>
    protected async Task<bool> ReadIntoAsync(NewsItem item, Instant now, CancellationToken ct)
    {
        if (!Enum.IsDefined(Kind))
        {
            ModelState.AddModelError(nameof(Kind), "Choisissez le type de l'information.");
        }

        var title = ReadText(nameof(Title), Title, 200, required: true, "Le titre");
        var text = ReadText(nameof(Text), Text, 20_000, required: true, "Le texte");
        var start = ReadWhen(nameof(Start), Start, required: true, "La date de début");
        var end = ReadWhen(nameof(End), End, required: false, "La date de fin");
        if (start is { } s && end is { } e && e <= s)
        {
            ModelState.AddModelError(nameof(End), "La date de fin doit être après la date de début.");
        }

        var products = ProductIds.Distinct().ToList();
        if (products.Count > 0 && await Db.Products.CountAsync(p => products.Contains(p.Id), ct) != products.Count)
        {
            ModelState.AddModelError(nameof(ProductIds), "Un des produits choisis n'existe plus.");
        }

        if (!ModelState.IsValid)
        {
            return false;
        }

        item.Kind = Kind;
        item.Title = title!;
        item.Text = text!;
        item.StartsAt = start!.Value;
        item.EndsAt = end;
        item.Pinned = Pinned;
        item.UpdatedAt = now;
        item.Products.RemoveAll(p => !products.Contains(p.ProductId));
        item.Products.AddRange(products.Where(id => item.Products.All(p => p.ProductId != id)).Select(id => new NewsProduct { NewsItemId = item.Id, ProductId = id }));
        return true;
    }
}
