using Guichet.Web.Pages;
using Microsoft.Extensions.Caching.Memory;

namespace Guichet.Features.Tickets.Pages;

/// <summary>
/// Base of the two ticket lists (the agent desk, the client's list): a page of the tickets a filter selects, read by
/// the API's list use case for the caller, with the names its rows show.
/// </summary>
internal abstract class TicketListPageModel(GuichetDbContext db, IClock clock, IMemoryCache cache) : GatedPageModel
{
    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public TicketList.ListPage? List { get; private set; }

    public Lookups Names { get; private set; } = null!;

    public Instant Now { get; private set; }

    /// <summary>Reads the page <paramref name="filter"/> selects; a filter the use case refuses shows its message instead.</summary>
    protected async Task LoadListAsync(TicketList.ListFilter filter, CancellationToken ct)
    {
        Now = clock.GetCurrentInstant();
        var list = await TicketList.QueryAsync(Caller, db, filter, ct);
        if (list.Failure is { } failure)
        {
            ModelState.AddFailure(failure);
        }

        List = list.IsOk ? list.Value : null;
        Names = await Lookups.LoadAsync(db, cache, ct);
    }
}
