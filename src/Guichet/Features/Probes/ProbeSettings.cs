using Guichet.Features.Availability;

namespace Guichet.Features.Probes;

/// <summary>
/// Staff's use cases on probes: list, read, create and change (enable, disable) the probes of the services of the
/// contracts they serve, read a probe's samples. Clients see no probe configuration: for them every probe is not found.
/// </summary>
internal static class ProbeSettings
{
    public const int MaxObjectives = 6;

    /// <summary>The probes a staff member may configure (none for a client).</summary>
    public static IQueryable<Probe> StaffProbes(GuichetDbContext db, Caller caller) =>
        caller.IsStaff ? ProbeAccess.VisibleProbes(db, caller) : db.Set<Probe>().Where(_ => false);

    public static async Task<IReadOnlyList<ProbeView>> ListAsync(GuichetDbContext db, Caller caller, Guid? contractId, Guid? serviceId, CancellationToken ct)
    {
        var query = StaffProbes(db, caller).AsNoTracking().Include(p => p.Objectives).AsQueryable();
        if (serviceId is { } sid)
        {
            query = query.Where(p => p.ServiceId == sid);
        }

        if (contractId is { } cid)
        {
            var services = db.Set<HostedService>().Where(s => s.ContractId == cid).Select(s => s.Id);
            query = query.Where(p => services.Contains(p.ServiceId));
        }

        var probes = await query.OrderBy(p => p.Name).ToListAsync(ct);
        return await ViewsAsync(db, probes, ct);
    }

    public static async Task<Outcome<ProbeView>> GetAsync(GuichetDbContext db, Caller caller, Guid id, CancellationToken ct) =>
        await StaffProbes(db, caller).AsNoTracking().Include(p => p.Objectives).SingleOrDefaultAsync(p => p.Id == id, ct) is { } probe
            ? (await ViewsAsync(db, [probe], ct))[0]
            : Failure.NotFound("sonde");

    public static async Task<Outcome<ProbeSamples>> SamplesAsync(GuichetDbContext db, Caller caller, Guid id, int take, CancellationToken ct)
    {
        if (!await StaffProbes(db, caller).AnyAsync(p => p.Id == id, ct))
        {
            return Failure.NotFound("sonde");
        }

        var samples = await db.Set<ProbeSample>().AsNoTracking().Where(s => s.ProbeId == id).OrderByDescending(s => s.At).Take(Math.Clamp(take, 1, 500))
            .Select(s => new ProbeSampleView(s.At, s.DurationMs, s.Ok, s.StatusCode, s.Error, s.CertificateNotAfter)).ToListAsync(ct);
        return new ProbeSamples(id, samples);
    }

    internal static async Task<List<ProbeView>> ViewsAsync(GuichetDbContext db, List<Probe> probes, CancellationToken ct)
    {
        var serviceIds = probes.Select(p => p.ServiceId).Distinct().ToList();
        var services = await (from s in db.Set<HostedService>().AsNoTracking()
                              join c in db.Contracts on s.ContractId equals c.Id
                              where serviceIds.Contains(s.Id)
                              select new { s.Id, s.Name, s.ContractId, Contract = c.Name, c.OrganisationId }).ToDictionaryAsync(s => s.Id, ct);
        return [.. probes.Select(p =>
        {
            var s = services[p.ServiceId];
            return new ProbeView(p.Id, p.ServiceId, s.Name, s.ContractId, s.Contract, s.OrganisationId, p.Name, p.Url, p.Method, p.ExpectedStatus, p.ExpectedText,
                p.TimeoutMs, p.IntervalSeconds, p.Enabled, p.FailuresBeforeOutage, p.AcceptUntrustedCertificate, p.CheckId,
                [.. p.Objectives.OrderBy(o => o.ThresholdMs).ThenBy(o => o.Percent).Select(o => new ProbeObjectiveView(o.Id, o.Percent, o.ThresholdMs, ProbeTexts.ObjectiveLabel(o.Percent, o.ThresholdMs), o.Source))],
                p.LastSampleAt, p.LastOk, p.ConsecutiveFailures, p.CertificateNotAfter, p.NextDueAt);
        })];
    }

