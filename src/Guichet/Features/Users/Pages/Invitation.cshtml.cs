using Guichet.Data;
using Guichet.Features.Accounts;
using Guichet.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace Guichet.Features.Users.Pages;

/// <summary>The page an invitation mail links to: the new user chooses their password (single use, 7 days).</summary>
[AllowAnonymous]
[BeforeAccountSetup]
internal sealed class InvitationModel(UserManager<User> users, IClock clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "email")]
    public string? Email { get; set; }

    [BindProperty(SupportsGet = true, Name = "code")]
    public string? Code { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrEmpty(NewPassword))
        {
            ModelState.AddModelError(nameof(NewPassword), "Choisissez un mot de passe.");
            return Page();
        }

        if (NewPassword.Length > AccountsApi.MaxPasswordLength)
        {
            ModelState.AddModelError(nameof(NewPassword), $"Le mot de passe ne peut dépasser {AccountsApi.MaxPasswordLength} caractères.");
            return Page();
        }

        var result = await UserRequests.AcceptInvitationAsync(users, Email, Code, NewPassword, clock.GetCurrentInstant());
        if (result is null)
        {
            ModelState.AddModelError("", "Ce lien d'invitation n'est pas valide, a déjà servi ou a expiré (il vaut 7 jours). Si votre mot de passe est déjà choisi, connectez-vous ; sinon, demandez à votre référent ou au support un nouvel envoi.");
            return Page();
        }

        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(nameof(NewPassword), error.Code switch
                {
                    "PasswordTooShort" => $"Le mot de passe doit comporter au moins {PasswordStrength.MinimumLength} caractères.",
                    _ when error.Code.StartsWith("password_", StringComparison.Ordinal) => error.Description,
                    _ => "Ce mot de passe n'est pas accepté : choisissez-en un autre.",
                });
            }

            return Page();
        }

        TempData["Flash"] = "Votre mot de passe est enregistré : connectez-vous avec votre adresse e-mail et ce mot de passe.";
        return Redirect("/connexion");
    }
}
