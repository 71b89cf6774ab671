using NodaTime.Text;

namespace Guichet.Features.Admin.Pages;

/// <summary>A product's page: rename it, add a version, change a version's release date.</summary>
internal sealed class ProductEditModel(GuichetDbContext db) : RenamePageModel
{
    public override RenameTexts Rename { get; } = new("Nom du produit", "Le nom que voient les clients dans leurs demandes.", "Renommer le produit", "/admin/produits");

    [BindProperty]
    public string? VersionNumber { get; set; }

    [BindProperty]
    public string? VersionReleasedOn { get; set; }

    /// <summary>The version whose date is being changed.</summary>
    [BindProperty]
    public Guid? VersionId { get; set; }

    [BindProperty]
    public string? ReleasedOn { get; set; }

    public Product Product { get; private set; } = null!;

    public IEnumerable<ProductVersion> Versions => Product.Versions.OrderByDescending(v => v.ReleasedOn).ThenByDescending(v => v.Number, StringComparer.Ordinal);

    public string Path => $"/admin/produits/{Id}";

    /// <summary>The field (and error key) of a version's date: one small form per version.</summary>
    public static string DateField(Guid versionId) => $"date-{versionId:N}";

    /// <summary>The date shown for a version: what was typed when its form came back with an error, else the stored one.</summary>
    public string? DateValue(ProductVersion version) =>
        VersionId == version.Id && ReleasedOn is not null ? ReleasedOn
        : version.ReleasedOn is { } d ? LocalDatePattern.Iso.Format(d) : null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await FindAsync(ct))
        {
            return NotFound();
        }

        ShowName(Product.Name);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await FindAsync(ct))
        {
            return NotFound();
        }

        if (await ReadNewNameAsync(Product.Name, "Le nom du produit", typed => db.Products.AnyAsync(p => p.Name == typed && p.Id != Id, ct), "Un produit porte déjà ce nom.", "Ce produit a été modifié") is not { } name)
        {
            return Page();
        }

        await db.Products.Where(p => p.Id == Id).ExecuteUpdateAsync(u => u.SetProperty(p => p.Name, name), ct);
        return Done($"Le produit « {name} » est enregistré.", Rename.ListPath);
    }

    public async Task<IActionResult> OnPostVersionAsync(CancellationToken ct)
    {
        if (!await FindAsync(ct))
        {
            return NotFound();
        }

        var number = ReadText(nameof(VersionNumber), VersionNumber, 32, required: true, "Le numéro de version");
        var releasedOn = ReadDate(nameof(VersionReleasedOn), VersionReleasedOn, required: false, "La date de sortie");
        if (number is not null && Product.Versions.Any(v => v.Number == number))
        {
            ModelState.AddModelError(nameof(VersionNumber), $"La version {number} de {Product.Name} existe déjà.");
        }

        if (!ModelState.IsValid)
        {
            return await AgainAsync(ct);
        }

        db.ProductVersions.Add(new ProductVersion { ProductId = Id, Number = number!, ReleasedOn = releasedOn });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same version added meanwhile (unique index on product and number).
            ModelState.AddModelError(nameof(VersionNumber), $"La version {number} de {Product.Name} existe déjà.");
            return await AgainAsync(ct);
        }

        return Done($"La version {number} de {Product.Name} est ajoutée.", Path);
    }

    public async Task<IActionResult> OnPostDateAsync(CancellationToken ct)
    {
        if (!await FindAsync(ct))
        {
            return NotFound();
        }

        if (Product.Versions.SingleOrDefault(v => v.Id == VersionId) is not { } version)
        {
            ModelState.AddModelError("", "Cette version n'existe plus.");
            return await AgainAsync(ct);
        }

        var releasedOn = ReadDate(DateField(version.Id), ReleasedOn, required: false, $"La date de sortie de la version {version.Number}");
        if (!ModelState.IsValid)
        {
            return await AgainAsync(ct);
        }

        version.ReleasedOn = releasedOn;
        await db.SaveChangesAsync(ct);
        return Done(releasedOn is { } d
            ? $"La version {version.Number} de {Product.Name} est datée du {DateText(d)}."
            : $"La version {version.Number} de {Product.Name} n'a plus de date de sortie.", Path);
    }

    /// <summary>The page again after an error of the version forms: the rename form shows the stored name.</summary>
    private async Task<IActionResult> AgainAsync(CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await FindAsync(ct);
        ShowName(Product.Name);
        return Page();
    }

    private async Task<bool> FindAsync(CancellationToken ct)
    {
        if (await db.Products.Include(p => p.Versions).SingleOrDefaultAsync(p => p.Id == Id, ct) is not { } product)
        {
            return false;
        }

        Product = product;
        return true;
    }
}
