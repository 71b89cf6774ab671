namespace Guichet.Features.Notifications;

/// <summary>
/// A ticket's followers (<see cref="TicketFollower"/>): the people told of its news besides its requester. The API, the
/// ticket page and anything else call these use cases and get the same rules:
/// <list type="bullet">
/// <item>the caller must see the ticket (another organisation's ticket is not found, whatever the method);</item>
/// <item>anyone who sees it may add or remove active client users of the ticket's organisation (not its requester,
/// who is told anyway); a staff member may add or remove only themselves among staff ("Suivre cette demande");</item>
/// <item>a person may always remove themselves;</item>
/// <item>adding a follower twice, or removing someone who does not follow, changes nothing and succeeds.</item>
/// </list>
/// Clients see the client followers only: which staff follow a ticket is the provider's business.
/// </summary>
internal static class Followers
{
    /// <summary>The code of a person who may not be added (or removed) by the caller.</summary>
    public const string NotAllowed = "follower_not_allowed";

    /// <summary>The code of the requester offered as a follower: they are told already.</summary>
    public const string AlreadyNotified = "follower_is_requester";

    /// <summary>The person to add: <c>userId</c> (a staff member follows a ticket with their own id).</summary>
    public sealed record AddFollower(Guid? UserId);

    /// <summary>The ticket's followers the caller may see, and the colleagues they may still add.</summary>
    public static async Task<Outcome<TicketFollowerList>> ListAsync(long number, Caller caller, GuichetDbContext db, CancellationToken ct) =>
        await TicketOfAsync(number, caller, db, ct) is { } ticket
            ? await ReadAsync(ticket, caller, db, ct)
            : Failure.NotFound("ticket");

    /// <summary>Adds a follower (nothing changes if they follow already) and answers the new list.</summary>
    public static async Task<Outcome<TicketFollowerList>> AddAsync(long number, AddFollower request, Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct)
    {
        if (await TicketOfAsync(number, caller, db, ct) is not { } ticket)
        {
            return Failure.NotFound("ticket");
        }

        if (request.UserId is not { } userId)
        {
            return Failure.Invalid("userId", "Choisissez la personne à informer.");
        }

        if (userId == ticket.AuthorId)
        {
            return Refused(AlreadyNotified, "Cette personne a fait la demande : elle en reçoit déjà les notifications.");
        }

        var person = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new Person(u.Id, u.DisplayName, u.Kind, u.OrganisationId, u.LockoutEnd)).SingleOrDefaultAsync(ct);
        if (person is null || !MayBeFollowedBy(person, ticket, caller))
        {
            // Unknown, another organisation's, staff other than oneself, or deactivated: one answer, nothing revealed.
            return Refused(NotAllowed, caller.IsStaff
                ? "Seuls les utilisateurs actifs de l'organisation de la demande peuvent être ajoutés ; un membre de l'équipe suit la demande lui-même."
                : "Seuls vos collègues actifs de l'organisation de la demande peuvent être ajoutés.");
        }

