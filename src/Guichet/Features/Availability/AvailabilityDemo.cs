using Guichet.Domain.Availability;
using Guichet.Features.Portal;

namespace Guichet.Features.Availability;

/// <summary>
/// Demo availability data (no real names): the SaaS platform of the es26 contract with two past outages (one
/// unplanned, one caused by the client's network) and a maintenance announced for next week, and the AT contract's
/// software with one outage, so that both status pages show something.
/// </summary>
internal static class AvailabilityDemo
{
    public static async Task SeedAsync(GuichetDbContext db, Contract saas, Contract software, Guid authorId, Instant now, CancellationToken ct)
    {
        var platform = new HostedService { ContractId = saas.Id, Name = "Plateforme SaaS", Environment = "production", ObjectiveId = "production", CreatedAt = now - Duration.FromDays(120) };
        var progiciel = new HostedService { ContractId = software.Id, Name = "Progiciel hébergé", Environment = "production", ObjectiveId = "progiciel", CreatedAt = now - Duration.FromDays(120) };
        db.AddRange(platform, progiciel);

        void Outage(HostedService service, Instant start, Duration length, OutageCause cause, string description)
        {
            var outage = new OutageEntry { ServiceId = service.Id, Start = start, End = start + length, Cause = cause, Description = description, CreatedAt = start, UpdatedAt = start + length };
            db.Add(outage);
            db.Add(new AvailabilityEvent { OutageId = outage.Id, Kind = AvailabilityEventKind.Created, At = start + Duration.FromMinutes(10), AuthorId = authorId, Text = description, Cause = cause, Start = start });
            db.Add(new AvailabilityEvent { OutageId = outage.Id, Kind = AvailabilityEventKind.Closed, At = start + length, AuthorId = authorId, Text = "Service rétabli.", Cause = cause, Start = start, End = start + length });
        }

        // Rounded to the hour, on weekdays' working hours most of the time in both zones (UTC+4).
        var hour = Instant.FromUnixTimeSeconds(now.ToUnixTimeSeconds() / 3600 * 3600);
        Outage(platform, hour - Duration.FromDays(9) - Duration.FromHours(3), Duration.FromMinutes(95), OutageCause.Unplanned, "Base de données indisponible après une saturation du disque.");
        Outage(platform, hour - Duration.FromDays(23), Duration.FromMinutes(40), OutageCause.OutsidePerimeter, "Coupure du réseau de la collectivité : la plateforme restait joignable d'ailleurs.");
        Outage(progiciel, hour - Duration.FromDays(15), Duration.FromMinutes(30), OutageCause.Unplanned, "Redémarrage imprévu du serveur d'application.");

        var start = hour + Duration.FromDays(6);
        var maintenance = new PlannedMaintenance
        {
            ContractId = saas.Id,
            Title = "Montée de version de la plateforme",
            Description = "Installation de la nouvelle version ; la plateforme sera inaccessible pendant l'intervention.",
            Start = start,
            End = start + Duration.FromHours(2),
            AnnouncedAt = now,
            Services = [new MaintenanceService { ServiceId = platform.Id }],
        };
        var news = new NewsItem
        {
            Kind = NewsKind.Intervention,
            OrganisationId = saas.OrganisationId,
            Title = "Maintenance planifiée : Montée de version de la plateforme",
            Text = "Maintenance planifiée de la plateforme SaaS. " + maintenance.Description,
            StartsAt = maintenance.Start,
            EndsAt = maintenance.End,
            PublishedAt = now,
            UpdatedAt = now,
            AuthorId = authorId,
        };
        maintenance.NewsItemId = news.Id;
        db.AddRange(news, maintenance);
        db.Add(new AvailabilityEvent { MaintenanceId = maintenance.Id, Kind = AvailabilityEventKind.Announced, At = now, AuthorId = authorId, Text = maintenance.Description, Start = maintenance.Start, End = maintenance.End });
        await db.SaveChangesAsync(ct);
    }
}
