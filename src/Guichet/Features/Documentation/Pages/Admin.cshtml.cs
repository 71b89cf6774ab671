using Guichet.Features.Admin.Pages;
using Guichet.Features.Attachments;
using Guichet.Features.Faq;

namespace Guichet.Features.Documentation.Pages;

/// <summary>The documentation's administration: add a document to a product (and version), remove one.</summary>
internal sealed class AdminDocumentationModel(GuichetDbContext db, IOptions<AttachmentOptions> options, IClock clock) : AdminPageModel
{
    [BindProperty]
    public Guid? ProductId { get; set; }

    [BindProperty]
    public Guid? VersionId { get; set; }

    [BindProperty]
    public string? Category { get; set; }

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    public sealed record Row(Guid Id, string Product, string? Version, string Category, string Title, string FileName);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public IReadOnlyList<Product> Products { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var product = Products.FirstOrDefault(p => p.Id == ProductId);
        if (product is null)
        {
            ModelState.AddModelError(nameof(ProductId), "Choisissez un produit.");
        }
        else if (VersionId is { } v && product.Versions.All(x => x.Id != v))
        {
            ModelState.AddModelError(nameof(VersionId), "Cette version n'est pas une version du produit choisi.");
        }

        var category = ReadText(nameof(Category), Category, 100, required: true, "La catégorie");
        var title = ReadText(nameof(Title), Title, 300, required: true, "Le titre");
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), "Choisissez un fichier.");
        }
        else if (Upload.Length > options.Value.MaxBytes)
        {
            ModelState.AddModelError(nameof(Upload), $"Le fichier dépasse la taille maximale ({options.Value.MaxBytes / 1024 / 1024} Mo).");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var document = new ProductDocument
        {
            ProductId = product!.Id,
            VersionId = VersionId,
            Category = category!,
            Title = title!,
            FileName = AttachmentsApi.SafeFileName(Upload!.FileName),
            ContentType = AttachmentsApi.ServedContentType(Upload.ContentType),
            Size = Upload.Length,
            StoredName = Guid.NewGuid().ToString("N"),
            CreatedAt = clock.GetCurrentInstant(),
        };
        System.IO.Directory.CreateDirectory(options.Value.Directory);
        var path = Path.Combine(options.Value.Directory, document.StoredName);
        try
        {
            await using (var stream = System.IO.File.Create(path))
            {
                await Upload.CopyToAsync(stream, ct);
            }

            db.Add(document);
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            System.IO.File.Delete(path);
            throw;
        }

        return Done($"Le document « {document.Title} » est ajouté.", "/admin/documentation");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        var document = await db.Set<ProductDocument>().SingleOrDefaultAsync(d => d.Id == id, ct);
        if (document is null)
        {
            return NotFound();
        }

        db.Remove(document);
        await db.SaveChangesAsync(ct);
        System.IO.File.Delete(Path.Combine(options.Value.Directory, document.StoredName));
        return Done($"Le document « {document.Title} » est retiré.", "/admin/documentation");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Products = await db.Products.AsNoTracking().Include(p => p.Versions).OrderBy(p => p.Name).ToListAsync(ct);
        Rows = await (from d in db.Set<ProductDocument>().AsNoTracking()
                      join p in db.Products on d.ProductId equals p.Id
                      join v in db.ProductVersions on d.VersionId equals v.Id into versions
                      from v in versions.DefaultIfEmpty()
                      orderby p.Name, d.Category, d.Title
                      select new Row(d.Id, p.Name, v == null ? null : v.Number, d.Category, d.Title, d.FileName)).ToListAsync(ct);
    }
}
