using Guichet.Features.Availability;

namespace Guichet.Features.Crisis;

/// <summary>
/// Tells staff of a crisis's promises as they fall due (docs/crisis.md): a reminder to the crisis manager before the
/// first meeting or a status point is due (<see cref="Domain.Crises.CrisisPromise.RemindAt"/>), and an escalation when it
/// is late — for the meeting, a point or the post-mortem — to the supervisors and pole managers who serve the
/// organisation (the administrators when none does) and the manager. Each is written once: a
/// <see cref="CrisisAlert"/> row (unique by crisis, promise, kind and due) with its mails and a log entry, in one
/// transaction; a second run, or a racing instance, writes nothing. A late promise is escalated only within
/// <see cref="LateNews"/> of its due, so a server stopped for long does not mail old news.
/// </summary>
internal sealed class CrisisAlerts(GuichetDbContext db, IClock clock)
{
    public const string Reminder = "reminder";

    public const string Escalation = "escalation";

    /// <summary>How old a missed due may be and still be escalated.</summary>
    public static readonly Duration LateNews = Duration.FromDays(1);

    /// <summary>One pass over the crises with a promise due soon or late; returns how many alerts were written.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var horizon = now + Domain.Crises.CrisisRules.ReminderLead;
        var ids = await db.Set<CrisisCell>().AsNoTracking()
            .Where(c => c.NextDueAt != null && c.NextDueAt <= horizon && c.NextDueAt > now - LateNews)
            .OrderBy(c => c.NextDueAt).Select(c => c.Id).Take(500).ToListAsync(ct);
        var written = 0;
        foreach (var id in ids)
        {
            written += await TellAsync(id, now, ct);
        }

        return written;
    }

    private async Task<int> TellAsync(Guid id, Instant now, CancellationToken ct)
    {
        if (await db.Set<CrisisCell>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct) is not { } crisis
            || crisis.NextDueKey is not { } key
            || await db.Set<CrisisDeadline>().AsNoTracking().SingleOrDefaultAsync(d => d.CrisisId == id && d.Key == key, ct) is not { } deadline)
        {
            return 0;
        }

        var due = CrisisDeadlines.View(deadline, now);
        var kind = due.Late ? Escalation : due.RemindAt is { } remind && CrisisTexts.ParseIso(remind) <= now ? Reminder : null;
        if (kind is null || await db.Set<CrisisAlert>().AnyAsync(a => a.CrisisId == id && a.Key == key && a.Kind == kind && a.DueAt == deadline.DueAt, ct))
        {
            return 0;
        }

        var organisation = await db.Organisations.AsNoTracking().Where(o => o.Id == crisis.OrganisationId).Select(o => new { o.Name, o.Territory }).SingleAsync(ct);
        var zone = AvailabilityTexts.ZoneOf(organisation.Territory);
        var manager = crisis.ManagerId is { } m ? await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == m, ct) : null;
        var people = kind == Reminder ? [] : await Accounts.ResponsibleStaff.OfAsync(db, crisis.OrganisationId, ct);
        var recipients = people.Concat(manager is null ? Array.Empty<User>() : [manager])
            .Where(u => u.Email != null && u.EmailUndeliverableAt == null && !AccountStatus.IsDeactivated(u)).DistinctBy(u => u.Id).ToList();
        var what = due.Label.ToLowerInvariant();
        var subject = kind == Reminder
            ? $"Guichet : {what} dû le {Display.When(deadline.DueAt, zone)} — crise {crisis.Title}"
            : $"Guichet : retard — {what} de la crise {crisis.Title} ({organisation.Name})";
        var text = kind == Reminder
            ? $"""
                Rappel : {what} de la cellule de crise « {crisis.Title} » ({organisation.Name}) est dû au plus tard le {Display.When(deadline.DueAt, zone)} (heure locale du client).

                Donnez-le sur la page de la crise : /bureau/crises/{crisis.Id}
                """
            : $"""
                {CrisisTexts.PromiseLabel(deadline.Kind, deadline.Number)} de la cellule de crise « {crisis.Title} » ({organisation.Name}) était dû le {Display.When(deadline.DueAt, zone)} (heure locale du client) et n'a pas été {(deadline.Kind == "post-mortem" ? "publié" : "tenu")}.
                Responsable de la crise : {manager?.DisplayName ?? "compte supprimé"}.

                Voyez avec lui et suivez la crise sur sa page : /bureau/crises/{crisis.Id}
                """;

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Add(new CrisisAlert { CrisisId = id, Key = key, Kind = kind, DueAt = deadline.DueAt, ToldAt = now });
        try
        {
            // The row first: a second instance telling the same alert fails here and writes no mail.
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return 0;
        }

        CrisisMails.ToStaff(db, recipients, subject, text, now);
        db.Add(new CrisisEvent
        {
            CrisisId = id,
            Kind = kind == Reminder ? CrisisEventKind.Reminded : CrisisEventKind.Escalated,
            At = now,
            Text = $"{CrisisTexts.PromiseLabel(deadline.Kind, deadline.Number)} (échéance {Display.When(deadline.DueAt, zone)}) : courriel à {string.Join(", ", recipients.Select(u => u.DisplayName))}.",
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return 1;
    }
}

/// <summary>Runs <see cref="CrisisAlerts"/> every minute (<c>Jobs:CrisisAlertSeconds</c>).</summary>
internal sealed class CrisisAlertService(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<CrisisAlertService> logger) : Jobs.PeriodicJob(scopes, logger)
{
    protected override TimeSpan Period => TimeSpan.FromSeconds(Math.Max(5, configuration.GetValue("Jobs:CrisisAlertSeconds", 60)));

    protected override Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<CrisisAlerts>().RunOnceAsync(ct);
}
