using Guichet.Features.Mail;

namespace Guichet.Features.Users.Pages;

/// <summary>
/// The référent's user management [LS 6.6]: the organisation's users (profile, applications, state) with the
/// suspension, reactivation and deletion requests, and the history of the last 60 days' requests.
/// </summary>
internal sealed class OrganisationModel(GuichetDbContext db, IClock clock, IOptions<MailOptions> mail, IOptions<Attachments.AttachmentOptions> attachments) : UsersPageModel
{
    public const string Path = "/organisation/utilisateurs";

    public sealed record Row(Guid Id, string Name, string Email, bool IsReferent, IReadOnlyList<string> Products, string State, bool Suspended, bool Pending);

    public sealed record HistoryRow(string Kind, string Who, string When, UserRequestState State, string StateText, string Reason, IReadOnlyList<string> Requested, IReadOnlyList<string> Granted);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public IReadOnlyList<HistoryRow> History { get; private set; } = [];

    public IReadOnlyList<(string Name, int Quota, int Users)> Quotas { get; private set; } = [];

    /// <summary>The organisation's attachments: space used and its quota.</summary>
    public Attachments.AttachmentsApi.Storage Storage { get; private set; } = new(0, 0);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(Guid userId, string? action, CancellationToken ct)
    {
        var kind = action switch
        {
            "suspendre" => UserRequestKind.Suspend,
            "reactiver" => UserRequestKind.Reactivate,
            "supprimer" => UserRequestKind.Delete,
            _ => (UserRequestKind?)null,
        };
        var outcome = kind is null ? Failure.NotFound() : await RequestUserChange.RunAsync(db, mail.Value, Me, userId, kind.Value, clock.GetCurrentInstant(), ct);
        return await AfterRequestAsync(outcome, () => LoadAsync(ct), "Votre demande est envoyée : elle apparaît dans l'historique ci-dessous, « En cours de traitement ».", Path);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var org = Me.User.OrganisationId!.Value;
        var products = await db.Products.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var people = await db.Users.AsNoTracking()
            .Where(u => u.OrganisationId == org && u.Kind == UserKind.Client && u.DisplayName != UsersFeature.DeletedName)
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.IsReferent, u.LockoutEnd })
            .ToListAsync(ct);
        var ids = people.Select(p => p.Id).ToList();
        var declared = await db.UserProducts.AsNoTracking().Where(p => ids.Contains(p.UserId)).ToListAsync(ct);
        var pending = await db.UserRequests.AsNoTracking()
            .Where(r => r.OrganisationId == org && r.State == UserRequestState.Pending && r.TargetUserId != null)
            .Select(r => new { r.TargetUserId, r.Kind }).ToListAsync(ct);
        var french = StringComparer.Create(Web.Pages.Display.French, false);
        Rows = [.. people.Select(p =>
        {
            var suspended = p.LockoutEnd >= AccountStatus.DeactivatedUntil;
            var asked = pending.FirstOrDefault(r => r.TargetUserId == p.Id);
            var state = asked?.Kind switch
            {
                UserRequestKind.Delete => "Suppression demandée",
                UserRequestKind.Suspend => "Suspension demandée",
                UserRequestKind.Reactivate => "Suspendu, réactivation demandée",
                _ => suspended ? "Suspendu" : "Actif",
            };
            return new Row(p.Id, p.DisplayName, p.Email ?? "", p.IsReferent,
                [.. declared.Where(d => d.UserId == p.Id).Select(d => products.GetValueOrDefault(d.ProductId, "?")).Order(french)],
                state, suspended, asked is not null);
        }).OrderBy(r => r.Name, french)];

        Storage = await Attachments.AttachmentsApi.StorageAsync(db, org, attachments.Value, ct);
        Quotas = [.. (await UserQuotas.CoveredProductsAsync(db, org, ct))
            .Select(p => (p.Name, p.Quota, declared.Count(d => d.ProductId == p.Id)))];

        var since = clock.GetCurrentInstant() - UsersFeature.HistoryLength;
        var requests = await db.UserRequests.AsNoTracking().Include(r => r.Products)
            .Where(r => r.OrganisationId == org && r.RequestedAt >= since)
            .OrderByDescending(r => r.RequestedAt).ToListAsync(ct);
        History = [.. requests.Select(r => new HistoryRow(
            UserRequestMail.KindText(r.Kind),
            r.Kind == UserRequestKind.Add ? $"{r.FirstName} {r.LastName}".Trim() is { Length: > 0 } n ? n : UsersFeature.DeletedName : r.TargetName,
            When(r.RequestedAt),
            r.State,
            UserRequestMail.StateText(r.State),
            r.Reason,
            [.. r.Products.Select(p => products.GetValueOrDefault(p.ProductId, "?")).Order(french)],
            [.. r.Products.Where(p => p.Granted).Select(p => products.GetValueOrDefault(p.ProductId, "?")).Order(french)]))];
    }
}
