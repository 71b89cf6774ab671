using Guichet.Web.Pages;
using Microsoft.Extensions.Caching.Memory;

namespace Guichet.Features.Tickets.Pages;

/// <summary>The client's ticket list: open / closed / all, mine / my organisation [SPEC §5].</summary>
internal sealed class PortalListModel(GuichetDbContext db, IClock clock, IMemoryCache cache) : TicketListPageModel(db, clock, cache)
{
    [FromQuery(Name = "statut")]
    public string Status { get; set; } = "open";

    [FromQuery(Name = "portee")]
    public string Scope { get; set; } = "organisation";

    [FromQuery(Name = "tri")]
    public string Sort { get; set; } = "updated";

    [FromQuery(Name = "q")]
    public string? Query { get; set; }

    public DateTimeZone Zone { get; private set; } = DateTimeZone.Utc;

    public string Caption => $"{(List!.TotalIsExact ? List.Total.ToString(Display.French) : "Plus de " + List.Total.ToString(Display.French))} demande(s), page {List.Page}";

    public string PageUrl(int page) => $"/demandes?statut={Uri.EscapeDataString(Status)}&portee={Uri.EscapeDataString(Scope)}&tri={Uri.EscapeDataString(Sort)}&q={Uri.EscapeDataString(Query ?? "")}&page={page}";

    /// <summary>Who must act, as the client reads it.</summary>
    public static string ActorText(NextActor actor) => actor switch
    {
        NextActor.Client => "Vous",
        NextActor.Provider => "Le support",
        _ => "Personne (close)",
    };

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // A number the client may see opens that request; another organisation's is searched as words, and found in none.
        if (await FoundNumberAsync(Query, ct) is { } number)
        {
            return Redirect($"/demandes/{number}");
        }

        await LoadListAsync(new TicketList.ListFilter(Scope: Scope, Status: Status, Sort: Sort, Q: Query, Page: PageNumber), ct);
        Zone = Lookups.Zone(Caller);
        return Page();
    }
}
