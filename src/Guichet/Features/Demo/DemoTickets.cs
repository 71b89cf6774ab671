using Guichet.Domain.Calendars;
using Guichet.Domain.Presets;
using Guichet.Features.Tickets;

namespace Guichet.Features.Demo;

/// <summary>How urgent an open ticket looks on the desk at an instant (its stored next due, in Paris time).</summary>
internal enum DemoUrgency
{
    /// <summary>Its next due has passed.</summary>
    Overdue,

    /// <summary>Due later today.</summary>
    DueToday,

    /// <summary>Due after today, or with no due (suspended, waiting for the client, no provider deadline).</summary>
    OnTime,
}

/// <summary>
/// The demo's tickets, dated from the load instant like a real Monday morning: a few open tickets overdue, several
/// due today, most on time (each open ticket's age is tried with the SLA engine until its clocks give the wanted
/// urgency), closed tickets with their histories spread over the last 18 months, and one ticket per preset's
/// particularity (AT on-call at night, LS waiting for the client, MN's short Friday, an overseas client's hours).
/// </summary>
internal sealed class DemoTickets(Instant now, Random random, IReadOnlyList<Queue> queues, IReadOnlyList<Product> products, IReadOnlyList<User> staff)
{
    /// <summary>How far back the closed tickets go.</summary>
    public const int HistoryMonths = 18;

    public const string OnCallSubject = "Astreinte : dépôt des offres impossible en soirée";
    public const string WaitingSubject = "Bordereau rejeté à la signature : capture demandée";
    public const string ShortFridaySubject = "Circuit de validation bloqué (signalé vendredi en fin de journée)";
    public const string OverseasSubject = "Export comptable incomplet (signalé au lever du jour à La Réunion)";

    private static readonly DateTimeZone Paris = Territory.Metropole.Zone;

    /// <summary>The desk's urgency of a ticket at <paramref name="at"/>.</summary>
    public static DemoUrgency UrgencyOf(Ticket ticket, Instant at) => ticket.NextDueAt switch
    {
        null => DemoUrgency.OnTime,
        { } due when due < at => DemoUrgency.Overdue,
        { } due when due.InZone(Paris).Date == at.InZone(Paris).Date => DemoUrgency.DueToday,
        _ => DemoUrgency.OnTime,
    };

    /// <summary>About <paramref name="count"/> tickets (at least the four particular ones and a few open ones), oldest first.</summary>
    public List<Ticket> Build(int count, IReadOnlyList<(Organisation Org, Contract Contract, List<User> Users)> orgs)
    {
        var tickets = new List<Ticket>();
        Particular(orgs, tickets);
        var open = Math.Max(8, count / 6);
        var closed = Math.Max(0, count - open - tickets.Count);
        for (var i = 0; i < open; i++)
        {
            // One in ten overdue, two in ten due today, the rest on time.
            var wanted = (i % 10) switch { 0 => DemoUrgency.Overdue, 3 or 6 => DemoUrgency.DueToday, _ => DemoUrgency.OnTime };
            tickets.Add(Open(orgs[random.Next(orgs.Count)], wanted));
        }

        for (var j = 0; j < closed; j++)
        {
            // Spread evenly over the history, the oldest about 18 months ago, the youngest two weeks ago.
            var days = 14 + ((HistoryMonths * 30.4 - 14) * (j + 0.5) / closed);
            tickets.Add(Closed(orgs[random.Next(orgs.Count)], now - Duration.FromHours(days * 24)));
        }

        return [.. tickets.OrderBy(t => t.CreatedAt)];
    }

