using Guichet.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guichet.Features.Home;

/// <summary>The French page shown for an error status of a page (the API answers with ProblemDetails).</summary>
[AllowAnonymous]
[BeforeAccountSetup]
[IgnoreAntiforgeryToken]
internal sealed class ErrorModel : PageModel
{
    [FromRoute]
    public int Code { get; set; }

    public string Title => Code switch
    {
        404 => "Page introuvable",
        400 => "Demande incorrecte",
        403 => "Accès refusé",
        _ => "Une erreur est survenue",
    };

    public string Message => Code switch
    {
        404 => "Cette page n'existe pas ou vous n'y avez pas accès.",
        400 => "La demande n'a pas pu être traitée : rechargez la page et recommencez.",
        _ => "Réessayez dans un instant ; si le problème persiste, prévenez votre interlocuteur habituel.",
    };

    public IActionResult OnGet() => Page();

    public IActionResult OnPost() => Page();
}
