using System.Diagnostics;
using Guichet.Data;
using Guichet.Domain.Presets;
using Guichet.Features.Accounts;
using Guichet.Features.Tickets;
using NodaTime;

namespace Guichet.Load;

/// <summary>
/// <c>generate</c>: a fresh database with organisations on the five presets, products, queues, users, and N
/// tickets with 3–8 events each. Reference data goes through EF Core; tickets and events are bulk-inserted
/// (prepared commands in large transactions on SQLite, binary COPY on PostgreSQL). Every ticket's summary
/// columns (state, closed, priority, nature, next due…) come from <see cref="TicketClocks.Refresh"/> on its
/// generated trace, exactly as the application writes them.
/// </summary>
internal sealed class Generator(BenchTarget target, int ticketCount, int organisationCount, int seed, TextWriter output)
{
    private const int ChunkSize = 20_000;
    private const int SpanDays = 730;

    private static readonly (string Name, string[] Versions)[] ProductCatalog =
    [
        ("Actes en ligne", ["4.2.0", "4.3.0", "5.0.0"]),
        ("Parapheur électronique", ["6.1.0", "6.2.0", "6.2.1"]),
        ("Gestion financière", ["2025.1", "2025.2", "2026.1"]),
        ("Marchés publics en ligne", ["2026.01", "2026.04", "2026.07"]),
        ("État civil", ["3.8.0", "3.9.0", "4.0.0"]),
        ("Ressources humaines", ["12.1", "12.2", "13.0"]),
        ("Urbanisme", ["2.4.1", "2.5.0", "2.6.0"]),
        ("Élections", ["1.9.0", "2.0.0", "2.0.3"]),
    ];

    private static readonly string[] QueueNames = ["Support applicatif", "Support technique", "Relation commerciale"];

    /// <summary>Seven organisations in twenty are overseas or in Alsace-Moselle, as in the demo.</summary>
    private static readonly string[] TerritoryCycle =
    [
        "metropole", "metropole", "alsace-moselle", "metropole", "reunion", "metropole", "metropole", "guadeloupe", "metropole", "metropole",
        "martinique", "metropole", "alsace-moselle", "metropole", "guyane", "metropole", "metropole", "mayotte", "metropole", "metropole",
    ];

    private static readonly string[] Bodies =
    [
        "Bonjour,\n\nDepuis ce matin, l'opération échoue avec un message d'erreur. Pouvez-vous nous aider ?\n\nCordialement.",
        "Bonjour,\n\nLe traitement reste bloqué à l'étape de validation depuis la dernière mise à jour ; plusieurs agents sont concernés.\n\nMerci d'avance.",
        "Bonjour,\n\nNous souhaiterions savoir comment paramétrer ce point pour le prochain conseil municipal.\n\nBien à vous.",
    ];

    private readonly Instant _now = SystemClock.Instance.GetCurrentInstant();

    public async Task<BenchFile> RunAsync(CancellationToken ct)
    {
        var total = Stopwatch.StartNew();
        await using var db = target.CreateContext();
        await Database.MigrateAsync(db, ct);
        var world = await SeedReferenceAsync(db, ct);
        await output.WriteLineAsync($"reference data: {world.Organisations.Count} organisations, {world.Clients.Count} client users, {world.Agents.Count + 1} staff ({total.Elapsed.TotalSeconds:F1} s)");

        var tickets = Stopwatch.StartNew();
        long events;
        await using (var sink = await TicketSink.OpenAsync(target, db, ct))
        {
            events = await WriteTicketsAsync(world, sink, ct);
            await sink.FinishAsync(ct);
        }

        var rate = ticketCount / tickets.Elapsed.TotalSeconds;
        await output.WriteLineAsync($"tickets: {ticketCount:N0} tickets and {events:N0} events in {tickets.Elapsed.TotalSeconds:F1} s ({rate:N0} tickets/s)");

        // One API token per organisation (its first client user) and one for the admin.
        db.ChangeTracker.Clear();
        var clients = new List<BenchClient>();
        foreach (var org in world.Organisations)
        {
            var user = org.Users[0];
            var token = await ApiTokens.CreateAsync(db, user.Id, "banc de charge", _now, ct);
            clients.Add(new BenchClient(
                org.Organisation.Id,
                org.Organisation.Territory,
                org.Contract.Id,
                org.Contract.PresetId,
                user.Id,
                user.Email!,
                token,
                [.. org.Products.Select(p => new BenchProduct(p.Id, [.. p.Versions.Select(v => v.Id)]))]));
        }

        var adminToken = await ApiTokens.CreateAsync(db, world.Admin.Id, "banc de charge", _now, ct);
        await output.WriteLineAsync($"done in {total.Elapsed.TotalSeconds:F1} s");
        return new BenchFile(ticketCount, events, _now.ToDateTimeOffset(), world.Admin.Email!, adminToken, [.. world.Queues.Select(q => q.Id)], clients);
    }

