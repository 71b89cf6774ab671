namespace Guichet.Features.Mail;

/// <summary>
/// The mails written to people with an account, one each (alerts to the responsible staff, notices to référents or to
/// a crisis's contacts): to their address, tied to the person and to a kind, put in the outbox with the caller's
/// other changes (sent once they are saved).
/// </summary>
internal static class PersonalMails
{
    /// <summary>One mail of <paramref name="kind"/> per person, its body written for that person.</summary>
    public static void ToEach(GuichetDbContext db, IEnumerable<User> people, string kind, string subject, Func<User, string> body, Instant now)
    {
        foreach (var user in people)
        {
            db.Outbox.Add(new OutboxMessage
            {
                To = user.Email!,
                UserId = user.Id,
                Kind = kind,
                Subject = subject,
                Body = body(user),
                CreatedAt = now,
            });
        }
    }
}
