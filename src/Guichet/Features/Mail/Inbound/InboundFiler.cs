using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Guichet.Data;
using Guichet.Features.Accounts;
using Guichet.Features.Attachments;
using Guichet.Features.Tickets;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using NodaTime;

namespace Guichet.Features.Mail.Inbound;

/// <summary>
/// Files one mail read from a mailbox, with the same use cases as the portal: a reply lands on its ticket as the
/// portal's "Répondre" would (clock and state effects included), a new mail from a declared user opens a ticket, its
/// attachments go through the upload's checks. What cannot be filed safely goes to quarantine; mail written by a
/// machine is kept and never answered; a delivery report flags the failed address. A mail is filed once: its row is
/// written (unique Message-ID) before anything else, so a mail fetched twice is seen as such, and a crash half-way
/// leaves it in quarantine rather than filing it twice.
/// </summary>
internal sealed partial class InboundFiler(
    GuichetDbContext db,
    TicketHandlers handlers,
    IClock clock,
    IOptions<MailOptions> mailOptions,
    IOptions<InboundOptions> inboundOptions,
    IOptions<AttachmentOptions> attachmentOptions,
    MailSigning signing,
    ILogger<InboundFiler> logger)
{
    /// <summary>The kind of the polite answer to a mail on a closed ticket (outbox rows, mail log).</summary>
    public const string AnswerKind = "reponse-automatique";

    private const int MaxSubject = 200;

    /// <summary>What became of a mail; <see cref="Duplicate"/> when it had been read before.</summary>
    public sealed record Filing(InboundStatus Status, long? Ticket, string? Reason, bool Duplicate = false);

    /// <summary>Files a whole mail.</summary>
    public async Task<Filing> FileAsync(InboundMailbox mailbox, MimeMessage message, byte[] raw, CancellationToken ct)
    {
        var record = await ClaimAsync(mailbox, message.MessageId, message.From.Mailboxes.FirstOrDefault()?.Address, message.Subject, raw, ct);
        if (record is null)
        {
            return new Filing(InboundStatus.Filed, null, null, Duplicate: true);
        }

        Filing filing;
        try
        {
            filing = await DecideAsync(mailbox, message, record, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(logger, e, record.MessageId);
            db.ChangeTracker.Clear();
            filing = new Filing(InboundStatus.Quarantined, null, "Le classement a échoué : à examiner.");
        }

        db.ChangeTracker.Clear();
        var keepRaw = filing.Status is InboundStatus.Quarantined or InboundStatus.Ignored;
        await db.Set<InboundMail>().Where(m => m.Id == record.Id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, filing.Status)
            .SetProperty(m => m.Reason, Shorten(filing.Reason, 400))
            .SetProperty(m => m.TicketId, filing.Ticket)
            .SetProperty(m => m.UserId, record.UserId)
            .SetProperty(m => m.OpenedTicket, record.OpenedTicket)
            .SetProperty(m => m.Raw, keepRaw ? raw : null), ct);
        return filing;
    }

    /// <summary>A mail too large to download: quarantined with its headers only.</summary>
    public Task<Filing> QuarantineOversizedAsync(InboundMailbox mailbox, HeaderList headers, long size, CancellationToken ct) =>
        QuarantineHeadersAsync(mailbox, headers, $"Courriel trop volumineux ({size / 1024 / 1024} Mo, au plus {inboundOptions.Value.MaxMessageBytes / 1024 / 1024} Mo) : seuls ses en-têtes sont gardés.", ct);

    /// <summary>A mail that cannot be downloaded or read whole: quarantined with its headers only, for this reason.</summary>
    public async Task<Filing> QuarantineHeadersAsync(InboundMailbox mailbox, HeaderList headers, string reason, CancellationToken ct)
    {
        using var stream = new MemoryStream();
        await headers.WriteToAsync(stream, ct);
        var messageId = headers[HeaderId.MessageId] is { } id ? MimeKit.Utils.MimeUtils.EnumerateReferences(id).FirstOrDefault() ?? id.Trim() : null;
        var from = InternetAddressList.TryParse(headers[HeaderId.From] ?? "", out var list) ? list.Mailboxes.FirstOrDefault()?.Address : null;
        var record = await ClaimAsync(mailbox, messageId, from, headers[HeaderId.Subject], stream.ToArray(), ct);
        if (record is null)
        {
            return new Filing(InboundStatus.Quarantined, null, null, Duplicate: true);
        }

        await db.Set<InboundMail>().Where(m => m.Id == record.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Reason, reason), ct);
        return new Filing(InboundStatus.Quarantined, null, reason);
    }

    /// <summary>Writes the mail's row before anything is filed; null when the mail was read before.</summary>
    private async Task<InboundMail?> ClaimAsync(InboundMailbox mailbox, string? messageId, string? from, string? subject, byte[] raw, CancellationToken ct)
    {
        var id = string.IsNullOrWhiteSpace(messageId) ? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(raw)) : Shorten(messageId.Trim(), 400)!;
        if (await db.Set<InboundMail>().AnyAsync(m => m.MessageId == id, ct))
        {
            return null;
        }

        var record = new InboundMail
        {
            Mailbox = mailbox.Name,
            MessageId = id,
            From = Shorten(from ?? "", 320)!,
            Subject = Shorten(TextOf(subject), 400)!,
            ReceivedAt = clock.GetCurrentInstant(),
            Status = InboundStatus.Quarantined,
            Reason = "Classement interrompu : à examiner.",
            Raw = raw,
        };
        db.Add(record);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The unique Message-ID: another run filed it meanwhile.
            db.ChangeTracker.Clear();
            return null;
        }

        db.ChangeTracker.Clear();
        return record;
    }

    private async Task<Filing> DecideAsync(InboundMailbox mailbox, MimeMessage message, InboundMail record, CancellationToken ct)
    {
        var settings = mailOptions.Value;
        if (MailKinds.FailedRecipients(message) is { } failed)
        {
            return await BounceAsync(failed, ct);
        }

        if (MailKinds.Automatic(message, LoopMarker(settings)) is { } automatic)
        {
            return new Filing(InboundStatus.Ignored, null, $"Non traité : {automatic}.");
        }

        var sender = message.From.Mailboxes.FirstOrDefault()?.Address;
        if (string.IsNullOrWhiteSpace(sender))
        {
            return Quarantine("Courriel sans expéditeur.");
        }

        var normalised = sender.ToUpperInvariant();
        var user = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalised).OrderBy(u => u.CreatedAt).FirstOrDefaultAsync(ct);
        if (user is null || await Caller.OfUserAsync(db, user.Id, ct) is not { } caller)
        {
            return Quarantine($"Expéditeur inconnu : {sender} n'est pas un utilisateur déclaré.");
        }

        record.UserId = user.Id;
        var match = await MatchAsync(message, user.Id, settings, ct);
        if (match.Problem is not null)
        {
            return Quarantine(match.Problem);
        }

        if (match.Number is { } number)
        {
            if (!await caller.VisibleTickets(db).AnyAsync(t => t.Id == number, ct))
            {
                return Quarantine($"{sender} n'a pas accès à la demande {Ticket.FormatReference(number)} (autre organisation) : trouvée par {match.How}.");
            }

            return await ReplyAsync(message, caller, number, match.How!, record, ct);
        }

        return await OpenAsync(mailbox, message, caller, record, ct);
    }

    private async Task<Filing> ReplyAsync(MimeMessage message, Caller caller, long number, string how, InboundMail record, CancellationToken ct)
    {
        var files = message.Attachments.OfType<MimePart>().ToList();
        var text = MailText.Of(message);
        if (text.Length == 0)
        {
            if (files.Count == 0)
            {
                return Quarantine($"Courriel vide sur la demande {Ticket.FormatReference(number)}.");
            }

            text = "(pièces jointes envoyées par courriel)";
        }

        text = Shorten(text, TicketHandlers.MaxText)!;
        var outcome = caller.IsClient
            ? await TicketActions.ReplyAsync(number, new TicketActions.ReplyRequest("reply", text, null), caller, handlers, ct)
            : await TicketActions.MessageAsync(number, new TicketActions.MessageRequest(text, false, null), caller, handlers, ct);
        if (outcome.Failure is { } failure)
        {
            db.ChangeTracker.Clear();
            return failure.Code == "transition_not_allowed" && caller.IsClient
                ? await AnswerClosedAsync(message, caller.User, number, failure, ct)
                : Quarantine($"Réponse refusée sur {Ticket.FormatReference(number)} : {failure.Describe()}");
        }

        var refused = await AttachAsync(caller, number, files, ct);
        return new Filing(InboundStatus.Filed, number, $"Réponse ajoutée (trouvée par {how}).{refused}");
    }

    private async Task<Filing> OpenAsync(InboundMailbox mailbox, MimeMessage message, Caller caller, InboundMail record, CancellationToken ct)
    {
        if (!caller.IsClient)
        {
            return Quarantine("Un membre de l'équipe n'ouvre pas de demande par courriel : à créer pour le client depuis cette page.");
        }

        var productId = string.IsNullOrWhiteSpace(mailbox.Product) ? (Guid?)null
            : await db.Products.AsNoTracking().Where(p => p.Name == mailbox.Product).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);
        if (productId is null)
        {
            return Quarantine($"La boîte « {mailbox.Name} » n'a pas de produit déclaré : nouvelle demande à créer depuis cette page.");
        }

        var now = clock.GetCurrentInstant();
        var since = now - Duration.FromHours(1);
        var limit = inboundOptions.Value.TicketsPerSenderPerHour;
        if (await db.Set<InboundMail>().CountAsync(m => m.UserId == caller.Id && m.OpenedTicket && m.ReceivedAt > since, ct) >= limit)
        {
            return Quarantine($"Plus de {limit} demandes ouvertes par courriel en une heure par {caller.User.Email} : à examiner.");
        }

        var queueId = string.IsNullOrWhiteSpace(mailbox.Queue) ? null
            : await db.Queues.AsNoTracking().Where(q => q.Name == mailbox.Queue).Select(q => (Guid?)q.Id).FirstOrDefaultAsync(ct);
        if (!(await OpenForAsync(message, caller, productId, queueId, ct)).TryGet(out var opened, out var failure))
        {
            return Quarantine($"Nouvelle demande refusée : {failure.Describe()}");
        }

        record.OpenedTicket = true;
        return new Filing(InboundStatus.Filed, opened.Number, $"Nouvelle demande.{opened.Refused}");
    }

    /// <summary>A new ticket from a mail, as the client user <paramref name="caller"/> (the sender, or whom staff chose for a quarantined mail).</summary>
    public async Task<Outcome<(long Number, string Refused)>> OpenForAsync(MimeMessage message, Caller caller, Guid? productId, Guid? queueId, CancellationToken ct)
    {
        queueId ??= await db.Queues.AsNoTracking().OrderBy(q => q.Name).Select(q => (Guid?)q.Id).FirstOrDefaultAsync(ct);
        var subject = Subject(message.Subject);
        var body = MailText.Whole(message);
        var files = message.Attachments.OfType<MimePart>().ToList();
        if (body.Length == 0)
        {
            body = files.Count > 0 ? "(pièces jointes envoyées par courriel)" : "(courriel sans texte)";
        }

        var created = await handlers.CreateAsync(caller, new TicketHandlers.CreateTicket(productId, queueId, null, null, null, subject, Shorten(body, TicketHandlers.MaxText)), ct);
        db.ChangeTracker.Clear();
        if (!created.TryGet(out var ticket, out var failure))
        {
            return failure;
        }

        var refused = await AttachAsync(caller, ticket.Id, files, ct);
        return (ticket.Id, refused);
    }

    /// <summary>Adds the mail's files through the upload's checks; a French note of the files refused, or "".</summary>
    private async Task<string> AttachAsync(Caller caller, long number, List<MimePart> files, CancellationToken ct)
    {
        var settings = attachmentOptions;
        var refused = new List<string>();
        foreach (var (part, i) in files.Select((p, i) => (p, i)))
        {
            var name = part.FileName ?? $"piece-jointe-{i + 1}";
            if (i >= settings.Value.MaxFilesPerMessage)
            {
                refused.Add($"{name} (plus de {settings.Value.MaxFilesPerMessage} fichiers)");
                continue;
            }

            await using var content = new MemoryStream();
            if (part.Content is not null)
            {
                await part.Content.DecodeToAsync(content, ct);
            }

            content.Position = 0;
            var file = new FormFile(content, 0, content.Length, "file", name)
            {
                Headers = new HeaderDictionary(),
                ContentType = part.ContentType.MimeType,
            };
            var added = await handlers.OnTicketAsync(caller, number, loaded => AttachmentsApi.AddAsync(loaded, file, false, caller, handlers, db, settings, ct), ct);
            db.ChangeTracker.Clear();
            if (added.Failure is { } failure)
            {
                refused.Add($"{name} ({failure.Describe()})");
            }
        }

        return refused.Count == 0 ? "" : " Pièces jointes refusées : " + string.Join(" ; ", refused);
    }

    /// <summary>A reply to a ticket the workflow does not reopen: a polite answer with a link to a new request, a few times a day at most.</summary>
    private async Task<Filing> AnswerClosedAsync(MimeMessage message, User user, long number, Failure failure, CancellationToken ct)
    {
        var settings = mailOptions.Value;
        var reference = Ticket.FormatReference(number);
        var now = clock.GetCurrentInstant();
        var since = now - Duration.FromDays(1);
        var limit = inboundOptions.Value.AnswersPerSenderPerDay;
        if (user.EmailUndeliverableAt is not null)
        {
            return Quarantine($"Réponse sur {reference} non acceptée ({failure.Title}) ; l'adresse de l'expéditeur est en échec : pas de réponse envoyée.");
        }

        if (await db.Set<InboundMail>().CountAsync(m => m.UserId == user.Id && m.Status == InboundStatus.Answered && m.ReceivedAt > since, ct) >= limit)
        {
            return Quarantine($"Réponse sur {reference} non acceptée ({failure.Title}) ; déjà {limit} réponses automatiques à cet expéditeur aujourd'hui.");
        }

        var domain = Notifications.NotificationDispatcher.Domain(settings);
        var text = $"""
            Bonjour,

            Votre courriel concerne la demande {reference}, qui ne peut plus recevoir de réponse : {failure.Title}
            Votre message n'a pas été ajouté à la demande.

            Pour une nouvelle demande : {settings.Link("/demandes/nouvelle")}
            Pour consulter la demande {reference} : {settings.Link($"/demandes/{number}")}

            Ce message est envoyé automatiquement.
            """;
        List<KeyValuePair<string, string>> headers =
        [
            new("Auto-Submitted", "auto-replied"),
            new("X-Auto-Response-Suppress", "All"),
            new("X-Loop", LoopMarker(settings)),
        ];
        if (message.MessageId is { } original)
        {
            headers.Add(new("In-Reply-To", $"<{original}>"));
            headers.Add(new("References", $"<{original}>"));
        }

        db.Outbox.Add(new OutboxMessage
        {
            To = user.Email!,
            Subject = Shorten($"[{reference}] Demande close : votre message n'a pas été ajouté", 300)!,
            Body = text,
            CreatedAt = now,
            MessageId = $"{reference}.reponse.{Guid.CreateVersion7():N}@{domain}",
            Headers = MailHeaders.Write(headers),
            TicketId = number,
            UserId = user.Id,
            Kind = AnswerKind,
        });
        await db.SaveChangesAsync(ct);
        return new Filing(InboundStatus.Answered, number, $"Demande {reference} close ({failure.Title}) : l'expéditeur a reçu une réponse l'invitant à ouvrir une nouvelle demande.");
    }

    /// <summary>A delivery report: the failed addresses are flagged on the people who have them, and mail to them stops.</summary>
    private async Task<Filing> BounceAsync(IReadOnlyList<string> failed, CancellationToken ct)
    {
        if (failed.Count == 0)
        {
            return new Filing(InboundStatus.Ignored, null, "Non traité : avis de non-remise sans adresse lisible.");
        }

        var now = clock.GetCurrentInstant();
        var flagged = 0;
        foreach (var address in failed.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var normalised = address.ToUpperInvariant();
            var reason = Shorten($"Avis de non-remise reçu le {Web.Pages.Display.When(now, DateTimeZone.ForOffset(Offset.Zero))} pour {address}.", 300);
            flagged += await db.Users.Where(u => u.NormalizedEmail == normalised && u.EmailUndeliverableAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.EmailUndeliverableAt, now).SetProperty(u => u.EmailUndeliverableReason, reason), ct);
        }

        return new Filing(InboundStatus.Bounce, null, $"Avis de non-remise : {string.Join(", ", failed)} ({flagged} compte(s) signalé(s)).");
    }

    private static readonly string[] EnvelopeHeaders = ["Delivered-To", "X-Original-To", "Envelope-To"];

    private readonly record struct Match(long? Number, string? How, string? Problem);

    /// <summary>
    /// The ticket a mail is about: first the signed reply address (made for this ticket and someone who received its
    /// mail), then the Message-ID chain (<c>In-Reply-To</c>, <c>References</c>: Guichet's ids, or an earlier mail filed
    /// on a ticket), then a <c>[T000123]</c> reference in the subject. No ticket: a new request.
    /// </summary>
    private async Task<Match> MatchAsync(MimeMessage message, Guid sender, MailOptions settings, CancellationToken ct)
    {
        var recipients = message.To.Mailboxes.Concat(message.Cc.Mailboxes).Select(m => m.Address)
            .Concat(EnvelopeHeaders.SelectMany(h => message.Headers.Where(x => x.Field.Equals(h, StringComparison.OrdinalIgnoreCase)).Select(x => x.Value.Trim().Trim('<', '>'))));
        foreach (var address in recipients)
        {
            if (ReplyAddresses.Parse(address) is not { } tagged || !TryNumber(tagged.Reference, out var number))
            {
                continue;
            }

            // Made for the sender, or for someone the ticket's mail went to (a colleague forwarding it).
            var told = await db.Outbox.AsNoTracking().Where(o => o.TicketId == number && o.UserId != null).Select(o => o.UserId!.Value).Distinct().ToListAsync(ct);
            told.AddRange(await db.Tickets.AsNoTracking().Where(t => t.Id == number).Select(t => t.AuthorId).ToListAsync(ct));
            told.AddRange(await db.Set<Notifications.TicketFollower>().AsNoTracking().Where(f => f.TicketId == number).Select(f => f.UserId).ToListAsync(ct));
            return told.Append(sender).Any(u => ReplyAddresses.Verify(signing, tagged.Reference, u, tagged.Signature))
                ? new Match(number, "l'adresse de réponse signée", null)
                : new Match(null, null, $"Adresse de réponse {address} non reconnue (signature invalide) : à examiner.");
        }

        var domain = Notifications.NotificationDispatcher.Domain(settings);
        var chain = message.References.Reverse().Prepend(message.InReplyTo).OfType<string>().ToList();
        foreach (var id in chain)
        {
            if (OwnId().Match(id) is { Success: true } own && own.Groups["domain"].Value.Equals(domain, StringComparison.OrdinalIgnoreCase) && TryNumber(own.Groups["ref"].Value, out var number))
            {
                return new Match(number, "le fil de discussion", null);
            }
        }

        if (chain.Count > 0 && await db.Set<InboundMail>().AsNoTracking().Where(m => chain.Contains(m.MessageId) && m.TicketId != null).Select(m => m.TicketId).FirstOrDefaultAsync(ct) is { } earlier)
        {
            return new Match(earlier, "le fil de discussion", null);
        }

        if (SubjectReference().Match(message.Subject ?? "") is { Success: true } inSubject && TryNumber(inSubject.Groups["ref"].Value, out var fromSubject))
        {
            return new Match(fromSubject, "la référence dans l'objet", null);
        }

        return new Match(null, null, null);
    }

    /// <summary>The mark Guichet puts in <c>X-Loop</c> and recognises on a mail that came back.</summary>
    public static string LoopMarker(MailOptions settings) =>
        (string.IsNullOrWhiteSpace(settings.ReplyAddress) ? settings.From : settings.ReplyAddress) is { } address && MailboxAddress.TryParse(address, out var mailbox)
            ? mailbox.Address.ToLowerInvariant()
            : "guichet@" + new Uri(settings.PublicUrl).Host;

    private static bool TryNumber(string reference, out long number) =>
        long.TryParse(reference.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out number) && number > 0;

    private static string Subject(string? subject)
    {
        var text = SubjectPrefix().Replace(TextOf(subject), "").Trim();
        return text.Length == 0 ? "(sans objet)" : Shorten(text, MaxSubject)!;
    }

    /// <summary>A header's text as one line without control or format characters.</summary>
    private static string TextOf(string? value) => new string(Web.TextInput.StripInvisible(value ?? "").Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();

    private static string? Shorten(string? text, int max) => text is null || text.Length <= max ? text : text[..max];

    private static Filing Quarantine(string reason) => new(InboundStatus.Quarantined, null, reason);

    [GeneratedRegex(@"^(?<ref>T\d{6,})(\.[0-9a-z.]+)?@(?<domain>[^@\s>]+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OwnId();

    [GeneratedRegex(@"\[(?<ref>T\d{6,})\]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SubjectReference();

    [GeneratedRegex(@"^((re|tr|fw|fwd|réf|ref|aw|wg)\s?:\s*|\[T\d{6,}\]\s*)+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SubjectPrefix();

    [LoggerMessage(Level = LogLevel.Error, Message = "Filing the inbound mail {MessageId} failed; it stays in quarantine.")]
    private static partial void LogFailed(ILogger logger, Exception exception, string messageId);
}
