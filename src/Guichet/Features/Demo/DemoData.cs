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

    private string? _passwordHash;

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

        // Dated from now: a desk with a few overdue tickets, several due today, most on time, and 18 months of
        // closed tickets; oldest first, so that numbers follow the dates.
        var built = new DemoTickets(now, random, queues, products, staff).Build(tickets, orgs);
        for (var n = 0; n < built.Count; n++)
        {
            db.Tickets.Add(built[n]);
            if (n % 100 == 99)
            {
                await db.SaveChangesAsync(ct);
            }
        }

        Faq.FaqDemo.Add(db, products, now);
        await db.SaveChangesAsync(ct);
        await Portal.PortalDemo.SeedAsync(db, now, ct);
        await Backups.BackupDemo.SeedAsync(db, now, ct);
        await Availability.AvailabilityDemo.SeedAsync(db, orgs.Single(o => o.Contract.PresetId == "es26").Contract, orgs.Single(o => o.Contract.PresetId == "at").Contract, admin.Id, now, ct);
        await Probes.ProbeDemo.SeedAsync(db, orgs.Single(o => o.Contract.PresetId == "at").Contract, now, ct);
        await transaction.CommitAsync(ct);
        return true;
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
        // Every demo account has the same password: hashed once (PBKDF2 is slow on purpose), not twenty times.
        user.PasswordHash = _passwordHash ??= users.PasswordHasher.HashPassword(user, Password);
        var result = await users.CreateAsync(user);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Demo user {email}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }

        return user;
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
