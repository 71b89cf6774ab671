using Guichet.Features.Mail;

namespace Guichet.Features.Users.Pages;

/// <summary>
/// The request to add a user [LS 6.6.1], its 4 steps as the fieldsets of one form (works without JavaScript; on
/// error everything typed comes back with the messages).
/// </summary>
internal sealed class AddRequestModel(GuichetDbContext db, UserManager<User> users, IClock clock, IOptions<MailOptions> mail) : UsersPageModel
{
    public const string Referent = "referent";
    public const string Simple = "simple";

    [BindProperty]
    public string? LastName { get; set; }

    [BindProperty]
    public string? FirstName { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Phone { get; set; }

    [BindProperty]
    public string? Profile { get; set; } = Simple;

    [BindProperty]
    public List<Guid> ProductIds { get; set; } = [];

    [BindProperty]
    public string? Comments { get; set; }

    public IReadOnlyList<(Guid Id, string Name, int Quota)> Products { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Products = await UserQuotas.CoveredProductsAsync(db, Me.User.OrganisationId!.Value, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Profile is not (Referent or Simple))
        {
            ModelState.AddModelError(nameof(Profile), "Choisissez le profil : simple ou référent.");
        }

        var request = new AddRequest(LastName, FirstName, Email, Phone, Profile == Referent, ProductIds, Comments);
        if (ModelState.IsValid && (await RequestUserAdd.RunAsync(db, users, mail.Value, Me, request, clock.GetCurrentInstant(), ct)).Failure is { } failure)
        {
            AddFailure(failure);
        }

        if (!ModelState.IsValid)
        {
            Products = await UserQuotas.CoveredProductsAsync(db, Me.User.OrganisationId!.Value, ct);
            return Page();
        }

        return Done($"Votre demande d'ajout de {FirstName?.Trim()} {LastName?.Trim()} est envoyée : elle est en cours de traitement.", OrganisationModel.Path);
    }
}