    private sealed record OrgData(Organisation Organisation, Contract Contract, List<Product> Products, List<User> Users);

    private sealed record World(List<OrgData> Organisations, User Admin, List<User> Agents, List<Queue> Queues, List<User> Clients, double[] CumulativeWeights);

    private async Task<World> SeedReferenceAsync(GuichetDbContext db, CancellationToken ct)
    {
        var queues = QueueNames.Select(n => new Queue { Name = n }).ToList();
        db.Queues.AddRange(queues);
        var products = ProductCatalog.Select(p => new Product
        {
            Name = p.Name,
            Versions = [.. p.Versions.Select((v, i) => new ProductVersion { Number = v, ReleasedOn = new LocalDate(2025, 1, 15).PlusMonths(i * 5) })],
        }).ToList();
        db.Products.AddRange(products);

        var admin = NewUser("Administration Banc", "admin@banc.example", UserKind.Staff, StaffRoles.Admin | StaffRoles.Supervisor, null);
        var agents = Enumerable.Range(1, 4)
            .Select(i => NewUser($"Agent {i}", $"agent{i}@banc.example", UserKind.Staff, i == 4 ? StaffRoles.AccountManager : StaffRoles.Agent, null))
            .ToList();
        db.Users.Add(admin);
        db.Users.AddRange(agents);

        var orgs = new List<OrgData>();
        var clients = new List<User>();
        for (var i = 0; i < organisationCount; i++)
        {
            var number = i + 1;
            var preset = PresetCatalog.Ids[i % PresetCatalog.Ids.Count];
            var org = new Organisation
            {
                Name = $"Commune de Banc-d'Essai {number:000}",
                Siret = BenchSiret(number),
                Address = $"{number} place de la Mairie",
                Territory = TerritoryCycle[i % TerritoryCycle.Length],
                DpoName = "Délégué à la protection des données",
                DpoEmail = $"dpo@org{number:000}.example",
                AccountManagerId = agents[^1].Id,
            };
            var covered = Enumerable.Range(0, 1 + (i % 3)).Select(k => products[(i + k) % products.Count]).ToList();
            var contract = new Contract
            {
                OrganisationId = org.Id,
                Name = $"Contrat {PresetCatalog.All.Single(p => p.Id == preset).Name}",
                PresetId = preset,
                StartsOn = new LocalDate(2024, 1, 1),
                Products = [.. covered.Select(p => new ContractProduct { ProductId = p.Id })],
            };
            db.Organisations.Add(org);
            db.Contracts.Add(contract);
            var members = Enumerable.Range(1, 3)
                .Select(u => NewUser($"Utilisateur {u} de l'organisation {number:000}", $"client{u}@org{number:000}.example", UserKind.Client, StaffRoles.None, org.Id))
                .ToList();
            members[0].IsReferent = true;
            db.Users.AddRange(members);
            foreach (var member in members)
            {
                db.UserProducts.AddRange(covered.Select(p => new UserProduct { UserId = member.Id, ProductId = p.Id }));
            }

            db.StaffOrganisations.AddRange(agents.Select(a => new StaffOrganisation { UserId = a.Id, OrganisationId = org.Id }));
            clients.AddRange(members);
            orgs.Add(new OrgData(org, contract, covered, members));
        }

        await db.SaveChangesAsync(ct);

        // Organisation sizes follow 1/(rank + 10): the largest has about 20 times the tickets of the smallest.
        var weights = new double[organisationCount];
        var sum = 0.0;
        for (var i = 0; i < organisationCount; i++)
        {
            sum += 1.0 / (i + 10);
            weights[i] = sum;
        }

        for (var i = 0; i < organisationCount; i++)
        {
            weights[i] /= sum;
        }

        return new World(orgs, admin, agents, queues, clients, weights);
    }

    private User NewUser(string name, string email, UserKind kind, StaffRoles roles, Guid? organisationId) => new()
    {
        Id = Guid.CreateVersion7(),
        UserName = email,
        NormalizedUserName = email.ToUpperInvariant(),
        Email = email,
        NormalizedEmail = email.ToUpperInvariant(),
        EmailConfirmed = true,
        SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant(),
        ConcurrencyStamp = Guid.NewGuid().ToString(),
        LockoutEnabled = true,
        DisplayName = name,
        Kind = kind,
        Roles = roles,
        OrganisationId = organisationId,
        CreatedAt = _now,
        PasswordChangedAt = _now,
    };

