using Microsoft.Extensions.Caching.Memory;

namespace Guichet.Features.Tickets.Pages;

/// <summary>The agent desk: open tickets the caller serves, soonest due first, with filters.</summary>
internal sealed class DeskModel(GuichetDbContext db, IClock clock, IMemoryCache cache) : TicketListPageModel(db, clock, cache)
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

    public IReadOnlyDictionary<Guid, string> Organisations { get; private set; } = new Dictionary<Guid, string>();

    public IReadOnlyDictionary<Guid, string> Staff { get; private set; } = new Dictionary<Guid, string>();

    public DateTimeZone Zone { get; } = Domain.Calendars.Territory.Metropole.Zone;

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
        var filter = new TicketList.ListFilter(Status: "open", Sort: "urgency", OrganisationId: OrganisationId, QueueId: QueueId, ProductId: ProductId,
            State: string.IsNullOrEmpty(State) ? null : State, Priority: string.IsNullOrEmpty(Priority) ? null : Priority, OwnerId: OwnerId, Page: PageNumber);
        await LoadListAsync(filter, ct);
        Organisations = caller.IsAdmin
            ? Names.Organisations
            : Names.Organisations.Where(o => caller.ServedOrganisations.Contains(o.Key)).ToDictionary();
        Staff = Names.Staff;
        return Page();
    }
}
