using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using Guichet.Features.Tickets;
using Guichet.Features.Tickets.Pages;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace Guichet.Features.Portal;

/// <summary>
/// The organisation's feeds, read with the token of their address (no session): its news as RSS 2.0 and its scheduled
/// services as iCalendar. Each contains only what the organisation's users see on the portal.
/// </summary>
internal static class Feeds
{
    /// <summary>How many news items the RSS feed carries (latest first).</summary>
    public const int NewsItems = 50;

    /// <summary>The RSS 2.0 document of the organisation's news.</summary>
    public static async Task<byte[]> NewsRssAsync(GuichetDbContext db, Lookups names, Guid organisationId, string baseUrl, CancellationToken ct)
    {
        var territory = await db.Organisations.AsNoTracking().Where(o => o.Id == organisationId).Select(o => o.Territory).SingleAsync(ct);
        var zone = TicketClocks.TerritoryOf(territory).Zone;
        var news = await PortalRules.NewsOf(db, organisationId).AsNoTracking().Include(n => n.Products)
            .OrderByDescending(n => n.PublishedAt).Take(NewsItems).ToListAsync(ct);

        var page = new Uri(baseUrl + "/actualites");
        var feed = new SyndicationFeed(
            $"Informations — {names.Organisations.GetValueOrDefault(organisationId, "")}",
            "Interventions, incidents et informations sur les produits de votre organisation.",
            page,
            $"urn:guichet:news:{organisationId}",
            news.Count == 0 ? DateTimeOffset.UnixEpoch : news.Max(n => n.UpdatedAt).ToDateTimeOffset())
        {
            Language = "fr-FR",
        };
        feed.Items = [.. news.Select(n =>
        {
            var view = NewsView.From(n, names);
            var period = $"Du {Display.When(n.StartsAt, zone)}" + (n.EndsAt is { } end ? $" au {Display.When(end, zone)}" : "");
            var html = $"<p>{System.Net.WebUtility.HtmlEncode(period)}. Produits concernés : {System.Net.WebUtility.HtmlEncode(view.Products.Count == 0 ? "tous" : string.Join(", ", view.Products))}.</p>"
                + Markdown.ToSafeHtml(n.Text);
            var item = new SyndicationItem(n.Title, SyndicationContent.CreateHtmlContent(html), new Uri($"{baseUrl}/actualites#n-{n.Id}"), $"urn:guichet:news:{n.Id}", n.UpdatedAt.ToDateTimeOffset())
            {
                PublishDate = n.PublishedAt.ToDateTimeOffset(),
            };
            item.Categories.Add(new SyndicationCategory(NewsView.KindLabel(n.Kind)));
            return item;
        })];

        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            new Rss20FeedFormatter(feed, serializeExtensionsAsAtom: false).WriteTo(writer);
        }

        return stream.ToArray();
    }

    /// <summary>How far back the iCalendar feed goes (an agenda keeps its past events anyway).</summary>
    public static readonly NodaTime.Duration CalendarPast = NodaTime.Duration.FromDays(92);

    /// <summary>The iCalendar document of the organisation's scheduled services (times in UTC).</summary>
    public static async Task<string> ServicesICalAsync(GuichetDbContext db, Lookups names, Guid organisationId, Instant now, string baseUrl, CancellationToken ct)
    {
        var since = now - CalendarPast;
        var services = await db.Set<ScheduledService>().AsNoTracking()
            .Where(s => s.OrganisationId == organisationId && s.EndsAt > since).OrderBy(s => s.StartsAt).Take(1000).ToListAsync(ct);
        var calendar = new Ical.Net.Calendar { ProductId = "-//Guichet//Prestations planifiées//FR" };
        calendar.AddProperty("X-WR-CALNAME", $"Prestations — {names.Organisations.GetValueOrDefault(organisationId, "")}");
        foreach (var s in services)
        {
            var description = new StringBuilder();
            if (s.ProductId is { } product)
            {
                description.Append("Produit : ").Append(names.Product(product)).Append('\n');
            }

            description.Append("Intervenant : ").Append(Pages.ServicesModel.Intervener(s, names));
            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"{s.Id}@guichet",
                Summary = s.Title,
                Description = description.ToString(),
                Location = s.Place.Length == 0 ? null : s.Place,
                DtStart = new CalDateTime(s.StartsAt.ToDateTimeUtc()),
                DtEnd = new CalDateTime(s.EndsAt.ToDateTimeUtc()),
                DtStamp = new CalDateTime(s.CreatedAt.ToDateTimeUtc()),
                Url = new Uri(baseUrl + "/prestations"),
            });
        }

        // The maintenances of the organisation's hosted services (docs/availability.md): a rescheduled one keeps its UID
        // with a higher SEQUENCE, a cancelled one stays with STATUS:CANCELLED so that agendas remove it.
        var contracts = db.Contracts.Where(c => c.OrganisationId == organisationId).Select(c => c.Id);
        var maintenances = await db.Set<Availability.PlannedMaintenance>().AsNoTracking()
            .Where(m => contracts.Contains(m.ContractId) && m.End > since).OrderBy(m => m.Start).Take(1000).ToListAsync(ct);
        foreach (var m in maintenances)
        {
            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"{m.Id}@guichet-maintenance",
                Summary = (m.Urgent ? "Maintenance urgente : " : "Maintenance planifiée : ") + m.Title,
                Description = m.Description.Length == 0 ? null : m.Description,
                DtStart = new CalDateTime(m.Start.ToDateTimeUtc()),
                DtEnd = new CalDateTime(m.End.ToDateTimeUtc()),
                DtStamp = new CalDateTime(m.AnnouncedAt.ToDateTimeUtc()),
                Sequence = m.Revision,
                Status = m.CancelledAt is null ? "CONFIRMED" : "CANCELLED",
                Url = new Uri(baseUrl + "/etat-du-service"),
            });
        }

        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }
}
