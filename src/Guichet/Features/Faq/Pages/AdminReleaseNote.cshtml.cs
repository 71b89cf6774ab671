using Guichet.Features.Admin.Pages;

namespace Guichet.Features.Faq.Pages;

/// <summary>The release note of one version (Markdown); an empty text removes it.</summary>
internal sealed class AdminReleaseNoteModel(GuichetDbContext db, IClock clock) : AdminPageModel
{
    [FromRoute]
    public Guid VersionId { get; set; }

    [BindProperty]
    public string? Body { get; set; }

    public string Version { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await FindAsync(ct))
        {
            return NotFound();
        }

        Body = await db.Set<ReleaseNote>().Where(n => n.VersionId == VersionId).Select(n => n.Body).SingleOrDefaultAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await FindAsync(ct))
        {
            return NotFound();
        }

        var body = Body?.Trim() ?? "";
        if (body.Length > 100_000)
        {
            ModelState.AddModelError(nameof(Body), "Le texte dépasse 100 000 caractères.");
            return Page();
        }

        var note = await db.Set<ReleaseNote>().SingleOrDefaultAsync(n => n.VersionId == VersionId, ct);
        if (body.Length == 0)
        {
            if (note is not null)
            {
                db.Remove(note);
            }
        }
        else
        {
            note ??= db.Add(new ReleaseNote { VersionId = VersionId }).Entity;
            (note.Body, note.UpdatedAt) = (body, clock.GetCurrentInstant());
        }

        await db.SaveChangesAsync(ct);
        return Done($"La note de version de {Version} est enregistrée.", "/admin/faq");
    }

    private async Task<bool> FindAsync(CancellationToken ct)
    {
        var version = await (from v in db.ProductVersions
                             join p in db.Products on v.ProductId equals p.Id
                             where v.Id == VersionId
                             select p.Name + " " + v.Number).SingleOrDefaultAsync(ct);
        Version = version ?? "";
        return version is not null;
    }
}