    private Ticket Open((Organisation Org, Contract Contract, List<User> Users) o, DemoUrgency wanted)
    {
        // A late ticket is one whose fix is late: a bug, qualified, under a contract with fix deadlines (MN has none).
        var late = wanted == DemoUrgency.Overdue && o.Contract.PresetId != "mn";
        Ticket? last = null, fallback = null;
        for (var attempt = 0; attempt < 40; attempt++)
        {
            var hours = wanted switch
            {
                DemoUrgency.Overdue => random.Next(30, 24 * 20),
                DemoUrgency.DueToday => random.Next(2, 24 * 8),
                _ => random.Next(1, 24 * 4),
            };
            var created = BusinessMoment(now - Duration.FromHours(hours), o.Org.Territory);
            if (created > now - Duration.FromMinutes(20))
            {
                continue;
            }

            var preset = TicketClocks.Preset(o.Contract.PresetId);
            var ticket = New(o, preset, created, serviceType: late ? "bug-applicatif" : null);
            ticket.Events.AddRange(History(ticket, preset, created, o.Users, stage: late ? 1 + (2 * random.Next(2)) : random.Next(5)));
            TicketClocks.Refresh(ticket, ticket.Events, preset, o.Org.Territory, now);
            last = ticket;

            // On time means a due date after today, as most of a desk's rows have; a ticket with none (waiting
            // for the client, no provider deadline) is taken only when the tries run out.
            var urgency = UrgencyOf(ticket, now);
            if (urgency == wanted && (ticket.NextDueAt is not null || attempt >= 30))
            {
                return ticket;
            }

            // When the tries run out (e.g. nothing falls due on a Sunday): a ticket with a due that is not late.
            if (fallback is null && wanted != DemoUrgency.Overdue && urgency != DemoUrgency.Overdue && ticket.NextDueAt is not null)
            {
                fallback = ticket;
            }
        }

        return fallback ?? last ?? Closed(o, now - Duration.FromDays(20));
    }

    private Ticket Closed((Organisation Org, Contract Contract, List<User> Users) o, Instant around)
    {
        var preset = TicketClocks.Preset(o.Contract.PresetId);
        var created = BusinessMoment(around, o.Org.Territory);
        var ticket = New(o, preset, created);
        ticket.Events.AddRange(History(ticket, preset, created, o.Users, stage: 5));
        TicketClocks.Refresh(ticket, ticket.Events, preset, o.Org.Territory, now);
        return ticket;
    }

    /// <summary>One ticket per preset's particularity, whatever the load instant.</summary>
    private void Particular(IReadOnlyList<(Organisation Org, Contract Contract, List<User> Users)> orgs, List<Ticket> tickets)
    {
        (Organisation Org, Contract Contract, List<User> Users)? Of(string preset) => orgs.FirstOrDefault(o => o.Contract.PresetId == preset) is { Org: not null } found ? found : null;

        // AT: a P1 from Guadeloupe at 16:30 local time, 21:30 in Paris: outside the support hours, so the on-call
        // target (4 wall-clock hours) applies; the on-call engineer takes it in charge 40 minutes later.
        if (Of("at") is { } at)
        {
            var created = Latest(Paris, new LocalTime(21, 30), TimeSpanMinutes(90), weekdays: false);
            var preset = TicketClocks.Preset("at");
            var t = New(at, preset, created, "P1", "bug-applicatif", OnCallSubject,
                "Bonjour,\n\nEn fin d'après-midi chez nous, les entreprises ne peuvent plus déposer leurs offres, la clôture de la consultation est demain matin.\n\nMerci de votre aide urgente.");
            var agent = t.OwnerId!.Value;
            var taken = created + Duration.FromMinutes(40);
            t.Events.Add(new() { At = taken, Kind = EventKind.Milestone, Value = "taken-in-charge", AuthorId = agent });
            t.Events.Add(new() { At = taken, Kind = EventKind.StateChanged, Value = "en-cours", AuthorId = agent });
            t.Events.Add(new() { At = taken + Duration.FromMinutes(10), Kind = EventKind.Qualified, Value = "anomalie", AuthorId = agent });
            t.Events.Add(new() { At = taken + Duration.FromMinutes(10), Kind = EventKind.Message, Value = TicketClocks.StaffMark, Text = "Pris en charge par l'astreinte : le service de dépôt est relancé, nous surveillons.", AuthorId = agent });
            Refresh(t, preset, at.Org.Territory, tickets);
        }

        // LS: a Niveau 1 waiting for the client's screenshot since yesterday: every clock is suspended.
        if (Of("ls") is { } ls)
        {
            var created = Latest(Paris, new LocalTime(10, 15), TimeSpanMinutes(60 * 30), weekdays: true);
            var preset = TicketClocks.Preset("ls");
            var t = New(ls, preset, created, "1", "bug-applicatif", WaitingSubject,
                "Bonjour,\n\nLe parapheur refuse de signer le bordereau de mandats n° 412 avec le message « certificat non reconnu ».\n\nCordialement.");
            var agent = t.OwnerId!.Value;
            t.Events.Add(new() { At = created + Duration.FromMinutes(45), Kind = EventKind.Milestone, Value = "taken-in-charge", AuthorId = agent });
            t.Events.Add(new() { At = created + Duration.FromMinutes(45), Kind = EventKind.StateChanged, Value = "en-cours", AuthorId = agent });
            t.Events.Add(new() { At = created + Duration.FromHours(2), Kind = EventKind.Qualified, Value = "anomalie", AuthorId = agent });
            var asked = created + Duration.FromHours(3);
            t.Events.Add(new() { At = asked, Kind = EventKind.Message, Value = TicketClocks.StaffMark, Text = "Pouvez-vous nous transmettre une capture de l'écran d'erreur et le nom du certificat utilisé ?", AuthorId = agent });
            t.Events.Add(new() { At = asked, Kind = EventKind.StateChanged, Value = "a-qualifier-client", AuthorId = agent });
            Refresh(t, preset, ls.Org.Territory, tickets);
        }

        // MN: reported on Friday at 16:00, when MN's Friday closes at 17:00: one hour counted that day.
        if (Of("mn") is { } mn)
        {
            var created = Latest(Paris, new LocalTime(16, 0), TimeSpanMinutes(60), weekdays: true, IsoDayOfWeek.Friday);
            var preset = TicketClocks.Preset("mn");
            var t = New(mn, preset, created, null, null, ShortFridaySubject,
                "Bonjour,\n\nLe circuit de validation des délibérations reste bloqué à l'étape du maire depuis cet après-midi.\n\nBon week-end.");
            var monday = created.InZone(Paris).Date.PlusDays(3).At(new LocalTime(10, 0)).InZoneLeniently(Paris).ToInstant();
            if (monday + Duration.FromDays(1) <= now)
            {
                t.Events.Add(new() { At = monday, Kind = EventKind.Milestone, Value = "taken-in-charge", AuthorId = t.OwnerId!.Value });
                t.Events.Add(new() { At = monday, Kind = EventKind.StateChanged, Value = "en-cours", AuthorId = t.OwnerId!.Value });
            }

            Refresh(t, preset, mn.Org.Territory, tickets);
        }

        // Overseas: La Réunion at 07:45, three hours before Paris (in winter): counting starts when the support
        // opens in Paris; the client reads every time in its own zone.
        if (Of("es26") is { } es26)
        {
            var zone = TicketClocks.TerritoryOf(es26.Org.Territory).Zone;
            var created = Latest(zone, new LocalTime(7, 45), TimeSpanMinutes(30), weekdays: true);
            var preset = TicketClocks.Preset("es26");
            var t = New(es26, preset, created, null, "bug-applicatif", OverseasSubject,
                "Bonjour,\n\nL'export vers la trésorerie s'arrête au mandat 1 207 : les suivants n'y figurent pas.\n\nCordialement.");
            Refresh(t, preset, es26.Org.Territory, tickets);
        }
    }

