using System.Globalization;
using Guichet.Domain.Presets;
using Guichet.Domain.Sla;
using Guichet.Features.Tickets;
using NodaTime.Text;
using SlaEvent = Guichet.Domain.Sla.TicketEvent;

namespace Guichet.Features.Releases;

/// <summary>A planned release as the API and the pages show it.</summary>
internal sealed record ReleaseView(Guid Id, Guid ProductId, string ProductName, string Kind, string KindLabel, string Name, LocalDate PlannedOn);

/// <summary>A release after a change, with the number of open tickets whose due moved with it.</summary>
internal sealed record ReleaseChanged(ReleaseView Release, int TicketsMoved, int TicketsSkipped);

/// <summary>
/// Planned releases per product (docs/sla.md, « Versions prévues »): entered by staff, shown to clients, and the source
/// of "next release" dues. A ticket's due is never read from this table when its clocks are evaluated: the release it
/// depends on is recorded in its trace (a <see cref="EventKind.ReleasePlanned"/> event) at creation and whenever the
/// releases of its product change, so that the clock outcomes stay a function of the trace alone.
/// </summary>
internal static class PlannedReleases
{
    public const int MaxName = 100;

    /// <summary>The kinds staff may plan, with their French names (singular, after « version »).</summary>
    public static IReadOnlyList<(string Id, string Label)> Kinds { get; } =
    [
        ("quarterly", "trimestrielle"),
        ("monthly", "corrective mensuelle"),
        ("patch", "correctif (patch)"),
        ("esr", "ESR"),
        ("major", "majeure"),
        ("minor", "mineure"),
    ];

    public static string KindLabel(string kind) => Kinds.FirstOrDefault(k => k.Id == kind).Label ?? kind;

    public sealed record ReleaseRequest(Guid? ProductId, string? Kind, string? Name, string? PlannedOn);

    /// <summary>The instant a release planned on <paramref name="day"/> gives as a due: the end of that day in <paramref name="zone"/>.</summary>
    public static Instant DueOf(LocalDate day, DateTimeZone zone) => day.PlusDays(1).AtStartOfDayInZone(zone).ToInstant();

    /// <summary>
    /// The releases the caller may see, by planned date: staff every product's, a client those of the products of
    /// their organisation's contracts. <paramref name="from"/> keeps those planned on or after that day.
    /// </summary>
    public static async Task<List<ReleaseView>> ListAsync(GuichetDbContext db, Caller caller, Guid? productId, LocalDate? from, CancellationToken ct)
    {
        var releases = db.ProductReleases.AsNoTracking();
        if (caller.IsClient)
        {
            var org = caller.User.OrganisationId;
            var products = from c in db.Contracts
                           where c.OrganisationId == org
                           join p in db.ContractProducts on c.Id equals p.ContractId
                           select p.ProductId;
            releases = releases.Where(r => products.Contains(r.ProductId));
        }

        if (productId is { } pid)
        {
            releases = releases.Where(r => r.ProductId == pid);
        }

        if (from is { } day)
        {
            releases = releases.Where(r => r.PlannedOn >= day);
        }

        var rows = await (from r in releases
                          join p in db.Products on r.ProductId equals p.Id
                          orderby r.PlannedOn, p.Name, r.Name
                          select new { r.Id, r.ProductId, ProductName = p.Name, r.Kind, r.Name, r.PlannedOn }).Take(500).ToListAsync(ct);
        return [.. rows.Select(r => new ReleaseView(r.Id, r.ProductId, r.ProductName, r.Kind, KindLabel(r.Kind), r.Name, r.PlannedOn))];
    }

    public static Task<Outcome<ReleaseChanged>> CreateAsync(GuichetDbContext db, IClock clock, Caller caller, ReleaseRequest request, CancellationToken ct) =>
        SaveAsync(db, clock, caller, null, request, ct);

    public static Task<Outcome<ReleaseChanged>> UpdateAsync(GuichetDbContext db, IClock clock, Caller caller, Guid id, ReleaseRequest request, CancellationToken ct) =>
        SaveAsync(db, clock, caller, id, request, ct);

    /// <summary>Removes a release; the open tickets that depended on it move to the next one of its kind (if there is none, they keep their due).</summary>
    public static async Task<Outcome<ReleaseChanged>> DeleteAsync(GuichetDbContext db, IClock clock, Caller caller, Guid id, CancellationToken ct)
    {
        if (Refused(caller) is { } refused)
        {
            return refused;
        }

        if (await db.ProductReleases.SingleOrDefaultAsync(r => r.Id == id, ct) is not { } release)
        {
            return Failure.NotFound("version prévue");
        }

        var view = await ViewAsync(db, release, ct);
        db.ProductReleases.Remove(release);
        await db.SaveChangesAsync(ct);
        var (moved, skipped) = await RetargetAsync(db, clock, release.ProductId, [release.Kind], ct);
        return new ReleaseChanged(view, moved, skipped);
    }

