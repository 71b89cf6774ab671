namespace Guichet.Features.Crisis;

/// <summary>
/// The crisis cell's mails, written to the outbox in the caller's transaction: to the client contacts chosen at the
/// opening (kind <see cref="ClientKind"/>) at the opening, each status point, the closure and the post-mortem's
/// publication; to staff (kind <see cref="StaffKind"/>) for the alert job's reminders and escalations.
/// </summary>
internal static class CrisisMails
{
    public const string ClientKind = "crisis";

    public const string StaffKind = "crisis-alert";

    /// <summary>The contacts still reachable: active client users with a deliverable address.</summary>
    public static async Task<List<User>> ContactsAsync(GuichetDbContext db, Guid crisisId, CancellationToken ct)
    {
        var ids = db.Set<CrisisContact>().Where(c => c.CrisisId == crisisId).Select(c => c.UserId);
        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && u.Kind == UserKind.Client && u.Email != null && u.EmailUndeliverableAt == null).OrderBy(u => u.Email).ToListAsync(ct);
        return [.. users.Where(u => !AccountStatus.IsDeactivated(u))];
    }

    /// <summary>One mail per contact, in the outbox (saved by the caller).</summary>
    public static void ToContacts(GuichetDbContext db, IEnumerable<User> contacts, string subject, string text, Instant now) =>
        Write(db, contacts, ClientKind, subject, text, "Ce message vous est envoyé par Guichet en tant que contact désigné de votre organisation pour cette cellule de crise.", now);

    /// <summary>One mail per staff member (reminders and escalations).</summary>
    public static void ToStaff(GuichetDbContext db, IEnumerable<User> people, string subject, string text, Instant now) =>
        Write(db, people, StaffKind, subject, text, "Chaque rappel et chaque escalade ne sont envoyés qu'une fois par échéance.", now);

    private static void Write(GuichetDbContext db, IEnumerable<User> people, string kind, string subject, string text, string footer, Instant now) =>
        Mail.PersonalMails.ToEach(db, people, kind, subject, user => $"""
            Bonjour{(string.IsNullOrWhiteSpace(user.DisplayName) ? "" : " " + user.DisplayName)},

            {text}

            {footer}
            """, now);
}