    private static string BenchSiret(int number)
    {
        var digits = $"998{number:000000}0001";
        for (var check = 0; check < 10; check++)
        {
            if (Domain.Organisations.Siret.TryParse(digits + check, out var siret, out _))
            {
                return siret.Value;
            }
        }

        throw new InvalidOperationException("No Luhn check digit found.");
    }

    /// <summary>Generates chunk k+1 on another core while chunk k is being written.</summary>
    private async Task<long> WriteTicketsAsync(World world, TicketSink sink, CancellationToken ct)
    {
        var businessDays = BusinessDays();
        var chunks = (ticketCount + ChunkSize - 1) / ChunkSize;
        long events = 0;
        var progress = Stopwatch.StartNew();
        var next = Task.Run(() => GenerateChunk(world, businessDays, 0), ct);
        for (var k = 0; k < chunks; k++)
        {
            var chunk = await next;
            if (k + 1 < chunks)
            {
                var following = k + 1;
                next = Task.Run(() => GenerateChunk(world, businessDays, following), ct);
            }

            await sink.WriteAsync(chunk, ct);
            events += chunk.Sum(t => t.Events.Count);
            if ((k + 1) % 10 == 0 || k + 1 == chunks)
            {
                var done = Math.Min((long)(k + 1) * ChunkSize, ticketCount);
                await output.WriteLineAsync($"  {done:N0} tickets, {events:N0} events ({progress.Elapsed.TotalSeconds:F0} s)");
            }
        }

        return events;
    }

    /// <summary>Weekdays of the generated period, oldest first (tickets are created in number order).</summary>
    private List<LocalDate> BusinessDays()
    {
        var today = _now.InUtc().Date;
        var days = new List<LocalDate>();
        for (var d = today.PlusDays(-SpanDays); d < today; d = d.PlusDays(1))
        {
            if (d.DayOfWeek is not (IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday))
            {
                days.Add(d);
            }
        }

        return days;
    }

    internal sealed record Generated(Ticket Ticket, List<TicketTraceEntry> Events);

    private List<Generated> GenerateChunk(World world, List<LocalDate> businessDays, int chunk)
    {
        var random = new Random(seed + chunk);
        var first = chunk * ChunkSize;
        var last = Math.Min(first + ChunkSize, ticketCount);
        var result = new List<Generated>(last - first);
        for (var i = first; i < last; i++)
        {
            result.Add(GenerateTicket(world, businessDays, random, i));
        }

        return result;
    }

    private Generated GenerateTicket(World world, List<LocalDate> businessDays, Random random, int index)
    {
        var orgIndex = Array.BinarySearch(world.CumulativeWeights, random.NextDouble());
        var org = world.Organisations[orgIndex < 0 ? Math.Min(~orgIndex, world.Organisations.Count - 1) : orgIndex];
        var preset = TicketClocks.Preset(org.Contract.PresetId);
        var product = org.Products[random.Next(org.Products.Count)];
        var levels = preset.Policy.Scheme.Levels;
        var priority = levels[random.Next(levels.Count)].Id;

        // Creation instants follow the ticket number across the period, inside working hours of the territory.
        var position = (double)index * businessDays.Count / ticketCount;
        var day = businessDays[(int)position];
        var minutes = (int)((position - Math.Floor(position)) * 9 * 60);
        var zone = TicketClocks.TerritoryOf(org.Organisation.Territory).Zone;
        var created = day.At(new LocalTime(8, 0).PlusMinutes(minutes)).InZoneLeniently(zone).ToInstant();
        if (created > _now)
        {
            created = _now - Duration.FromMinutes(1);
        }

        var ticket = new Ticket
        {
            Id = index + 1,
            OrganisationId = org.Organisation.Id,
            ContractId = org.Contract.Id,
            QueueId = world.Queues[random.Next(2)].Id,
            ProductId = product.Id,
            VersionId = product.Versions[random.Next(product.Versions.Count)].Id,
            ServiceType = preset.ServiceTypes[random.Next(Math.Min(3, preset.ServiceTypes.Count))].Id,
            ClientPriority = priority,
            Priority = priority,
            Subject = Features.Demo.DemoData.Subjects[random.Next(Features.Demo.DemoData.Subjects.Length)],
            Body = Bodies[random.Next(Bodies.Length)],
            AuthorId = org.Users[random.Next(org.Users.Count)].Id,
            OwnerId = world.Agents[random.Next(3)].Id,
            CreatedAt = created,
            UpdatedAt = created,
            StateChangedAt = created,
        };

        // Older tickets are more often closed: from 100 % for the oldest to 20 % for today's, 60 % overall.
        var age = 1.0 - ((double)index / ticketCount);
        var closed = random.NextDouble() < 0.2 + (0.8 * age);
        var events = History(ticket, random, org, world, closed, levels.Count > 1 ? levels[^1].Id : null);
        TicketClocks.Refresh(ticket, events, preset, org.Organisation.Territory, _now);
        ticket.Version = events.Count - 1;
        return new Generated(ticket, events);
    }

