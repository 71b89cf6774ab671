namespace Guichet.Features.Portal.Pages;

/// <summary>Administrators: edit or delete a tool (last write wins: a tool is a link and a name).</summary>
internal sealed class AdminToolEditModel(GuichetDbContext db) : ToolFormModel
{
    public string Heading { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await db.Set<PortalTool>().SingleOrDefaultAsync(t => t.Id == id, ct) is not { } tool)
        {
            return NotFound();
        }

        (Heading, Name, Address, Description, Position) = (tool.Name, tool.Name, tool.Url, tool.Description, tool.Position);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (await db.Set<PortalTool>().SingleOrDefaultAsync(t => t.Id == id, ct) is not { } tool)
        {
            return NotFound();
        }

        Heading = tool.Name;
        if (!ReadInto(tool))
        {
            return Page();
        }

        await db.SaveChangesAsync(ct);
        return Done($"L'outil « {tool.Name} » est enregistré.", "/admin/outils");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        if (await db.Set<PortalTool>().SingleOrDefaultAsync(t => t.Id == id, ct) is not { } tool)
        {
            return NotFound();
        }

        db.Remove(tool);
        await db.SaveChangesAsync(ct);
        return Done($"L'outil « {tool.Name} » est supprimé.", "/admin/outils");
    }
}
