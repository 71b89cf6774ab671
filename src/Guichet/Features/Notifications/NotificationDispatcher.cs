using Guichet.Data;
using Guichet.Domain.Presets;
using Guichet.Domain.Sla;
using Guichet.Domain.Tickets;
using Guichet.Features.Mail;
using Guichet.Features.Tickets;
using Guichet.Web.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Guichet.Features.Notifications;

/// <summary>
/// Turns the <see cref="TicketNotice"/>s written with ticket events into mail: decides the kinds (one mail per person
/// and save: a reply that also asks for information is one "information requested"), the recipients (never the
/// author, never an internal note), applies each person's preferences, renders the templates and writes the outbox
/// rows, or digest lines, in the transaction that deletes the notices. Two runs at once: the second deletes nothing
/// and writes nothing.
/// </summary>
internal sealed partial class NotificationDispatcher(GuichetDbContext db, IClock clock, IOptions<MailOptions> options, MailSigning signing, ILogger<NotificationDispatcher> logger)
{
    private const int BatchSize = 200;

    /// <summary>The state that waits for the client's information although the provider has the ball in the workflow's table.</summary>
    private const string WaitingForInformation = "attente-info-complementaire";

    /// <summary>One mail to write: its kind, its recipient and the values of its template.</summary>
    internal sealed record Planned(NotificationKind Kind, User Recipient, Dictionary<string, object?> Model);

    /// <summary>Dispatches the waiting notices; returns how many mails (and digest lines) were written.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var batches = await db.Set<TicketNotice>().AsNoTracking()
            .OrderBy(n => n.Id)
            .Select(n => n.Batch)
            .Take(BatchSize)
            .ToListAsync(ct);
        var written = 0;
        foreach (var batch in batches.Distinct())
        {
            written += await DispatchAsync(batch, ct);
        }

