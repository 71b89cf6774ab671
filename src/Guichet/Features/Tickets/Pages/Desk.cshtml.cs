using Guichet.Web.Pages;
using Microsoft.Extensions.Caching.Memory;

namespace Guichet.Features.Tickets.Pages;

/// <summary>The agent desk: open tickets the caller serves, soonest due first, with filters.</summary>
internal sealed class DeskModel(GuichetDbContext db, IClock clock, IMemoryCache cache) : GatedPageModel
{
    [FromQuery(Name = "file")]
    public Guid? QueueId { get; set; }

    [FromQuery(Name = "produit")]
    public Guid? ProductId { get; set; }

    [FromQuery(Name = "organisation")]
    public Guid? OrganisationId { get; set; }

    [FromQuery(Name = "etat")]
    public string? State { get; set; }

    [FromQuery(Name = "priorite")]
    public string? Priority { get; set; }

    [FromQuery(Name = "proprietaire")]
    public Guid? OwnerId { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public TicketList.ListPage? List { get; private set; }

    public Lookups Names { get; private set; } = null!;

    public IReadOnlyDictionary<Guid, string> Organisations { get; private set; } = new Dictionary<Guid, string>();

    public IReadOnlyDictionary<Guid, string> Staff { get; private set; } = new Dictionary<Guid, string>();

    public DateTimeZone Zone { get; } = Domain.Calendars.Territory.Metropole.Zone;

    public Instant Now { get; private set; }

    /// <summary>The signed-in user's id and what they serve: what the cached filter form varies by.</summary>
    public string CallerId { get; private set; } = "";

    public static string StateLabel(string state) => Domain.Tickets.ReferenceWorkflow.Instance.TryGetState(state, out var s) ? s.Label : state;

    public string PageUrl(int page) =>
        $"/bureau?file={QueueId}&produit={ProductId}&organisation={OrganisationId}&etat={Uri.EscapeDataString(State ?? "")}&priorite={Uri.EscapeDataString(Priority ?? "")}&proprietaire={OwnerId}&page={page}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var caller = Caller;
        // The cached form lists the organisations served: it varies by them too, so an administrator's change shows at once.
        CallerId = $"{caller.Id}:{string.Join(",", caller.ServedOrganisations.Order()).GetHashCode(StringComparison.Ordinal)}";
        Now = clock.GetCurrentInstant();
        var filter = new TicketList.ListFilter(Status: "open", Sort: "urgency", OrganisationId: OrganisationId, QueueId: QueueId, ProductId: ProductId,
            State: string.IsNullOrEmpty(State) ? null : State, Priority: string.IsNullOrEmpty(Priority) ? null : Priority, OwnerId: OwnerId, Page: PageNumber);
        var list = await TicketList.QueryAsync(caller, db, filter, ct);
        if (list.Failure is { } failure)
        {
            ModelState.AddFailure(failure);
        }

        List = list.IsOk ? list.Value : null;
        Names = await Lookups.LoadAsync(db, cache, ct);
        Organisations = caller.IsAdmin
            ? Names.Organisations
            : Names.Organisations.Where(o => caller.ServedOrganisations.Contains(o.Key)).ToDictionary();
        Staff = Names.Staff;
        return Page();
    }
}
