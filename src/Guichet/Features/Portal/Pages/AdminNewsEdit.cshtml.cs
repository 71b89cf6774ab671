namespace Guichet.Features.Portal.Pages;

/// <summary>Staff: edit a news item, or end it now (an incident's banner then disappears).</summary>
internal sealed class AdminNewsEditModel(GuichetDbContext db, IClock clock) : NewsFormModel(db)
{
    public string Heading { get; private set; } = "";

    public string StateText { get; private set; } = "";

    /// <summary>Started and not ended: "Terminer maintenant" applies.</summary>
    public bool CanEndNow { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } item)
        {
            return NotFound();
        }

        Kind = item.Kind;
        Title = item.Title;
        Text = item.Text;
        Start = Typing(item.StartsAt);
        End = Typing(item.EndsAt);
        Pinned = item.Pinned;
        ProductIds = [.. item.Products.Select(p => p.ProductId)];
        await ShowAsync(item, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } item)
        {
            return NotFound();
        }

        var now = clock.GetCurrentInstant();
        if (!await ReadIntoAsync(item, now, ct))
        {
            await ShowAsync(item, ct);
            return Page();
        }

        await Db.SaveChangesAsync(ct);
        PortalRules.NewsChanged();
        return Done($"L'information « {item.Title} » est enregistrée.", "/admin/actualites");
    }

    public async Task<IActionResult> OnPostEndAsync(Guid id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } item)
        {
            return NotFound();
        }

        var now = clock.GetCurrentInstant();
        if (item.IsOngoing(now))
        {
            item.EndsAt = now;
            item.UpdatedAt = now;
            await Db.SaveChangesAsync(ct);
            PortalRules.NewsChanged();
        }

        return Done($"L'information « {item.Title} » est terminée.", "/admin/actualites");
    }

    private Task<NewsItem?> FindAsync(Guid id, CancellationToken ct) =>
        Db.Set<NewsItem>().Include(n => n.Products).SingleOrDefaultAsync(n => n.Id == id, ct);

    private async Task ShowAsync(NewsItem item, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        Heading = item.Title;
        StateText = new NewsView(item.Id, item.Kind, item.Title, item.Text, item.StartsAt, item.EndsAt, item.Pinned, item.PublishedAt, []).State(now);
        CanEndNow = item.IsOngoing(now);
        await LoadChoicesAsync(ct);
    }
}
