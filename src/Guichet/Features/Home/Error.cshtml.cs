using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guichet.Features.Home;

/// <summary>The French page shown for an error status of a page (the API answers with ProblemDetails).</summary>
[AllowAnonymous]
[BeforeAccountSetup]
[IgnoreAntiforgeryToken]
internal sealed class ErrorModel : PageModel
{
    private int _code;

    /// <summary>The status shown: the route's, or after an exception the status it was mapped to (ExceptionProblems).</summary>
    [FromRoute]
    public int Code
    {
        get => HttpContext?.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is not null ? HttpContext.Response.StatusCode : _code;
        set => _code = value;
    }

    public string Title => Code switch
    {
        404 => "Page introuvable",
        400 => "Demande incorrecte",
        403 => "Accès refusé",
        409 => "Modification concurrente",
        413 => "Envoi trop volumineux",
        429 => "Trop de tentatives",
        503 => "Service momentanément indisponible",
        507 => "Espace de stockage insuffisant",
        _ => "Une erreur est survenue",
    };

    public string Message => Code switch
    {
        404 => "Cette page n'existe pas ou vous n'y avez pas accès.",
        400 => "La demande n'a pas pu être traitée : rechargez la page et recommencez.",
        409 => "Quelqu'un d'autre vient de modifier ces données : rechargez la page puis recommencez.",
        413 => "Ce que vous avez envoyé dépasse la taille maximale acceptée.",
        429 => "Vous avez fait trop de tentatives en peu de temps : patientez quelques minutes avant de réessayer.",
        503 => "Le service ne peut pas joindre sa base de données : réessayez dans un instant.",
        507 => "Le serveur n'a plus de place pour enregistrer : rien n'a été enregistré. Réessayez plus tard ; l'exploitant est prévenu.",
        _ => "Réessayez dans un instant ; si le problème persiste, prévenez votre interlocuteur habituel.",
    };

    public IActionResult OnGet() => Describe();

    public IActionResult OnPost() => Describe();

    private PageResult Describe()
    {
        // Re-executed after an exception: the page names the fault (disk full, database unreachable) the status says.
        if (HttpContext.Features.Get<IExceptionHandlerFeature>() is { } failure && FaultProblems.Classify(failure.Error) is { } fault)
        {
            Code = fault.Status;
        }

        return Page();
    }
}
