using System.Linq.Expressions;

namespace Guichet.Features.Tickets;

/// <summary>The ticket lists: the API's, the client's list page, the agent desk and the load bench all run this query.</summary>
internal static class TicketList
{
    public const int MaxPageSize = 100;

    /// <summary>Filters of a ticket list, as the query string gives them (API and pages).</summary>
    public sealed record ListFilter(
        string? Scope = null, string? Status = null, string? Sort = null, string? Q = null, Guid? OrganisationId = null, Guid? QueueId = null,
        Guid? ProductId = null, string? State = null, string? Priority = null, Guid? OwnerId = null, int? Page = null, int? PageSize = null,
        bool Unassigned = false, NodaTime.Instant? DueFrom = null, NodaTime.Instant? DueBefore = null);

    /// <summary>One page of a ticket list.</summary>
    public sealed record ListPage(int Page, int PageSize, int Total, bool TotalIsExact, IReadOnlyList<ListRow> Items);

    /// <summary>A checked list request: the caller's visible tickets with the filters applied, the order and the page.</summary>
    public sealed record ListQuery(IQueryable<Ticket> Filtered, string Order, int Page, int Size)
    {
        /// <summary>The total, counted up to <see cref="CountLimit"/> + 1.</summary>
        public IQueryable<Ticket> Counted => Filtered.Take(CountLimit + 1);

        /// <summary>For the urgency order: the tickets with a due, soonest first (read first).</summary>
        public IOrderedQueryable<Ticket> WithDue => Filtered.Where(HasDue).OrderBy(ByDue).ThenBy(ById);

        /// <summary>For the urgency order: then those without, by number.</summary>
        public IOrderedQueryable<Ticket> WithoutDue => Filtered.Where(HasNoDue).OrderBy(ById);

        /// <summary>Any other order.</summary>
        public IOrderedQueryable<Ticket> Ordered => Order switch
        {
            "updated" => Filtered.OrderByDescending(ByUpdate).ThenByDescending(ById),
            "created" => Filtered.OrderByDescending(ById),
            _ => Filtered.OrderBy(ById),
        };
    }

    /// <summary>The tickets the caller may see, filtered, sorted and paged (API, pages, and the load bench's plans).</summary>
    public static async Task<Outcome<ListPage>> QueryAsync(Caller caller, GuichetDbContext db, ListFilter filter, CancellationToken ct) =>
        (await QueryAsync(caller, db, filter, [], ct)).Page;

    /// <summary>
    /// The list, and other totals counted in the same statement as its own (the desk's tabs): one round trip for all.
    /// The totals are zero when the filter is refused. <paramref name="knownTotal"/>: the list's total, already counted
    /// (the desk's kept tab totals), which spares counting it again when nothing else is counted.
    /// </summary>
    public static async Task<(Outcome<ListPage> Page, int[] AlsoCounted)> QueryAsync(
        Caller caller, GuichetDbContext db, ListFilter filter, IReadOnlyList<IQueryable<Ticket>> alsoCount, CancellationToken ct, int? knownTotal = null)
    {
        if (!Prepare(caller, db, filter).TryGet(out var query, out var failure))
        {
            return (failure, new int[alsoCount.Count]);
        }

        // Totals are exact up to CountLimit; beyond, the list says "more than" rather than count a million rows.
        // A list alone counts with a plain statement (the API's lists); with other totals, all in one.
        var (skip, size) = ((query.Page - 1) * query.Size, query.Size);
        int[] counts = knownTotal is { } known && alsoCount.Count == 0 ? [known]
            : alsoCount.Count == 0 ? [await query.Counted.CountAsync(ct)]
            : await CountEachAsync(db, [query.Counted, .. alsoCount], ct);
        var counted = counts[0];
        List<ListRow> items;
        if (query.Order == "urgency")
        {
            // Tickets with a due first, soonest first, then the others by number: two index-ordered reads instead of
            // one sort on an expression (databases disagree on where NULLs go, and cannot index "IS NULL" first). How
            // many have a due is only needed where the page runs past them, and known there unless the page starts
            // beyond them.
            items = await Rows(query.WithDue, skip, size).ToListAsync(ct);
            if (items.Count < size)
            {
                var dueCount = items.Count > 0 || skip == 0 ? skip + items.Count : await query.Filtered.Where(HasDue).Take(skip).CountAsync(ct);
                items.AddRange(await Rows(query.WithoutDue, Math.Max(0, skip - dueCount), size - items.Count).ToListAsync(ct));
            }
        }
        else
        {
            items = await Rows(query.Ordered, skip, size).ToListAsync(ct);
        }

        return (new ListPage(query.Page, size, Math.Min(counted, CountLimit), counted <= CountLimit, items), counts[1..]);
    }

