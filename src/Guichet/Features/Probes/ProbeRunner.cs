using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Guichet.Features.Probes;

/// <summary>
/// Runs the probes that are due: each one's slot is claimed by a conditional update of its row (its
/// <see cref="Probe.NextDueAt"/> still the slot seen and no lease running), so with several instances, on SQLite or
/// PostgreSQL, one runner samples a probe in a slot; the others' updates change no row. The check is made with
/// <see cref="ProbeHttp"/>, the sample recorded with the probe's new state, then the run of failures is turned into a
/// proposal (<see cref="ProbeAlerts"/>).
/// </summary>
internal sealed class ProbeRunner(IServiceScopeFactory scopes, IClock clock, IConfiguration configuration, IHttpClientFactory http)
{
    /// <summary>This process's runner id (the lease holder).</summary>
    public Guid Id { get; } = Guid.NewGuid();

    private int Parallelism => Math.Clamp(configuration.GetValue("Probes:Parallelism", 16), 1, 256);

    /// <summary>One pass: claims and samples every due probe; returns the samples recorded.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        List<(Guid Id, Instant Due)> due;
        var now = clock.GetCurrentInstant();
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuichetDbContext>();
            due = [.. (await db.Set<Probe>().AsNoTracking()
                    .Where(p => p.Enabled && p.NextDueAt <= now && (p.LeaseUntil == null || p.LeaseUntil <= now))
                    .OrderBy(p => p.NextDueAt).Select(p => new { p.Id, p.NextDueAt }).ToListAsync(ct))
                .Select(p => (p.Id, p.NextDueAt))];
        }

        var recorded = 0;
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (probe, token) =>
        {
            if (await SampleAsync(probe.Id, probe.Due, token))
            {
                Interlocked.Increment(ref recorded);
            }
        });
        return recorded;
    }

    /// <summary>Claims the slot <paramref name="due"/> of a probe and, when this runner got it, samples it.</summary>
    public async Task<bool> SampleAsync(Guid probeId, Instant due, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuichetDbContext>();
        var probe = await db.Set<Probe>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == probeId, ct);
        if (probe is null)
        {
            return false;
        }

        var now = clock.GetCurrentInstant();
        if (!await ClaimAsync(db, probe, due, now, Id, ct))
        {
            return false;
        }

        var result = await ProbeHttp.CheckAsync(http.CreateClient(ProbeHttp.ClientName), probe, ct);
        await scope.ServiceProvider.GetRequiredService<ProbeAlerts>().RecordAsync(probe.Id, now, result, ct);
        return true;
    }

    /// <summary>
    /// The lease: moves the probe's next slot on and takes the lease only if the slot is still <paramref name="due"/>
    /// and no lease runs — one row changed means this runner owns the slot.
    /// </summary>
    internal static async Task<bool> ClaimAsync(GuichetDbContext db, Probe probe, Instant due, Instant now, Guid holder, CancellationToken ct)
    {
        var interval = Duration.FromSeconds(Math.Max(10, probe.IntervalSeconds));
        var next = due + interval;
        if (next <= now)
        {
            // Slots missed (the application was stopped): the next one after now, on the probe's rhythm.
            next = due + (interval * ((long)((now - due).TotalSeconds / interval.TotalSeconds) + 1));
        }

        var leaseUntil = now + Duration.FromMilliseconds(probe.TimeoutMs) + Duration.FromSeconds(30);
        var changed = await db.Set<Probe>()
            .Where(p => p.Id == probe.Id && p.Enabled && p.NextDueAt == due && (p.LeaseUntil == null || p.LeaseUntil <= now))
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.NextDueAt, next).SetProperty(p => p.LeaseUntil, leaseUntil).SetProperty(p => p.LeaseHolder, holder), ct);
        return changed == 1;
    }
}

/// <summary>What one HTTP check found.</summary>
internal sealed record CheckResult(int DurationMs, bool Ok, int? StatusCode, string? Error, Instant? CertificateNotAfter);

/// <summary>
/// The HTTP check of a probe. The client (<see cref="ClientName"/>) follows no redirection (a 301/302 is the status
/// compared with the expected one: staff expect 302 to check a redirection), keeps no cookie, uses no proxy (the probe
/// measures the service, not a proxy) and opens a new connection for each sample (<c>Connection: close</c>: a new
/// visitor's time, handshake included, and the certificate seen each time).
/// </summary>
internal static class ProbeHttp
{
    public const string ClientName = "probes";

    private static readonly HttpRequestOptionsKey<CertificateSeen> Seen = new("guichet-probe-certificate");

    /// <summary>The certificate the server showed and whether the probe accepts an untrusted one.</summary>
    private sealed class CertificateSeen(bool acceptUntrusted)
    {
        public bool AcceptUntrusted { get; } = acceptUntrusted;

        public DateTime? NotAfter { get; set; }

        public SslPolicyErrors Errors { get; set; }

        public X509ChainStatusFlags Chain { get; set; }
    }

