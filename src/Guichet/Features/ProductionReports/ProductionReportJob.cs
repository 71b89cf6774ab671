using Guichet.Features.Availability;
using Guichet.Features.Mail;
using Guichet.Features.Probes;

namespace Guichet.Features.ProductionReports;

/// <summary>
/// Builds and mails the daily reports that are due: a contract with probes gets, once its hour of the client's zone
/// has passed (<see cref="ProductionReportSchedule"/>, 07:00 by default), the report of the day before. The report's
/// row, its mails and their images are written in one transaction; the row's unique key (contract, day) makes a second
/// run, or a racing instance, write nothing, so each référent gets one report per day. A day missed while the server
/// was down is not sent later: the next run reports the last day due (docs/production-report.md).
/// </summary>
internal sealed class ProductionReportJob(GuichetDbContext db, ProductionReportBuilder builder, IClock clock, IOptions<MailOptions> mail)
{
    public const string Kind = "production-report";

    /// <summary>The day due at <paramref name="now"/>: yesterday once the hour has passed, the day before otherwise.</summary>
    public static LocalDate DueDay(Instant now, DateTimeZone zone, int hour)
    {
        var local = now.InZone(zone);
        return local.Date.PlusDays(local.Hour >= hour ? -1 : -2);
    }

    /// <summary>One pass over the contracts with probes; returns how many reports were written.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var probed = await (from p in db.Set<Probe>()
                            join s in db.Set<HostedService>() on p.ServiceId equals s.Id
                            group p by s.ContractId into g
                            select new { ContractId = g.Key, Since = g.Min(p => p.CreatedAt) }).ToListAsync(ct);
        var schedules = await db.Set<ProductionReportSchedule>().AsNoTracking().ToDictionaryAsync(s => s.ContractId, ct);
        var ids = probed.Where(c => schedules.GetValueOrDefault(c.ContractId) is not { Enabled: false }).Select(c => c.ContractId).ToList();
        var contracts = await db.Contracts.AsNoTracking().Where(x => ids.Contains(x.Id)).ToDictionaryAsync(x => x.Id, ct);
        var organisationIds = contracts.Values.Select(x => x.OrganisationId).Distinct().ToList();
        var organisations = await db.Organisations.AsNoTracking().Where(o => organisationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);

        // Each contract's day due, then the reports already stored for those days, in one query.
        var due = (from c in probed
                   where contracts.ContainsKey(c.ContractId)
                   let contract = contracts[c.ContractId]
                   let organisation = organisations[contract.OrganisationId]
                   let zone = AvailabilityTexts.ZoneOf(organisation.Territory)
                   let day = DueDay(now, zone, schedules.GetValueOrDefault(c.ContractId)?.Hour ?? ProductionReportSchedules.DefaultHour)
                   where c.Since < ProductionReportBuilder.Bounds(day, zone).To
                   select (Contract: contract, Organisation: organisation, Day: day)).ToList();
        var first = due.Count == 0 ? default : due.Min(d => d.Day);
        var last = due.Count == 0 ? default : due.Max(d => d.Day);
        var stored = (await db.Set<ProductionReport>().Where(r => ids.Contains(r.ContractId) && r.Day >= first && r.Day <= last)
                .Select(r => new { r.ContractId, r.Day }).ToListAsync(ct))
            .Select(r => (r.ContractId, r.Day)).ToHashSet();

        var written = 0;
        foreach (var (contract, organisation, day) in due.Where(d => !stored.Contains((d.Contract.Id, d.Day))))
        {
            var built = await builder.BuildAsync(contract, organisation, day, ct);
            written += await StoreAsync(built, organisation, ct) ? 1 : 0;
        }

        return written;
    }

    /// <summary>The report's row and, for each référent, a mail with the charts inline; false when another run stored it first.</summary>
    private async Task<bool> StoreAsync(ProductionReportBuilder.Built built, Organisation organisation, CancellationToken ct)
    {
        var referents = (await db.Users.AsNoTracking()
                .Where(u => u.OrganisationId == organisation.Id && u.IsReferent && u.Kind == UserKind.Client && u.Email != null)
                .ToListAsync(ct))
            .Where(u => !AccountStatus.IsDeactivated(u) && u.EmailUndeliverableAt == null).OrderBy(u => u.Email, StringComparer.Ordinal).ToList();
        var report = built.Report;
        report.Recipients = referents.Count;
        var view = ProductionReportReads.View(report, built.Snapshot);
        var link = mail.Value.Link($"/etat-du-service/rapports/{report.Id}");
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Add(report);
        foreach (var user in referents)
        {
            var message = new OutboxMessage
            {
                To = user.Email!,
                UserId = user.Id,
                Kind = Kind,
                Subject = ProductionReportMail.Subject(view),
                Body = ProductionReportMail.Text(view, user.DisplayName, link),
                Html = ProductionReportMail.Html(view, user.DisplayName, link),
                CreatedAt = report.BuiltAt,
            };
            db.Outbox.Add(message);
            var position = 0;
            foreach (var chart in view.Charts)
            {
                db.Add(new OutboxAttachment
                {
                    MessageId = message.Id,
                    Position = position++,
                    ContentId = ProductionReportMail.ContentId(chart.Chart),
                    FileName = chart.Chart.Key + ".png",
                    MediaType = "image/png",
                    Content = built.Images[chart.Chart.Key],
                });
            }
        }

        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another run stored this day first: its mails stand, this run's are dropped.
            await transaction.RollbackAsync(ct);
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}

/// <summary>Runs <see cref="ProductionReportJob"/> every 5 minutes (<c>Jobs:ProductionReportSeconds</c>).</summary>
internal sealed class ProductionReportService(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<ProductionReportService> logger) : Jobs.PeriodicJob(scopes, logger)
{
    protected override TimeSpan Period => TimeSpan.FromSeconds(Math.Max(5, configuration.GetValue("Jobs:ProductionReportSeconds", 300)));

    protected override Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<ProductionReportJob>().RunOnceAsync(ct);
}
