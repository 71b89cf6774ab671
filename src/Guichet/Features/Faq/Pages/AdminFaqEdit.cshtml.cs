namespace Guichet.Features.Faq.Pages;

/// <summary>One article: modify or delete it.</summary>
internal sealed class AdminFaqEditModel(GuichetDbContext db, IClock clock) : AdminFaqForm(db, clock)
{
    [FromRoute]
    public long Id { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var article = await Db.Set<FaqArticle>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == Id, ct);
        if (article is null)
        {
            return NotFound();
        }

        await LoadChoicesAsync(ct);
        (Title, ProductId, CategoryId, Body, Published) = (article.Title, article.ProductId, article.CategoryId, article.Body, article.Published);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var article = await Db.Set<FaqArticle>().SingleOrDefaultAsync(a => a.Id == Id, ct);
        if (article is null)
        {
            return NotFound();
        }

        await LoadChoicesAsync(ct);
        if (ReadArticle() is not { } text)
        {
            return Page();
        }

        article.SetText(text.Title, text.Body);
        (article.ProductId, article.CategoryId, article.Published, article.UpdatedAt) = (ProductId, CategoryId!.Value, Published, Now);
        await Db.SaveChangesAsync(ct);
        return Done($"L'article « {text.Title} » est enregistré.", "/admin/faq");
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct)
    {
        var deleted = await Db.Set<FaqArticle>().Where(a => a.Id == Id).ExecuteDeleteAsync(ct);
        return deleted == 0 ? NotFound() : Done("L'article est supprimé.", "/admin/faq");
    }
}