    public static IServiceCollection AddProbeHttp(this IServiceCollection services)
    {
        services.AddHttpClient(ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                UseProxy = false,
                AutomaticDecompression = DecompressionMethods.All,
                ServerCertificateCustomValidationCallback = (request, certificate, chain, errors) =>
                {
                    if (!request.Options.TryGetValue(Seen, out var seen))
                    {
                        return errors == SslPolicyErrors.None;
                    }

                    seen.NotAfter = certificate?.NotAfter.ToUniversalTime();
                    seen.Errors = errors;
                    seen.Chain = chain?.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status) ?? X509ChainStatusFlags.NoError;
                    return errors == SslPolicyErrors.None || (seen.AcceptUntrusted && errors == SslPolicyErrors.RemoteCertificateChainErrors);
                },
            });
        return services;
    }

    public static async Task<CheckResult> CheckAsync(HttpClient client, Probe probe, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(probe.Method == "HEAD" ? HttpMethod.Head : HttpMethod.Get, probe.Url);
        request.Headers.ConnectionClose = true;
        request.Headers.UserAgent.ParseAdd("Guichet-sonde/1.0");
        var seen = new CertificateSeen(probe.AcceptUntrustedCertificate);
        request.Options.Set(Seen, seen);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(probe.TimeoutMs);
        var watch = Stopwatch.StartNew();
        int? status = null;
        string? error;
        bool ok;
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = (int)response.StatusCode;
            var body = probe.ExpectedText is not null && probe.Method != "HEAD" ? await ReadAsync(response, timeout.Token) : null;
            if (probe.ExpectedText is null || probe.Method == "HEAD")
            {
                await response.Content.CopyToAsync(Stream.Null, timeout.Token);
            }

            watch.Stop();
            if (status != probe.ExpectedStatus)
            {
                var location = response.Headers.Location is { } to ? $" (redirection vers {Short(to.ToString(), 120)})" : "";
                error = $"Statut {status}{location} au lieu de {probe.ExpectedStatus}.";
            }
            else if (body is not null && !body.Contains(probe.ExpectedText!, StringComparison.Ordinal))
            {
                error = $"Texte attendu absent de la réponse : « {Short(probe.ExpectedText!, 80)} ».";
            }
            else
            {
                error = null;
            }

            ok = error is null;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            watch.Stop();
            ok = false;
            error = $"Pas de réponse complète en {ProbeTexts.Seconds(probe.TimeoutMs)} (délai dépassé).";
        }
        catch (HttpRequestException e)
        {
            watch.Stop();
            ok = false;
            error = Reason(e, seen);
        }

        var duration = ok ? (int)Math.Min(int.MaxValue, watch.ElapsedMilliseconds) : (int)Math.Min(Math.Max(watch.ElapsedMilliseconds, 0), probe.TimeoutMs);
        if (error?.StartsWith("Pas de réponse", StringComparison.Ordinal) == true)
        {
            duration = probe.TimeoutMs;
        }

        Instant? notAfter = seen.NotAfter is { } d ? Instant.FromDateTimeUtc(DateTime.SpecifyKind(d, DateTimeKind.Utc)) : null;
        return new CheckResult(duration, ok, status, error is null ? null : Short(error, 300), notAfter);
    }

    private static async Task<string> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        // At most 2 MB of the body are read for the expected text.
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var reader = new StreamReader(stream);
        var buffer = new char[2 * 1024 * 1024];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await reader.ReadAsync(buffer.AsMemory(read), ct)) > 0)
        {
            read += n;
        }

        return new string(buffer, 0, read);
    }

    private static string Reason(HttpRequestException e, CertificateSeen seen)
    {
        if (e.InnerException is AuthenticationException || seen.Errors != SslPolicyErrors.None)
        {
            var why = new List<string>();
            if (seen.Chain.HasFlag(X509ChainStatusFlags.NotTimeValid))
            {
                why.Add("expiré ou pas encore valide");
            }

            if (seen.Errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            {
                why.Add("établi pour un autre nom");
            }

            if (seen.Chain.HasFlag(X509ChainStatusFlags.UntrustedRoot) || seen.Chain.HasFlag(X509ChainStatusFlags.PartialChain))
            {
                why.Add("non reconnu (autorité inconnue ou certificat auto-signé)");
            }

            if (seen.Errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            {
                why.Add("absent");
            }

            return why.Count == 0 ? "Connexion sécurisée impossible (TLS)." : $"Certificat refusé : {string.Join(", ", why)}.";
        }

        return e.InnerException is SocketException socket
            ? socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "Connexion refusée (le service n'écoute pas).",
                SocketError.HostNotFound or SocketError.NoData => "Nom d'hôte inconnu.",
                SocketError.TimedOut => "Le serveur ne répond pas (délai de connexion dépassé).",
                SocketError.NetworkUnreachable or SocketError.HostUnreachable => "Réseau ou serveur injoignable.",
                _ => "Serveur injoignable.",
            }
            : e.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => "Nom d'hôte inconnu.",
                HttpRequestError.ConnectionError => "Connexion impossible ou interrompue.",
                HttpRequestError.ResponseEnded => "Réponse interrompue avant la fin.",
                HttpRequestError.InvalidResponse => "Réponse HTTP invalide.",
                _ => "Échec de la requête HTTP.",
            };
    }

    private static string Short(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}

/// <summary>Runs <see cref="ProbeRunner"/> every 10 seconds (<c>Jobs:ProbeRunnerSeconds</c>).</summary>
internal sealed class ProbeRunnerService(IServiceScopeFactory scopes, IConfiguration configuration, ProbeRunner runner, ILogger<ProbeRunnerService> logger) : Jobs.PeriodicJob(scopes, logger)
{
    protected override TimeSpan Period => TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Jobs:ProbeRunnerSeconds", 10)));

    protected override Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct) => runner.RunOnceAsync(ct);
}
