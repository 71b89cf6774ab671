using Guichet.Domain.Tickets;
using Guichet.Features.Tickets.Pages;
using Microsoft.Extensions.Caching.Memory;

namespace Guichet.Features.Home;

/// <summary>
/// The portal's home for a client user: where their organisation's requests stand (how many are open, how many wait
/// for them) and the last ones updated, with the way to raise a new one. Staff start at the desk.
/// </summary>
internal sealed class IndexModel(GuichetDbContext db, IMemoryCache cache, IClock clock) : GatedPageModel
{
    /// <summary>How many of the organisation's last updated requests the home shows [LS 6.2.1].</summary>
    public const int Latest = 3;

    public string Organisation { get; private set; } = "";

    public int Open { get; private set; }

    /// <summary>Open requests in a state where the client acts next (to answer, to validate a fix…).</summary>
    public int AwaitingClient { get; private set; }

    public sealed record Row(long Id, string Subject, string State, Instant UpdatedAt);

    public IReadOnlyList<Row> LastUpdated { get; private set; } = [];

    /// <summary>How many of the requests waiting for the client the home lists first.</summary>
    public const int TodoShown = 5;

    /// <summary>A request waiting for the client: what it expects and by when (<see cref="Tickets.ClientTodo"/>).</summary>
    public sealed record TodoRow(long Id, string Subject, Tickets.ClientTodo Todo);

    /// <summary>The requests waiting for the client, the longest waiting first (at most <see cref="TodoShown"/>).</summary>
    public IReadOnlyList<TodoRow> Todo { get; private set; } = [];

    /// <summary>The list of every request waiting for the client.</summary>
    public const string TodoListUrl = "/demandes?statut=client";

    public DateTimeZone Zone { get; private set; } = DateTimeZone.Utc;

    /// <summary>News, favourites, commercial contact and scheduled services (Features/Portal).</summary>
    public Portal.PortalHome Portal { get; private set; } = null!;

    /// <summary>The latest FAQ articles the user may read [LS 6.2.1].</summary>
    public IReadOnlyList<(long Id, string Title)> LatestArticles { get; private set; } = [];

    /// <summary>A contract's time bank as the home shows it [LS 6.2.6].</summary>
    public sealed record TimeBankLine(string Contract, string Balance, bool IsLow);

    /// <summary>The time banks of the organisation's contracts that have bought time (none: the block is hidden).</summary>
    public IReadOnlyList<TimeBankLine> TimeBanks { get; private set; } = [];

    public static string StateLabel(string state) => ReferenceWorkflow.Instance.TryGetState(state, out var s) ? s.LabelFor(client: true) : state;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var caller = Caller;
        Zone = Lookups.Zone(caller);
        var names = await Lookups.LoadAsync(db, cache, ct);
        Organisation = names.Organisations.GetValueOrDefault(caller.User.OrganisationId!.Value, "");

        // Open requests by state: one index range of the organisation's open tickets. Compared with parameters
        // ("IsClosed = @open") so that the databases use the indexes that start with it.
        var tickets = caller.VisibleTickets(db).AsNoTracking();
        bool no = false, yes = true;
        var byState = await tickets.Where(t => t.IsClosed == no).GroupBy(t => t.State).Select(g => new { State = g.Key, Count = g.Count() }).ToListAsync(ct);
        Open = byState.Sum(s => s.Count);
        AwaitingClient = byState.Where(s => Tickets.TicketList.ClientStates.Contains(s.State)).Sum(s => s.Count);

        // What waits for the client first, the longest waiting first.
        if (AwaitingClient > 0)
        {
            var waiting = await tickets.Where(t => t.IsClosed == no && Tickets.TicketList.ClientStates.Contains(t.State)).OrderBy(t => t.StateChangedAt).Take(TodoShown)
                .Select(t => new { t.Id, t.Subject, t.State, t.StateChangedAt, t.LastClientActionAt }).ToListAsync(ct);
            Todo = [.. waiting.Select(t => (t, todo: Tickets.ClientTodo.Of(ReferenceWorkflow.Instance, t.State, false, t.LastClientActionAt is { } last && last > t.StateChangedAt ? last : t.StateChangedAt)))
                .Where(x => x.todo is not null).Select(x => new TodoRow(x.t.Id, x.t.Subject, x.todo!))];
        }

        // The last updated among open and among closed ones, each read in index order, then merged.
        var open = await tickets.Where(t => t.IsClosed == no).OrderByDescending(t => t.UpdatedAt).Take(Latest)
            .Select(t => new Row(t.Id, t.Subject, t.State, t.UpdatedAt)).ToListAsync(ct);
        var closed = await tickets.Where(t => t.IsClosed == yes).OrderByDescending(t => t.UpdatedAt).Take(Latest)
            .Select(t => new Row(t.Id, t.Subject, t.State, t.UpdatedAt)).ToListAsync(ct);
        LastUpdated = [.. open.Concat(closed).OrderByDescending(t => t.UpdatedAt).Take(Latest)];
        Portal = await Features.Portal.PortalHome.LoadAsync(db, names, caller, clock.GetCurrentInstant(), Zone, ct);
        TimeBanks = await TimeBanksAsync(caller, ct);
        var products = await Faq.PortalAccess.ProductsAsync(caller, db, ct);
        LatestArticles = [.. (await Faq.PortalAccess.Articles(db, products).OrderByDescending(a => a.UpdatedAt).Take(Latest)
            .Select(a => new { a.Id, a.Title }).ToListAsync(ct)).Select(a => (a.Id, a.Title))];
        return Page();
    }

    private async Task<IReadOnlyList<TimeBankLine>> TimeBanksAsync(Caller caller, CancellationToken ct)
    {
        // Bought and consumed minutes summed by the database; consumption is the out-of-scope time entries of the
        // contract's tickets, as on the contract's page (never stored twice).
        var org = caller.User.OrganisationId!.Value;
        var rows = await db.Contracts.AsNoTracking().Where(c => c.OrganisationId == org && c.TimeBankPurchases.Any()).OrderBy(c => c.Name)
            .Select(c => new
            {
                c.Name,
                c.LowTimeBankMinutes,
                Bought = c.TimeBankPurchases.Sum(p => (long)p.Minutes),
                Used = (from e in db.TicketEvents
                        join t in db.Tickets on e.TicketId equals t.Id
                        where t.ContractId == c.Id && e.Kind == EventKind.TimeEntry && e.OutOfScope && e.Minutes > 0
                        select (long?)e.Minutes).Sum() ?? 0,
            })
            .ToListAsync(ct);
        // The balance's text is the domain's, as on "Mon contrat".
        return [.. rows.Select(r => new TimeBankLine(r.Name, Domain.Contracts.TimeBank.DescribeBalance(r.Bought - r.Used), r.LowTimeBankMinutes is { } low && r.Bought - r.Used <= low))];
    }
}
