using Guichet.Features.Mail;

namespace Guichet.Features.Users.Pages;

/// <summary>
/// The staff's side of [LS 6.6]: pending requests of the organisations they review (an administrator: all; an
/// account manager: their organisations'), each decided by its own form, and the last 60 days' decisions.
/// </summary>
internal sealed class ReviewModel(GuichetDbContext db, UserManager<User> users, IClock clock, IOptions<MailOptions> mail) : UsersPageModel
{
    public const string Path = "/admin/demandes-utilisateurs";

    public sealed record Item(UserRequest Request, string Organisation, string Requester, IReadOnlyList<(Guid Id, string Name)> Products);

    public IReadOnlyList<Item> Pending { get; private set; } = [];

    public IReadOnlyList<Item> Decided { get; private set; } = [];

    /// <summary>The request whose form is shown again with its errors, and what was typed in it.</summary>
    public Guid? Failed { get; private set; }

    public List<Guid> ProductIds { get; private set; } = [];

    public string? Reason { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(Guid requestId, string? decision, List<Guid> productIds, string? reason, CancellationToken ct)
    {
        var request = await DecideUserRequest.Reviewable(db, Me).Include(r => r.Products).SingleOrDefaultAsync(r => r.Id == requestId, ct);
        if (request is null || decision is not ("accepter" or "refuser"))
        {
            return NotFound();
        }

        if ((await DecideUserRequest.RunAsync(db, users, mail.Value, Me, request, decision == "accepter", productIds, reason, clock.GetCurrentInstant(), ct)).Failure is { } failure)
        {
            AddFailure(failure, prefix: $"r{requestId:N}-");
            Failed = requestId;
            ProductIds = productIds;
            Reason = reason;
            await LoadAsync(ct);
            return Page();
        }

        var decided = await db.UserRequests.AsNoTracking().SingleAsync(r => r.Id == requestId, ct);
        return Done($"Demande {UserRequestMail.Describe(decided)} : {UserRequestMail.StateText(decided.State).ToLowerInvariant()}. Le demandeur est prévenu par e-mail{(decided.Kind == UserRequestKind.Add && decided.State != UserRequestState.Rejected ? ", le nouvel utilisateur a reçu son invitation" : "")}.", Path);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var since = clock.GetCurrentInstant() - UsersFeature.HistoryLength;
        var requests = await DecideUserRequest.Reviewable(db, Me).AsNoTracking().Include(r => r.Products)
            .Where(r => r.State == UserRequestState.Pending || r.DecidedAt >= since)
            .OrderBy(r => r.RequestedAt).ToListAsync(ct);
        var orgIds = requests.Select(r => r.OrganisationId).Distinct().ToList();
        var organisations = await db.Organisations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var requesterIds = requests.Select(r => r.RequestedById).Distinct().ToList();
        var requesters = await db.Users.AsNoTracking().Where(u => requesterIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var products = await db.Products.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        Item ToItem(UserRequest r) => new(
            r,
            organisations.GetValueOrDefault(r.OrganisationId, "?"),
            requesters.GetValueOrDefault(r.RequestedById, "?"),
            [.. r.Products.Select(p => (p.ProductId, products.GetValueOrDefault(p.ProductId, "?"))).OrderBy(p => p.Item2, StringComparer.Ordinal)]);
        Pending = [.. requests.Where(r => r.State == UserRequestState.Pending).Select(ToItem)];
        Decided = [.. requests.Where(r => r.State != UserRequestState.Pending).OrderByDescending(r => r.DecidedAt).Select(ToItem)];
    }
}
