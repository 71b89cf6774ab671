using System.Globalization;
using Guichet.Domain.Backups;
using Guichet.Features.Accounts;
using Guichet.Features.Tickets;
using NodaTime.Text;

namespace Guichet.Features.Backups;

/// <summary>A backup run as the tooling sends it or a person enters it: texts, checked by <see cref="BackupRecords"/>.</summary>
internal sealed record BackupRunInput(
    Guid? ContractId,
    string? Tier,
    string? RunId,
    string? StartedAt,
    string? FinishedAt,
    bool? Succeeded,
    long? SizeBytes = null,
    string? DeletedAt = null,
    string? Note = null);

/// <summary>A backup run as the API answers it.</summary>
internal sealed record BackupRunView(Guid Id, Guid ContractId, string Tier, string? RunId, Instant StartedAt, Instant? FinishedAt, bool Succeeded, long? SizeBytes, Instant? DeletedAt, string? Note)
{
    public static BackupRunView Of(BackupRecord r) => new(r.Id, r.ContractId, r.Tier, r.ExternalId, r.StartedAt, r.FinishedAt, r.Succeeded, r.SizeBytes, r.DeletedAt, r.Note);
}

/// <summary>What recording a run did: the run, and whether it was new.</summary>
internal sealed record BackupRunSaved(BackupRunView Run, bool Created);

/// <summary>A tier of the contract's policy, with its rule in French.</summary>
internal sealed record BackupTierView(string Id, string Name, string Cadence, int Keep, int? OnDay, string Rule);

/// <summary>One period of a tier and what it holds (<c>held</c>, <c>missing</c>, <c>failed</c>, <c>deleted</c>, <c>pending</c>).</summary>
internal sealed record BackupSlotView(string Tier, string TierName, LocalDate From, string Label, string State, string StateLabel, Guid? RunId, Instant? StartedAt, Instant? FinishedAt);

/// <summary>A breach of the commitment (<c>missing</c>, <c>retention</c>, <c>stale</c>) and its explanation.</summary>
internal sealed record BackupFindingView(string Kind, string Key, string Message);

/// <summary>A contract's backups at an instant: the policy, each tier's periods, the breaches, the latest copy, the latest runs.</summary>
internal sealed record BackupStatusView(
    Guid ContractId,
    string Contract,
    Guid OrganisationId,
    string Organisation,
    string Zone,
    string ZoneName,
    string Source,
    string? MaxAge,
    bool Holds,
    IReadOnlyList<BackupFindingView> Findings,
    BackupRunView? Latest,
    IReadOnlyList<BackupTierView> Tiers,
    IReadOnlyList<BackupSlotView> Slots,
    IReadOnlyList<BackupRunView> RecentRuns);

/// <summary>A restore asked by a référent: from which copy, and what to restore.</summary>
internal sealed record RestoreInput(Guid? ContractId, Guid? RunId, string? Details);

/// <summary>
/// The backup commitment as stored facts (issue 18, part 5) [ES26 7, AT 9.4.11.3]: runs recorded by the provider's
/// tooling (an account holding only <see cref="StaffRoles.Backup"/>) or entered by technical staff, the contract's
/// state checked against its preset's policy (<see cref="BackupCheck"/>), and a restore request from the portal,
/// which becomes a ticket of the service type <c>restauration</c> (AT: its own one-business-hour clock).
/// </summary>
internal sealed class BackupRecords(GuichetDbContext db, IClock clock, TicketHandlers tickets)
{
    /// <summary>The service type of a restore request, in the presets that have backups.</summary>
    public const string RestoreServiceType = "restauration";

    /// <summary>Runs listed under a contract's status.</summary>
    public const int RecentRuns = 20;

    private static readonly Duration MaxFuture = Duration.FromMinutes(5);

    /// <summary>Who records runs: the backup tooling's account (any contract) and technical staff (the contracts they see).</summary>
    public static bool MayRecord(Caller caller) => caller.IsBackup || caller.IsTechnicalStaff;

