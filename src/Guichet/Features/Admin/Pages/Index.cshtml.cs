namespace Guichet.Features.Admin.Pages;

/// <summary>The administration's home: links to each section.</summary>
internal sealed class IndexModel : AdminPageModel
{
    public IActionResult OnGet() => Page();
}
