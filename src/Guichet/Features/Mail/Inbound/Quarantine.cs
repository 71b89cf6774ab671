using Guichet.Data;
using Guichet.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using NodaTime;

namespace Guichet.Features.Mail.Inbound;

/// <summary>
/// Staff review of what inbound mail could not file safely: see the mail (its text only, never its HTML), then
/// create the ticket for a chosen client user, answer the sender, or discard it. Staff see the mail of unknown
/// senders and of the organisations they serve (administrators: all); anything else is not found.
/// </summary>
internal sealed class Quarantine(GuichetDbContext db, InboundFiler filer, IClock clock, IOptions<MailOptions> mailOptions)
{
    public const int MaxAnswer = 10_000;

    public sealed record Row(long Id, string Mailbox, string From, string Subject, Instant ReceivedAt, InboundStatus Status, string? Reason, long? Ticket);

    public sealed record Detail(Row Mail, string? To, string? Date, string Text, IReadOnlyList<string> Attachments, Guid? SenderId, Guid? SenderOrganisationId);

    public sealed record MailboxView(string Name, Instant? LastFetchAt, Instant? LastSuccessAt, string? LastError, int Filed, int Quarantined);

    /// <summary>The mails waiting for review (quarantined, newest first), then the last ones ignored or answered.</summary>
    public async Task<Outcome<IReadOnlyList<Row>>> ListAsync(Caller caller, bool waitingOnly, CancellationToken ct)
    {
        if (!caller.IsStaff)
        {
            return Failure.NotFound("page");
        }

        var query = Visible(caller);
        query = waitingOnly
            ? query.Where(m => m.Status == InboundStatus.Quarantined)
            : query.Where(m => m.Status != InboundStatus.Quarantined);
        var rows = await query.OrderByDescending(m => m.Id).Take(200)
            .Select(m => new Row(m.Id, m.Mailbox, m.From, m.Subject, m.ReceivedAt, m.Status, m.Reason, m.TicketId))
            .ToListAsync(ct);
        return rows;
    }

    public async Task<Outcome<IReadOnlyList<MailboxView>>> MailboxesAsync(Caller caller, IEnumerable<InboundMailbox> configured, CancellationToken ct)
    {
        if (!caller.IsStaff)
        {
            return Failure.NotFound("page");
        }

        var states = await db.Set<MailboxState>().AsNoTracking().ToDictionaryAsync(s => s.Name, ct);
        var waiting = await db.Set<InboundMail>().AsNoTracking().Where(m => m.Status == InboundStatus.Quarantined)
            .GroupBy(m => m.Mailbox).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return configured.Select(m => states.GetValueOrDefault(m.Name) is { } s
                ? new MailboxView(m.Name, s.LastFetchAt, s.LastSuccessAt, s.LastError, s.Filed, waiting.GetValueOrDefault(m.Name))
                : new MailboxView(m.Name, null, null, null, 0, waiting.GetValueOrDefault(m.Name)))
            .ToList();
    }

    public async Task<Outcome<Detail>> ShowAsync(Caller caller, long id, CancellationToken ct)
    {
        if (await LoadAsync(caller, id, ct) is not { } mail)
        {
            return Failure.NotFound("courriel");
        }

        var row = new Row(mail.Id, mail.Mailbox, mail.From, mail.Subject, mail.ReceivedAt, mail.Status, mail.Reason, mail.TicketId);
        var sender = await SenderAsync(mail.From, ct);
        if (mail.Raw is null)
        {
            return new Detail(row, null, null, "(le texte de ce courriel n'est plus conservé)", [], sender?.Id, sender?.OrganisationId);
        }

        var message = await ParseAsync(mail.Raw, ct);
        return new Detail(
            row,
            message.To.ToString(),
            message.Headers[HeaderId.Date],
            MailText.Whole(message),
            message.Attachments.OfType<MimePart>().Select(p => p.FileName ?? "(sans nom)").ToList(),
            sender?.Id,
            sender?.OrganisationId);
    }

    public sealed record CreateRequest(Guid? UserId, Guid? ProductId, Guid? QueueId);

    /// <summary>Files the mail as a new ticket of a chosen client user (as if that user had sent it).</summary>
    public async Task<Outcome<long>> CreateTicketAsync(Caller caller, long id, CreateRequest request, CancellationToken ct)
    {
        if (await LoadAsync(caller, id, ct) is not { Status: InboundStatus.Quarantined } mail)
        {
            return Failure.NotFound("courriel en attente");
        }

        if (mail.Raw is null)
        {
            return Failure.Conflict("mail_without_text", "Le texte de ce courriel n'est plus conservé : créez la demande à la main.");
        }

        if (request.UserId is not { } userId || await Caller.OfUserAsync(db, userId, ct) is not { IsClient: true } client
            || !caller.IsAdmin && !caller.ServedOrganisations.Contains(client.User.OrganisationId!.Value))
        {
            return Failure.Invalid("userId", "Choisissez un utilisateur d'une organisation que vous servez.");
        }

        var message = await ParseAsync(mail.Raw, ct);
        var outcome = await filer.OpenForAsync(message, client, request.ProductId, request.QueueId, ct);
        if (!outcome.TryGet(out var opened, out var failure))
        {
            return failure;
        }

        await DecideAsync(mail.Id, caller, InboundStatus.Filed, $"Demande créée pour {client.User.DisplayName} par {caller.User.DisplayName}.{opened.Refused}", opened.Number, ct);
        return opened.Number;
    }

