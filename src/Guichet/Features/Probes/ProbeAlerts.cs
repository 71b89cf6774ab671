using Guichet.Features.Availability;
using Guichet.Features.Backups;

namespace Guichet.Features.Probes;

/// <summary>
/// Records a probe's sample with the probe's new state, in one transaction with what it leads to: after
/// <see cref="Probe.FailuresBeforeOutage"/> failures in a row an <see cref="OutageProposal"/> (unique by probe and first
/// failure) and one mail to the staff responsible for the service (<see cref="Accounts.ResponsibleStaff"/>); at the
/// first success after it, the proposed end; for an https certificate expiring within 30 or 7 days, one
/// <see cref="CertificateWarning"/> per threshold and its mail.
/// </summary>
internal sealed class ProbeAlerts(GuichetDbContext db)
{
    public const string ProposalKind = "probe-outage";

    public const string CertificateKind = "probe-certificate";

    /// <summary>The thresholds of the certificate warnings, in days before expiry.</summary>
    public static readonly int[] CertificateDays = [30, 7];

    public async Task RecordAsync(Guid probeId, Instant at, CheckResult result, CancellationToken ct)
    {
        var probe = await db.Set<Probe>().SingleAsync(p => p.Id == probeId, ct);
        var service = await db.Set<HostedService>().AsNoTracking().SingleAsync(s => s.Id == probe.ServiceId, ct);
        var contract = await db.Contracts.AsNoTracking().Where(c => c.Id == service.ContractId).Select(c => new { c.Name, c.OrganisationId }).SingleAsync(ct);
        var organisation = await db.Organisations.Where(o => o.Id == contract.OrganisationId).Select(o => o.Name).SingleAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Add(new ProbeSample { ProbeId = probe.Id, At = at, DurationMs = result.DurationMs, Ok = result.Ok, StatusCode = result.StatusCode, Error = result.Error, CertificateNotAfter = result.CertificateNotAfter });
        probe.LastSampleAt = at;
        probe.LastOk = result.Ok;
        probe.LeaseUntil = null;
        probe.LeaseHolder = null;
        probe.CertificateNotAfter = result.CertificateNotAfter ?? probe.CertificateNotAfter;
        var mails = new List<(string Kind, string Subject, string Body)>();
        if (result.Ok)
        {
            if (probe.FailingSince is { } since
                && await db.Set<OutageProposal>().SingleOrDefaultAsync(p => p.ProbeId == probe.Id && p.Start == since, ct) is { } open
                && open.End is null)
            {
                open.End = at;
            }

            probe.ConsecutiveFailures = 0;
            probe.FailingSince = null;
        }
        else
        {
            probe.ConsecutiveFailures++;
            probe.FailingSince ??= at;
            var proposal = await db.Set<OutageProposal>().SingleOrDefaultAsync(p => p.ProbeId == probe.Id && p.Start == probe.FailingSince, ct);
            if (proposal is not null)
            {
                proposal.Failures = probe.ConsecutiveFailures;
            }
            else if (probe.ConsecutiveFailures >= probe.FailuresBeforeOutage)
            {
                var first = await db.Set<ProbeSample>().Where(s => s.ProbeId == probe.Id && s.At == probe.FailingSince).Select(s => s.Error).FirstOrDefaultAsync(ct);
                db.Add(new OutageProposal
                {
                    ProbeId = probe.Id,
                    ServiceId = probe.ServiceId,
                    Start = probe.FailingSince.Value,
                    Failures = probe.ConsecutiveFailures,
                    Reason = first ?? result.Error ?? "",
                    State = ProposalState.Proposed,
                    ProposedAt = at,
                    NotifiedAt = at,
                });
                mails.Add((ProposalKind, $"Guichet : interruption probable — {service.Name} ({organisation})",
                    ProposalBody(probe, service, contract.Name, organisation, first ?? result.Error ?? "")));
            }
        }

        if (result.CertificateNotAfter is { } notAfter)
        {
            // The thresholds crossed; one mail for the tightest, the wider ones recorded with it so they are not sent later.
            var crossed = CertificateDays.Where(d => notAfter - at <= Duration.FromDays(d)).ToList();
            var known = await db.Set<CertificateWarning>().Where(w => w.ProbeId == probe.Id && w.NotAfter == notAfter).Select(w => w.Days).ToListAsync(ct);
            if (crossed.Count > 0 && !known.Contains(crossed.Min()))
            {
                foreach (var days in crossed.Except(known))
                {
                    db.Add(new CertificateWarning { ProbeId = probe.Id, NotAfter = notAfter, Days = days, SentAt = at });
                }

                mails.Add((CertificateKind, $"Guichet : certificat bientôt expiré — {probe.Name} ({organisation})", CertificateBody(probe, service, organisation, notAfter, at)));
            }
        }

        if (mails.Count > 0)
        {
            foreach (var user in await Accounts.ResponsibleStaff.OfAsync(db, contract.OrganisationId, ct))
            {
                foreach (var (kind, subject, body) in mails)
                {
                    db.Outbox.Add(new OutboxMessage { To = user.Email!, UserId = user.Id, Kind = kind, Subject = subject, Body = Greeting(user.DisplayName) + body, CreatedAt = at });
                }
            }
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private static string Greeting(string name) => $"Bonjour{(string.IsNullOrWhiteSpace(name) ? "" : " " + name)},\n\n";

    private static string ProposalBody(Probe probe, HostedService service, string contract, string organisation, string reason) => $"""
        La sonde « {probe.Name} » du service « {service.Name} » (contrat « {contract} », {organisation}) a échoué
        {probe.ConsecutiveFailures} fois de suite depuis {Paris(probe.FailingSince!.Value)} (heure de Paris).
        Premier échec : {reason}

        Une interruption est proposée au journal de disponibilité. Confirmez-la (elle comptera alors dans la
        disponibilité du mois) ou écartez-la s'il s'agit d'une fausse alerte : /bureau/disponibilite/{service.ContractId}

        Guichet ne signale chaque interruption proposée qu'une fois ; sa fin sera proposée au premier succès de la sonde.
        """;

    private static string CertificateBody(Probe probe, HostedService service, string organisation, Instant notAfter, Instant now) => $"""
        Le certificat du serveur vérifié par la sonde « {probe.Name} » (service « {service.Name} », {organisation})
        expire le {Paris(notAfter)} (heure de Paris), dans {Math.Max(0, (int)Math.Floor((notAfter - now).TotalDays))} jour(s).
        Adresse : {probe.Url}

        Renouvelez-le avant cette date : à l'expiration, les utilisateurs ne pourront plus se connecter au service.
        Guichet prévient 30 jours puis 7 jours avant l'expiration, une fois chacun : /bureau/sondes/{probe.Id}
        """;

    internal static string Paris(Instant at) =>
        at.InZone(DateTimeZoneProviders.Tzdb["Europe/Paris"]).ToString("dd/MM/yyyy HH:mm", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"));
}
