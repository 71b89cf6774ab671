using Guichet.Features.Availability;

namespace Guichet.Features.Probes;

/// <summary>
/// Demo probes on the AT contract's hosted software: the product's own sign-in page on the loopback (the default
/// address of <c>guichet serve</c>), with AT's "accueil" objectives and a day of past samples (one short outage
/// dismissed as a false alarm). They are seeded disabled, since the demo may be served on another address: staff
/// enable them on <c>/bureau/sondes</c> once the address is right.
/// </summary>
internal static class ProbeDemo
{
    public static async Task SeedAsync(GuichetDbContext db, Contract software, Instant now, CancellationToken ct)
    {
        var service = await db.Set<HostedService>().Where(s => s.ContractId == software.Id).OrderBy(s => s.CreatedAt).FirstOrDefaultAsync(ct);
        if (service is null)
        {
            return;
        }

        var checks = ProbeSettings.ChecksOf(software);
        var probes = new[]
        {
            new Probe { ServiceId = service.Id, Name = "Page de connexion", Url = "http://127.0.0.1:5080/connexion", ExpectedText = "Connexion", CheckId = "accueil" },
            new Probe { ServiceId = service.Id, Name = "Page de connexion (en-tête)", Url = "http://127.0.0.1:5080/connexion", Method = "HEAD", CheckId = "authentification" },
        };
        var minute = Instant.FromUnixTimeSeconds(now.ToUnixTimeSeconds() / 60 * 60);
        foreach (var probe in probes)
        {
            probe.Enabled = false;
            probe.CreatedAt = probe.UpdatedAt = minute - Duration.FromDays(1);
            probe.NextDueAt = minute;
            if (checks.FirstOrDefault(c => c.Id == probe.CheckId) is { } check)
            {
                probe.Objectives = [.. check.Objectives.Select(o => new ProbeObjective { ProbeId = probe.Id, Percent = o.Percent, ThresholdMs = o.ThresholdMs, Source = check.Source })];
            }

            // One sample every 10 minutes over the last day: mostly fast, a few slow, three failures in a row.
            for (var i = 144; i >= 1; i--)
            {
                var ok = i is not (40 or 41 or 42);
                var duration = ok ? (i % 9 == 0 ? 2300 + i : 180 + (i * 37 % 600)) : 10_000;
                db.Add(new ProbeSample { ProbeId = probe.Id, At = minute - Duration.FromMinutes(10 * i), DurationMs = duration, Ok = ok, StatusCode = ok ? 200 : null, Error = ok ? null : "Pas de réponse complète en 10 s (délai dépassé)." });
            }

            probe.LastSampleAt = minute - Duration.FromMinutes(10);
            probe.LastOk = true;
            db.Add(probe);
            db.Add(new OutageProposal
            {
                ProbeId = probe.Id,
                ServiceId = service.Id,
                Start = minute - Duration.FromMinutes(420),
                End = minute - Duration.FromMinutes(390),
                Failures = 3,
                Reason = "Pas de réponse complète en 10 s (délai dépassé).",
                State = ProposalState.Dismissed,
                ProposedAt = minute - Duration.FromMinutes(400),
                NotifiedAt = minute - Duration.FromMinutes(400),
                DecidedAt = minute - Duration.FromMinutes(380),
            });
        }

        await db.SaveChangesAsync(ct);
    }
}
