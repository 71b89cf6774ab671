using System.Globalization;
using Guichet.Features.Tickets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Caching.Memory;
using NodaTime.Text;

namespace Guichet.Features.Remote;

/// <summary>A consent as both sides see it on the ticket.</summary>
internal sealed record RemoteConsentView(Guid Id, string Kind, string GivenBy, Instant At);

/// <summary>A remote-assistance session as both sides see it on the ticket.</summary>
internal sealed record RemoteSessionView(Guid Id, Guid ConsentId, string Tool, Instant StartedAt, Instant EndedAt, string UserPresent, string ClosedBy, Instant RecordedAt);

/// <summary>A ticket's consents and sessions, oldest first.</summary>
internal sealed record RemoteAssistanceView(IReadOnlyList<RemoteConsentView> Consents, IReadOnlyList<RemoteSessionView> Sessions);

/// <summary>
/// Remote-assistance sessions on a ticket with the user's recorded consent [MN, LS 7.3.3]: the client authorises from
/// the ticket, or staff record the oral consent given during a call, naming who gave it; a session record (tool,
/// start, end, user present, closed by) is refused without a consent given before it started. Both sides read them.
/// Another organisation's ticket is not found, whatever the use case.
/// </summary>
internal static class RemoteAssistance
{
    public const int MaxName = 200;

    public sealed record ConsentRequest(string? GivenBy = null);

    public sealed record SessionRequest(Guid? ConsentId, string? Tool, string? StartedAt, string? EndedAt, string? UserPresent, string? ClosedBy);

    public static async Task<Outcome<RemoteAssistanceView>> ReadAsync(long number, Caller caller, GuichetDbContext db, CancellationToken ct) =>
        await caller.VisibleTickets(db).AnyAsync(t => t.Id == number, ct)
            ? await ViewAsync(db, number, ct)
            : Failure.NotFound("ticket");

    public static async Task<Outcome<RemoteConsentView>> ConsentAsync(long number, ConsentRequest request, Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct)
    {
        var ticket = await caller.VisibleTickets(db).Where(t => t.Id == number).Select(t => new { t.IsClosed }).SingleOrDefaultAsync(ct);
        if (ticket is null)
        {
            return Failure.NotFound("ticket");
        }

        if (ticket.IsClosed)
        {
            return Failure.Conflict("ticket_closed", "La demande est close : une prise en main à distance ne s'y autorise plus.");
        }

        string givenBy;
        if (caller.IsClient)
        {
            givenBy = caller.User.DisplayName;
        }
        else
        {
            var (name, error) = TextInput.Read(request.GivenBy, MaxName, required: true, "Le nom de la personne qui a donné son accord");
            if (error is not null)
            {
                return Failure.Invalid("givenBy", error);
            }

            givenBy = name!;
        }

        var consent = new RemoteConsent
        {
            TicketId = number,
            Kind = caller.IsClient ? "portal" : "oral",
            GivenBy = givenBy,
            RecordedById = caller.Id,
            At = clock.GetCurrentInstant(),
        };
        db.Add(consent);
        await db.SaveChangesAsync(ct);
        WithConsent.Changed();
        return Of(consent);
    }

    public static async Task<Outcome<RemoteSessionView>> SessionAsync(long number, SessionRequest request, Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct)
    {
        if (!await caller.VisibleTickets(db).AnyAsync(t => t.Id == number, ct))
        {
            return Failure.NotFound("ticket");
        }

        if (!caller.IsStaff)
        {
            return Failure.Forbidden("staff_only", "La session de prise en main est enregistrée par l'équipe du prestataire.");
        }

        var now = clock.GetCurrentInstant();
        var errors = new Dictionary<string, string[]>();
        var (tool, toolError) = TextInput.Read(request.Tool, MaxName, required: true, "L'outil");
        var (present, presentError) = TextInput.Read(request.UserPresent, MaxName, required: true, "L'utilisateur présent");
        var (closedBy, closedError) = TextInput.Read(request.ClosedBy, MaxName, required: true, "La personne qui a fermé la session");
        AddIf(errors, "tool", toolError);
        AddIf(errors, "userPresent", presentError);
        AddIf(errors, "closedBy", closedError);
        var started = ReadInstant(request.StartedAt, "startedAt", "Le début", errors);
        var ended = ReadInstant(request.EndedAt, "endedAt", "La fin", errors);
        if (started is { } s && ended is { } e)
        {
            if (e < s)
            {
                errors["endedAt"] = ["La fin de la session précède son début."];
            }
            else if (e > now + Duration.FromMinutes(5))
            {
                errors["endedAt"] = ["La fin de la session ne peut pas être dans le futur."];
            }
        }

        if (errors.Count > 0)
        {
            return Failure.Invalid(errors);
        }

        // The consent: the one named, else the latest given on this ticket before the session started.
        var consents = db.Set<RemoteConsent>().Where(c => c.TicketId == number && c.At <= started!.Value);
        var consentId = request.ConsentId is { } named
            ? await consents.Where(c => c.Id == named).Select(c => (Guid?)c.Id).SingleOrDefaultAsync(ct)
            : (await consents.Select(c => new { c.Id, c.At }).ToListAsync(ct)).OrderByDescending(c => c.At).Select(c => (Guid?)c.Id).FirstOrDefault();
        if (consentId is null)
        {
            return new Failure(
                FailureKind.Conflict,
                "consent_required",
                "Aucun consentement à la prise en main à distance n'est enregistré sur cette demande avant le début de la session : recueillez l'accord de l'utilisateur avant de l'enregistrer.");
        }

        var session = new RemoteSession
        {
            TicketId = number,
            ConsentId = consentId.Value,
            Tool = tool!,
            StartedAt = started!.Value,
            EndedAt = ended!.Value,
            UserPresent = present!,
            ClosedBy = closedBy!,
            RecordedById = caller.Id,
            RecordedAt = now,
        };
        db.Add(session);
        await db.SaveChangesAsync(ct);
        return Of(session);
    }