    /// <summary>The preset's checks of a service's contract (AT 10.2.2), for the form's choices.</summary>
    public static async Task<IReadOnlyList<Domain.Availability.ResponseTimeCheck>> ChecksOfServiceAsync(GuichetDbContext db, Guid serviceId, CancellationToken ct)
    {
        var contract = await db.Set<HostedService>().Where(s => s.Id == serviceId).Join(db.Contracts, s => s.ContractId, c => c.Id, (s, c) => c).AsNoTracking().SingleOrDefaultAsync(ct);
        return contract is null ? [] : ChecksOf(contract);
    }

    public static IReadOnlyList<Domain.Availability.ResponseTimeCheck> ChecksOf(Contract contract)
    {
        try
        {
            return Features.Tickets.TicketClocks.Policy(contract.PresetId, contract.Policy).ResponseTimes;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or Domain.Presets.PresetValidationException)
        {
            return [];
        }
    }

    public static async Task<Outcome<ProbeView>> CreateAsync(GuichetDbContext db, IClock clock, Caller caller, ProbeRequest request, CancellationToken ct)
    {
        if (!caller.IsStaff)
        {
            return Failure.NotFound("service");
        }

        var errors = new Dictionary<string, string[]>();
        HostedService? service = null;
        if (request.ServiceId is not { } serviceId)
        {
            errors["serviceId"] = ["Indiquez le service vérifié par la sonde."];
        }
        else if ((service = await AvailabilityLog.VisibleServices(db, caller).AsNoTracking().SingleOrDefaultAsync(s => s.Id == serviceId, ct)) is null)
        {
            return Failure.NotFound("service");
        }

        var now = clock.GetCurrentInstant();
        var probe = new Probe { CreatedAt = now, UpdatedAt = now, NextDueAt = now };
        var checks = service is null ? [] : await ChecksOfServiceAsync(db, service.Id, ct);
        Apply(probe, request, creating: true, checks, errors);
        if (errors.Count > 0)
        {
            return Failure.Invalid(errors);
        }

        probe.ServiceId = service!.Id;
        db.Add(probe);
        await db.SaveChangesAsync(ct);
        return await GetAsync(db, caller, probe.Id, ct);
    }

    public static async Task<Outcome<ProbeView>> UpdateAsync(GuichetDbContext db, IClock clock, Caller caller, Guid id, ProbeRequest request, CancellationToken ct)
    {
        if (await StaffProbes(db, caller).Include(p => p.Objectives).SingleOrDefaultAsync(p => p.Id == id, ct) is not { } probe)
        {
            return Failure.NotFound("sonde");
        }

        var errors = new Dictionary<string, string[]>();
        if (request.ServiceId is { } serviceId && serviceId != probe.ServiceId)
        {
            errors["serviceId"] = ["Une sonde reste attachée à son service ; créez-en une autre pour un autre service."];
        }

        var wasEnabled = probe.Enabled;
        Apply(probe, request, creating: false, await ChecksOfServiceAsync(db, probe.ServiceId, ct), errors);
        if (errors.Count > 0)
        {
            return Failure.Invalid(errors);
        }

        var now = clock.GetCurrentInstant();
        probe.UpdatedAt = now;
        if (probe.Enabled && !wasEnabled)
        {
            // Enabled again: sampled at once, and a run of failures from before does not continue.
            probe.NextDueAt = now;
            probe.ConsecutiveFailures = 0;
            probe.FailingSince = null;
        }

        await db.SaveChangesAsync(ct);
        return await GetAsync(db, caller, probe.Id, ct);
    }

