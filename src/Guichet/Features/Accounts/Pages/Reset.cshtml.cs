using Microsoft.AspNetCore.Authorization;

namespace Guichet.Features.Accounts.Pages;

/// <summary>The page the reset mail links to: the API's reset use case (single-use code, one hour).</summary>
[AllowAnonymous]
[BeforeAccountSetup]
internal sealed class ResetModel(UserManager<User> users, GuichetDbContext db, IClock clock) : PasswordLinkPageModel
{
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if ((await Passwords.ResetAsync(new Passwords.ResetRequest(Email, Code, NewPassword), users, db, clock, ct)).Failure is { } failure)
        {
            // A wrong or expired code names no field: its title is the message, in the summary.
            if (failure.Errors is null)
            {
                ModelState.AddModelError("", failure.Title);
            }
            else
            {
                ModelState.AddFailure(failure, new Dictionary<string, string> { ["token"] = "Code", ["newPassword"] = "NewPassword" });
            }
            return Page();
        }

        return ToSignIn("Votre mot de passe est changé : connectez-vous avec le nouveau.");
    }
}