    /// <summary>The contract's backup policy, or null when its preset makes none (or its own policy cannot be read).</summary>
    public static BackupPolicy? PolicyOf(string presetId, string? policy)
    {
        try
        {
            return TicketClocks.Policy(presetId, policy).Backups;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or Domain.Presets.PresetValidationException)
        {
            return null;
        }
    }

    /// <summary>Records a run, or updates the run of the same <see cref="BackupRunInput.RunId"/> in the contract.</summary>
    public async Task<Outcome<BackupRunSaved>> RecordAsync(Caller caller, BackupRunInput input, CancellationToken ct)
    {
        if (!MayRecord(caller))
        {
            return Failure.Forbidden("backup_record_forbidden", "Seuls l'outil de sauvegarde et l'équipe technique enregistrent des sauvegardes.");
        }

        var contracts = caller.IsBackup ? db.Contracts : caller.VisibleContracts(db);
        var contract = input.ContractId is { } contractId
            ? await contracts.AsNoTracking().Where(c => c.Id == contractId).Select(c => new { c.Id, c.PresetId, c.Policy }).SingleOrDefaultAsync(ct)
            : null;
        if (input.ContractId is null)
        {
            return Failure.Invalid("contractId", "Indiquez le contrat de la sauvegarde.");
        }

        if (contract is null)
        {
            return Failure.NotFound("contrat");
        }

        if (PolicyOf(contract.PresetId, contract.Policy) is not { } policy)
        {
            return Failure.Conflict("no_backup_policy", "Ce contrat ne prévoit pas de sauvegardes.");
        }

        var now = clock.GetCurrentInstant();
        var errors = new Dictionary<string, string[]>();
        if (input.Tier is not { } tierId || policy.Tier(tierId.Trim()) is null)
        {
            errors["tier"] = [$"Type de sauvegarde inconnu pour ce contrat ; choisissez parmi : {string.Join(", ", policy.Tiers.Select(t => $"{t.Id} ({t.Name.ToLowerInvariant()})"))}."];
        }

        var runId = input.RunId?.Trim() is { Length: > 0 } id ? id : null;
        if (runId is { Length: > 100 } || (runId is not null && !TextInput.IsClean(runId)))
        {
            errors["runId"] = ["L'identifiant de la sauvegarde fait au plus 100 caractères, sans caractère de contrôle."];
        }

        var startedAt = ReadInstant(input.StartedAt, "startedAt", "Le début", required: true, now, errors);
        var finishedAt = ReadInstant(input.FinishedAt, "finishedAt", "La fin", required: false, now, errors);
        var deletedAt = ReadInstant(input.DeletedAt, "deletedAt", "La suppression", required: false, now, errors, allowFuture: true);
        if (startedAt is { } s && finishedAt is { } f && f < s)
        {
            errors["finishedAt"] = ["La fin précède le début de la sauvegarde."];
        }

        if (input.Succeeded is null)
        {
            errors["succeeded"] = ["Indiquez si la sauvegarde a réussi (true) ou échoué (false)."];
        }
        else if (input.Succeeded.Value && finishedAt is null && !errors.ContainsKey("finishedAt"))
        {
            errors["finishedAt"] = ["Une sauvegarde réussie a une fin."];
        }

        if (deletedAt is { } d && (finishedAt ?? startedAt) is { } copied && d < copied)
        {
            errors["deletedAt"] = ["La suppression précède la fin de la sauvegarde."];
        }

        if (input.SizeBytes is < 0)
        {
            errors["sizeBytes"] = ["La taille est un nombre d'octets positif."];
        }

        var (note, noteError) = TextInput.Read(input.Note, 500, required: false, "La remarque");
        if (noteError is not null)
        {
            errors["note"] = [noteError];
        }

        if (errors.Count > 0)
        {
            return Failure.Invalid(errors);
        }

        var row = runId is null ? null : await db.Set<BackupRecord>().SingleOrDefaultAsync(r => r.ContractId == contract.Id && r.ExternalId == runId, ct);
        var created = row is null;
        if (row is null)
        {
            row = new BackupRecord { ContractId = contract.Id, ExternalId = runId, RecordedAt = now };
            db.Add(row);
        }

        row.Tier = input.Tier!.Trim();
        row.StartedAt = startedAt!.Value;
        row.FinishedAt = finishedAt;
        row.Succeeded = input.Succeeded!.Value;
        row.SizeBytes = input.SizeBytes;
        row.DeletedAt = deletedAt;
        row.Note = note;
        row.RecordedById = caller.Id;
        row.UpdatedAt = now;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (created)
        {
            // The same run sent twice at once: the other request recorded it.
            return Failure.Conflict("backup_run_duplicate", "Cette sauvegarde vient d'être enregistrée par un autre envoi : renvoyez-la pour la mettre à jour.");
        }

        return new BackupRunSaved(BackupRunView.Of(row), created);
    }