        return written;
    }

    private async Task<int> DispatchAsync(Guid batch, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var events = await db.Set<TicketNotice>().AsNoTracking().Where(n => n.Batch == batch).Select(n => n.Event).ToListAsync(ct);
        var claimed = await db.Set<TicketNotice>().Where(n => n.Batch == batch).ExecuteDeleteAsync(ct);
        if (claimed == 0)
        {
            return 0; // Another run took them.
        }

        var written = 0;
        foreach (var group in events.GroupBy(e => e.TicketId))
        {
            var planned = await PlanAsync(group.Key, [.. group], ct);
            written += await WriteAsync(planned.Ticket, batch, planned.Mails, ct);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return written;
    }

    /// <summary>What one save of a ticket tells whom.</summary>
    internal async Task<(Ticket Ticket, List<Planned> Mails)> PlanAsync(long ticketId, List<Data.TicketTraceEntry> events, CancellationToken ct)
    {
        var ticket = await db.Tickets.AsNoTracking().Include(t => t.Events).SingleAsync(t => t.Id == ticketId, ct);
        var (preset, territory) = await TicketHandlers.ContractContextAsync(db, ticket.ContractId, ticket.PolicyVersion, ct);
        var workflow = preset.Policy.Workflow;
        var zone = TicketClocks.TerritoryOf(territory).Zone;
        var organisation = await db.Organisations.AsNoTracking().Where(o => o.Id == ticket.OrganisationId).Select(o => o.Name).SingleAsync(ct);
        var author = events.Select(e => e.AuthorId).FirstOrDefault(a => a is not null);

        var followers = await db.Set<TicketFollower>().AsNoTracking().Where(f => f.TicketId == ticketId).Select(f => f.UserId).ToListAsync(ct);
        var team = await StaffServingAsync(ticket, ct);
        var ids = followers.Concat(team).Append(ticket.AuthorId).Concat(ticket.OwnerId is { } o ? [o] : []).Concat(author is { } a ? [a] : []).Distinct().ToList();
        var people = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, ct);

        // The requester and the client followers of the same organisation; the owner (the team when unowned) and staff
        // followers who still see the ticket (they serve it, or administer). A deactivated follower is told nothing.
        followers = [.. followers.Where(id => people.TryGetValue(id, out var f) && !AccountStatus.IsDeactivated(f))];
        var clients = followers.Append(ticket.AuthorId).Distinct()
            .Select(id => people.GetValueOrDefault(id))
            .Where(u => u is { Kind: UserKind.Client } && u.OrganisationId == ticket.OrganisationId)
            .Cast<User>().ToList();
        var staffFollowers = followers.Select(id => people.GetValueOrDefault(id))
            .Where(u => u is { Kind: UserKind.Staff } && (team.Contains(u.Id) || u.Roles.HasFlag(StaffRoles.Admin))).Cast<User>();
        var owners = (ticket.OwnerId is { } ownerId && people.TryGetValue(ownerId, out var owner) ? [owner] : team.Select(id => people[id]))
            .Concat(staffFollowers).DistinctBy(u => u.Id).ToList();

        var now = clock.GetCurrentInstant();
        var common = Common(ticket, preset, organisation, author is { } by ? people.GetValueOrDefault(by) : null, territory, now);
        var mails = new List<Planned>();
        // A client's mail names the state as the client's pages do ("En attente de votre réponse").
        var clientTicket = common["ticket"] is Dictionary<string, object?> shown
            ? new Dictionary<string, object?>(shown) { ["etat"] = preset.Policy.Workflow.TryGetState(ticket.State, out var current) ? current.LabelFor(client: true) : ticket.State }
            : null;
        void Tell(NotificationKind kind, IEnumerable<User> to, Dictionary<string, object?>? values = null)
        {
            // Never the author of the action, except the requester's acknowledgement of their own request.
            foreach (var user in to.Where(u => u.Id != author || kind == NotificationKind.Acknowledgement))
            {
                var model = new Dictionary<string, object?>(common);
                if (user.Kind == UserKind.Client && clientTicket is not null)
                {
                    model["ticket"] = clientTicket;
                }

                foreach (var (k, v) in values ?? [])
                {
                    model[k] = v;
                }

                mails.Add(new Planned(kind, user, model));
            }
        }

        var publicStaffMessage = events.LastOrDefault(e => e is { Kind: EventKind.Message, Visibility: Visibility.Public, Value: TicketClocks.StaffMark });
        var clientMessage = events.LastOrDefault(e => e is { Kind: EventKind.Message, Visibility: Visibility.Public, Value: TicketClocks.ClientMark });
        var stateChange = events.LastOrDefault(e => e.Kind == EventKind.StateChanged && e.Visibility == Visibility.Public);
        WorkflowState? newState = stateChange?.Value is { } s && workflow.TryGetState(s, out var st) ? st : null;
        WorkflowState? oldState = stateChange?.PreviousValue is { } p && workflow.TryGetState(p, out var pst) ? pst : null;
        var byClient = author is { } authorId && people.GetValueOrDefault(authorId)?.Kind == UserKind.Client;

        if (events.Any(e => e.Kind == EventKind.Created))
        {
            Tell(NotificationKind.Acknowledgement, clients);
            Tell(NotificationKind.NewTicket, owners, new() { ["message"] = ticket.Body });
        }

        if (clientMessage is not null)
        {
            var kind = newState?.Id == "relance-client" ? NotificationKind.ClientChase
                : oldState is { Actor: Actor.Client } && workflow.AutomaticTransitionFrom(oldState.Id) is not null ? NotificationKind.Reopened
                : NotificationKind.ClientReply;
            Tell(kind, owners, new() { ["message"] = clientMessage.Text });
        }

        string? clientKindFromState = null;
        if (newState is not null && !byClient)
        {
            var closesOn = workflow.AutomaticTransitionFrom(newState.Id) is { } auto
                ? Display.When(auto.DueAt(stateChange!.At), zone)
                : null;
            var asked = publicStaffMessage?.Text ?? stateChange!.Text;
            var kind = newState.Terminal ? NotificationKind.Closed
                : newState.Actor == Actor.Client && closesOn is not null ? NotificationKind.Resolved
                : newState.Actor == Actor.Client || newState.Id == WaitingForInformation ? NotificationKind.InformationRequested
                : null;
            if (kind is not null)
            {
                clientKindFromState = kind.Id;
                Tell(kind, clients, new() { ["message"] = asked, ["fermeture_le"] = closesOn });
            }
        }
        else if (newState is { Terminal: true } && byClient)
        {
            // Closed by the requester: their colleagues who follow it are told.
            Tell(NotificationKind.Closed, clients);
        }

        if (publicStaffMessage is not null && clientKindFromState is null)
        {
            Tell(NotificationKind.Reply, clients, new() { ["message"] = publicStaffMessage.Text });
        }

        if (events.LastOrDefault(e => e.Kind == EventKind.PriorityChanged && e.Visibility == Visibility.Public) is { } requalified)
        {
            var scheme = preset.Policy.Scheme;
            Tell(NotificationKind.Requalified, clients, new()
            {
                ["ancienne_priorite"] = scheme.TryGet(requalified.PreviousValue, out var before) ? before.Label : requalified.PreviousValue,
                ["nouvelle_priorite"] = scheme.TryGet(requalified.Value, out var after) ? after.Label : requalified.Value,
                ["motif"] = requalified.Text,
            });
        }

        return (ticket, mails);
    }

    /// <summary>The staff serving the ticket's organisation and queue (a staff member with no queue serves them all).</summary>
    private async Task<List<Guid>> StaffServingAsync(Ticket ticket, CancellationToken ct) =>
        await db.StaffOrganisations.AsNoTracking()
            .Where(s => s.OrganisationId == ticket.OrganisationId)
            .Where(s => !db.StaffQueues.Any(q => q.UserId == s.UserId) || db.StaffQueues.Any(q => q.UserId == s.UserId && q.QueueId == ticket.QueueId))
            .Select(s => s.UserId)
            .ToListAsync(ct);

    private Dictionary<string, object?> Common(Ticket ticket, SlaPreset preset, string organisation, User? author, string territory, Instant now)
    {
        var zone = TicketClocks.TerritoryOf(territory).Zone;
        var settings = options.Value;
        var workflow = preset.Policy.Workflow;
        var evaluation = TicketClocks.Evaluate(ticket, ticket.Events, preset, territory, now);
        var clocks = evaluation.Clocks
            .Where(c => c.Status == ClockStatus.Running && c.Due is not null && preset.Policy.Clocks.First(d => d.Id == c.Id).Side == Actor.Provider)
            .Select(c => new Dictionary<string, object?> { ["nom"] = c.Name, ["echeance"] = Display.When(c.Due!.Value, zone) })
            .ToList();
        return new Dictionary<string, object?>
        {
            ["ticket"] = new Dictionary<string, object?>
            {
                ["reference"] = ticket.Reference,
                ["objet"] = ticket.Subject,
                ["lien"] = settings.Link($"/demandes/{ticket.Id}"),
                ["etat"] = workflow.TryGetState(ticket.State, out var state) ? state.Label : ticket.State,
                ["priorite"] = preset.Policy.Scheme.TryGet(ticket.Priority, out var level) ? level.Label : ticket.Priority,
                ["organisation"] = organisation,
            },
            ["auteur"] = new Dictionary<string, object?> { ["nom"] = author?.DisplayName ?? "Guichet" },
            ["delais"] = clocks,
            ["message"] = null,
            ["fermeture_le"] = null,
        };
    }

    /// <summary>Writes the planned mails (or digest lines) after each person's preferences; returns how many.</summary>
    private async Task<int> WriteAsync(Ticket ticket, Guid batch, List<Planned> mails, CancellationToken ct)
    {
        if (mails.Count == 0)
        {
            return 0;
        }

        var settings = options.Value;
        var domain = Domain(settings);
        var userIds = mails.Select(m => m.Recipient.Id).Distinct().ToList();
        var orgIds = mails.Select(m => m.Recipient.OrganisationId).OfType<Guid>().Distinct().ToList();
        var preferences = await db.Set<NotificationPreference>().AsNoTracking().Where(p => userIds.Contains(p.UserId)).ToListAsync(ct);
        var defaults = await db.Set<OrganisationNotificationDefault>().AsNoTracking().Where(p => orgIds.Contains(p.OrganisationId)).ToListAsync(ct);
        var templates = new NotificationTemplates(db);
        var now = clock.GetCurrentInstant();
        var inForce = new Dictionary<string, NotificationTemplates.Template>(StringComparer.Ordinal);
        var zones = new Dictionary<Guid, DateTimeZone>();
        var written = 0;
        foreach (var mail in mails.DistinctBy(m => (m.Recipient.Id, m.Kind.Id)))
        {
            var user = mail.Recipient;
            // No address, or one a delivery report said fails (inbound mail flags it): nothing more is sent to it.
            if (string.IsNullOrWhiteSpace(user.Email) || user.EmailUndeliverableAt is not null)
            {
                continue;
            }

            var choice = NotificationPreferences.Resolve(mail.Kind.Id, preferences.Where(p => p.UserId == user.Id), defaults.Where(d => d.OrganisationId == user.OrganisationId));
            if (!choice.Enabled)
            {
                continue;
            }

            mail.Model["destinataire"] = new Dictionary<string, object?> { ["nom"] = user.DisplayName };
            mail.Model["desabonnement"] = NotificationPreferences.UnsubscribeLink(settings, signing, user.Id, mail.Kind.Id);
            var replyTo = ReplyAddresses.For(settings, signing, ticket.Reference, user.Id);
            mail.Model["repondre_par_courriel"] = replyTo is not null;
            if (!inForce.TryGetValue(mail.Kind.Id, out var template))
            {
                inForce[mail.Kind.Id] = template = await templates.ForAsync(mail.Kind.Id, ct);
            }

            var rendered = Render(template, mail);
            if (choice.Digest)
            {
                db.Add(new NotificationDigestItem
                {
                    UserId = user.Id,
                    TicketId = ticket.Id,
                    Kind = mail.Kind.Id,
                    Line = rendered.Subject.Length <= 400 ? rendered.Subject : rendered.Subject[..400],
                    CreatedAt = now,
                    DueAt = NotificationPreferences.NextDigest(now, choice.DigestHour, await ZoneOfAsync(user, zones, ct)),
                });
                written++;
                continue;
            }

            var headers = new List<KeyValuePair<string, string>>
            {
                new("Auto-Submitted", "auto-generated"),
                new("X-Auto-Response-Suppress", "All"),
                new("X-Loop", Mail.Inbound.InboundFiler.LoopMarker(settings)),
                new("In-Reply-To", "<" + MailThreading.RootId(ticket.Reference, domain) + ">"),
                new("References", "<" + MailThreading.RootId(ticket.Reference, domain) + ">"),
                new("Thread-Topic", ticket.Reference),
                new("Thread-Index", MailThreading.ThreadIndex(ticket.Reference, ticket.CreatedAt, now)),
                new("List-Unsubscribe", "<" + (string)mail.Model["desabonnement"]! + ">"),
                new("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
            };
            if (replyTo is not null)
            {
                headers.Add(new("Reply-To", replyTo));
            }

            db.Outbox.Add(new OutboxMessage
            {
                To = user.Email,
                Subject = rendered.Subject.Length <= 300 ? rendered.Subject : rendered.Subject[..300],
                Body = rendered.Text,
                Html = rendered.Html,
                CreatedAt = now,
                MessageId = MailThreading.MessageId(ticket.Reference, batch, user.Id, mail.Kind.Id, domain),
                Headers = MailHeaders.Write(headers),
                TicketId = ticket.Id,
                UserId = user.Id,
                Kind = mail.Kind.Id,
            });
            written++;
        }

        if (written > 0)
        {
            LogWritten(logger, written, ticket.Reference);
        }

        return written;
    }

    /// <summary>
    /// The mail rendered with its template; should an administrator's template fail on this mail's values (it rendered
    /// with the invented values when saved), the built-in one, rather than a batch that never goes.
    /// </summary>
    private NotificationTemplates.Rendered Render(NotificationTemplates.Template template, Planned mail)
    {
        try
        {
            return NotificationTemplates.Render(template, mail.Model);
        }
        catch (Exception e) when (LiquidErrors.IsRenderError(e) && template != NotificationTemplates.Defaults[mail.Kind.Id])
        {
            LogTemplateFailed(logger, e, mail.Kind.Id);
            return NotificationTemplates.Render(NotificationTemplates.Defaults[mail.Kind.Id], mail.Model);
        }
    }

    /// <summary>The time zone of a person's digest: their organisation's, metropolitan France for staff; each organisation read once per call.</summary>
    private async Task<DateTimeZone> ZoneOfAsync(User user, Dictionary<Guid, DateTimeZone> known, CancellationToken ct)
    {
        if (user.OrganisationId is not { } org)
        {
            return TicketClocks.TerritoryOf("metropole").Zone;
        }

        if (!known.TryGetValue(org, out var zone))
        {
            var territory = await db.Organisations.AsNoTracking().Where(o => o.Id == org).Select(o => o.Territory).SingleAsync(ct);
            known[org] = zone = TicketClocks.TerritoryOf(territory).Zone;
        }

        return zone;
    }

    /// <summary>The domain of Message-Ids: the sender's, else the site's host.</summary>
    public static string Domain(MailOptions settings) =>
        settings.From is { } from && MimeKit.MailboxAddress.TryParse(from, out var sender) && sender.Domain.Length > 0
            ? sender.Domain
            : new Uri(settings.PublicUrl).Host;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The administrators' template of {Kind} failed to render; the built-in one was used.")]
    private static partial void LogTemplateFailed(ILogger logger, Exception error, string kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} notifications written for {Ticket}.")]
    private static partial void LogWritten(ILogger logger, int count, string ticket);
}
