using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guichet.Features.Admin.Pages;

/// <summary>Products and their versions: the list, a form to add a product and one to add a version.</summary>
internal sealed class ProductsModel(GuichetDbContext db) : AdminPageModel
{
    [BindProperty]
    public string? ProductName { get; set; }

    [BindProperty]
    public Guid? VersionProductId { get; set; }

    [BindProperty]
    public string? VersionNumber { get; set; }

    [BindProperty]
    public string? VersionReleasedOn { get; set; }

    public IReadOnlyList<Product> Products { get; private set; } = [];

    public Task OnGetAsync(CancellationToken ct) => ShowAsync(ct);

    public async Task<IActionResult> OnPostProductAsync(CancellationToken ct)
    {
        var name = await ReadUniqueNameAsync(nameof(ProductName), ProductName, "Le nom du produit", typed => db.Products.AnyAsync(p => p.Name == typed, ct), "Un produit porte déjà ce nom.");

        if (!ModelState.IsValid)
        {
            return await ShowAsync(ct);
        }

        db.Products.Add(new Product { Name = name! });
        await db.SaveChangesAsync(ct);
        return Done($"Le produit « {name} » est ajouté.");
    }

    public async Task<IActionResult> OnPostVersionAsync(CancellationToken ct)
    {
        var product = VersionProductId is { } id ? await db.Products.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct) : null;
        if (product is null)
        {
            ModelState.AddModelError(nameof(VersionProductId), "Choisissez un produit dans la liste.");
        }

        var number = ReadText(nameof(VersionNumber), VersionNumber, 32, required: true, "Le numéro de version");
        var releasedOn = ReadDate(nameof(VersionReleasedOn), VersionReleasedOn, required: false, "La date de sortie");
        if (product is not null && number is not null && await db.ProductVersions.AnyAsync(v => v.ProductId == product.Id && v.Number == number, ct))
        {
            ModelState.AddModelError(nameof(VersionNumber), $"La version {number} de {product.Name} existe déjà.");
        }

        if (!ModelState.IsValid)
        {
            return await ShowAsync(ct);
        }

        db.ProductVersions.Add(new ProductVersion { ProductId = product!.Id, Number = number!, ReleasedOn = releasedOn });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same version added meanwhile (unique index on product and number).
            db.ChangeTracker.Clear();
            ModelState.AddModelError(nameof(VersionNumber), $"La version {number} de {product.Name} existe déjà.");
            return await ShowAsync(ct);
        }

        return Done($"La version {number} de {product.Name} est ajoutée.");
    }

    /// <summary>The page with the products as stored: on opening, or again with a form's errors.</summary>
    private async Task<PageResult> ShowAsync(CancellationToken ct)
    {
        Products = await db.Products.AsNoTracking().Include(p => p.Versions).OrderBy(p => p.Name).ToListAsync(ct);
        return Page();
    }
}