    /// <summary>
    /// A contract's backups now. Staff: the contracts they see; clients: their organisation's référents only. Any
    /// other contract, or one without a backup policy, is not found.
    /// </summary>
    public async Task<Outcome<BackupStatusView>> StatusAsync(Caller caller, Guid contractId, CancellationToken ct)
    {
        if (!MayRead(caller))
        {
            return Failure.NotFound("contrat");
        }

        var rows = await LoadAsync(caller.VisibleContracts(db).Where(c => c.Id == contractId), ct);
        return rows.Count == 1 ? rows[0] : Failure.NotFound("contrat");
    }

    /// <summary>Every contract with a backup policy the caller sees, the breached ones first.</summary>
    public async Task<IReadOnlyList<BackupStatusView>> ListAsync(Caller caller, CancellationToken ct) =>
        MayRead(caller)
            ? [.. (await LoadAsync(caller.VisibleContracts(db), ct)).OrderBy(s => s.Holds).ThenBy(s => s.Organisation, Web.Pages.Display.FrenchOrder).ThenBy(s => s.Contract)]
            : [];

    private static bool MayRead(Caller caller) => (caller.IsStaff && !caller.IsTelephony && !caller.IsBackup) || caller is { IsClient: true, User.IsReferent: true };

    /// <summary>The statuses of the given contracts that have a backup policy, each from its runs of the policy's span.</summary>
    internal async Task<IReadOnlyList<BackupStatusView>> LoadAsync(IQueryable<Contract> contracts, CancellationToken ct)
    {
        var candidates = await (from c in contracts.AsNoTracking()
                                join o in db.Organisations on c.OrganisationId equals o.Id
                                select new { c.Id, c.Name, c.PresetId, c.Policy, c.StartsOn, c.OrganisationId, Organisation = o.Name, o.Territory }).ToListAsync(ct);
        var now = clock.GetCurrentInstant();
        var withPolicy = candidates.Select(c => (Row: c, Policy: PolicyOf(c.PresetId, c.Policy))).Where(c => c.Policy is not null).ToList();
        if (withPolicy.Count == 0)
        {
            return [];
        }

        // One read of the runs of every contract shown, from the longest span any of their policies asks for.
        var ids = withPolicy.Select(c => c.Row.Id).ToList();
        var earliest = now - withPolicy.Max(c => Span(c.Policy!));
        var runs = (await db.Set<BackupRecord>().AsNoTracking().Where(r => ids.Contains(r.ContractId) && r.StartedAt >= earliest).ToListAsync(ct))
            .ToLookup(r => r.ContractId);
        return [.. withPolicy.Select(c =>
        {
            var since = now - Span(c.Policy!);
            var own = runs[c.Row.Id].Where(r => r.StartedAt >= since).OrderByDescending(r => r.StartedAt).ToList();
            return View(c.Row.Id, c.Row.Name, c.Row.OrganisationId, c.Row.Organisation, TicketClocks.TerritoryOf(c.Row.Territory), c.Policy!, own, now, c.Row.StartsOn);
        })];
    }

    /// <summary>How far back a policy's check reads runs: its longest tier and the period in progress, with a day to spare.</summary>
    public static Duration Span(BackupPolicy policy) => Duration.FromDays(1 + policy.Tiers.Max(t => (t.Keep + 1) * t.Cadence switch
    {
        BackupCadence.Daily => 1,
        BackupCadence.Weekly => 7,
        _ => 31,
    }));