    /// <summary>Checks the filters and applies them to the tickets the caller may see.</summary>
    public static Outcome<ListQuery> Prepare(Caller caller, GuichetDbContext db, ListFilter filter)
    {
        var (scope, status, sort, q, organisationId, queueId, productId, state, priority, ownerId, page, pageSize, unassigned, dueFrom, dueBefore) = filter;
        var errors = new Dictionary<string, string[]>();
        foreach (var (name, value) in new[] { ("q", q), ("state", state), ("priority", priority) })
        {
            if (value is not null && (value.Length > 200 || value.Any(char.IsControl)))
            {
                errors[name] = ["Valeur invalide (200 caractères imprimables au plus)."];
            }
        }

        var tickets = caller.VisibleTickets(db).AsNoTracking();
        switch (scope ?? "organisation")
        {
            case "organisation":
                break;
            case "mine":
                tickets = caller.IsClient ? tickets.Where(t => t.AuthorId == caller.Id) : tickets.Where(t => t.OwnerId == caller.Id);
                break;
            default:
                errors["scope"] = ["Valeurs possibles : mine, organisation."];
                break;
        }

        // Compared with a parameter ("IsClosed = @closed") so that databases use the indexes that start with it.
        var closed = status == "closed";
        switch (status ?? "open")
        {
            case "open":
            case "closed":
                tickets = tickets.Where(t => t.IsClosed == closed);
                break;
            case "client":
                // Open and in a state where the client acts next (to answer, to validate a fix), as the home counts them.
                tickets = tickets.Where(t => t.IsClosed == closed && ClientStates.Contains(t.State));
                break;
            case "all":
                break;
            default:
                errors["status"] = ["Valeurs possibles : open, closed, client, all."];
                break;
        }

        if (q is { Length: > 0 } && !errors.ContainsKey("q"))
        {
            var pattern = "%" + q.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            // A number ("1234", "#1234", "T001234") also finds that ticket, among those the caller may see.
            tickets = ParseNumber(q) is { } number
                ? tickets.Where(t => t.Id == number || EF.Functions.Like(t.Subject, pattern, "\\"))
                : tickets.Where(t => EF.Functions.Like(t.Subject, pattern, "\\"));
        }

        if (unassigned)
        {
            tickets = tickets.Where(t => t.OwnerId == null);
        }

        if (dueFrom is { } from)
        {
            tickets = tickets.Where(t => t.NextDueAt >= from);
        }

        if (dueBefore is { } before)
        {
            tickets = tickets.Where(t => t.NextDueAt < before);
        }

        if (organisationId is { } org)
        {
            tickets = tickets.Where(t => t.OrganisationId == org);
        }

        if (queueId is { } queue)
        {
            tickets = tickets.Where(t => t.QueueId == queue);
        }

        if (productId is { } product)
        {
            tickets = tickets.Where(t => t.ProductId == product);
        }

        if (state is { Length: > 0 })
        {
            tickets = tickets.Where(t => t.State == state);
        }

        if (priority is { Length: > 0 })
        {
            tickets = tickets.Where(t => t.Priority == priority);
        }

        if (ownerId is { } owner)
        {
            tickets = tickets.Where(t => t.OwnerId == owner);
        }

        var size = pageSize ?? 25;
        var pageNumber = page ?? 1;
        if (size is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"Entre 1 et {MaxPageSize}."];
        }

        if (pageNumber is < 1 or > 100_000)
        {
            errors["page"] = ["Entre 1 et 100000."];
        }

        var order = sort ?? (caller.IsStaff ? "urgency" : "updated");
        if (order is not ("urgency" or "updated" or "created" or "number"))
        {
            errors["sort"] = ["Valeurs possibles : urgency, updated, created, number."];
        }

        if (errors.Count > 0)
        {
            return Failure.Invalid(errors);
        }

