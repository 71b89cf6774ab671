using Guichet.Web.Pages;
using Microsoft.Extensions.Caching.Memory;

namespace Guichet.Features.Tickets.Pages;

/// <summary>
/// Base of the two ticket lists (the agent desk, the client's list): a page of the tickets a filter selects, read by
/// the API's list use case for the caller, with the names its rows show.
/// </summary>
internal abstract class TicketListPageModel(GuichetDbContext db, IClock clock, IMemoryCache cache) : FormPageModel
{
    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public TicketList.ListPage? List { get; private set; }

    protected GuichetDbContext Db => db;

    protected IClock Clock => clock;

    protected IMemoryCache Cache => cache;

    public Lookups Names { get; private set; } = null!;

    public Instant Now { get; private set; }

    /// <summary>Each row's deadline in business time and who acts next, computed from the page's reference data.</summary>
    public ListDisplay Rows { get; private set; } = null!;

    /// <summary>The ticket a search for a number names, when the caller may see it: the page goes to it.</summary>
    protected async Task<long?> FoundNumberAsync(string? query, CancellationToken ct) =>
        TicketList.ParseNumber(query) is { } number && await Caller.VisibleTickets(db).AnyAsync(t => t.Id == number, ct) ? number : null;

    /// <summary>
    /// Reads the page <paramref name="filter"/> selects, and counts <paramref name="alsoCount"/> in the list's own count
    /// statement, or takes the list's total as <paramref name="knownTotal"/>; a filter the use case refuses shows its
    /// message instead.
    /// </summary>
    protected async Task<int[]> LoadListAsync(TicketList.ListFilter filter, CancellationToken ct, IReadOnlyList<IQueryable<Ticket>>? alsoCount = null, int? knownTotal = null)
    {
        Now = clock.GetCurrentInstant();
        var (list, alsoCounted) = await TicketList.QueryAsync(Caller, db, filter, alsoCount ?? [], ct, knownTotal);
        if (list.Failure is { } failure)
        {
            ModelState.AddFailure(failure);
        }

        List = list.IsOk ? list.Value : null;
        Names = await Lookups.LoadForAsync(db, cache, List?.Items ?? [], ct);
        Rows = new ListDisplay(Names, Now);
        return alsoCounted;
    }
}
