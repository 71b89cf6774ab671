using Guichet.Features.Admin.Pages;

namespace Guichet.Features.Portal.Pages;

/// <summary>The fields of a tool (administrators only, as every configuration), shared by creation and edition.</summary>
internal abstract class ToolFormModel : AdminPageModel
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Address { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public int Position { get; set; }

    protected bool ReadInto(PortalTool tool)
    {
        var name = ReadText(nameof(Name), Name, 200, required: true, "Le nom de l'outil");
        var (url, error) = PortalRules.ReadLink(Address, "L'adresse");
        if (error is not null)
        {
            ModelState.AddModelError(nameof(Address), error);
        }

        var description = ReadText(nameof(Description), Description, 1000, required: false, "La description");
        if (!ModelState.IsValid)
        {
            return false;
        }

        tool.Name = name!;
        tool.Url = url!;
        tool.Description = description ?? "";
        tool.Position = Position;
        return true;
    }
}
