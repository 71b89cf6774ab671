namespace Guichet.Features.Portal.Pages;

/// <summary>Administrators: the tools page's links, and the form to add one [LS 6.5].</summary>
internal sealed class AdminToolsModel(GuichetDbContext db) : ToolFormModel
{
    public IReadOnlyList<PortalTool> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Rows = await LoadAsync(ct);
        Position = Rows.Count == 0 ? 10 : Rows.Max(t => t.Position) + 10;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var tool = new PortalTool();
        if (!ReadInto(tool))
        {
            Rows = await LoadAsync(ct);
            return Page();
        }

        db.Add(tool);
        await db.SaveChangesAsync(ct);
        return Done($"L'outil « {tool.Name} » est ajouté.");
    }

    private Task<List<PortalTool>> LoadAsync(CancellationToken ct) =>
        db.Set<PortalTool>().AsNoTracking().OrderBy(t => t.Position).ThenBy(t => t.Name).ToListAsync(ct);
}
