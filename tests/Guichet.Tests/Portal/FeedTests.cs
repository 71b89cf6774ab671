using System.Net;
using System.ServiceModel.Syndication;
using System.Xml;
using Guichet.Data;
using Guichet.Features.Portal;
using Guichet.Tests.Api;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Guichet.Tests.Portal;

/// <summary>
/// The organisations' feeds, read by real parsers (System.ServiceModel.Syndication for RSS, Ical.Net for iCalendar) on
/// each database: each organisation gets what it may see and nothing of another's; a revoked or unknown token is a 404.
/// </summary>
public abstract class FeedTests(GuichetApp app)
{
    private World W => app.World;

    private sealed record Setup(string TokenA, string TokenB);

    // xUnit makes an instance per test: the world is set up once per fixture (application and database).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<GuichetApp, Lazy<Task<Setup>>> Setups = [];

    /// <summary>
    /// Products: "Actes" in every contract, "Parapheur" added to B's, "Seulement A" to A's. News on each and one for every
    /// product; a scheduled service for A and one for B.
    /// </summary>
    private Task<Setup> SetUpAsync() => Setups.GetValue(app, a => new Lazy<Task<Setup>>(() => SetUpOnceAsync())).Value;

    private async Task<Setup> SetUpOnceAsync()
    {
        return await app.WithDbAsync(async db =>
        {
            var now = app.Clock.GetCurrentInstant();
            var onlyA = new Product { Name = "Seulement A" };
            db.Add(onlyA);
            db.ContractProducts.Add(new ContractProduct { ContractId = W.A.ContractId, ProductId = onlyA.Id });
            db.ContractProducts.Add(new ContractProduct { ContractId = W.B.ContractId, ProductId = W.OtherProductId });
            NewsItem News(string title, NewsKind kind, params Guid[] products) => new()
            {
                Kind = kind,
                Title = title,
                Text = $"Texte de « {title} » avec un **mot** en gras.",
                StartsAt = now - Duration.FromHours(2),
                PublishedAt = now - Duration.FromHours(2),
                UpdatedAt = now - Duration.FromHours(1),
                AuthorId = W.Admin.Id,
                Products = [.. products.Select(p => new NewsProduct { ProductId = p })],
            };
            db.AddRange(
                News("Pour tous", NewsKind.Information),
                News("Actes indisponible", NewsKind.Incident, W.ProductId),
                News("Parapheur en maintenance", NewsKind.Intervention, W.OtherProductId),
                News("Incident réservé à A", NewsKind.Incident, onlyA.Id));
            ScheduledService Service(Guid org, string title, int days) => new()
            {
                OrganisationId = org,
                Title = title,
                ProductId = W.ProductId,
                IntervenerName = "Équipe formation",
                StartsAt = now + Duration.FromDays(days),
                EndsAt = now + Duration.FromDays(days) + Duration.FromHours(3),
                Place = "À distance",
                CreatedAt = now,
            };
            db.AddRange(Service(W.A.Id, "Formation de A", 10), Service(W.B.Id, "Installation chez B", 12));
            await db.SaveChangesAsync();

            var protector = PortalRules.FeedProtector(app.Services.GetRequiredService<IDataProtectionProvider>());
            return new Setup(
                await PortalRules.NewFeedTokenAsync(db, protector, W.A.Id, W.A.Referent.Id, now, default),
                await PortalRules.NewFeedTokenAsync(db, protector, W.B.Id, W.B.Referent.Id, now, default));
        });
    }

    private async Task<SyndicationFeed> RssAsync(string token)
    {
        var response = await app.As(null).GetAsync($"/flux/{token}/actualites.xml");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/rss+xml", response.Content.Headers.ContentType?.MediaType);
        using var reader = XmlReader.Create(await response.Content.ReadAsStreamAsync());
        return SyndicationFeed.Load(reader);
    }