    private static void AddIf(Dictionary<string, string[]> errors, string field, string? error)
    {
        if (error is not null)
        {
            errors[field] = [error];
        }
    }

    private static Instant? ReadInstant(string? text, string field, string what, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors[field] = [$"{what} de la session est obligatoire."];
            return null;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            || !(text.EndsWith('Z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':')))
        {
            errors[field] = [$"{what} de la session : format ISO 8601 avec fuseau attendu (par exemple 2026-03-02T09:15:00+01:00)."];
            return null;
        }

        return Instant.FromDateTimeOffset(parsed);
    }

    /// <summary>The numbers of the tickets with a consent, read again after a consent recorded on this server.</summary>
    private static readonly KeptUntilChanged<HashSet<long>> WithConsent = new(Portal.PortalRules.BannerLifetime);

    /// <summary>
    /// What the ticket page and the remote-assistance page show of a ticket the caller is already known to see: no
    /// statement at all for the great majority of tickets, which have no consent. The numbers of the tickets with one
    /// are kept for <see cref="Portal.PortalRules.BannerLifetime"/> and read again at once after a consent recorded on
    /// this server (another server's shows within that lifetime, as the banners do).
    /// </summary>
    public static async Task<RemoteAssistanceView> ViewAsync(GuichetDbContext db, IMemoryCache cache, long number, CancellationToken ct)
    {
        var withConsent = await WithConsent.GetAsync(cache, typeof(RemoteConsent), async () =>
            [.. await db.Set<RemoteConsent>().AsNoTracking().Select(c => c.TicketId).Distinct().ToListAsync(ct)]);
        return withConsent.Contains(number) ? await ViewAsync(db, number, ct) : new([], []);
    }

    /// <summary>
    /// The consents and sessions of a ticket the caller is already known to see (the ticket page and the
    /// remote-assistance page found it first), in one statement: every session hangs on a consent of its ticket.
    /// </summary>
    public static async Task<RemoteAssistanceView> ViewAsync(GuichetDbContext db, long number, CancellationToken ct)
    {
        var rows = await (from c in db.Set<RemoteConsent>().AsNoTracking()
                          where c.TicketId == number
                          join s in db.Set<RemoteSession>().AsNoTracking() on c.Id equals s.ConsentId into sessions
                          from s in sessions.DefaultIfEmpty()
                          select new { Consent = c, Session = s }).ToListAsync(ct);
        return new(
            [.. rows.Select(r => r.Consent).DistinctBy(c => c.Id).OrderBy(c => c.At).Select(Of)],
            [.. rows.Select(r => r.Session).OfType<RemoteSession>().OrderBy(s => s.StartedAt).Select(Of)]);
    }

    private static RemoteConsentView Of(RemoteConsent c) => new(c.Id, c.Kind, c.GivenBy, c.At);

    private static RemoteSessionView Of(RemoteSession s) => new(s.Id, s.ConsentId, s.Tool, s.StartedAt, s.EndedAt, s.UserPresent, s.ClosedBy, s.RecordedAt);

    /// <summary><c>/api/v1/tickets/{number}/remote-consents</c> and <c>/remote-sessions</c>: each maps one use case.</summary>
    public static void MapRemote(this RouteGroupBuilder api)
    {
        var ticket = api.MapGroup("/tickets/{number:long}");
        ticket.MapGet("/remote-consents", async Task<Results<Ok<RemoteConsentView[]>, ProblemHttpResult>> (long number, Caller caller, GuichetDbContext db, CancellationToken ct) =>
            (await ReadAsync(number, caller, db, ct)).Map(v => v.Consents.ToArray()).ToOk());
        ticket.MapPost("/remote-consents", async Task<Results<Created<RemoteConsentView>, ProblemHttpResult>> (long number, ConsentRequest request, Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct) =>
            (await ConsentAsync(number, request, caller, db, clock, ct)).ToCreated(_ => $"/api/v1/tickets/{number}/remote-consents"));
        ticket.MapGet("/remote-sessions", async Task<Results<Ok<RemoteSessionView[]>, ProblemHttpResult>> (long number, Caller caller, GuichetDbContext db, CancellationToken ct) =>
            (await ReadAsync(number, caller, db, ct)).Map(v => v.Sessions.ToArray()).ToOk());
        ticket.MapPost("/remote-sessions", async Task<Results<Created<RemoteSessionView>, ProblemHttpResult>> (long number, SessionRequest request, Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct) =>
            (await SessionAsync(number, request, caller, db, clock, ct)).ToCreated(_ => $"/api/v1/tickets/{number}/remote-sessions"));
    }
}
