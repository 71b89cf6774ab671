using Guichet.Features.Portal;

namespace Guichet.Features.Availability;

/// <summary>
/// Planned and urgent maintenances: staff announce one for some services of a contract; announcing mails the
/// organisation's référents (through the outbox), publishes an intervention news item for that organisation only (news
/// page, RSS, the banner while it runs) and puts it in the organisation's iCal feed. Rescheduling and cancelling tell
/// them again and update the news item; each step is an <see cref="AvailabilityEvent"/>.
/// </summary>
internal static class Maintenances
{
    /// <summary>The outbox kind of the announcements.</summary>
    public const string MailKind = "maintenance";

    public static async Task<IReadOnlyList<MaintenanceView>> ListAsync(GuichetDbContext db, Caller caller, Guid? contractId, CancellationToken ct)
    {
        var query = VisibleMaintenances(db, caller);
        if (contractId is { } id)
        {
            query = query.Where(m => m.ContractId == id);
        }

        return await AvailabilityLog.ViewsAsync(query.OrderByDescending(m => m.Start).Select(m => m.Id), maintenanceId => GetAsync(db, caller, maintenanceId, ct), ct);
    }

    private static IQueryable<PlannedMaintenance> VisibleMaintenances(GuichetDbContext db, Caller caller) => AvailabilityLog.VisibleMaintenances(db, caller).AsNoTracking();

