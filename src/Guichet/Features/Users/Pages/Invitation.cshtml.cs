using Guichet.Features.Accounts.Pages;
using Microsoft.AspNetCore.Authorization;

namespace Guichet.Features.Users.Pages;

/// <summary>The page an invitation mail links to: the new user chooses their password (single use, 7 days).</summary>
[AllowAnonymous]
[BeforeAccountSetup]
internal sealed class InvitationModel(UserManager<User> users, IClock clock) : PasswordLinkPageModel
{
    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrEmpty(NewPassword))
        {
            ModelState.AddModelError(nameof(NewPassword), "Choisissez un mot de passe.");
            return Page();
        }

        if (NewPassword.Length > Passwords.MaxPasswordLength)
        {
            ModelState.AddModelError(nameof(NewPassword), $"Le mot de passe ne peut dépasser {Passwords.MaxPasswordLength} caractères.");
            return Page();
        }

        if ((await AcceptInvitation.RunAsync(users, Email, Code, NewPassword, clock.GetCurrentInstant())).Failure is { } failure)
        {
            ModelState.AddFailure(failure, new Dictionary<string, string> { ["newPassword"] = nameof(NewPassword) });
            return Page();
        }

        return ToSignIn("Votre mot de passe est enregistré : connectez-vous avec votre adresse e-mail et ce mot de passe.");
    }
}
