namespace Guichet.Features.Accounts;

/// <summary>
/// Password policy after the CNIL's recommendation (délibération 2022-100): at least 12 characters, and
/// enough strength that it is not guessable — estimated by zxcvbn (score 3 or more, about 10^8 guesses), which
/// refuses common words, keyboard walks, dates and variations on the user's own name or e-mail, instead of
/// character-class rules that users satisfy with "Motdepasse1!".
/// </summary>
internal sealed class PasswordStrength : IPasswordValidator<User>
{
    public const int MinimumLength = 12;
    public const int MinimumScore = 3;

    public Task<IdentityResult> ValidateAsync(UserManager<User> manager, User user, string? password)
    {
        if (password is { Length: > Passwords.MaxPasswordLength })
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "password_too_long",
                Description = $"Le mot de passe ne peut dépasser {Passwords.MaxPasswordLength} caractères.",
            }));
        }

        if (string.IsNullOrEmpty(password) || password.Length < MinimumLength)
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "password_too_short",
                Description = $"Le mot de passe doit comporter au moins {MinimumLength} caractères.",
            }));
        }

        var userInputs = new[] { user.Email ?? "", user.UserName ?? "", user.DisplayName }
            .SelectMany(s => s.Split([' ', '@', '.', '-', '_'], StringSplitOptions.RemoveEmptyEntries))
            .Append("guichet")
            .ToArray();
        var result = Zxcvbn.Zxcvbn.MatchPassword(password, userInputs);
        return Task.FromResult(result.Score >= MinimumScore
            ? IdentityResult.Success
            : IdentityResult.Failed(new IdentityError
            {
                Code = "password_too_weak",
                Description = "Ce mot de passe est trop facile à deviner : évitez les mots courants, les suites de touches, les dates et votre nom ; une phrase de plusieurs mots convient.",
            }));
    }
}