    private async Task<Ical.Net.Calendar> ICalAsync(string token)
    {
        var response = await app.As(null).GetAsync($"/flux/{token}/prestations.ics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        return Ical.Net.Calendar.Load(await response.Content.ReadAsStringAsync())!;
    }

    [Fact]
    public async Task Each_organisation_reads_its_news_and_nothing_of_the_others()
    {
        var setup = await SetUpAsync();
        var a = (await RssAsync(setup.TokenA)).Items.Select(i => i.Title.Text).ToHashSet();
        var b = (await RssAsync(setup.TokenB)).Items.Select(i => i.Title.Text).ToHashSet();
        Assert.Superset(new HashSet<string> { "Pour tous", "Actes indisponible", "Incident réservé à A" }, a);
        Assert.Subset(a, new HashSet<string> { "Pour tous", "Actes indisponible", "Incident réservé à A" });
        Assert.DoesNotContain("Parapheur en maintenance", a);
        Assert.Equal(new HashSet<string> { "Pour tous", "Actes indisponible", "Parapheur en maintenance" }, b);

        // The text is the Markdown rendered and sanitised, with the period and the products.
        var item = (await RssAsync(setup.TokenA)).Items.Single(i => i.Title.Text == "Actes indisponible");
        var html = Assert.IsType<TextSyndicationContent>(item.Summary).Text;
        Assert.Contains("<strong>mot</strong>", html, StringComparison.Ordinal);
        Assert.Contains("Produits concernés : Actes", html, StringComparison.Ordinal);
        Assert.Contains("Incident", item.Categories.Select(c => c.Name));
    }

    [Fact]
    public async Task Each_organisation_reads_its_scheduled_services_and_nothing_of_the_others()
    {
        var setup = await SetUpAsync();
        var a = await ICalAsync(setup.TokenA);
        var b = await ICalAsync(setup.TokenB);
        var formation = Assert.Single(a.Events);
        Assert.Equal("Formation de A", formation.Summary);
        Assert.Equal("À distance", formation.Location);
        Assert.Equal((app.Clock.GetCurrentInstant() + Duration.FromDays(10)).ToDateTimeUtc(), formation.DtStart!.AsUtc);
        Assert.Equal((app.Clock.GetCurrentInstant() + Duration.FromDays(10) + Duration.FromHours(3)).ToDateTimeUtc(), formation.DtEnd!.AsUtc);
        Assert.Contains("Équipe formation", formation.Description, StringComparison.Ordinal);
        Assert.Equal("Installation chez B", Assert.Single(b.Events).Summary);
    }

    [Fact]
    public async Task A_revoked_or_unknown_token_is_not_found_and_a_regenerated_one_replaces_the_old()
    {
        await SetUpAsync();
        var now = app.Clock.GetCurrentInstant();
        var org = W.ByPreset["e23"];
        var protector = PortalRules.FeedProtector(app.Services.GetRequiredService<IDataProtectionProvider>());
        var first = await app.WithDbAsync(db => PortalRules.NewFeedTokenAsync(db, protector, org.Id, org.Referent.Id, now, default));
        Assert.True(first.Length >= 43, "256 random bits in base64url");
        await RssAsync(first);

        // Regenerated: the old address stops, the new one works and is the one shown to the référent.
        var second = await app.WithDbAsync(db => PortalRules.NewFeedTokenAsync(db, protector, org.Id, org.Referent.Id, now, default));
        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(null).GetAsync($"/flux/{first}/actualites.xml")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(null).GetAsync($"/flux/{first}/prestations.ics")).StatusCode);
        Assert.Empty((await ICalAsync(second)).Events);
        Assert.Equal(second, (await app.WithDbAsync(db => PortalRules.CurrentFeedTokenAsync(db, protector, org.Id, default)))?.Token);

        // Revoked: both feeds are gone; only hashes are stored.
        await app.WithDbAsync(async db =>
        {
            await PortalRules.RevokeFeedTokensAsync(db, org.Id, now, default);
            return 0;
        });
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(null).GetAsync($"/flux/{second}/actualites.xml")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(null).GetAsync($"/flux/{second}/prestations.ics")).StatusCode);
        Assert.Null(await app.WithDbAsync(db => PortalRules.CurrentFeedTokenAsync(db, protector, org.Id, default)));
        Assert.False(await app.WithDbAsync(db => db.Set<FeedToken>().AnyAsync(t => t.Hash == second || t.Protected == second)));

        Assert.Equal(HttpStatusCode.NotFound, (await app.As(null).GetAsync("/flux/inconnu/actualites.xml")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.As(null).GetAsync($"/flux/{new string('a', 43)}/prestations.ics")).StatusCode);
    }

    [Fact]
    public async Task The_banner_query_sees_the_organisations_ongoing_incidents_only()
    {
        await SetUpAsync();
        var now = app.Clock.GetCurrentInstant();
        var cache = app.Services.GetRequiredService<Microsoft.Extensions.Caching.Memory.IMemoryCache>();
        PortalRules.NewsChanged();
        var a = await app.WithDbAsync(db => PortalRules.OngoingIncidentsAsync(db, cache, W.A.Id, now, default));
        var b = await app.WithDbAsync(db => PortalRules.OngoingIncidentsAsync(db, cache, W.B.Id, now, default));
        Assert.Equal(["Actes indisponible", "Incident réservé à A"], a.Select(i => i.Title).Order(StringComparer.Ordinal));
        Assert.Equal(["Actes indisponible"], b.Select(i => i.Title));

        // Before its start and from its end (excluded), an incident is not ongoing.
        Assert.Empty(await app.WithDbAsync(db => PortalRules.OngoingIncidentsAsync(db, cache, W.B.Id, now - Duration.FromHours(3), default)));
    }
}

public sealed class SqliteFeedTests(SqliteApp app) : FeedTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresFeedTests(PostgresApp app) : FeedTests(app), IClassFixture<PostgresApp>;