    /// <summary>Reads the request into the probe (every field on creation, the given ones on a change).</summary>
    private static void Apply(Probe probe, ProbeRequest r, bool creating, IReadOnlyList<Domain.Availability.ResponseTimeCheck> checks, Dictionary<string, string[]> errors)
    {
        if (creating || r.Name is not null)
        {
            var (name, error) = TextInput.Read(r.Name, 200, required: true, "Le nom de la sonde");
            if (error is not null)
            {
                errors["name"] = [error];
            }

            probe.Name = name ?? probe.Name;
        }

        if (creating || r.Url is not null)
        {
            var (url, error) = TextInput.Read(r.Url, 2000, required: true, "L'adresse");
            if (error is not null)
            {
                errors["url"] = [error];
            }
            else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            {
                errors["url"] = ["L'adresse doit être une URL complète en http:// ou https://, par exemple https://exemple.fr/accueil."];
            }
            else
            {
                probe.Url = uri.ToString();
            }
        }

        if (creating || r.Method is not null)
        {
            var method = (r.Method ?? "GET").Trim().ToUpperInvariant();
            if (method is not ("GET" or "HEAD"))
            {
                errors["method"] = ["La méthode est GET ou HEAD."];
            }
            else
            {
                probe.Method = method;
            }
        }

        Number(r.ExpectedStatus, 100, 599, "expectedStatus", "Le statut attendu est un code HTTP de 100 à 599.", v => probe.ExpectedStatus = v, errors);
        Number(r.TimeoutMs, 500, 60_000, "timeoutMs", "Le délai est de 500 à 60 000 ms.", v => probe.TimeoutMs = v, errors);
        Number(r.IntervalSeconds, 30, 86_400, "intervalSeconds", "L'intervalle est de 30 s à 86 400 s (un jour).", v => probe.IntervalSeconds = v, errors);
        Number(r.FailuresBeforeOutage, 1, 100, "failuresBeforeOutage", "Le nombre d'échecs consécutifs est de 1 à 100.", v => probe.FailuresBeforeOutage = v, errors);
        if (r.TimeoutMs is { } t && t >= (r.IntervalSeconds ?? probe.IntervalSeconds) * 1000 && !errors.ContainsKey("timeoutMs"))
        {
            errors["timeoutMs"] = ["Le délai doit être plus court que l'intervalle entre deux vérifications."];
        }

        if (r.ExpectedText is not null)
        {
            var (text, error) = TextInput.Read(r.ExpectedText, 500, required: false, "Le texte attendu");
            if (error is not null)
            {
                errors["expectedText"] = [error];
            }

            probe.ExpectedText = text;
        }

        if (r.Enabled is { } enabled)
        {
            probe.Enabled = enabled;
        }

        if (r.AcceptUntrustedCertificate is { } accept)
        {
            probe.AcceptUntrustedCertificate = accept;
        }

        Domain.Availability.ResponseTimeCheck? check = null;
        if (!string.IsNullOrWhiteSpace(r.CheckId))
        {
            check = checks.FirstOrDefault(c => c.Id == r.CheckId.Trim());
            if (check is null)
            {
                errors["checkId"] = [checks.Count == 0
                    ? "Le contrat de ce service ne nomme aucune vérification (aucun objectif de temps de réponse dans son modèle)."
                    : $"Vérification inconnue pour ce contrat ; valeurs possibles : {string.Join(", ", checks.Select(c => c.Id))}."];
            }
            else
            {
                probe.CheckId = check.Id;
            }
        }

        if (r.Objectives is { } objectives)
        {
            if (objectives.Count > MaxObjectives)
            {
                errors["objectives"] = [$"Au plus {MaxObjectives} objectifs par sonde."];
                return;
            }

            var read = new List<ProbeObjective>();
            for (var i = 0; i < objectives.Count; i++)
            {
                var o = objectives[i];
                if (o.Percent is not (> 0 and <= 100))
                {
                    errors[$"objectives[{i}].percent"] = ["La part des mesures est un pourcentage supérieur à 0 et au plus 100."];
                }
                else if (o.ThresholdMs is not (> 0 and <= 120_000))
                {
                    errors[$"objectives[{i}].thresholdMs"] = ["Le seuil est de 1 à 120 000 ms."];
                }
                else
                {
                    read.Add(new ProbeObjective { ProbeId = probe.Id, Percent = o.Percent.Value, ThresholdMs = o.ThresholdMs.Value });
                }
            }

            probe.Objectives.Clear();
            probe.Objectives.AddRange(read);
        }
        else if (check is not null && (creating || r.CheckId is not null))
        {
            probe.Objectives.Clear();
            probe.Objectives.AddRange(check.Objectives.Select(o => new ProbeObjective { ProbeId = probe.Id, Percent = o.Percent, ThresholdMs = o.ThresholdMs, Source = check.Source }));
        }
    }

    private static void Number(int? value, int min, int max, string field, string message, Action<int> set, Dictionary<string, string[]> errors)
    {
        if (value is not { } v)
        {
            return;
        }

        if (v < min || v > max)
        {
            errors[field] = [message];
        }
        else
        {
            set(v);
        }
    }
}
