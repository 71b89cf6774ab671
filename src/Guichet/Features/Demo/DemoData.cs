using Guichet.Domain.Presets;
using Guichet.Features.Tickets;

namespace Guichet.Features.Demo;

/// <summary>
/// Seeds a demo provider: the five presets in use by fictitious organisations across territories, staff and
/// client users, and several hundred tickets with realistic histories. Idempotent: a second run finds the demo
/// organisations and adds nothing. Every person and organisation here is invented.
/// </summary>
internal sealed class DemoData(GuichetDbContext db, UserManager<User> users, IClock clock)
{
    /// <summary>The password of every demo account (documented in README.md).</summary>
    public const string Password = "Guichet démo 2026 !";

    private static readonly (string Name, string Territory, string Preset, string Domain, string[] Products)[] Organisations =
    [
        ("Commune de Kerbrat-sur-Mer", "metropole", "ls", "kerbrat.example", ["Actes en ligne", "Parapheur électronique"]),
        ("Communauté de communes du Val d'Ill", "alsace-moselle", "e23", "valdill.example", ["Gestion financière"]),
        ("Commune de Saint-Benoît-des-Hauts", "reunion", "es26", "saintbenoit-hauts.example", ["Gestion financière", "Actes en ligne"]),
        ("Syndicat mixte des Grands-Fonds", "guadeloupe", "at", "grandsfonds.example", ["Marchés publics en ligne"]),
        ("Commune des Landes-Vertes", "metropole", "mn", "landesvertes.example", ["Actes en ligne", "Gestion financière"]),
    ];

    private static readonly (string Name, string[] Versions)[] Products =
    [
        ("Actes en ligne", ["4.2.0", "4.3.0", "5.0.0"]),
        ("Parapheur électronique", ["6.1.0", "6.2.0", "6.2.1"]),
        ("Gestion financière", ["2025.1", "2025.2", "2026.1"]),
        ("Marchés publics en ligne", ["2026.01", "2026.04", "2026.07"]),
    ];

    private static readonly string[] QueueNames = ["Support applicatif", "Support technique", "Relation commerciale"];

    private static readonly string[] FirstNames = ["Camille", "Dominique", "Claude", "Alix", "Sacha", "Maxime", "Lou", "Noa", "Eden", "Charlie", "Morgan", "Jody"];
    private static readonly string[] LastNames = ["Martel", "Le Goff", "Bouvier", "Rivière", "Fontaine", "Lemaire", "Aubry", "Caron", "Vasseur", "Hamon", "Perrot", "Guillou"];

    /// <summary>
    /// A few demo accounts to try, one per kind of person (what <c>serve --demo</c> prints): the administrator, an
    /// agent, the first organisation's référent and one of its simple users; read from the database as seeded.
    /// </summary>
    public static async Task<IReadOnlyList<string>> AccountsToTryAsync(GuichetDbContext db, CancellationToken ct)
    {
        var domain = Organisations[0].Domain;
        var people = await db.Users.AsNoTracking()
            .Where(u => u.Email == "admin@guichet.example" || u.Email == "agent-support-un@guichet.example" || u.Email!.EndsWith("@" + domain))
            .OrderBy(u => u.Email)
            .Select(u => new { u.Email, u.DisplayName, u.Kind, u.IsReferent })
            .ToListAsync(ct);
        var lines = new List<string>();
        foreach (var (what, person) in new[]
        {
            ("administration", people.FirstOrDefault(p => p.Email == "admin@guichet.example")),
            ("agent du support", people.FirstOrDefault(p => p.Email == "agent-support-un@guichet.example")),
            ($"référent client ({Organisations[0].Name})", people.FirstOrDefault(p => p.Kind == UserKind.Client && p.IsReferent)),
            ("utilisateur client", people.FirstOrDefault(p => p.Kind == UserKind.Client && !p.IsReferent)),
        })
        {
            if (person is not null)
            {
                lines.Add($"{person.Email,-42} {what}");
            }
        }

        return lines;
    }

    /// <summary>Realistic ticket subjects (the demo's and the load benchmark's).</summary>
    internal static readonly string[] Subjects =
    [
        "Impossible de télétransmettre un acte",
        "Erreur à la signature d'un bordereau",
        "Le tableau de bord ne s'affiche plus",
        "Demande de devis pour un module supplémentaire",
        "Question sur le paramétrage des circuits de validation",
        "Export comptable incomplet",
        "Message d'erreur à la connexion",
        "Lenteurs importantes depuis la mise à jour",
        "Accusé de réception non reçu",
        "Proposition : filtrer les actes par service",
        "Certificat bientôt expiré",
        "Pièce jointe refusée au dépôt",
    ];