        return new ListQuery(tickets, order, pageNumber, size);
    }

    /// <summary>
    /// The open states whose next actor is the client, in the reference workflow (every preset's states are a subset
    /// of it): the "client" status of a list, and the home's count of what waits for the client.
    /// </summary>
    public static readonly string[] ClientStates =
        [.. Domain.Tickets.ReferenceWorkflow.Instance.States.Where(s => s.Actor == Domain.Tickets.Actor.Client && !s.Terminal).Select(s => s.Id)];

    /// <summary>
    /// Counts each query in one statement (a scalar subquery each), for pages that show several totals (the desk's tabs,
    /// a list's total and its tickets with a due): one round trip, one statement to prepare. Any ticket row serves as
    /// the statement's single row; without any ticket every count is zero.
    /// </summary>
    public static async Task<int[]> CountEachAsync(GuichetDbContext db, IReadOnlyList<IQueryable<Ticket>> queries, CancellationToken ct)
    {
        if (queries.Count == 0)
        {
            return [];
        }

        var counts = queries.Select(q => (System.Linq.Expressions.Expression)System.Linq.Expressions.Expression.Call(
            typeof(Queryable), nameof(Queryable.Count), [typeof(Ticket)], q.Expression));
        var each = System.Linq.Expressions.Expression.Lambda<Func<Ticket, int[]>>(
            System.Linq.Expressions.Expression.NewArrayInit(typeof(int), counts), System.Linq.Expressions.Expression.Parameter(typeof(Ticket), "any"));
        return await db.Tickets.AsNoTracking().Take(1).Select(each).FirstOrDefaultAsync(ct) ?? new int[queries.Count];
    }

    /// <summary>Exact totals are counted up to this many tickets.</summary>
    public const int CountLimit = 1_000;

    public sealed record ListRow(
        long Id, string Subject, string State, string Priority, Guid QueueId, Guid ProductId, Guid? VersionId, Guid? IntegrationVersionId,
        Guid OrganisationId, Guid? OwnerId, bool IsClosed, NodaTime.Instant CreatedAt, NodaTime.Instant UpdatedAt, NodaTime.Instant? NextDueAt, int Version, Guid ContractId,
        string? NextDueClock = null);

    /// <summary>One page of rows, in the given order.</summary>
    public static IQueryable<ListRow> Rows(IOrderedQueryable<Ticket> ordered, int skip, int take) =>
        ordered.Skip(skip).Take(take).Select(RowOf);

    // The expressions that capture nothing are built once, not on each request (the row's projection alone is some
    // twenty nodes and their reflection lookups): building the desk's page query was 2.5 % of its CPU in a perf profile.
    private static readonly Expression<Func<Ticket, ListRow>> RowOf = t =>
        new ListRow(t.Id, t.Subject, t.State, t.Priority, t.QueueId, t.ProductId, t.VersionId, t.IntegrationVersionId, t.OrganisationId, t.OwnerId, t.IsClosed, t.CreatedAt, t.UpdatedAt, t.NextDueAt, t.Version, t.ContractId, t.NextDueClock);

    private static readonly Expression<Func<Ticket, bool>> HasDue = t => t.NextDueAt != null;

    private static readonly Expression<Func<Ticket, bool>> HasNoDue = t => t.NextDueAt == null;

    private static readonly Expression<Func<Ticket, Instant?>> ByDue = t => t.NextDueAt;

    private static readonly Expression<Func<Ticket, long>> ById = t => t.Id;

    private static readonly Expression<Func<Ticket, Instant>> ByUpdate = t => t.UpdatedAt;

    /// <summary>A ticket number as people type it ("1234", "#1234", "T001234"), or null when the text is not one.</summary>
    public static long? ParseNumber(string? text)
    {
        var value = text?.Trim() ?? "";
        if (value.StartsWith('#') || value.StartsWith('T') || value.StartsWith('t'))
        {
            value = value[1..];
        }

        return value.Length is > 0 and <= 15 && value.All(char.IsAsciiDigit) && long.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : null;
    }

    /// <summary>Every row of a checked query (all pages, in its order), up to <paramref name="limit"/>: the exports.</summary>
    public static async Task<List<ListRow>> AllRowsAsync(ListQuery query, int limit, CancellationToken ct)
    {
        if (query.Order != "urgency")
        {
            return await Rows(query.Ordered, 0, limit).ToListAsync(ct);
        }

        var rows = await Rows(query.WithDue, 0, limit).ToListAsync(ct);
        if (rows.Count < limit)
        {
            rows.AddRange(await Rows(query.WithoutDue, 0, limit - rows.Count).ToListAsync(ct));
        }

        return rows;
    }
}