    public static async Task<Outcome<MaintenanceView>> GetAsync(GuichetDbContext db, Caller caller, Guid id, CancellationToken ct)
    {
        if (await VisibleMaintenances(db, caller).Include(m => m.Services).SingleOrDefaultAsync(m => m.Id == id, ct) is not { } maintenance)
        {
            return Failure.NotFound("maintenance");
        }

        var contract = await db.Contracts.AsNoTracking().SingleAsync(c => c.Id == maintenance.ContractId, ct);
        var objectives = AvailabilityLog.Objectives(contract);
        var services = await db.Set<HostedService>().AsNoTracking().Where(s => s.ContractId == contract.Id).ToListAsync(ct);
        var notice = maintenance.Services.Select(s => services.FirstOrDefault(x => x.Id == s.ServiceId))
            .Select(s => objectives.FirstOrDefault(o => o.Id == s?.ObjectiveId)?.MinimumNotice ?? Duration.Zero)
            .DefaultIfEmpty(Duration.Zero).Max();
        var events = await db.Set<AvailabilityEvent>().AsNoTracking().Where(e => e.MaintenanceId == id).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct);
        return new MaintenanceView(maintenance.Id, maintenance.ContractId, maintenance.Title, maintenance.Description, AvailabilityTexts.Iso(maintenance.Start),
            AvailabilityTexts.Iso(maintenance.End), AvailabilityTexts.Iso(maintenance.AnnouncedAt), maintenance.Urgent, maintenance.CancelledAt is not null,
            CountsAsDowntime(maintenance, notice), [.. maintenance.Services.Select(s => s.ServiceId)], maintenance.NewsItemId,
            await AvailabilityLog.HistoryAsync(db, events, ct));
    }

    /// <summary>A planned maintenance announced later than the notice counts as downtime; an urgent one never does.</summary>
    public static bool CountsAsDowntime(PlannedMaintenance m, Duration notice) =>
        m.CancelledAt is null && !m.Urgent && m.Start - m.AnnouncedAt < notice;

    public static async Task<Outcome<MaintenanceView>> AnnounceAsync(GuichetDbContext db, IClock clock, Caller caller, MaintenanceRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var (contract, refused) = await AvailabilityLog.StaffContractAsync(db, caller, request.ContractId, errors, Failure.Forbidden("staff_only", "Seul le personnel du support annonce une maintenance."), ct);
        if (refused is not null)
        {
            return refused;
        }

        var now = clock.GetCurrentInstant();
        var (title, titleError) = TextInput.Read(request.Title, 200, required: true, "L'intitulé");
        if (titleError is not null)
        {
            errors["title"] = [titleError];
        }

        var (description, descriptionError) = TextInput.Read(request.Description, 4000, required: false, "La description");
        if (descriptionError is not null)
        {
            errors["description"] = [descriptionError];
        }

        var (start, end) = ReadTimes(request.Start, request.End, now, errors);
        var wanted = (request.ServiceIds ?? []).Distinct().ToList();
        var services = contract is null ? [] : await db.Set<HostedService>().AsNoTracking().Where(s => s.ContractId == contract.Id && wanted.Contains(s.Id)).Select(s => s.Id).ToListAsync(ct);
        if (wanted.Count == 0)
        {
            errors["serviceIds"] = ["Choisissez au moins un service concerné."];
        }
        else if (contract is not null && services.Count != wanted.Count)
        {
            errors["serviceIds"] = ["Un des services n'appartient pas à ce contrat."];
        }

        if (errors.Count > 0)
        {
            return Failure.Invalid(errors);
        }

        var organisation = await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == contract!.OrganisationId, ct);
        var maintenance = new PlannedMaintenance
        {
            ContractId = contract!.Id,
            Title = title!,
            Description = description ?? "",
            Start = start!.Value,
            End = end!.Value,
            AnnouncedAt = now,
            Urgent = request.Urgent ?? false,
            Services = [.. services.Select(s => new MaintenanceService { ServiceId = s })],
        };
        var news = new NewsItem
        {
            Kind = NewsKind.Intervention,
            OrganisationId = organisation.Id,
            AuthorId = caller.Id,
            PublishedAt = now,
            UpdatedAt = now,
        };
        Describe(news, maintenance, organisation.Territory, null);
        maintenance.NewsItemId = news.Id;
        db.Add(news);
        db.Add(maintenance);
        db.Add(new AvailabilityEvent { MaintenanceId = maintenance.Id, Kind = AvailabilityEventKind.Announced, At = now, AuthorId = caller.Id, Text = maintenance.Description, Start = maintenance.Start, End = maintenance.End });
        await MailAsync(db, organisation, maintenance, AvailabilityEventKind.Announced, null, now, ct);
        await db.SaveChangesAsync(ct);
        PortalRules.NewsChanged();
        return await GetAsync(db, caller, maintenance.Id, ct);
    }

    public static async Task<Outcome<MaintenanceView>> RescheduleAsync(GuichetDbContext db, IClock clock, Caller caller, Guid id, RescheduleRequest request, CancellationToken ct)
    {
        if (await AvailabilityLog.VisibleMaintenances(db, caller).SingleOrDefaultAsync(m => m.Id == id, ct) is not { } maintenance)
        {
            return Failure.NotFound("maintenance");
        }

        if (!caller.IsStaff)
        {
            return Failure.Forbidden("staff_only", "Seul le personnel du support reprogramme une maintenance.");
        }

        var errors = new Dictionary<string, string[]>();
        var now = clock.GetCurrentInstant();
        var (start, end) = ReadTimes(request.Start, request.End, now, errors);
        var (reason, reasonError) = TextInput.Read(request.Reason, 2000, required: false, "Le motif");
        if (reasonError is not null)
        {
            errors["reason"] = [reasonError];
        }

        if (errors.Count > 0)
        {
            return Failure.Invalid(errors);
        }

        if (maintenance.CancelledAt is not null)
        {
            return Failure.Conflict("maintenance_cancelled", "Cette maintenance est annulée : annoncez-en une nouvelle.");
        }

        if (maintenance.End <= now)
        {
            return Failure.Conflict("maintenance_over", "Cette maintenance est terminée.");
        }

        maintenance.Start = start!.Value;
        maintenance.End = end!.Value;
        maintenance.AnnouncedAt = now;
        maintenance.Revision++;
        db.Add(new AvailabilityEvent { MaintenanceId = id, Kind = AvailabilityEventKind.Rescheduled, At = now, AuthorId = caller.Id, Text = reason ?? "", Start = maintenance.Start, End = maintenance.End });
        await TellAgainAsync(db, maintenance, AvailabilityEventKind.Rescheduled, reason, now, ct);
        await db.SaveChangesAsync(ct);
        PortalRules.NewsChanged();
        return await GetAsync(db, caller, id, ct);
    }

    public static async Task<Outcome<MaintenanceView>> CancelAsync(GuichetDbContext db, IClock clock, Caller caller, Guid id, CancelRequest request, CancellationToken ct)
    {
        if (await AvailabilityLog.VisibleMaintenances(db, caller).SingleOrDefaultAsync(m => m.Id == id, ct) is not { } maintenance)
        {
            return Failure.NotFound("maintenance");
        }

        if (!caller.IsStaff)
        {
            return Failure.Forbidden("staff_only", "Seul le personnel du support annule une maintenance.");
        }

        var (reason, reasonError) = TextInput.Read(request.Reason, 2000, required: false, "Le motif");
        if (reasonError is not null)
        {
            return Failure.Invalid("reason", reasonError);
        }

        var now = clock.GetCurrentInstant();
        if (maintenance.CancelledAt is not null)
        {
            return Failure.Conflict("maintenance_cancelled", "Cette maintenance est déjà annulée.");
        }

        if (maintenance.Start <= now)
        {
            return Failure.Conflict("maintenance_started", "Cette maintenance a commencé : reprogrammez sa fin plutôt que de l'annuler.");
        }

        maintenance.CancelledAt = now;
        maintenance.Revision++;
        db.Add(new AvailabilityEvent { MaintenanceId = id, Kind = AvailabilityEventKind.Cancelled, At = now, AuthorId = caller.Id, Text = reason ?? "" });
        await TellAgainAsync(db, maintenance, AvailabilityEventKind.Cancelled, reason, now, ct);
        await db.SaveChangesAsync(ct);
        PortalRules.NewsChanged();
        return await GetAsync(db, caller, id, ct);
    }

    private static (Instant? Start, Instant? End) ReadTimes(string? startText, string? endText, Instant now, Dictionary<string, string[]> errors)
    {
        var start = AvailabilityTexts.ReadInstant(startText, "start", "Le début", required: true, errors);
        var end = AvailabilityTexts.ReadInstant(endText, "end", "La fin", required: true, errors);
        if (start is { } s && s < now - Duration.FromMinutes(5))
        {
            errors["start"] = ["Le début d'une maintenance annoncée ne peut pas être passé (une interruption passée va dans le journal)."];
        }

        if (start is { } from && end is { } to && to <= from)
        {
            errors["end"] = ["La fin doit suivre le début."];
        }
        else if (start is { } a && end is { } b && b - a > Duration.FromDays(14))
        {
            errors["end"] = ["Une maintenance dure au plus 14 jours."];
        }

        return (start, end);
    }

    private static async Task TellAgainAsync(GuichetDbContext db, PlannedMaintenance maintenance, AvailabilityEventKind kind, string? reason, Instant now, CancellationToken ct)
    {
        var organisation = await db.Contracts.Where(c => c.Id == maintenance.ContractId).Join(db.Organisations, c => c.OrganisationId, o => o.Id, (c, o) => o).AsNoTracking().SingleAsync(ct);
        if (maintenance.NewsItemId is { } newsId && await db.Set<NewsItem>().SingleOrDefaultAsync(n => n.Id == newsId, ct) is { } news)
        {
            Describe(news, maintenance, organisation.Territory, reason);
            news.UpdatedAt = now;
            if (kind == AvailabilityEventKind.Cancelled)
            {
                // Shown in the news as cancelled, no longer running: it leaves the banner.
                news.StartsAt = Instant.Min(news.StartsAt, now);
                news.EndsAt = now;
            }
        }

        await MailAsync(db, organisation, maintenance, kind, reason, now, ct);
    }

    private static string Period(PlannedMaintenance m, string territory)
    {
        var zone = AvailabilityTexts.ZoneOf(territory);
        return $"du {Display.When(m.Start, zone)} au {Display.When(m.End, zone)} (heure locale {zone.Id})";
    }

    private static string What(PlannedMaintenance m) => m.Urgent ? "Maintenance urgente" : "Maintenance planifiée";

    private static void Describe(NewsItem news, PlannedMaintenance m, string territory, string? reason)
    {
        var cancelled = m.CancelledAt is not null;
        news.Title = (cancelled ? "Annulée — " : m.Revision > 0 ? "Reprogrammée — " : "") + $"{What(m)} : {m.Title}";
        if (news.Title.Length > 200)
        {
            news.Title = news.Title[..200];
        }

        news.Text = $"{What(m)} {Period(m, territory)}{(cancelled ? " : **annulée**" : "")}."
            + (m.Description.Length > 0 ? "\n\n" + m.Description : "")
            + (string.IsNullOrEmpty(reason) ? "" : "\n\nMotif : " + reason);
        if (!cancelled)
        {
            news.StartsAt = m.Start;
            news.EndsAt = m.End;
        }
    }

    /// <summary>The mail to each référent of the organisation (deliverable and active), in the outbox.</summary>
    private static async Task MailAsync(GuichetDbContext db, Organisation organisation, PlannedMaintenance m, AvailabilityEventKind kind, string? reason, Instant now, CancellationToken ct)
    {
        var referents = await db.Users.AsNoTracking()
            .Where(u => u.OrganisationId == organisation.Id && u.IsReferent && u.Kind == UserKind.Client && u.Email != null)
            .ToListAsync(ct);
        var services = await db.Set<MaintenanceService>().Where(s => s.MaintenanceId == m.Id).Join(db.Set<HostedService>(), l => l.ServiceId, s => s.Id, (l, s) => s.Name).ToListAsync(ct);
        if (services.Count == 0)
        {
            var ids = m.Services.Select(s => s.ServiceId).ToList();
            services = await db.Set<HostedService>().Where(s => ids.Contains(s.Id)).Select(s => s.Name).ToListAsync(ct);
        }

        var zone = AvailabilityTexts.ZoneOf(organisation.Territory);
        var verb = kind switch
        {
            AvailabilityEventKind.Rescheduled => "reprogrammée",
            AvailabilityEventKind.Cancelled => "annulée",
            _ => "annoncée",
        };
        Mail.PersonalMails.ToEach(
            db,
            referents.Where(u => !AccountStatus.IsDeactivated(u) && u.EmailUndeliverableAt == null),
            MailKind,
            $"Guichet : {What(m).ToLowerInvariant()} {verb} — {Display.When(m.Start, zone)}",
            user => $"""
                Bonjour{(string.IsNullOrWhiteSpace(user.DisplayName) ? "" : " " + user.DisplayName)},

                {What(m)} {verb} : {m.Title}
                Période : {Period(m, organisation.Territory)}
                Services concernés : {string.Join(", ", services.Order(StringComparer.Ordinal))}
                {(string.IsNullOrEmpty(reason) ? "" : "Motif : " + reason + "\n")}{(m.Description.Length > 0 ? "\n" + m.Description + "\n" : "")}
                L'état des services et les prochaines maintenances sont sur la page « État du service » du portail ; elles figurent aussi dans le calendrier iCal de votre organisation.

                Ce message vous est envoyé par Guichet en tant que référent de votre organisation.
                """,
            now);
    }
}
