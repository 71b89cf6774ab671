namespace Guichet.Features.Faq.Pages;

/// <summary>A product's release notes, newest version first [SPEC §8]; a product outside the caller's contracts is not found.</summary>
internal sealed class ReleaseNotesModel(GuichetDbContext db) : GatedPageModel
{
    [FromRoute]
    public Guid ProductId { get; set; }

    public string Product { get; private set; } = "";

    public sealed record Note(string Number, LocalDate? ReleasedOn, string? Body);

    public IReadOnlyList<Note> Notes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var caller = Caller;
        var visible = await PortalAccess.ProductsAsync(caller, db, ct);
        var product = await db.Products.AsNoTracking().Where(p => p.Id == ProductId && (visible == null || visible.Contains(p.Id))).Select(p => p.Name).SingleOrDefaultAsync(ct);
        if (product is null)
        {
            return NotFound();
        }

        Product = product;
        Notes = await (from v in db.ProductVersions
                       where v.ProductId == ProductId
                       join n in db.Set<ReleaseNote>() on v.Id equals n.VersionId into notes
                       from n in notes.DefaultIfEmpty()
                       orderby v.ReleasedOn descending, v.Number descending
                       select new Note(v.Number, v.ReleasedOn, n == null ? null : n.Body)).ToListAsync(ct);
        return Page();
    }
}
