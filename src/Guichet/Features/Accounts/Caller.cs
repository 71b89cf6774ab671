using System.Security.Claims;

namespace Guichet.Features.Accounts;

/// <summary>
/// The authenticated user of a request and what they may see. Every query of a feature starts from one of the
/// <c>Visible…</c> methods here: another organisation's data is then simply not found (404), whatever the route.
/// </summary>
internal sealed class Caller
{
    private readonly Row _row;

    /// <summary>A caller from what was read of them: staff serve organisations and queues, clients are declared on products.</summary>
    private Caller(Row row) => _row = row.User.Kind == UserKind.Staff
        ? row with { Products = [], PasswordMaxAgeDays = null, Territory = null }
        : row with { Organisations = [], Queues = [] };

    public User User => _row.User;

    public Guid Id => User.Id;

    public bool IsStaff => User.Kind == UserKind.Staff;

    public bool IsClient => User.Kind == UserKind.Client;

    public bool IsAdmin => IsStaff && User.Roles.HasFlag(StaffRoles.Admin);

    /// <summary>The telephony system's account: it may push calls and nothing else (<see cref="MachineAccountFence"/>).</summary>
    public bool IsTelephony => IsStaff && User.Roles.HasFlag(StaffRoles.Telephony);

    /// <summary>The backup tooling's account: it may record backup runs and nothing else (<see cref="MachineAccountFence"/>).</summary>
    public bool IsBackup => IsStaff && User.Roles.HasFlag(StaffRoles.Backup);

    /// <summary>Organisations a staff member serves (empty for clients).</summary>
    public IReadOnlyCollection<Guid> ServedOrganisations => _row.Organisations;

    /// <summary>Queues a staff member is limited to; empty means every queue.</summary>
    public IReadOnlyCollection<Guid> ServedQueues => _row.Queues;

    /// <summary>Products a client user is declared on.</summary>
    public IReadOnlyCollection<Guid> DeclaredProducts => _row.Products;

    /// <summary>Minimal API binding: the caller of the request, loaded once and kept in the request's items.</summary>
    public static async ValueTask<Caller?> BindAsync(HttpContext context)
    {
        if (context.Items.TryGetValue(typeof(Caller), out var cached))
        {
            return (Caller?)cached;
        }

        var db = context.RequestServices.GetRequiredService<GuichetDbContext>();
        var caller = await LoadAsync(db, context.User, context.RequestServices.GetService<SessionCache>(), context.RequestAborted);
        context.Items[typeof(Caller)] = caller;
        return caller;
    }

    /// <summary>Claim of a page session holding the account's security stamp at sign-in.</summary>
    public const string StampClaim = "stamp";

    /// <summary>What a caller is made of: the user, what they serve or are declared on, and their renewal period.</summary>
    internal sealed record Row(User User, IReadOnlyCollection<Guid> Organisations, IReadOnlyCollection<Guid> Queues, IReadOnlyCollection<Guid> Products, int? PasswordMaxAgeDays, string? Territory);

    public static Task<Caller?> LoadAsync(GuichetDbContext db, ClaimsPrincipal principal, CancellationToken ct) => LoadAsync(db, principal, null, ct);

    /// <summary>The caller, from <paramref name="cache"/> when it holds a row this process has not changed since.</summary>
    internal static async Task<Caller?> LoadAsync(GuichetDbContext db, ClaimsPrincipal principal, SessionCache? cache, CancellationToken ct)
    {
        if (!Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
        {
            return null;
        }

        if (cache is null || !cache.TryGetCaller(id, out var row))
        {
            var version = SessionCache.VersionBeforeRead();
            row = await ReadAsync(db, id, ct);
            if (row is not null)
            {
                cache?.PutCaller(id, row, version);
            }
        }

        // A page session carries the account's security stamp: changing or resetting the password ends the others.
        // A deactivated account has no session at all, whatever its stamp.
        if (row is null || (principal.FindFirstValue(StampClaim) is { } stamp && stamp != row.User.SecurityStamp) || AccountStatus.IsDeactivated(row.User))
        {
            return null;
        }

        return new Caller(row);
    }

    /// <summary>
    /// The caller for a known user outside any HTTP request (inbound mail, jobs): the same rights as their session
    /// would have, or null for an unknown or deactivated account.
    /// </summary>
    public static async Task<Caller?> OfUserAsync(GuichetDbContext db, Guid id, CancellationToken ct)
    {
        var row = await ReadAsync(db, id, ct);
        if (row is null || AccountStatus.IsDeactivated(row.User))
        {
            return null;
        }

        return new Caller(row);
    }


    private static Task<Row?> ReadAsync(GuichetDbContext db, Guid id, CancellationToken ct) => ReadRow.For(db)(db, id, ct);

    // Read by every request whose caller is not kept (SessionCache): compiled once. One round trip for the user,
    // what they serve or are declared on, and their renewal period.
    private static readonly CompiledQuery<Func<GuichetDbContext, Guid, CancellationToken, Task<Row?>>> ReadRow = new(() => EF.CompileAsyncQuery(
        (GuichetDbContext db, Guid id, CancellationToken ct) => db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => new Row(
            u,
            db.StaffOrganisations.Where(s => s.UserId == u.Id).Select(s => s.OrganisationId).ToList(),
            db.StaffQueues.Where(s => s.UserId == u.Id).Select(s => s.QueueId).ToList(),
            db.UserProducts.Where(p => p.UserId == u.Id).Select(p => p.ProductId).ToList(),
            db.Contracts.Where(c => c.OrganisationId == u.OrganisationId).Min(c => c.PasswordMaxAgeDays),
            db.Organisations.Where(o => o.Id == u.OrganisationId).Select(o => o.Territory).FirstOrDefault())).SingleOrDefault()));