    public async Task<bool> SeedAsync(int tickets = 300, CancellationToken ct = default)
    {
        if (await db.Organisations.AnyAsync(o => o.Name == Organisations[0].Name, ct))
        {
            return false;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetCurrentInstant();
        var random = new Random(2026);
        var queues = QueueNames.Select(n => new Queue { Name = n }).ToList();
        db.Queues.AddRange(queues);
        var products = Products.Select(p => new Product
        {
            Name = p.Name,
            Versions = [.. p.Versions.Select((v, i) => new ProductVersion { Number = v, ReleasedOn = new LocalDate(2025, 1, 15).PlusMonths(i * 5) })],
        }).ToList();
        db.Products.AddRange(products);

        var admin = await CreateUserAsync("Administration Guichet", "admin@guichet.example", UserKind.Staff, StaffRoles.Admin | StaffRoles.Supervisor, null, now);
        var staff = new List<User> { admin };
        string[] staffNames = ["Agent Support Un", "Agent Support Deux", "Responsable de pôle", "Chargé d'affaires"];
        StaffRoles[] staffRoles = [StaffRoles.Agent, StaffRoles.Agent, StaffRoles.PoleManager | StaffRoles.Agent, StaffRoles.AccountManager];
        for (var i = 0; i < staffNames.Length; i++)
        {
            staff.Add(await CreateUserAsync(staffNames[i], $"{Slug(staffNames[i])}@guichet.example", UserKind.Staff, staffRoles[i], null, now));
        }

        var orgs = new List<(Organisation Org, Contract Contract, List<User> Users)>();
        for (var i = 0; i < Organisations.Length; i++)
        {
            var (name, territory, preset, domain, productNames) = Organisations[i];
            var org = new Organisation
            {
                Name = name,
                Siret = DemoSiret(i),
                Address = $"{i + 1} place de la Mairie",
                Territory = territory,
                DpoName = "Délégué à la protection des données",
                DpoEmail = $"dpo@{domain}",
                AccountManagerId = staff[4].Id,
            };
            db.Organisations.Add(org);
            var contract = new Contract
            {
                OrganisationId = org.Id,
                Name = $"Contrat {PresetCatalog.All.Single(p => p.Id == preset).Name}",
                PresetId = preset,
                StartsOn = new LocalDate(2025, 1, 1),
                PasswordMaxAgeDays = preset == "ls" ? 183 : null, // LS 6.1: renewal every 6 months
                Products = [.. productNames.Select(n => new ContractProduct { ProductId = products.Single(p => p.Name == n).Id })],
            };
            DemoTerms(contract, preset);
            db.Contracts.Add(contract);
            await db.SaveChangesAsync(ct);

            foreach (var s in staff.Skip(1))
            {
                db.StaffOrganisations.Add(new StaffOrganisation { UserId = s.Id, OrganisationId = org.Id });
            }

            var members = new List<User>();
            for (var u = 0; u < 3; u++)
            {
                var first = FirstNames[((i * 3) + u) % FirstNames.Length];
                var last = LastNames[((i * 5) + u) % LastNames.Length];
                var user = await CreateUserAsync($"{first} {last}", $"{Slug(first)}.{Slug(last)}@{domain}", UserKind.Client, StaffRoles.None, org.Id, now);
                user.IsReferent = u == 0;
                members.Add(user);
                foreach (var product in contract.Products)
                {
                    db.UserProducts.Add(new UserProduct { UserId = user.Id, ProductId = product.ProductId });
                }
            }

            await db.SaveChangesAsync(ct);
            orgs.Add((org, contract, members));
        }

        for (var n = 0; n < tickets; n++)
        {
            var (org, contract, members) = orgs[n % orgs.Count];
            var preset = TicketClocks.Preset(contract.PresetId);
            var productId = contract.Products[random.Next(contract.Products.Count)].ProductId;
            var product = products.Single(p => p.Id == productId);
            var created = BusinessMoment(now - Duration.FromDays(random.Next(1, 120)), random, org.Territory);
            var priority = preset.Policy.Scheme.Levels[random.Next(preset.Policy.Scheme.Levels.Count)].Id;
            var ticket = new Ticket
            {
                OrganisationId = org.Id,
                ContractId = contract.Id,
                QueueId = queues[random.Next(2)].Id,
                ProductId = product.Id,
                VersionId = product.Versions[random.Next(product.Versions.Count)].Id,
                ServiceType = preset.ServiceTypes[random.Next(Math.Min(3, preset.ServiceTypes.Count))].Id,
                ClientPriority = priority,
                Priority = priority,
                Subject = Subjects[random.Next(Subjects.Length)],
                Body = "Bonjour,\n\nDepuis ce matin, l'opération échoue avec un message d'erreur. Pouvez-vous nous aider ?\n\nCordialement.",
                AuthorId = members[random.Next(members.Count)].Id,
                OwnerId = staff[1 + random.Next(3)].Id,
                CreatedAt = created,
                StateChangedAt = created,
                UpdatedAt = created,
            };
            ticket.Events.AddRange(History(ticket, preset, random, created, now, staff, members));
            TicketClocks.Refresh(ticket, ticket.Events, preset, org.Territory, now);
            db.Tickets.Add(ticket);
            if (n % 50 == 49)
            {
                await db.SaveChangesAsync(ct);
            }
        }

        Faq.FaqDemo.Add(db, products, now);
        await db.SaveChangesAsync(ct);
        await Portal.PortalDemo.SeedAsync(db, now, ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>A plausible history: qualification, take-charge, a question to the client, resolution, validation.</summary>
    private static List<TicketTraceEntry> History(Ticket ticket, SlaPreset preset, Random random, Instant created, Instant now, List<User> staff, List<User> members)
    {
        var events = new List<TicketTraceEntry> { new() { At = created, Kind = EventKind.Created, AuthorId = ticket.AuthorId } };
        var workflow = preset.Policy.Workflow;
        var agent = ticket.OwnerId!.Value;
        var at = created;
        Instant Step(int minHours, int maxHours) => at = Min(at + Duration.FromMinutes(random.Next(minHours * 60, maxHours * 60)), now);

        void State(string state, Guid author)
        {
            if (workflow.TryGetState(state, out _))
            {
                events.Add(new() { At = at, Kind = EventKind.StateChanged, Value = state, AuthorId = author });
            }
        }

        var stage = random.Next(6); // how far the story has gone
        Step(0, 6);
        events.Add(new() { At = at, Kind = EventKind.Milestone, Value = "taken-in-charge", AuthorId = agent });
        State("en-cours", agent);
        if (stage == 0)
        {
            return events;
        }

        Step(1, 8);
        events.Add(new() { At = at, Kind = EventKind.Qualified, Value = random.Next(4) == 0 ? "dysfonctionnement" : "anomalie", AuthorId = staff[3].Id });
        if (random.Next(4) == 0 && preset.Policy.Scheme.Levels.Count > 1)
        {
            var lower = preset.Policy.Scheme.Levels[^1].Id;
            if (lower != ticket.Priority)
            {
                events.Add(new() { At = at, Kind = EventKind.PriorityChanged, Value = lower, PreviousValue = ticket.ClientPriority, Text = "Contournement simple disponible.", AuthorId = staff[3].Id });
            }
        }

        if (stage == 1)
        {
            return events;
        }

        Step(1, 24);
        events.Add(new() { At = at, Kind = EventKind.Message, Value = TicketClocks.StaffMark, Text = "Pouvez-vous nous transmettre une capture de l'écran d'erreur ?", AuthorId = agent });
        State("a-qualifier-client", agent);
        if (stage == 2)
        {
            return events;
        }

        Step(2, 48);
        events.Add(new() { At = at, Kind = EventKind.Message, Value = TicketClocks.ClientMark, Text = "Voici la capture demandée.", AuthorId = members[0].Id });
        State("retour-information-client", members[0].Id);
        Step(1, 24);
        State("en-cours", agent);
        if (stage == 3)
        {
            return events;
        }

        Step(4, 72);
        events.Add(new() { At = at, Kind = EventKind.Message, Value = TicketClocks.StaffMark, Text = "Le correctif est appliqué ; pouvez-vous vérifier ?", AuthorId = agent });
        events.Add(new() { At = at, Kind = EventKind.Milestone, Value = "resolved", AuthorId = agent });
        State("traite-interlocuteur", agent);
        if (stage == 4)
        {
            return events;
        }

        Step(1, 72);
        events.Add(new() { At = at, Kind = EventKind.Message, Value = TicketClocks.ClientMark, Text = "C'est bon pour nous, merci.", AuthorId = members[0].Id });
        events.Add(new() { At = at, Kind = EventKind.Milestone, Value = "validated", AuthorId = members[0].Id });
        State("clos-par-le-client", members[0].Id);
        return events;
    }

    private async Task<User> CreateUserAsync(string name, string email, UserKind kind, StaffRoles roles, Guid? organisationId, Instant now)
    {
        var user = new User
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = name,
            Kind = kind,
            Roles = roles,
            OrganisationId = organisationId,
            CreatedAt = now,
            PasswordChangedAt = now,
            PrivacyAcknowledgedAt = now, // demo accounts are existing users: new accounts see the notice at first sign-in
        };
        var result = await users.CreateAsync(user, Password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Demo user {email}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }

        return user;
    }

    /// <summary>A working-hours instant near <paramref name="around"/> in the territory's zone.</summary>
    private static Instant BusinessMoment(Instant around, Random random, string territory)
    {
        var zone = TicketClocks.TerritoryOf(territory).Zone;
        var date = around.InZone(zone).Date;
        while (date.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday)
        {
            date = date.PlusDays(-1);
        }

        return date.At(new LocalTime(8 + random.Next(9), random.Next(60))).InZoneLeniently(zone).ToInstant();
    }

    /// <summary>A valid (Luhn) fictitious SIRET.</summary>
    private static string DemoSiret(int i)
    {
        var digits = $"9990000{i:00}0001";
        for (var check = 0; check < 10; check++)
        {
            if (Domain.Organisations.Siret.TryParse(digits + check, out var siret, out _))
            {
                return siret.Value;
            }
        }

        throw new InvalidOperationException("No Luhn check digit found.");
    }

    private static string Slug(string s) => new([.. s.ToLowerInvariant()
        .Replace('é', 'e').Replace('è', 'e').Replace('ï', 'i').Replace('ô', 'o').Replace('\'', '-')
        .Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);

    private static Instant Min(Instant a, Instant b) => a < b ? a : b;

    /// <summary>Commercial terms modelled on each preset's contract (invented amounts; docs/contracts.md).</summary>
    private static void DemoTerms(Contract c, string preset)
    {
        ContractLine Line(int position, string label, decimal amount, params decimal[] later) =>
            new() { ContractId = c.Id, Position = position, Label = label, AmountExclVat = amount, LaterYearAmounts = ContractLine.FormatLaterYears(later) };
        c.InitialPeriodMonths = 12;
        switch (preset)
        {
            case "ls": // 1 year + 3 tacit renewals, 2 months' notice, Syntec revision, time bank, patches and versions kept up.
                (c.RenewalCount, c.NoticeKind, c.NoticeMonths, c.NoticeExtraMonths) = (3, NoticeKind.BeforeAnniversaryWithLateTermination, 2, 2);
                (c.FirstBillingDate, c.InstalledOn) = (new LocalDate(2025, 3, 31), new LocalDate(2025, 2, 12));
                c.Lines = [Line(0, "Licence", 0m), Line(1, "Maintenance et support", 420m)];
                (c.RevisionFormula, c.RevisionIndex, c.BaseIndexMonth, c.BaseIndexValue) = ("ls", "Syntec", new LocalDate(2024, 12, 1), 302.1m);
                (c.PatchDelayMonths, c.NewVersionDelayMonths, c.LowTimeBankMinutes) = (3, 6, 120);
                c.TimeBankPurchases = [new TimeBankPurchase { ContractId = c.Id, On = new LocalDate(2025, 2, 1), Minutes = 10 * 60, Note = "Carnet de 10 heures" }];
                break;
            case "mn": // 1 year renewable without limit, 2 months' notice from the 1st of the next month.
                (c.UnlimitedRenewals, c.NoticeKind, c.NoticeMonths, c.NoticeExtraMonths) = (true, NoticeKind.FromFirstOfNextMonth, 2, 12);
                c.Lines = [Line(0, "Assistance mutualisée", 1250m)];
                break;
            case "at": // 2 years, terminable yearly with 3 months' notice, year 1 and year 2 prices, index revision, included quota.
                (c.InitialPeriodMonths, c.RenewalCount, c.NoticeKind, c.NoticeMonths) = (24, 0, NoticeKind.BeforeAnniversary, 3);
                c.Lines = [Line(0, "Maintenance", 5400m, 7800m)];
                (c.RevisionFormula, c.RevisionIndex, c.BaseIndexMonth, c.BaseIndexValue) = ("at", "Syntec", new LocalDate(2024, 11, 1), 301.4m);
                c.Quotas = [new ContractQuota { ContractId = c.Id, Label = "ticket d'assistance juridique", PluralLabel = "tickets d'assistance juridique", PerContractYear = 5, ServiceType = "assistance-juridique" }];
                break;
            case "e23": // On-premise support: one of the last two major versions.
                (c.RenewalCount, c.NoticeKind, c.NoticeMonths) = (2, NoticeKind.BeforeAnniversary, 3);
                c.Lines = [Line(0, "Support", 2900m)];
                c.SupportedMajorVersions = 2;
                break;
            default: // es26, SaaS: yearly subscription with hosting.
                (c.UnlimitedRenewals, c.NoticeKind, c.NoticeMonths) = (true, NoticeKind.BeforeAnniversary, 3);
                c.Lines = [Line(0, "Abonnement SaaS", 3600m), Line(1, "Hébergement", 1200m)];
                break;
        }
    }
}
