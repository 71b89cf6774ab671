namespace Guichet.Features.Admin.Pages;

/// <summary>The fields of an account and their checks, shared by the creation and the edit forms.</summary>
internal abstract class UserFormModel : AdminPageModel
{
    /// <summary>The roles offered, in the order of the form, with their French names.</summary>
    public static readonly IReadOnlyList<(StaffRoles Role, string Label)> RoleChoices =
    [
        (StaffRoles.Agent, "Agent"),
        (StaffRoles.PoleManager, "Responsable de pôle"),
        (StaffRoles.AccountManager, "Chargé d'affaires"),
        (StaffRoles.Supervisor, "Superviseur"),
        (StaffRoles.Admin, "Administrateur"),
    ];

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty]
    public bool IsReferent { get; set; }

    [BindProperty]
    public List<Guid> ProductIds { get; set; } = [];

    [BindProperty]
    public List<StaffRoles> Roles { get; set; } = [];

    [BindProperty]
    public List<Guid> ServedOrganisationIds { get; set; } = [];

    public IReadOnlyDictionary<Guid, string> Organisations { get; protected set; } = new Dictionary<Guid, string>();

    public IReadOnlyDictionary<Guid, string> Products { get; protected set; } = new Dictionary<Guid, string>();

    public static string RoleNames(StaffRoles roles) =>
        string.Join(", ", RoleChoices.Where(c => roles.HasFlag(c.Role)).Select(c => c.Label.ToLowerInvariant()));

    public const string DuplicateEmail = "Un compte existe déjà avec cette adresse e-mail.";

    /// <summary>
    /// The typed address if it is a person's and free (an address already <paramref name="self"/>'s is free);
    /// otherwise null, the error on the form.
    /// </summary>
    protected async Task<string?> ReadEmailAsync(UserManager<User> users, Guid? self)
    {
        var email = ReadText(nameof(Email), Email, 256, required: true, "L'adresse e-mail");
        if (email is null)
        {
            return null;
        }

        if (!Emails.IsValid(email))
        {
            ModelState.AddModelError(nameof(Email), "L'adresse e-mail n'est pas valide (exemple : prenom.nom@commune.fr).");
            return null;
        }

        if (Emails.IsGeneric(email))
        {
            ModelState.AddModelError(nameof(Email), "L'adresse e-mail doit être nominative (celle d'une personne, pas une adresse partagée comme contact@ ou accueil@).");
            return null;
        }

        if (await users.FindByEmailAsync(email) is { } owner && owner.Id != self)
        {
            ModelState.AddModelError(nameof(Email), DuplicateEmail);
            return null;
        }

        return email;
    }

    /// <summary>Checks that each declared product is covered by a contract of the organisation.</summary>
    protected async Task CheckDeclaredProductsAsync(GuichetDbContext db, Guid organisationId, List<Guid> declared, CancellationToken ct)
    {
        if (declared.Count == 0)
        {
            return;
        }

        var covered = await (from cp in db.ContractProducts
                             join c in db.Contracts on cp.ContractId equals c.Id
                             where c.OrganisationId == organisationId && declared.Contains(cp.ProductId)
                             select cp.ProductId).Distinct().ToListAsync(ct);
        var uncovered = declared.Except(covered).ToList();
        if (uncovered.Count > 0)
        {
            var names = await db.Products.Where(p => uncovered.Contains(p.Id)).OrderBy(p => p.Name).Select(p => p.Name).ToListAsync(ct);
            ModelState.AddModelError(nameof(ProductIds), names.Count == 0
                ? "Un des produits cochés n'existe plus."
                : $"Aucun contrat de l'organisation ne couvre : {string.Join(", ", names)}.");
        }
    }

    /// <summary>The checked roles (at least one); the served organisations must exist.</summary>
    protected async Task<StaffRoles> ReadStaffAsync(GuichetDbContext db, List<Guid> served, CancellationToken ct)
    {
        var roles = Roles.Where(r => RoleChoices.Any(c => c.Role == r)).Aggregate(StaffRoles.None, (all, r) => all | r);
        if (roles == StaffRoles.None)
        {
            ModelState.AddModelError(nameof(Roles), "Cochez au moins un rôle pour un membre du personnel.");
        }

        if (served.Count > 0 && await db.Organisations.CountAsync(o => served.Contains(o.Id), ct) != served.Count)
        {
            ModelState.AddModelError(nameof(ServedOrganisationIds), "Une des organisations cochées n'existe plus.");
        }

        return roles;
    }

    /// <summary>A failed Identity result in the form: each error in French next to its field.</summary>
    protected void AddIdentityErrors(IdentityResult result, string passwordField, string otherwise)
    {
        foreach (var error in result.Errors)
        {
            var (field, message) = French(error, passwordField, otherwise);
            ModelState.AddModelError(field, message);
        }
    }

    /// <summary>Identity's errors in French, on their field (the password validator's are French already).</summary>
    private static (string Field, string Message) French(IdentityError error, string passwordField, string otherwise) => error.Code switch
    {
        "DuplicateUserName" or "DuplicateEmail" => (nameof(Email), DuplicateEmail),
        "InvalidUserName" or "InvalidEmail" => (nameof(Email), "L'adresse e-mail contient des caractères non permis."),
        "PasswordTooShort" => (passwordField, $"Le mot de passe doit comporter au moins {Accounts.PasswordStrength.MinimumLength} caractères."),
        _ when error.Code.StartsWith("password_", StringComparison.Ordinal) => (passwordField, error.Description),
        _ when error.Code.StartsWith("Password", StringComparison.Ordinal) => (passwordField, "Ce mot de passe n'est pas accepté."),
        "ConcurrencyFailure" => ("", "Le compte a été modifié au même moment par ailleurs : recommencez."),
        _ => ("", otherwise),
    };

    /// <summary>The length check before Identity's (which answers in English); false when the error went to the form.</summary>
    protected bool CheckInitialPassword(string field, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            ModelState.AddModelError(field, "Le mot de passe initial est requis.");
            return false;
        }

        if (password.Length < Accounts.PasswordStrength.MinimumLength)
        {
            ModelState.AddModelError(field, $"Le mot de passe doit comporter au moins {Accounts.PasswordStrength.MinimumLength} caractères.");
            return false;
        }

        if (password.Length > Accounts.Passwords.MaxPasswordLength)
        {
            ModelState.AddModelError(field, $"Le mot de passe ne peut dépasser {Accounts.Passwords.MaxPasswordLength} caractères.");
            return false;
        }

        return true;
    }

    protected async Task LoadChoicesAsync(GuichetDbContext db, CancellationToken ct)
    {
        Organisations = await db.Organisations.AsNoTracking().OrderBy(o => o.Name).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        Products = await db.Products.AsNoTracking().OrderBy(p => p.Name).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
    }
}