    private static Failure? Refused(Caller caller) =>
        !caller.IsStaff ? Failure.NotFound("version prévue")
        : !caller.IsTechnicalStaff ? Failure.Forbidden("role_required", "Les versions prévues sont saisies par le prestataire (agent, responsable de pôle ou administrateur).")
        : null;

    private static async Task<Outcome<ReleaseChanged>> SaveAsync(GuichetDbContext db, IClock clock, Caller caller, Guid? id, ReleaseRequest request, CancellationToken ct)
    {
        if (Refused(caller) is { } refused)
        {
            return refused;
        }

        ProductRelease? release = null;
        if (id is { } existing && (release = await db.ProductReleases.SingleOrDefaultAsync(r => r.Id == existing, ct)) is null)
        {
            return Failure.NotFound("version prévue");
        }

        var errors = new Dictionary<string, string[]>();
        var productId = request.ProductId ?? release?.ProductId;
        if (productId is not { } pid || !await db.Products.AnyAsync(p => p.Id == pid, ct))
        {
            errors["productId"] = ["Choisissez le produit."];
        }

        if (Kinds.All(k => k.Id != request.Kind))
        {
            errors["kind"] = [$"Choisissez le type de version : {string.Join(", ", Kinds.Select(k => $"{k.Id} ({k.Label})"))}."];
        }

        var (name, nameError) = TextInput.Read(request.Name, MaxName, required: true, "Le nom de la version");
        if (nameError is not null)
        {
            errors["name"] = [nameError];
        }

        var date = LocalDatePattern.Iso.Parse(request.PlannedOn?.Trim() ?? "");
        if (!date.Success || date.Value.Year is < 2000 or > 2100)
        {
            errors["plannedOn"] = ["Indiquez la date prévue au format AAAA-MM-JJ (par exemple 2026-06-30)."];
        }

        if (errors.Count > 0)
        {
            return Failure.Invalid(errors);
        }

        var kinds = new HashSet<string>(StringComparer.Ordinal) { request.Kind! };
        var products = new HashSet<Guid> { productId!.Value };
        if (release is null)
        {
            release = new ProductRelease();
            db.ProductReleases.Add(release);
        }
        else
        {
            kinds.Add(release.Kind);
            products.Add(release.ProductId);
        }

        release.ProductId = productId.Value;
        release.Kind = request.Kind!;
        release.Name = name!;
        release.PlannedOn = date.Value;
        release.UpdatedAt = clock.GetCurrentInstant();
        release.AuthorId = caller.Id;
        await db.SaveChangesAsync(ct);

        int moved = 0, skipped = 0;
        foreach (var product in products)
        {
            var (m, s) = await RetargetAsync(db, clock, product, kinds, ct);
            (moved, skipped) = (moved + m, skipped + s);
        }

        return new ReleaseChanged(await ViewAsync(db, release, ct), moved, skipped);
    }

    private static async Task<ReleaseView> ViewAsync(GuichetDbContext db, ProductRelease r, CancellationToken ct)
    {
        var product = await db.Products.AsNoTracking().Where(p => p.Id == r.ProductId).Select(p => p.Name).SingleAsync(ct);
        return new ReleaseView(r.Id, r.ProductId, product, r.Kind, KindLabel(r.Kind), r.Name, r.PlannedOn);
    }

    /// <summary>The release kinds a ticket's dues may depend on: those of the "next release" targets of the clocks that apply to its service type.</summary>
    public static HashSet<string> KindsFor(SlaPreset preset, string serviceType) =>
        [.. preset.Policy.Clocks
            .Where(c => c.ServiceTypes.Count == 0 || c.ServiceTypes.Contains(serviceType))
            .SelectMany(c => c.Targets.Values)
            .OfType<ClockTarget.NextRelease>()
            .Select(t => t.Kind)];

    /// <summary>The trace entries a new ticket starts with: for each kind its dues may depend on, the next planned release after its registration.</summary>
    public static async Task<List<TicketTraceEntry>> ForNewTicketAsync(GuichetDbContext db, Ticket ticket, SlaPreset preset, string territory, CancellationToken ct)
    {
        var kinds = KindsFor(preset, ticket.ServiceType);
        if (kinds.Count == 0)
        {
            return [];
        }

        var releases = await CandidatesAsync(db, ticket.ProductId, kinds, ct);
        var entries = new List<TicketTraceEntry>();
        foreach (var kind in kinds.Order(StringComparer.Ordinal))
        {
            if (Next(releases, kind, ticket.CreatedAt, TicketClocks.TerritoryOf(territory).Zone) is { } next)
            {
                entries.Add(Entry(ticket.CreatedAt, kind, next.Release, next.Due, previous: null, zone: TicketClocks.TerritoryOf(territory).Zone));
            }
        }

        return entries;
    }

    private static Task<List<ProductRelease>> CandidatesAsync(GuichetDbContext db, Guid productId, IReadOnlyCollection<string> kinds, CancellationToken ct) =>
        db.ProductReleases.AsNoTracking().Where(r => r.ProductId == productId && kinds.Contains(r.Kind)).ToListAsync(ct);

