using Guichet.Features.Mail;

namespace Guichet.Features.Users.Pages;

/// <summary>My account [LS 6.1.3]: my details, change password, my applications, help, and the request to delete my account.</summary>
internal sealed class AccountModel(GuichetDbContext db, IClock clock, IOptions<MailOptions> mail) : UsersPageModel
{
    public const string Path = "/compte";

    public string? Organisation { get; private set; }

    public IReadOnlyList<string> Products { get; private set; } = [];

    public string? AccountManager { get; private set; }

    public string? AccountManagerEmail { get; private set; }

    /// <summary>When a deletion of this account was requested and is not decided yet.</summary>
    public string? DeletionRequestedAt { get; private set; }

    public Data.User Person => Me.User;

    public bool IsClient => Me.IsClient;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostDeleteAsync(bool confirm, CancellationToken ct)
    {
        if (!Me.IsClient)
        {
            return NotFound();
        }

        if (!confirm)
        {
            ModelState.AddModelError("confirm", "Cochez la case pour confirmer la demande de suppression de votre compte.");
            await LoadAsync(ct);
            return Page();
        }

        var outcome = await RequestUserChange.RunAsync(db, mail.Value, Me, Me.Id, UserRequestKind.Delete, clock.GetCurrentInstant(), ct);
        return await AfterRequestAsync(outcome, () => LoadAsync(ct), "Votre demande de suppression est envoyée au support : vous recevrez un e-mail quand elle sera traitée.", Path);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var me = Me.User;
        if (me.OrganisationId is { } orgId)
        {
            var org = await db.Organisations.AsNoTracking().Where(o => o.Id == orgId)
                .Select(o => new { o.Name, Manager = db.Users.Where(u => u.Id == o.AccountManagerId).Select(u => new { u.DisplayName, u.Email }).FirstOrDefault() })
                .SingleAsync(ct);
            Organisation = org.Name;
            AccountManager = org.Manager?.DisplayName;
            AccountManagerEmail = org.Manager?.Email;
        }

        var declared = Me.DeclaredProducts.ToList();
        var french = StringComparer.Create(Web.Pages.Display.French, false);
        Products = [.. (await db.Products.AsNoTracking().Where(p => declared.Contains(p.Id)).Select(p => p.Name).ToListAsync(ct)).Order(french)];
        var pending = await db.UserRequests.AsNoTracking()
            .Where(r => r.TargetUserId == me.Id && r.Kind == UserRequestKind.Delete && r.State == UserRequestState.Pending)
            .Select(r => (Instant?)r.RequestedAt).FirstOrDefaultAsync(ct);
        DeletionRequestedAt = pending is { } at ? When(at) : null;
    }
}