    /// <summary>Answers the sender by mail (a person's answer: no Auto-Submitted) and closes the review.</summary>
    public async Task<Outcome<Done>> AnswerAsync(Caller caller, long id, string? text, CancellationToken ct)
    {
        if (await LoadAsync(caller, id, ct) is not { Status: InboundStatus.Quarantined } mail)
        {
            return Failure.NotFound("courriel en attente");
        }

        var (answer, error) = Web.TextInput.Read(text, MaxAnswer, required: true, "La réponse");
        if (error is not null)
        {
            return Failure.Invalid("text", error);
        }

        if (!MailboxAddress.TryParse(mail.From, out _) || !mail.From.Contains('@', StringComparison.Ordinal))
        {
            return Failure.Conflict("no_sender", "Ce courriel n'a pas d'adresse d'expéditeur à laquelle répondre.");
        }

        var settings = mailOptions.Value;
        var headers = new List<KeyValuePair<string, string>>();
        if (!mail.MessageId.StartsWith("sha256:", StringComparison.Ordinal))
        {
            headers.Add(new("In-Reply-To", $"<{mail.MessageId}>"));
            headers.Add(new("References", $"<{mail.MessageId}>"));
        }

        headers.Add(new("X-Loop", InboundFiler.LoopMarker(settings)));
        var subject = mail.Subject.StartsWith("Re:", StringComparison.OrdinalIgnoreCase) ? mail.Subject : "Re: " + mail.Subject;
        db.Outbox.Add(new OutboxMessage
        {
            To = mail.From,
            Subject = subject.Length <= 300 ? subject : subject[..300],
            Body = answer!,
            CreatedAt = clock.GetCurrentInstant(),
            Headers = MailHeaders.Write(headers),
            UserId = await SenderAsync(mail.From, ct) is { } sender ? sender.Id : null,
            Kind = "reponse-quarantaine",
        });
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        await DecideAsync(mail.Id, caller, InboundStatus.Answered, $"Répondu par {caller.User.DisplayName}.", null, ct);
        return Done.Value;
    }

    public async Task<Outcome<Done>> DiscardAsync(Caller caller, long id, CancellationToken ct)
    {
        if (await LoadAsync(caller, id, ct) is not { Status: InboundStatus.Quarantined } mail)
        {
            return Failure.NotFound("courriel en attente");
        }

        await DecideAsync(mail.Id, caller, InboundStatus.Discarded, $"Écarté par {caller.User.DisplayName}.", null, ct);
        return Done.Value;
    }

    private Task<int> DecideAsync(long id, Caller caller, InboundStatus status, string reason, long? ticket, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var keepRaw = status == InboundStatus.Answered;
        return db.Set<InboundMail>().Where(m => m.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, status)
            .SetProperty(m => m.Reason, reason.Length <= 400 ? reason : reason[..400])
            .SetProperty(m => m.TicketId, m => ticket ?? m.TicketId)
            .SetProperty(m => m.DecidedById, caller.Id)
            .SetProperty(m => m.DecidedAt, now)
            .SetProperty(m => m.Raw, m => keepRaw ? m.Raw : null), ct);
    }

    /// <summary>Unknown senders' mail to every staff member; a declared user's to the staff serving their organisation.</summary>
    private IQueryable<InboundMail> Visible(Caller caller)
    {
        var mails = db.Set<InboundMail>().AsNoTracking();
        if (caller.IsAdmin)
        {
            return mails;
        }

        var served = caller.ServedOrganisations;
        return mails.Where(m => m.UserId == null
            || db.Users.Any(u => u.Id == m.UserId && (u.OrganisationId == null || served.Contains(u.OrganisationId.Value))));
    }

    private async Task<InboundMail?> LoadAsync(Caller caller, long id, CancellationToken ct) =>
        caller.IsStaff ? await Visible(caller).SingleOrDefaultAsync(m => m.Id == id, ct) : null;

    private async Task<User?> SenderAsync(string address, CancellationToken ct)
    {
        var normalised = address.ToUpperInvariant();
        return address.Length == 0 ? null : await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalised).OrderBy(u => u.CreatedAt).FirstOrDefaultAsync(ct);
    }

    private static async Task<MimeMessage> ParseAsync(byte[] raw, CancellationToken ct)
    {
        using var stream = new MemoryStream(raw);
        return await MimeMessage.LoadAsync(stream, ct);
    }
}
