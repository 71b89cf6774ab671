namespace Guichet.Features.Users;

/// <summary>A new user chooses their password from the invitation link (single use: the password changes the security stamp).</summary>
internal static class AcceptInvitation
{
    /// <summary>Sets the password from an invitation link (single use: the password changes the security stamp).</summary>
    public static async Task<Outcome<Done>> RunAsync(UserManager<User> users, string? email, string? code, string password, Instant now)
    {
        var user = email is { Length: > 0 and <= 256 } && TextInput.IsClean(email) && code is { Length: > 0 and <= 2000 } ? await users.FindByEmailAsync(email.Trim()) : null;
        if (user is null || AccountStatus.IsDeactivated(user) || await users.HasPasswordAsync(user)
            || !await users.VerifyUserTokenAsync(user, InvitationTokenProvider.ProviderName, UsersFeature.InvitationPurpose, code!.Trim()))
        {
            return Failure.NotFound("invitation") with { Code = "invitation_invalid", Title = "Ce lien d'invitation n'est pas valide, a déjà servi ou a expiré (il vaut 7 jours). Si votre mot de passe est déjà choisi, connectez-vous ; sinon, demandez à votre référent ou au support un nouvel envoi." };
        }

        var result = await users.AddPasswordAsync(user, password);
        if (result.Succeeded)
        {
            user.PasswordChangedAt = now;
            user.MustChangePassword = false;
            result = await users.UpdateAsync(user);
        }

        return result.Succeeded ? Done.Value : Failure.Invalid(new Dictionary<string, string[]>
        {
            ["newPassword"] = [.. result.Errors.Select(error => error.Code switch
            {
                "PasswordTooShort" => $"Le mot de passe doit comporter au moins {PasswordStrength.MinimumLength} caractères.",
                _ when error.Code.StartsWith("password_", StringComparison.Ordinal) => error.Description,
                _ => "Ce mot de passe n'est pas accepté : choisissez-en un autre.",
            })],
        });
    }
}