    private void Refresh(Ticket t, SlaPreset preset, string territory, List<Ticket> tickets)
    {
        t.Events.RemoveAll(e => e.At > now);
        TicketClocks.Refresh(t, t.Events, preset, territory, now);
        tickets.Add(t);
    }

    private static Duration TimeSpanMinutes(int minutes) => Duration.FromMinutes(minutes);

    /// <summary>The latest <paramref name="time"/> in <paramref name="zone"/> at least <paramref name="gap"/> before now.</summary>
    private Instant Latest(DateTimeZone zone, LocalTime time, Duration gap, bool weekdays, IsoDayOfWeek? day = null)
    {
        var date = now.InZone(zone).Date;
        for (var i = 0; i < 60; i++, date = date.PlusDays(-1))
        {
            var candidate = date.At(time).InZoneLeniently(zone).ToInstant();
            if (candidate <= now - gap
                && (!weekdays || date.DayOfWeek is not (IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday))
                && (day is null || date.DayOfWeek == day))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("No such moment in the last 60 days.");
    }

    private Ticket New((Organisation Org, Contract Contract, List<User> Users) o, SlaPreset preset, Instant created,
        string? priority = null, string? serviceType = null, string? subject = null, string? body = null)
    {
        var contract = o.Contract;
        var productId = contract.Products[random.Next(contract.Products.Count)].ProductId;
        var product = products.Single(p => p.Id == productId);
        priority ??= preset.Policy.Scheme.Levels[random.Next(preset.Policy.Scheme.Levels.Count)].Id;
        var ticket = new Ticket
        {
            OrganisationId = o.Org.Id,
            ContractId = contract.Id,
            QueueId = queues[random.Next(2)].Id,
            ProductId = product.Id,
            VersionId = product.Versions[random.Next(product.Versions.Count)].Id,
            ServiceType = serviceType ?? preset.ServiceTypes[random.Next(Math.Min(3, preset.ServiceTypes.Count))].Id,
            ClientPriority = priority,
            Priority = priority,
            Subject = subject ?? DemoData.Subjects[random.Next(DemoData.Subjects.Length)],
            Body = body ?? "Bonjour,\n\nDepuis ce matin, l'opération échoue avec un message d'erreur. Pouvez-vous nous aider ?\n\nCordialement.",
            AuthorId = o.Users[random.Next(o.Users.Count)].Id,
            OwnerId = staff[1 + random.Next(3)].Id,
            CreatedAt = created,
            StateChangedAt = created,
            UpdatedAt = created,
        };
        ticket.Events.Add(new() { At = created, Kind = EventKind.Created, AuthorId = ticket.AuthorId });
        return ticket;
    }

    /// <summary>A plausible history up to <paramref name="stage"/> (5: closed by the client), never after now.</summary>
    private List<TicketTraceEntry> History(Ticket ticket, SlaPreset preset, Instant created, List<User> members, int stage)
    {
        var events = new List<TicketTraceEntry>();
        var workflow = preset.Policy.Workflow;
        var agent = ticket.OwnerId!.Value;
        var at = created;

        // The next step of the story, or false when it would come after now (the story stops there).
        bool Step(int minHours, int maxHours)
        {
            var next = at + Duration.FromMinutes(random.Next(minHours * 60, maxHours * 60));
            if (next >= now)
            {
                return false;
            }

            at = next;
            return true;
        }

        void State(string state, Guid author)
        {
            if (workflow.TryGetState(state, out _))
            {
                events.Add(new() { At = at, Kind = EventKind.StateChanged, Value = state, AuthorId = author });
            }
        }

        if (!Step(0, 6))
        {
            return events;
        }

        events.Add(new() { At = at, Kind = EventKind.Milestone, Value = "taken-in-charge", AuthorId = agent });
        State("en-cours", agent);
        if (stage == 0)
        {
            return events;
        }

        if (!Step(1, 8))
        {
            return events;
        }

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

        if (!Step(1, 24))
        {
            return events;
        }

        events.Add(new() { At = at, Kind = EventKind.Message, Value = TicketClocks.StaffMark, Text = "Pouvez-vous nous transmettre une capture de l'écran d'erreur ?", AuthorId = agent });
        State("a-qualifier-client", agent);
        if (stage == 2)
        {
            return events;
        }

        if (!Step(2, 48))
        {
            return events;
        }

        events.Add(new() { At = at, Kind = EventKind.Message, Value = TicketClocks.ClientMark, Text = "Voici la capture demandée.", AuthorId = members[0].Id });
        State("retour-information-client", members[0].Id);
        if (!Step(1, 24))
        {
            return events;
        }

        State("en-cours", agent);
        if (stage == 3)
        {
            return events;
        }

        if (!Step(4, 72))
        {
            return events;
        }

        events.Add(new() { At = at, Kind = EventKind.Message, Value = TicketClocks.StaffMark, Text = "Le correctif est appliqué ; pouvez-vous vérifier ?", AuthorId = agent });
        events.Add(new() { At = at, Kind = EventKind.Milestone, Value = "resolved", AuthorId = agent });
        State("traite-interlocuteur", agent);
        if (stage == 4)
        {
            return events;
        }

        if (!Step(1, 72))
        {
            return events;
        }

        events.Add(new() { At = at, Kind = EventKind.Message, Value = TicketClocks.ClientMark, Text = "C'est bon pour nous, merci.", AuthorId = members[0].Id });
        events.Add(new() { At = at, Kind = EventKind.Milestone, Value = "validated", AuthorId = members[0].Id });
        State("clos-par-le-client", members[0].Id);
        return events;
    }

    /// <summary>A working-hours instant on the day of <paramref name="around"/> (the Friday before, on a week-end) in the territory's zone.</summary>
    private Instant BusinessMoment(Instant around, string territory)
    {
        var zone = TicketClocks.TerritoryOf(territory).Zone;
        var date = around.InZone(zone).Date;
        while (date.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday)
        {
            date = date.PlusDays(-1);
        }

        return date.At(new LocalTime(8 + random.Next(9), random.Next(60))).InZoneLeniently(zone).ToInstant();
    }
}
