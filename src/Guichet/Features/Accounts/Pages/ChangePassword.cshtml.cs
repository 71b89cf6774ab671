namespace Guichet.Features.Accounts.Pages;

/// <summary>Password change, forced at first sign-in and at renewal; the same rules as the API.</summary>
[BeforeAccountSetup]
internal sealed class ChangePasswordModel(UserManager<User> users, GuichetDbContext db, IClock clock) : GatedPageModel
{
    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    public bool Required { get; private set; }


    public async Task OnGetAsync()
    {
        var caller = Caller;
        Required = caller.MustChangePassword(clock.GetCurrentInstant()) == true;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var caller = Caller;
        if ((await Passwords.ChangeAsync(new Passwords.ChangePasswordRequest(CurrentPassword, NewPassword), caller.Id, keepToken: null, users, db, clock, ct)).Failure is { } failure)
        {
            ModelState.AddFailure(failure, new Dictionary<string, string> { ["currentPassword"] = "CurrentPassword", ["newPassword"] = "NewPassword" });
            Required = caller.MustChangePassword(clock.GetCurrentInstant());
            return Page();
        }

        // The new security stamp ends every session, this one included: sign in again with the new stamp.
        await SessionCookie.RenewAsync(HttpContext, users, caller.Id);
        TempData["Flash"] = "Votre mot de passe a été changé.";
        return Redirect("/");
    }
}