    /// <summary>The domain's check of <paramref name="runs"/>.</summary>
    public static BackupStatus Check(BackupPolicy policy, IEnumerable<BackupRecord> runs, DateTimeZone zone, Instant now, LocalDate startsOn) =>
        BackupCheck.Evaluate(policy, runs.Select(r => new BackupRun(r.Tier, r.StartedAt, r.Succeeded, r.FinishedAt, r.DeletedAt)), zone, now, startsOn);

    private static BackupStatusView View(Guid id, string name, Guid organisationId, string organisation, Domain.Calendars.Territory territory, BackupPolicy policy, List<BackupRecord> runs, Instant now, LocalDate startsOn)
    {
        var zone = territory.Zone;
        var status = Check(policy, runs, zone, now, startsOn);
        BackupRecord? RowOf(BackupRun? run) => run is null ? null : runs.FirstOrDefault(r => r.Tier == run.Tier && r.StartedAt == run.StartedAt && r.Succeeded == run.Succeeded && r.FinishedAt == run.FinishedAt);
        var latest = RowOf(status.Latest);
        return new BackupStatusView(
            id,
            name,
            organisationId,
            organisation,
            zone.Id,
            territory.Name,
            policy.Source,
            policy.MaxAge is { } age ? $"une copie complète de moins de {(int)age.TotalHours} heures" : null,
            status.Holds,
            [.. status.Findings.Select(f => new BackupFindingView(f.Kind switch { BackupFindingKind.Missing => "missing", BackupFindingKind.RetentionNotHeld => "retention", _ => "stale" }, f.Key, f.Message))],
            latest is null ? null : BackupRunView.Of(latest),
            [.. policy.Tiers.Select(t => new BackupTierView(t.Id, t.Name, t.Cadence.ToString().ToLowerInvariant(), t.Keep, t.OnDay, Rule(t)))],
            [.. status.Slots.Select(s =>
            {
                var row = RowOf(s.Run);
                return new BackupSlotView(s.Tier.Id, s.Tier.Name, s.From, s.Label, StateId(s.State), StateLabel(s.State), row?.Id, row?.StartedAt, row?.FinishedAt);
            })],
            [.. runs.Take(RecentRuns).Select(BackupRunView.Of)]);
    }

    /// <summary>"Une par jour ; les 30 dernières sont conservées."</summary>
    public static string Rule(BackupTier tier) => tier.Cadence switch
    {
        BackupCadence.Daily => $"Une par jour ; les {tier.Keep} dernières sont conservées.",
        BackupCadence.Weekly => $"Une par semaine ; les {tier.Keep} dernières sont conservées.",
        _ when tier.OnDay is { } day => $"Une le {(day == 1 ? "1er" : day.ToString(CultureInfo.InvariantCulture))} de chaque mois ; les {tier.Keep} dernières sont conservées.",
        _ => $"Une par mois ; les {tier.Keep} dernières sont conservées.",
    };

    private static string StateId(SlotState state) => state switch
    {
        SlotState.Held => "held",
        SlotState.Missing => "missing",
        SlotState.Failed => "failed",
        SlotState.Deleted => "deleted",
        _ => "pending",
    };

    public static string StateLabel(SlotState state) => state switch
    {
        SlotState.Held => "disponible",
        SlotState.Missing => "manquante",
        SlotState.Failed => "échouée, non refaite",
        SlotState.Deleted => "supprimée trop tôt",
        _ => "en attente",
    };

