using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Guichet.Features.Mail;
using Guichet.Features.Probes;
using Guichet.Features.ProductionReports;
using Guichet.Tests.Api;
using Guichet.Tests.Availability;
using Guichet.Tests.Mail;
using Guichet.Tests.Portal;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using NodaTime;

namespace Guichet.Tests.ProductionReports;

/// <summary>
/// The daily production report (issue 19 part 2, docs/production-report.md) on each database, with the SMTP test
/// server: samples of one AT check for a day in La Réunion, the job run twice (one report, one mail), the mail's MIME
/// structure and its figures against values computed by hand, the portal's page, archive and image, the API, and
/// another organisation's report, image and contract as 404.
/// </summary>
public abstract class ProductionReportTests(GuichetApp app)
{
    private static readonly DateTimeZone Reunion = DateTimeZoneProviders.Tzdb["Indian/Reunion"];

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly ConcurrentDictionary<GuichetApp, Lazy<Task<Setup>>> Setups = new();

    private World W => app.World;

    /// <summary>The world of this class's tests: the report of 12 April 2026 of organisation B (AT, La Réunion).</summary>
    private sealed record Setup(Guid ServiceId, Guid ProbeId, Guid OutageId, int FirstRun, Guid ReportId);

    /// <summary>A probe of <paramref name="serviceId"/> with its objectives (through the probes' model: the probes' API is their helper's).</summary>
    internal static Task<Guid> ProbeAsync(GuichetApp app, Guid serviceId, string name, Instant createdAt, params (decimal Percent, int ThresholdMs)[] objectives) =>
        app.WithDbAsync(async db =>
        {
            var probe = new Probe
            {
                ServiceId = serviceId,
                Name = name,
                Url = "https://plateforme.example/accueil",
                CreatedAt = createdAt,
                UpdatedAt = createdAt,
                NextDueAt = createdAt,
                Objectives = [.. objectives.Select(o => new ProbeObjective { Percent = o.Percent, ThresholdMs = o.ThresholdMs, Source = "AT 10.2.2" })],
            };
            db.Add(probe);
            await db.SaveChangesAsync();
            return probe.Id;
        });

    internal static Task<int> SamplesAsync(GuichetApp app, Guid probeId, IEnumerable<(Instant At, int DurationMs, bool Ok)> samples) =>
        app.WithDbAsync(async db =>
        {
            db.AddRange(samples.Select(s => new ProbeSample { ProbeId = probeId, At = s.At, DurationMs = s.DurationMs, Ok = s.Ok, StatusCode = s.Ok ? 200 : null, Error = s.Ok ? null : "Délai de réponse dépassé." }));
            var added = await db.SaveChangesAsync();
            await ProbeRollups.RollClosedHoursAsync(db, app.Clock.GetCurrentInstant(), CancellationToken.None);
            return added;
        });

    private static Task<int> RunJobAsync(GuichetApp app) => app.WithServiceAsync<ProductionReportJob, int>(j => j.RunOnceAsync(CancellationToken.None));

    /// <summary>A report of organisation <paramref name="org"/> for the cross-organisation test of ApiTests.</summary>
    internal static async Task<Guid> CrossOrganisationReportAsync(GuichetApp app, World.Org org)
    {
        var now = app.Clock.GetCurrentInstant();
        var service = await AvailabilityTests.ServiceAsync(app, org.ContractId, $"Service sondé {Guid.NewGuid():N}", "progiciel");
        var probe = await ProbeAsync(app, service, "Accueil", now - Duration.FromDays(3), (80m, 2000));
        var zone = await app.WithDbAsync(db => db.Organisations.Where(o => o.Id == org.Id).Select(o => o.Territory).SingleAsync());
        var day = ProductionReportJob.DueDay(now, Guichet.Features.Availability.AvailabilityTexts.ZoneOf(zone), ProductionReportSchedules.DefaultHour);
        var (from, _) = ProductionReportBuilder.Bounds(day, Guichet.Features.Availability.AvailabilityTexts.ZoneOf(zone));
        await SamplesAsync(app, probe, Enumerable.Range(0, 6).Select(i => (from + Duration.FromHours(i), 900, true)));
        await RunJobAsync(app);
        return await app.WithDbAsync(db => db.Set<ProductionReport>().Where(r => r.ContractId == org.ContractId).Select(r => r.Id).SingleAsync());
    }

