namespace Guichet.Features.Portal;

/// <summary>The demo's news, scheduled services and tools (invented, like every demo datum), around <c>now</c>.</summary>
internal static class PortalDemo
{
    public static async Task SeedAsync(GuichetDbContext db, Instant now, CancellationToken ct)
    {
        var products = await db.Products.ToDictionaryAsync(p => p.Name, p => p.Id, ct);
        var organisations = await db.Organisations.ToDictionaryAsync(o => o.Name, o => o.Id, ct);
        var staff = await db.Users.Where(u => u.Kind == UserKind.Staff).ToDictionaryAsync(u => u.Email!, u => u.Id, ct);
        var author = staff["admin@guichet.example"];
        Instant Days(double days) => now + Duration.FromMinutes(Math.Round(days * 24 * 60));

        NewsItem News(NewsKind kind, string title, string text, Instant start, Instant? end, bool pinned, params string[] on) => new()
        {
            Kind = kind,
            Title = title,
            Text = text,
            StartsAt = start,
            EndsAt = end,
            Pinned = pinned,
            PublishedAt = start < now ? start : now - Duration.FromDays(1),
            UpdatedAt = now - Duration.FromHours(1),
            AuthorId = author,
            Products = [.. on.Select(p => new NewsProduct { ProductId = products[p] })],
        };

        db.AddRange(
            News(NewsKind.Information, "Bienvenue sur le nouveau portail", "Retrouvez ici vos demandes, les informations sur nos plateformes et vos **prestations planifiées**.\n\nLes adresses des flux RSS et iCal de votre organisation sont sur la page « Flux » (référents).", Days(-30), null, pinned: true),
            News(NewsKind.Incident, "Lenteurs à la télétransmission des actes", "La plateforme de transmission répondait lentement. Les actes sont restés à l'état « transmis » puis ont été traités dans l'ordre.", Days(-12), Days(-11.8), pinned: false, "Actes en ligne"),
            News(NewsKind.Intervention, "Mise à jour du parapheur électronique", "Une mise à jour est prévue : le parapheur sera indisponible pendant deux heures.\n\nNous vous indiquerons la fin de l'intervention sur ce canal.", Days(5), Days(5.08), pinned: false, "Parapheur électronique"),
            News(NewsKind.Information, "Nouvelle version de la gestion financière", "La version 2026.1 apporte l'export des mandats au format tableur.", Days(-3), null, pinned: false, "Gestion financière"));

        ScheduledService Service(string organisation, string title, string? product, double inDays, int minutes, string place, string? staffEmail, string? name) => new()
        {
            OrganisationId = organisations[organisation],
            Title = title,
            ProductId = product is null ? null : products[product],
            IntervenerId = staffEmail is null ? null : staff[staffEmail],
            IntervenerName = name,
            StartsAt = Days(inDays),
            EndsAt = Days(inDays) + Duration.FromMinutes(minutes),
            Place = place,
            CreatedAt = now,
        };

        db.AddRange(
            Service("Commune de Kerbrat-sur-Mer", "Formation des administrateurs à distance", "Parapheur électronique", 9, 180, "À distance", "agent-support-un@guichet.example", null),
            Service("Commune de Kerbrat-sur-Mer", "Point annuel sur le contrat", null, 40, 60, "Mairie, salle du conseil", "charge-d-affaires@guichet.example", null),
            Service("Communauté de communes du Val d'Ill", "Installation de la version 2026.1", "Gestion financière", 20, 240, "Siège de la communauté de communes", null, "Équipe installation"),
            Service("Commune de Saint-Benoît-des-Hauts", "Étude préalable à distance", "Actes en ligne", 15, 90, "À distance", "responsable-de-pole@guichet.example", null));

        db.AddRange(
            new PortalTool { Name = "Assistance à distance", Description = "Le logiciel qui permet à un technicien, avec votre accord et en votre présence, de voir votre écran.", Url = "https://assistance.guichet.example/", Position = 10 },
            new PortalTool { Name = "Échange de fichiers sécurisé", Description = "Pour nous transmettre des données sensibles : le lien expire après sa première consultation.", Url = "https://secret.guichet.example/", Position = 20 },
            new PortalTool { Name = "Certificats", Description = "Générer et administrer les certificats de vos utilisateurs.", Url = "https://certificats.guichet.example/", Position = 30 });
        await db.SaveChangesAsync(ct);
    }
}