    /// <summary>
    /// A référent's restore request: a ticket of the service type <c>restauration</c> on a product of the contract the
    /// référent is declared on, naming the copy to restore from (which must still be a restore point).
    /// </summary>
    public async Task<Outcome<Ticket>> RequestRestoreAsync(Caller caller, RestoreInput input, CancellationToken ct)
    {
        if (caller is not { IsClient: true, User.IsReferent: true, User.OrganisationId: { } orgId })
        {
            return Failure.NotFound("contrat");
        }

        var contract = input.ContractId is { } contractId
            ? await caller.VisibleContracts(db).AsNoTracking().Where(c => c.Id == contractId)
                .Select(c => new { c.Id, c.PresetId, c.Policy, Products = c.Products.Select(p => p.ProductId).ToList() }).SingleOrDefaultAsync(ct)
            : null;
        if (contract is null)
        {
            return input.ContractId is null ? Failure.Invalid("contractId", "Choisissez le contrat.") : Failure.NotFound("contrat");
        }

        if (PolicyOf(contract.PresetId, contract.Policy) is null)
        {
            return Failure.Conflict("no_backup_policy", "Ce contrat ne prévoit pas de sauvegardes.");
        }

        var now = clock.GetCurrentInstant();
        var errors = new Dictionary<string, string[]>();
        var run = input.RunId is { } runId
            ? await db.Set<BackupRecord>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId && r.ContractId == contract.Id, ct)
            : null;
        var point = run is null ? null : new BackupRun(run.Tier, run.StartedAt, run.Succeeded, run.FinishedAt, run.DeletedAt);
        if (point is null || !point.IsRestorePoint(now))
        {
            errors["runId"] = [input.RunId is null ? "Choisissez la sauvegarde à partir de laquelle restaurer." : "Cette sauvegarde n'est plus disponible : choisissez-en une autre."];
        }

        var (details, detailsError) = TextInput.Read(input.Details, TicketHandlers.MaxText, required: true, "La description de ce qu'il faut restaurer");
        if (detailsError is not null)
        {
            errors["details"] = [detailsError];
        }

        var productId = contract.Products.FirstOrDefault(caller.DeclaredProducts.Contains);
        if (productId == Guid.Empty)
        {
            errors["contractId"] = ["Vous n'êtes déclaré sur aucun produit de ce contrat : un autre référent doit vous y ajouter."];
        }

        if (errors.Count > 0)
        {
            return Failure.Invalid(errors);
        }

        // The organisation's usual queue (the one most of its requests went to), else the first by name.
        var queueId = await UsualQueue.OrFirstAsync(db, orgId, ct);
        var territory = caller.Territory is { } t ? TicketClocks.TerritoryOf(t) : Domain.Calendars.Territory.Metropole;
        var copy = run!.FinishedAt!.Value.InZone(territory.Zone);
        var tierName = PolicyOf(contract.PresetId, contract.Policy)!.Tier(run.Tier)?.Name.ToLowerInvariant() ?? run.Tier;
        var copyText = $"sauvegarde {tierName} du {copy.ToString("dd'/'MM'/'uuuu 'à' HH':'mm", CultureInfo.InvariantCulture)}";
        return await tickets.CreateAsync(caller, new TicketHandlers.CreateTicket(
            productId,
            queueId,
            null,
            RestoreServiceType,
            null,
            $"Demande de restauration — {copyText}",
            $"""
            Restauration demandée à partir de la {copyText} (heure locale de l'organisation).

            {details}
            """), ct);
    }

    private static Instant? ReadInstant(string? text, string field, string what, bool required, Instant now, Dictionary<string, string[]> errors, bool allowFuture = false)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                errors[field] = [$"{what} est obligatoire (date et heure ISO 8601 avec décalage, par exemple 2026-12-04T02:00:00+01:00)."];
            }

            return null;
        }

        var parsed = OffsetDateTimePattern.ExtendedIso.Parse(text.Trim());
        if (!parsed.Success && InstantPattern.ExtendedIso.Parse(text.Trim()) is { Success: true } utc)
        {
            return Check(utc.Value);
        }

        if (!parsed.Success)
        {
            errors[field] = [$"{what} doit être une date et une heure ISO 8601 avec décalage, par exemple 2026-12-04T02:00:00+01:00."];
            return null;
        }

        return Check(parsed.Value.ToInstant());

        Instant? Check(Instant value)
        {
            if ((!allowFuture && value > now + MaxFuture) || value.InUtc().Year is < 2000 or > 2200)
            {
                errors[field] = [allowFuture ? $"{what} doit être entre l'an 2000 et l'an 2200." : $"{what} ne peut pas être dans le futur ni avant l'an 2000."];
                return null;
            }

            return value;
        }
    }
}
