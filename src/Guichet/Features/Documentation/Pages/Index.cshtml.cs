using Guichet.Features.Attachments;
using Guichet.Features.Faq;

namespace Guichet.Features.Documentation.Pages;

/// <summary>The documentation tree by product, version and category [SPEC §5, LS 6.3.2], for the caller's products.</summary>
internal sealed class DocumentationModel(GuichetDbContext db) : GatedPageModel
{
    public sealed record Doc(Guid Id, string Product, string? Version, string Category, string Title, string FileName, long Size);

    public IReadOnlyList<Doc> Documents { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var caller = Caller;
        var visible = await PortalAccess.ProductsAsync(caller, db, ct);
        Documents = await (from d in db.Set<ProductDocument>().AsNoTracking()
                           join p in db.Products on d.ProductId equals p.Id
                           join v in db.ProductVersions on d.VersionId equals v.Id into versions
                           from v in versions.DefaultIfEmpty()
                           where visible == null || visible.Contains(d.ProductId)
                           orderby p.Name, d.Category, d.Title
                           select new Doc(d.Id, p.Name, v == null ? null : v.Number, d.Category, d.Title, d.FileName, d.Size)).ToListAsync(ct);
        return Page();
    }
}

/// <summary>
/// Downloads a document of the caller's products, as an attachment is downloaded (<c>Content-Disposition:
/// attachment</c>, <c>nosniff</c>); any other is not found.
/// </summary>
internal sealed class DocumentDownloadModel(GuichetDbContext db, IOptions<AttachmentOptions> options) : GatedPageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var caller = Caller;
        var visible = await PortalAccess.ProductsAsync(caller, db, ct);
        var document = await db.Set<ProductDocument>().AsNoTracking().SingleOrDefaultAsync(d => d.Id == Id && (visible == null || visible.Contains(d.ProductId)), ct);
        var path = document is null ? null : Path.Combine(options.Value.Directory, document.StoredName);
        if (document is null || !System.IO.File.Exists(path))
        {
            return NotFound();
        }

        Response.Headers.XContentTypeOptions = "nosniff";
        return PhysicalFile(path!, Attachments.AttachmentsApi.ServedContentType(document.ContentType), document.FileName);
    }
}
