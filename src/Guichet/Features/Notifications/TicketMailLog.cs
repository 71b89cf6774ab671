using Guichet.Data;
using Guichet.Features.Mail;
using Guichet.Web.Pages;
using Microsoft.EntityFrameworkCore;

namespace Guichet.Features.Notifications;

/// <summary>The mails written about a ticket (its outbox rows), for the provider's staff on the ticket page.</summary>
internal static class TicketMailLog
{
    public enum State
    {
        Sent,
        Waiting,
        Failed,
    }

    private static readonly Func<OutboxMessage, bool> GivenUp = OutboxDelivery.IsGivenUp.Compile();

    /// <summary>One mail: to whom, which kind (its French name), its state in French.</summary>
    public sealed record Line(string To, string Kind, State State, string Status);

    /// <summary>The ticket's mails, oldest first, with dates in <paramref name="zone"/>.</summary>
    public static async Task<IReadOnlyList<Line>> LoadAsync(GuichetDbContext db, long ticketId, NodaTime.DateTimeZone zone, CancellationToken ct)
    {
        var rows = await db.Outbox.AsNoTracking().Where(m => m.TicketId == ticketId)
            .Select(m => new OutboxMessage { Id = m.Id, To = m.To, Kind = m.Kind, CreatedAt = m.CreatedAt, SentAt = m.SentAt, NextAttemptAt = m.NextAttemptAt, LastError = m.LastError })
            .ToListAsync(ct);
        return [.. rows.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Select(m =>
        {
            var kind = NotificationKind.Find(m.Kind)?.Label ?? "Courriel";
            var written = Display.ShortWhen(m.CreatedAt, zone);
            return m.SentAt is { } sent
                ? new Line(m.To, kind, State.Sent, $"envoyé à {m.To} le {Display.ShortWhen(sent, zone)}")
                : GivenUp(m)
                    ? new Line(m.To, kind, State.Failed, $"à {m.To} : échec : {m.LastError}")
                    : new Line(m.To, kind, State.Waiting, m.LastError is { Length: > 0 } error
                        ? $"à {m.To} : en attente depuis le {written} (dernier essai : {error})"
                        : $"à {m.To} : en attente depuis le {written}");
        })];
    }
}
