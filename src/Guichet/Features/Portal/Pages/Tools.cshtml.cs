namespace Guichet.Features.Portal.Pages;

/// <summary>The tools page [LS 6.5]: links configured by the administrators, for every signed-in user.</summary>
internal sealed class ToolsModel(GuichetDbContext db) : GatedPageModel
{
    public IReadOnlyList<PortalTool> Rows { get; private set; } = [];

    public bool IsAdmin { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        IsAdmin = Caller.IsAdmin;
        Rows = await db.Set<PortalTool>().AsNoTracking().OrderBy(t => t.Position).ThenBy(t => t.Name).ToListAsync(ct);
    }
}