    /// <summary>A client's organisation's territory (its time zone and holidays); null for staff.</summary>
    public string? Territory => _row.Territory;

    /// <summary>The strictest password renewal period of the organisation's contracts, in days, if any.</summary>
    public int? PasswordMaxAgeDays => _row.PasswordMaxAgeDays;

    /// <summary>First login, reset by staff, or periodic renewal when a contract of the organisation asks for it.</summary>
    public bool MustChangePassword(NodaTime.Instant now) => PasswordChangeRequired(User, PasswordMaxAgeDays, now);

    /// <summary>The rule, for a user and the renewal period of their organisation's contracts.</summary>
    public static bool PasswordChangeRequired(User user, int? maxAgeDays, NodaTime.Instant now) =>
        user.MustChangePassword
        || (maxAgeDays is { } days && (user.PasswordChangedAt ?? user.CreatedAt) + NodaTime.Duration.FromDays(days) < now);

    /// <summary>
    /// Whether the caller sees this ticket: the rule of <see cref="VisibleTickets"/> applied to one ticket already read
    /// (the ticket load reads by number alone, with a query compiled once whose SQL never changes). A test holds the two to the same answer.
    /// </summary>
    public bool Sees(Ticket ticket) =>
        IsClient ? ticket.OrganisationId == User.OrganisationId
        : IsAdmin || (ServedOrganisations.Contains(ticket.OrganisationId) && (ServedQueues.Count == 0 || ServedQueues.Contains(ticket.QueueId)));

    public IQueryable<Ticket> VisibleTickets(GuichetDbContext db)
    {
        var tickets = db.Tickets.AsQueryable();
        if (IsClient)
        {
            var org = User.OrganisationId;
            return tickets.Where(t => t.OrganisationId == org);
        }

        if (IsAdmin)
        {
            return tickets;
        }

        var orgs = ServedOrganisations;
        var queues = ServedQueues;
        return queues.Count == 0
            ? tickets.Where(t => orgs.Contains(t.OrganisationId))
            : tickets.Where(t => orgs.Contains(t.OrganisationId) && queues.Contains(t.QueueId));
    }

    public IQueryable<Organisation> VisibleOrganisations(GuichetDbContext db)
    {
        if (IsClient)
        {
            var org = User.OrganisationId;
            return db.Organisations.Where(o => o.Id == org);
        }

        var orgs = ServedOrganisations;
        return IsAdmin ? db.Organisations : db.Organisations.Where(o => orgs.Contains(o.Id));
    }

    public IQueryable<User> VisibleUsers(GuichetDbContext db)
    {
        if (IsClient)
        {
            var org = User.OrganisationId;
            return db.Users.Where(u => u.OrganisationId == org);
        }

        var orgs = ServedOrganisations;
        return IsAdmin ? db.Users : db.Users.Where(u => u.Kind == UserKind.Staff || orgs.Contains(u.OrganisationId!.Value));
    }

    public IQueryable<Contract> VisibleContracts(GuichetDbContext db)
    {
        var visible = VisibleOrganisations(db).Select(o => o.Id);
        return db.Contracts.Where(c => visible.Contains(c.OrganisationId));
    }

    /// <summary>
    /// Staff who handle tickets technically (agents, pole managers, admins): they qualify, requalify, assign,
    /// declare milestones and log time. Account managers and supervisors read, write messages and move states.
    /// </summary>
    public bool IsTechnicalStaff => IsStaff && (User.Roles & (StaffRoles.Agent | StaffRoles.PoleManager | StaffRoles.Admin)) != 0;

    /// <summary>Whether events of this visibility may be shown to the caller.</summary>
    public bool MaySee(Visibility visibility) => IsStaff || visibility == Visibility.Public;
}
