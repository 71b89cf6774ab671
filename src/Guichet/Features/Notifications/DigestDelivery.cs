using System.Globalization;
using System.Text;
using Guichet.Data;
using Guichet.Features.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Guichet.Features.Notifications;

/// <summary>
/// Sends the daily digests: for each person with lines due, one mail listing them (with each ticket's link), written
/// to the outbox in the transaction that deletes the lines.
/// </summary>
internal sealed class DigestDelivery(GuichetDbContext db, IClock clock, IOptions<MailOptions> options, MailSigning signing)
{
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var users = await db.Set<NotificationDigestItem>().AsNoTracking().Where(i => i.DueAt <= now).Select(i => i.UserId).Distinct().OrderBy(u => u).Take(200).ToListAsync(ct);
        var sent = 0;
        foreach (var userId in users)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var items = await db.Set<NotificationDigestItem>().AsNoTracking().Where(i => i.UserId == userId && i.DueAt <= now).OrderBy(i => i.Id).ToListAsync(ct);
            var ids = items.Select(i => i.Id).ToList();
            var deleted = await db.Set<NotificationDigestItem>().Where(i => ids.Contains(i.Id)).ExecuteDeleteAsync(ct);
            var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, ct);
            if (deleted != items.Count || items.Count == 0 || user?.Email is not { Length: > 0 } email)
            {
                await transaction.RollbackAsync(ct);
                continue;
            }

            var settings = options.Value;
            var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"Bonjour {user.DisplayName},\n\nVoici ce qui s'est passé sur vos demandes :\n\n");
            var html = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Résumé</title></head><body style=\"font-family:sans-serif\"><p>Bonjour {Encode(user.DisplayName)},</p><p>Voici ce qui s'est passé sur vos demandes :</p><ul>");
            foreach (var item in items)
            {
                var link = settings.Link($"/demandes/{item.TicketId}");
                text.Append(CultureInfo.InvariantCulture, $"- {item.Line}\n  {link}\n");
                html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"{Encode(link)}\">{Encode(item.Line)}</a></li>");
            }

            var unsubscribe = settings.Link("/courriels/preferences");
            text.Append(CultureInfo.InvariantCulture, $"\n--\nChoisir ce que vous recevez : {unsubscribe}\n");
            html.Append(CultureInfo.InvariantCulture, $"</ul><hr><p><a href=\"{Encode(unsubscribe)}\">Choisir ce que vous recevez</a></p></body></html>");
            _ = signing;
            db.Outbox.Add(new OutboxMessage
            {
                To = email,
                Subject = $"Guichet : résumé de vos demandes ({items.Count})",
                Body = text.ToString(),
                Html = html.ToString(),
                CreatedAt = now,
                Headers = MailHeaders.Write([new("Auto-Submitted", "auto-generated"), new("X-Auto-Response-Suppress", "All")]),
                UserId = userId,
                Kind = NotificationKind.Digest.Id,
            });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            db.ChangeTracker.Clear();
            sent++;
        }

        return sent;
    }

    private static string Encode(string s) => System.Net.WebUtility.HtmlEncode(s);
}