    /// <summary>The first release of <paramref name="kind"/> whose due (end of its day in <paramref name="zone"/>) is after <paramref name="after"/>.</summary>
    private static (ProductRelease Release, Instant Due)? Next(List<ProductRelease> releases, string kind, Instant after, DateTimeZone zone) =>
        releases.Where(r => r.Kind == kind)
            .Select(r => (Release: r, Due: DueOf(r.PlannedOn, zone)))
            .Where(r => r.Due > after)
            .OrderBy(r => r.Due).ThenBy(r => r.Release.Name, StringComparer.Ordinal)
            .Select(r => ((ProductRelease, Instant)?)(r.Release, r.Due))
            .FirstOrDefault();

    private static TicketTraceEntry Entry(Instant at, string kind, ProductRelease release, Instant due, TicketTraceEntry? previous, DateTimeZone zone)
    {
        var day = release.PlannedOn.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        var text = previous is not null && SlaEvent.TryParseDated(previous.Value, out _, out var before)
            ? $"Prochaine version {KindLabel(kind)} : « {release.Name} », prévue le {day} (au lieu du {before.InZone(zone).Date.PlusDays(-1).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)})."
            : $"Prochaine version {KindLabel(kind)} : « {release.Name} », prévue le {day}.";
        return new TicketTraceEntry
        {
            At = at,
            Kind = EventKind.ReleasePlanned,
            Value = SlaEvent.DatedValue(kind, due),
            PreviousValue = previous?.Value,
            Text = text,
            Visibility = Visibility.Public,
        };
    }

    /// <summary>
    /// After a change of <paramref name="productId"/>'s releases of <paramref name="kinds"/>: each open ticket of the
    /// product whose dues depend on one of those kinds gets, when its next release changed, a trace entry recording the
    /// new one (its summary, next due and outcomes rewritten with it), by batches of 100 in one commit each; a batch
    /// that races with an agent is retried, then left (counted as skipped).
    /// </summary>
    public static async Task<(int Moved, int Skipped)> RetargetAsync(GuichetDbContext db, IClock clock, Guid productId, IReadOnlyCollection<string> kinds, CancellationToken ct)
    {
        var ids = await db.Tickets.AsNoTracking().Where(t => t.ProductId == productId && !t.IsClosed).OrderBy(t => t.Id).Select(t => t.Id).ToListAsync(ct);
        if (ids.Count == 0)
        {
            return (0, 0);
        }

        var releases = await CandidatesAsync(db, productId, kinds, ct);
        var contexts = new Dictionary<(Guid, int), (SlaPreset Preset, string Territory)>();
        int moved = 0, skipped = 0;
        foreach (var chunk in ids.Chunk(100))
        {
            for (var attempt = 1; ; attempt++)
            {
                db.ChangeTracker.Clear();
                var tickets = await db.Tickets.Include(t => t.Events).Where(t => chunk.Contains(t.Id) && !t.IsClosed).ToListAsync(ct);
                await db.ClockOutcomes.Where(o => chunk.Contains(o.TicketId)).LoadAsync(ct);
                var now = clock.GetCurrentInstant();
                var changed = 0;
                foreach (var ticket in tickets)
                {
                    if (!contexts.TryGetValue((ticket.ContractId, ticket.PolicyVersion), out var context))
                    {
                        context = await TicketHandlers.ContractContextAsync(db, ticket.ContractId, ticket.PolicyVersion, ct);
                        contexts[(ticket.ContractId, ticket.PolicyVersion)] = context;
                    }

                    var zone = TicketClocks.TerritoryOf(context.Territory).Zone;
                    var entries = new List<TicketTraceEntry>();
                    foreach (var kind in KindsFor(context.Preset, ticket.ServiceType).Where(kinds.Contains).Order(StringComparer.Ordinal))
                    {
                        var recorded = TicketClocks.InOrder(ticket.Events)
                            .LastOrDefault(e => e.Kind == EventKind.ReleasePlanned && SlaEvent.TryParseDated(e.Value, out var k, out _) && k == kind);
                        if (Next(releases, kind, ticket.CreatedAt, zone) is not { } next)
                        {
                            continue;
                        }

                        if (recorded?.Value != SlaEvent.DatedValue(kind, next.Due))
                        {
                            entries.Add(Entry(now, kind, next.Release, next.Due, recorded, zone));
                        }
                    }

                    if (entries.Count > 0)
                    {
                        TicketTrace.Append(ticket, entries, context.Preset, context.Territory, now);
                        changed++;
                    }
                }

                try
                {
                    await db.SaveChangesAsync(ct);
                    moved += changed;
                    break;
                }
                catch (DbUpdateConcurrencyException) when (attempt < 3)
                {
                    // An agent committed one of them meanwhile: read the batch again.
                }
                catch (DbUpdateConcurrencyException)
                {
                    skipped += changed;
                    break;
                }
            }
        }

        db.ChangeTracker.Clear();
        return (moved, skipped);
    }
}
