namespace Guichet.Features.Portal.Pages;

/// <summary>
/// The user's favourites [LS 6.7]: a name and an http or https address (a <c>javascript:</c> or <c>data:</c> address
/// is refused with a French message, since it becomes a link on the home page).
/// </summary>
internal sealed class FavouritesModel(GuichetDbContext db, IClock clock) : PortalPageModel
{
    /// <summary>A user keeps at most this many favourites.</summary>
    public const int Max = 30;

    [BindProperty]
    public string? Address { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    public IReadOnlyList<Favourite> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (url, error) = PortalRules.ReadLink(Address, "L'URL du favori");
        if (error is not null)
        {
            ModelState.AddModelError(nameof(Address), error);
        }

        var name = ReadText(nameof(Name), Name, 100, required: true, "Le nom du favori");
        var id = Caller.Id;
        if (await db.Set<Favourite>().CountAsync(f => f.UserId == id, ct) >= Max)
        {
            ModelState.AddModelError("", $"Vous avez déjà {Max} favoris : supprimez-en un avant d'en ajouter.");
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }

        db.Add(new Favourite { UserId = id, Url = url!, Name = name!, CreatedAt = clock.GetCurrentInstant() });
        await db.SaveChangesAsync(ct);
        return Done($"Le favori « {name} » est ajouté.");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        var user = Caller.Id;
        if (await db.Set<Favourite>().SingleOrDefaultAsync(f => f.Id == id && f.UserId == user, ct) is not { } favourite)
        {
            return NotFound();
        }

        db.Remove(favourite);
        await db.SaveChangesAsync(ct);
        return Done($"Le favori « {favourite.Name} » est supprimé.");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var user = Caller.Id;
        Rows = await db.Set<Favourite>().AsNoTracking().Where(f => f.UserId == user).OrderBy(f => f.Name).ToListAsync(ct);
    }
}