    /// <summary>
    /// A trace of 3 to 8 events using only states every preset has (en-cours, a-qualifier-client,
    /// retour-information-client, traite-interlocuteur, traite-fermeture-automatique, clos-par-le-client).
    /// </summary>
    private List<TicketTraceEntry> History(Ticket ticket, Random random, OrgData org, World world, bool closed, string? lowestPriority)
    {
        var client = ticket.AuthorId;
        var agent = ticket.OwnerId!.Value;
        var events = new List<TicketTraceEntry> { Event(ticket.CreatedAt, EventKind.Created, null, client) };
        var at = ticket.CreatedAt;
        Instant Step(int minMinutes, int maxMinutes) => at = Min(at + Duration.FromMinutes(random.Next(minMinutes, maxMinutes)), _now);
        void Add(EventKind kind, string? value, Guid? author, string? text = null) => events.Add(Event(at, kind, value, author, text));

        if (closed && random.Next(10) == 0)
        {
            // The client solved it alone and closes the request.
            Step(10, 600);
            Add(EventKind.Message, "client", client, "Finalement le problème est résolu de notre côté, merci.");
            Add(EventKind.StateChanged, "clos-par-le-client", client);
            return events;
        }

        Step(5, 360);
        Add(EventKind.Milestone, "taken-in-charge", agent);
        Add(EventKind.StateChanged, "en-cours", agent);
        if (closed)
        {
            var automatic = random.Next(2) == 0;
            if (automatic)
            {
                Step(30, 480);
                Add(EventKind.Qualified, random.Next(4) == 0 ? "dysfonctionnement" : "anomalie", world.Agents[2].Id);
            }

            Step(60, 4320);
            Add(EventKind.Message, "staff", agent, "Le correctif est appliqué ; pouvez-vous vérifier ?");
            Add(EventKind.Milestone, "resolved", agent);
            Add(EventKind.StateChanged, "traite-interlocuteur", agent);
            if (automatic && at + Duration.FromDays(20) < _now)
            {
                at += Duration.FromDays(20);
                events.Add(Event(at, EventKind.StateChanged, "traite-fermeture-automatique", null, "Sans action du client depuis 20 jours."));
            }
            else if (!automatic)
            {
                Step(30, 4320);
                Add(EventKind.Milestone, "validated", org.Users[0].Id);
                Add(EventKind.StateChanged, "clos-par-le-client", org.Users[0].Id);
            }

            return events;
        }

        // Open: stopped somewhere along the way. Not "treated, awaiting the client" for more than 20 days: the
        // automatic transitions job would have closed it (and does, at the server's start, if it finds one).
        var stage = random.Next(4);
        if (stage == 3 && ticket.CreatedAt + Duration.FromDays(16) < _now)
        {
            stage = random.Next(3);
        }

        switch (stage)
        {
            case 0:
                break;
            case 1:
                Step(30, 480);
                Add(EventKind.Qualified, random.Next(4) == 0 ? "dysfonctionnement" : "anomalie", world.Agents[2].Id);
                if (lowestPriority is not null && lowestPriority != ticket.ClientPriority && random.Next(4) == 0)
                {
                    Add(EventKind.PriorityChanged, lowestPriority, world.Agents[2].Id, "Contournement simple disponible.");
                    events[^1].PreviousValue = ticket.ClientPriority;
                }

                break;
            case 2:
                Step(30, 1440);
                Add(EventKind.Message, "staff", agent, "Pouvez-vous nous transmettre une capture de l'écran d'erreur ?");
                Add(EventKind.StateChanged, "a-qualifier-client", agent);
                if (random.Next(2) == 0)
                {
                    Step(60, 2880);
                    Add(EventKind.Message, "client", client, "Voici la capture demandée.");
                    Add(EventKind.StateChanged, "retour-information-client", client);
                }

                break;
            default:
                Step(60, 4320);
                Add(EventKind.Message, "staff", agent, "Le correctif est appliqué ; pouvez-vous vérifier ?");
                Add(EventKind.Milestone, "resolved", agent);
                Add(EventKind.StateChanged, "traite-interlocuteur", agent);
                break;
        }

        return events;
    }

    private static TicketTraceEntry Event(Instant at, EventKind kind, string? value, Guid? author, string? text = null) =>
        new() { At = at, Kind = kind, Value = value, AuthorId = author, Text = text, Visibility = Visibility.Public };

    private static Instant Min(Instant a, Instant b) => a < b ? a : b;
}