        if (!await db.Set<TicketFollower>().AnyAsync(f => f.TicketId == ticket.Id && f.UserId == userId, ct))
        {
            db.Add(new TicketFollower { TicketId = ticket.Id, UserId = userId, CreatedAt = clock.GetCurrentInstant() });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Added at the same moment by someone else: the result is the one asked for.
                db.ChangeTracker.Clear();
                if (!await db.Set<TicketFollower>().AsNoTracking().AnyAsync(f => f.TicketId == ticket.Id && f.UserId == userId, ct))
                {
                    throw;
                }
            }
        }

        return await ReadAsync(ticket, caller, db, ct);
    }

    /// <summary>Removes a follower; someone who does not follow the ticket is left as they are.</summary>
    public static async Task<Outcome<Done>> RemoveAsync(long number, Guid userId, Caller caller, GuichetDbContext db, CancellationToken ct)
    {
        if (await TicketOfAsync(number, caller, db, ct) is not { } ticket)
        {
            return Failure.NotFound("ticket");
        }

        var person = await (from f in db.Set<TicketFollower>()
                            join u in db.Users on f.UserId equals u.Id
                            where f.TicketId == ticket.Id && f.UserId == userId
                            select new Person(u.Id, u.DisplayName, u.Kind, u.OrganisationId, u.LockoutEnd)).SingleOrDefaultAsync(ct);
        if (person is null)
        {
            return Done.Value;
        }

        if (!MayRemove(person, ticket, caller))
        {
            return Failure.Forbidden(NotAllowed, "Un membre de l'équipe ne peut être retiré que par lui-même.");
        }

        await db.Set<TicketFollower>().Where(f => f.TicketId == ticket.Id && f.UserId == userId).ExecuteDeleteAsync(ct);
        return Done.Value;
    }

    /// <summary>
    /// The followers of a ticket the caller sees (the ticket page calls it with the ticket it loaded, and with the
    /// organisation's active users it keeps a moment: then only the followers are read).
    /// </summary>
    public static async Task<TicketFollowerList> ReadAsync(TicketRef ticket, Caller caller, GuichetDbContext db, CancellationToken ct, IReadOnlyList<(Guid Id, string Name)>? activeColleagues = null)
    {
        List<FollowerRow> rows;
        List<Person> colleagues;
        if (activeColleagues is not null)
        {
            rows = await FollowersOf.For(db)(db, ticket.Id).ToListAsync(ct);
            colleagues = [.. activeColleagues.Where(c => c.Id != ticket.AuthorId).Select(c => new Person(c.Id, c.Name, UserKind.Client, ticket.OrganisationId, null))];
        }
        else
        {
            // One statement: the followers (with the day they were added) and the organisation's other client users,
            // who may be offered. (Both sides carry an instant of the same type: a set operation cannot take a null of
            // a converted type.)
            var followed = from f in db.Set<TicketFollower>()
                           join u in db.Users on f.UserId equals u.Id
                           where f.TicketId == ticket.Id
                           select new { u.Id, u.DisplayName, u.Kind, u.OrganisationId, u.LockoutEnd, Follows = true, Since = f.CreatedAt };
            var others = from u in db.Users
                         where u.OrganisationId == ticket.OrganisationId && u.Kind == UserKind.Client && u.Id != ticket.AuthorId
                         select new { u.Id, u.DisplayName, u.Kind, u.OrganisationId, u.LockoutEnd, Follows = false, Since = u.CreatedAt };
            rows = [.. (await followed.Concat(others).AsNoTracking().ToListAsync(ct)).Select(r => new FollowerRow(r.Id, r.DisplayName, r.Kind, r.OrganisationId, r.LockoutEnd, r.Follows, r.Since))];
            colleagues = [.. rows.Where(r => !r.Follows).Select(r => new Person(r.Id, r.DisplayName, r.Kind, r.OrganisationId, r.LockoutEnd))];
        }

        colleagues = [.. colleagues.OrderBy(c => c.Name, Web.Pages.Display.FrenchOrder)];
        var followers = rows.Where(r => r.Follows).OrderBy(r => r.DisplayName, Web.Pages.Display.FrenchOrder)
            .Select(r => new { Person = new Person(r.Id, r.DisplayName, r.Kind, r.OrganisationId, r.LockoutEnd), CreatedAt = r.Since }).ToList();
        var following = followers.Select(f => f.Person.Id).ToHashSet();
        var shown = followers.Where(f => caller.IsStaff || f.Person.Kind == UserKind.Client)
            .Select(f => new TicketFollowerView(
                f.Person.Id,
                f.Person.Name,
                f.Person.Kind == UserKind.Staff ? "staff" : "client",
                f.CreatedAt.ToString(),
                Deactivated(f.Person),
                MayRemove(f.Person, ticket, caller)));
        return new TicketFollowerList(
            ticket.Id,
            [.. shown],
            [.. colleagues.Where(c => !following.Contains(c.Id) && !Deactivated(c)).Select(c => new FollowerCandidate(c.Id, c.Name))],
            following.Contains(caller.Id));
    }

    /// <summary>What the rules read of a ticket.</summary>
    public sealed record TicketRef(long Id, Guid OrganisationId, Guid AuthorId);

    private static Task<TicketRef?> TicketOfAsync(long number, Caller caller, GuichetDbContext db, CancellationToken ct) =>
        caller.VisibleTickets(db).AsNoTracking().Where(t => t.Id == number)
            .Select(t => new TicketRef(t.Id, t.OrganisationId, t.AuthorId)).SingleOrDefaultAsync(ct);

    private sealed record Person(Guid Id, string Name, UserKind Kind, Guid? OrganisationId, DateTimeOffset? LockoutEnd);

    /// <summary>A follower (<see cref="Follows"/>, added at <see cref="Since"/>) or a colleague who may be added.</summary>
    private sealed record FollowerRow(Guid Id, string DisplayName, UserKind Kind, Guid? OrganisationId, DateTimeOffset? LockoutEnd, bool Follows, Instant Since);

    // Read on every ticket page: compiled once.
    private static readonly CompiledQuery<Func<GuichetDbContext, long, IAsyncEnumerable<FollowerRow>>> FollowersOf = new(() => EF.CompileAsyncQuery((GuichetDbContext db, long ticketId) =>
        from f in db.Set<TicketFollower>().AsNoTracking()
        join u in db.Users on f.UserId equals u.Id
        where f.TicketId == ticketId
        select new FollowerRow(u.Id, u.DisplayName, u.Kind, u.OrganisationId, u.LockoutEnd, true, f.CreatedAt)));

    // Lockout ends compared here: SQLite cannot compare date-time offsets in SQL.
    private static bool Deactivated(Person person) => person.LockoutEnd >= AccountStatus.DeactivatedUntil;

    private static bool ClientOf(Person person, TicketRef ticket) => person.Kind == UserKind.Client && person.OrganisationId == ticket.OrganisationId;

    private static bool MayBeFollowedBy(Person person, TicketRef ticket, Caller caller) =>
        !Deactivated(person) && (ClientOf(person, ticket) || (caller.IsStaff && person.Id == caller.Id));

    private static bool MayRemove(Person person, TicketRef ticket, Caller caller) =>
        person.Id == caller.Id || ClientOf(person, ticket);

    private static Failure Refused(string code, string message) =>
        new(FailureKind.Invalid, code, Failure.InvalidTitle, Errors: new Dictionary<string, string[]> { ["userId"] = [message] });
}

/// <summary>
/// A ticket's followers (<c>GET /api/v1/tickets/{number}/followers</c>): those the caller sees (a client sees the client
/// followers only), the colleagues of the ticket's organisation who may still be added (active client users, not the
/// requester, not following), and whether the caller follows it.
/// </summary>
internal sealed record TicketFollowerList(long Number, IReadOnlyList<TicketFollowerView> Followers, IReadOnlyList<FollowerCandidate> Candidates, bool YouFollow);

/// <summary>A follower: <c>kind</c> is <c>client</c> or <c>staff</c>; <c>since</c> an ISO-8601 instant; <c>mayRemove</c> whether the caller may remove them.</summary>
internal sealed record TicketFollowerView(Guid UserId, string Name, string Kind, string Since, bool Deactivated, bool MayRemove);

/// <summary>A client user of the ticket's organisation who may be added as a follower.</summary>
internal sealed record FollowerCandidate(Guid UserId, string Name);