    private static Instant Local(int day, int hour, int minute = 0) => new LocalDateTime(2026, 4, day, hour, minute).InZoneStrictly(Reunion).ToInstant();

    /// <summary>
    /// 12 April 2026 in La Réunion (UTC+4, the clock is 13 April 12:00 there, after 07:00): one sample every 10 minutes,
    /// 144 in all — the first of each hour but the last four (i = 0, 10 … 140: 15 samples) at 2.5 s, the sixth
    /// (i = 5) a timeout, the 128 others at 1.2 s; six samples of the day before at 3 s that the day must not count; a
    /// 30-minute unplanned outage on 5 April.
    /// </summary>
    private Task<Setup> SetUpAsync() => Setups.GetOrAdd(app, a => new Lazy<Task<Setup>>(async () =>
    {
        // The test world's "referent" users are référents once the flag is set (as the other features' tests do).
        Guid[] referents = [a.World.A.Referent.Id, a.World.B.Referent.Id, a.World.ByPreset["es26"].Referent.Id];
        await a.WithDbAsync(db => db.Users.Where(u => referents.Contains(u.Id)).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsReferent, true)));
        var service = await AvailabilityTests.ServiceAsync(a, a.World.B.ContractId, "Progiciel (rapport)", "progiciel");
        var probe = await ProbeAsync(a, service, "Accueil entreprise", Local(1, 0), (80m, 2000), (100m, 5000));
        var day = Enumerable.Range(0, 144).Select(i => (Local(12, 0) + Duration.FromMinutes(10 * i), i == 5 ? 10_000 : i % 10 == 0 ? 2500 : 1200, i != 5));
        var before = Enumerable.Range(0, 6).Select(i => (Local(11, 8) + Duration.FromHours(i), 3000, true));
        await SamplesAsync(a, probe, day.Concat(before));
        var outage = await AvailabilityTests.OutageAsync(a, service, Local(5, 10), Local(5, 10, 30), "unplanned");
        var first = await RunJobAsync(a);
        var report = await a.WithDbAsync(db => db.Set<ProductionReport>().Where(r => r.ContractId == a.World.B.ContractId).Select(r => r.Id).SingleAsync());
        return new Setup(service, probe, outage, first, report);
    })).Value;

    [Fact]
    public async Task The_report_is_mailed_once_with_its_charts_inline_and_the_figures_computed_by_hand()
    {
        var setup = await SetUpAsync();
        Assert.Equal(1, setup.FirstRun);
        Assert.Equal(0, await RunJobAsync(app));

        // One mail to the référent of B, none to its simple user; the report row says so.
        var mails = await app.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.Kind == ProductionReportJob.Kind).ToListAsync());
        var mail = Assert.Single(mails);
        Assert.Equal(W.B.Referent.Email, mail.To);
        Assert.Equal(4, await app.WithDbAsync(db => db.Set<OutboxAttachment>().CountAsync(x => x.MessageId == mail.Id)));
        var report = await app.WithDbAsync(db => db.Set<ProductionReport>().AsNoTracking().SingleAsync(r => r.Id == setup.ReportId));
        Assert.Equal(new LocalDate(2026, 4, 12), report.Day);
        Assert.Equal(1, report.Recipients);

        await app.WithServiceAsync<OutboxDelivery, int>(d => d.RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, await RunJobAsync(app));
        await app.WithServiceAsync<OutboxDelivery, int>(d => d.RunOnceAsync(CancellationToken.None));
        var delivered = Assert.Single(await TestSmtp.DeliveredAsync(mail.Id));
        Assert.Equal("Guichet : rapport de production du 12/04/2026 — " + await OrganisationNameAsync() + ", " + await ContractNameAsync(), delivered.Subject);

        // MIME: the text and, as its alternative, the HTML with its four PNG charts (multipart/related, cid: links).
        var alternative = Assert.IsType<MultipartAlternative>(delivered.Body);
        var plain = Assert.Single(alternative.OfType<TextPart>(), p => p.IsPlain);
        var related = Assert.Single(alternative.OfType<MultipartRelated>());
        var html = Assert.IsType<TextPart>(related.Root);
        Assert.True(html.IsHtml);
        var images = related.OfType<MimePart>().Where(p => p.ContentType.MimeType == "image/png").ToList();
        Assert.Equal(4, images.Count);
        foreach (var image in images)
        {
            Assert.False(string.IsNullOrEmpty(image.ContentId));
            Assert.Contains($"src=\"cid:{image.ContentId}\"", html.Text, StringComparison.Ordinal);
            using var bytes = new MemoryStream();
            await image.Content!.DecodeToAsync(bytes);
            Assert.Equal(PngSignature, bytes.ToArray()[..8]);
            Assert.True(bytes.Length > 5000, $"a chart of {bytes.Length} bytes");
        }

        // The figures of the day, by hand: 128 of 144 samples under 2 s (88,89 %, objective 80 %, met; the 116th of
        // 144 is 1.2 s); 143 under 5 s (99,31 %, objective 100 %, missed; the maximum is the timeout: no duration).
        var text = plain.Text;
        Assert.Contains("Accueil entreprise : 144 mesures, 1 en échec", text, StringComparison.Ordinal);
        Assert.Contains("- < 2 s pour 80 % : objectif 80,00 % — mesure 88,89 % (80e centile : 1,2 s) — respecté", text, StringComparison.Ordinal);
        Assert.Contains("- < 5 s pour 100 % : objectif 100,00 % — mesure 99,31 % (maximum : —) — non respecté", text, StringComparison.Ordinal);

        // April so far: 720 h, 30 min counted of 43 min 12 s allowed (0,1 %): (2 592 000 − 1 800) / 2 592 000.
        Assert.Contains("Disponibilité de avril 2026 (au 12/04/2026)", text, StringComparison.Ordinal);
        Assert.Contains("- Progiciel (rapport) : 99,9306 % pour un objectif de 99,9 % — il reste 13 min 12 s d'indisponibilité avant l'objectif", text, StringComparison.Ordinal);
        Assert.Contains("Progiciel (rapport) : Interruption non planifiée", text, StringComparison.Ordinal);
        Assert.Contains("30 min comptées", text, StringComparison.Ordinal);
        Assert.Contains($"/etat-du-service/rapports/{setup.ReportId}", text, StringComparison.Ordinal);

        // The 24-hour chart's first hour (00:00–01:00 in La Réunion): 6 samples, the timeout, (2 500 + 4 × 1 200) / 5 = 1,46 s.
        Assert.Contains("<th scope=\"row\" style=\"border:1px solid #999;padding:4px 6px;text-align:left\">12/04 00:00 – 01:00</th>", html.Text, StringComparison.Ordinal);
        Assert.Contains(">6</td><td style=\"border:1px solid #999;padding:4px 6px;text-align:left\">1</td><td style=\"border:1px solid #999;padding:4px 6px;text-align:left\">1,46 s</td>", html.Text, StringComparison.Ordinal);
        Assert.Contains("alt=\"Temps de réponse de « Accueil entreprise » sur les dernières 24 heures (un point toutes les 5 minutes) : 144 mesures dont 1 en échec", html.Text, StringComparison.Ordinal);

        // The image the portal draws again from the stored samples is the one mailed.
        var referent = await PortalClient.SignInAsync(app, W.B.Referent.Email);
        var key = $"{setup.ProbeId:N}-24h";
        var served = await referent.GetAsync($"/etat-du-service/rapports/{setup.ReportId}/graphiques/{key}.png");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
        var mailed = await app.WithDbAsync(db => db.Set<OutboxAttachment>().Where(x => x.MessageId == mail.Id && x.FileName == key + ".png").Select(x => x.Content).SingleAsync());
        Assert.Equal(mailed, await served.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_portal_and_the_api_show_the_report_as_reported_and_another_organisation_gets_404()
    {
        var setup = await SetUpAsync();
        var referent = await PortalClient.SignInAsync(app, W.B.Referent.Email);
        Assert.Contains("/etat-du-service/rapports", WebUtility.HtmlDecode(await referent.GetStringAsync("/etat-du-service")), StringComparison.Ordinal);
        var archive = WebUtility.HtmlDecode(await referent.GetStringAsync("/etat-du-service/rapports"));
        Assert.Contains($"/etat-du-service/rapports/{setup.ReportId}", archive, StringComparison.Ordinal);
        Assert.Contains("dimanche 12 avril 2026", archive, StringComparison.Ordinal);
        Assert.Contains("à 07:00 (heure du client)", archive, StringComparison.Ordinal);
        var page = WebUtility.HtmlDecode(await referent.GetStringAsync($"/etat-du-service/rapports/{setup.ReportId}"));
        Assert.Contains("Accueil entreprise < 2 s pour 80 %", page, StringComparison.Ordinal);
        Assert.Contains("88,89 %", page, StringComparison.Ordinal);
        Assert.Contains("99,9306 %", page, StringComparison.Ordinal);
        Assert.Contains("1 objectif non respecté ce jour-là.", page, StringComparison.Ordinal);
        Assert.Contains($"src=\"/etat-du-service/rapports/{setup.ReportId}/graphiques/{setup.ProbeId:N}-6months.png\"", page, StringComparison.Ordinal);

        // The API: the day's report with its figures; a day without a report is 404; an unreadable day is a French 400.
        var api = app.As(W.B.Referent.Token);
        var byDay = await api.GetAsync($"/api/v1/production-reports?contractId={W.B.ContractId}&day=2026-04-12");
        Assert.Equal(HttpStatusCode.OK, byDay.StatusCode);
        var objectives = (await byDay.ReadAsync()).GetProperty("checks")[0].GetProperty("objectives");
        Assert.Equal(88.89m, objectives[0].GetProperty("sharePercent").GetDecimal());
        Assert.Equal(1200, objectives[0].GetProperty("measuredMs").GetInt32());
        Assert.Equal("respecte", objectives[0].GetProperty("status").GetString());
        Assert.Equal(99.31m, objectives[1].GetProperty("sharePercent").GetDecimal());
        Assert.Equal("non-respecte", objectives[1].GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/production-reports?contractId={W.B.ContractId}&day=2026-04-11")).StatusCode);
        var bad = await api.GetAsync($"/api/v1/production-reports?contractId={W.B.ContractId}&day=12/04/2026");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("aaaa-mm-jj", (await bad.ReadAsync()).GetProperty("errors").GetProperty("day")[0].GetString(), StringComparison.Ordinal);

        // History never changes silently: the outage corrected afterwards changes the live figures, not the report.
        var patched = await app.As(W.Admin.Token).PatchAsJsonAsync($"/api/v1/availability/outages/{setup.OutageId}", new { end = "2026-04-05T11:30:00+04:00", reason = "Fin corrigée." });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var again = await (await api.GetAsync($"/api/v1/production-reports/{setup.ReportId}")).ReadAsync();
        Assert.Equal(99.9306m, again.GetProperty("availability")[0].GetProperty("rate").GetDecimal());

        // Another organisation's référent, B's simple user and staff who do not serve B: 404 on the page, the image, the API.
        var image = $"/etat-du-service/rapports/{setup.ReportId}/graphiques/{setup.ProbeId:N}-24h.png";
        foreach (var email in new[] { W.A.Referent.Email, W.B.Simple.Email, W.AgentA.Email })
        {
            var other = await PortalClient.SignInAsync(app, email);
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/etat-du-service/rapports/{setup.ReportId}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(image)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/etat-du-service/rapports?contrat={W.B.ContractId}")).StatusCode);
        }

        foreach (var token in new[] { W.A.Referent.Token, W.B.Simple.Token, W.AgentA.Token })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await app.As(token).GetAsync($"/api/v1/production-reports/{setup.ReportId}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await app.As(token).GetAsync($"/api/v1/production-reports?contractId={W.B.ContractId}&day=2026-04-12")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await app.As(token).GetAsync($"/api/v1/contracts/{W.B.ContractId}/production-reports")).StatusCode);
        }

        // A chart key of another report, or of no chart, is not found either.
        Assert.Equal(HttpStatusCode.NotFound, (await referent.GetAsync($"/etat-du-service/rapports/{setup.ReportId}/graphiques/{Guid.NewGuid():N}-24h.png")).StatusCode);

        // The administrator sees it from the desk's side.
        var admin = await PortalClient.SignInAsync(app, W.Admin.Email);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/etat-du-service/rapports/{setup.ReportId}")).StatusCode);
        Assert.Contains("/etat-du-service/rapports", WebUtility.HtmlDecode(await admin.GetStringAsync("/bureau/disponibilite")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_hour_is_set_by_staff_with_french_errors_and_moves_the_day_due()
    {
        // On the ES26 contract (no probe): the schedule is a setting, the job's day follows it.
        await SetUpAsync();
        var contract = W.ByPreset["es26"].ContractId;
        var path = $"/api/v1/contracts/{contract}/production-reports/schedule";
        var byClient = await app.As(W.ByPreset["es26"].Referent.Token).PutAsJsonAsync(path, new { hour = 9 });
        Assert.Equal(HttpStatusCode.Forbidden, byClient.StatusCode);
        var wrong = await app.As(W.Admin.Token).PutAsJsonAsync(path, new { hour = 24 });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var problem = await wrong.ReadAsync();
        Assert.Equal("validation_failed", problem.Code());
        Assert.Contains("de 0 à 23", problem.GetProperty("errors").GetProperty("hour")[0].GetString(), StringComparison.Ordinal);
        var set = await app.As(W.Admin.Token).PutAsJsonAsync(path, new { hour = 9, enabled = false });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var view = await set.ReadAsync();
        Assert.Equal(9, view.GetProperty("hour").GetInt32());
        Assert.False(view.GetProperty("enabled").GetBoolean());
        Assert.False(view.GetProperty("hasProbes").GetBoolean());

        // Two first settings of a contract's hour at once (two staff, two tabs): both are answered, one row is kept.
        foreach (var preset in new[] { "e23", "mn" })
        {
            var first = $"/api/v1/contracts/{W.ByPreset[preset].ContractId}/production-reports/schedule";
            var both = await Task.WhenAll(
                app.As(W.Admin.Token).PutAsJsonAsync(first, new { hour = 6 }),
                app.As(W.Admin.Token).PutAsJsonAsync(first, new { hour = 8 }));
            Assert.All(both, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            var kept = await (await app.As(W.Admin.Token).GetAsync($"/api/v1/contracts/{W.ByPreset[preset].ContractId}/production-reports")).ReadAsync();
            Assert.Contains(kept.GetProperty("schedule").GetProperty("hour").GetInt32(), new[] { 6, 8 });
        }

        // The page's form: a French message next to the field for an hour that is not one.
        var admin = await PortalClient.SignInAsync(app, W.Admin.Email);
        var form = await admin.PostFormAsync($"/etat-du-service/rapports?contrat={contract}", $"/etat-du-service/rapports?contrat={contract}&handler=Schedule", new Dictionary<string, string> { ["Hour"] = "sept", ["Enabled"] = "true" });
        var html = WebUtility.HtmlDecode(await form.Content.ReadAsStringAsync());
        Assert.Contains("L'heure d'envoi est une heure entière de 0 à 23", html, StringComparison.Ordinal);

        // The day due: 13 April 06:59 in La Réunion is before 07:00 (the 11th is due), 07:00 is the hour (the 12th).
        Assert.Equal(new LocalDate(2026, 4, 11), ProductionReportJob.DueDay(Local(13, 6, 59), Reunion, 7));
        Assert.Equal(new LocalDate(2026, 4, 12), ProductionReportJob.DueDay(Local(13, 7), Reunion, 7));
        Assert.Equal(new LocalDate(2026, 4, 12), ProductionReportJob.DueDay(Local(13, 0), Reunion, 0));
    }

    private Task<string> OrganisationNameAsync() => app.WithDbAsync(db => db.Organisations.Where(o => o.Id == W.B.Id).Select(o => o.Name).SingleAsync());

    private Task<string> ContractNameAsync() => app.WithDbAsync(db => db.Contracts.Where(c => c.Id == W.B.ContractId).Select(c => c.Name).SingleAsync());
}

public sealed class SqliteProductionReportTests(SqliteMailApp app) : ProductionReportTests(app), IClassFixture<SqliteMailApp>;

public sealed class PostgresProductionReportTests(PostgresMailApp app) : ProductionReportTests(app), IClassFixture<PostgresMailApp>;
