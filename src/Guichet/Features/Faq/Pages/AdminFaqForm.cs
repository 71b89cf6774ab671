using Guichet.Features.Admin.Pages;

namespace Guichet.Features.Faq.Pages;

/// <summary>The article form shared by the creation and edition pages (staff, administrators only).</summary>
internal abstract class AdminFaqForm(GuichetDbContext db, IClock clock) : AdminPageModel
{
    protected GuichetDbContext Db => db;

    protected Instant Now => clock.GetCurrentInstant();

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public Guid? ProductId { get; set; }

    [BindProperty]
    public Guid? CategoryId { get; set; }

    [BindProperty]
    public string? Body { get; set; }

    [BindProperty]
    public bool Published { get; set; }

    public IReadOnlyDictionary<Guid, string> Products { get; private set; } = new Dictionary<Guid, string>();

    public IReadOnlyDictionary<Guid, string> Categories { get; private set; } = new Dictionary<Guid, string>();

    protected async Task LoadChoicesAsync(CancellationToken ct)
    {
        Products = await db.Products.AsNoTracking().OrderBy(p => p.Name).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        Categories = await db.Set<FaqCategory>().AsNoTracking().OrderBy(c => c.Name).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
    }

    /// <summary>Checks the form; the values to store, or null with the errors in the model state.</summary>
    protected (string Title, string Body)? ReadArticle()
    {
        var title = ReadText(nameof(Title), Title, 300, required: true, "Le titre");
        var body = Body?.Trim() ?? "";
        if (body.Length == 0)
        {
            ModelState.AddModelError(nameof(Body), "Le texte de l'article est requis.");
        }
        else if (body.Length > 100_000)
        {
            ModelState.AddModelError(nameof(Body), "Le texte dépasse 100 000 caractères.");
        }

        if (ProductId is { } p && !Products.ContainsKey(p))
        {
            ModelState.AddModelError(nameof(ProductId), "Choisissez un produit de la liste.");
        }

        if (CategoryId is not { } c || !Categories.ContainsKey(c))
        {
            ModelState.AddModelError(nameof(CategoryId), "Choisissez une catégorie (créez-la d'abord si besoin).");
        }

        return ModelState.IsValid ? (title!, body) : null;
    }
}
