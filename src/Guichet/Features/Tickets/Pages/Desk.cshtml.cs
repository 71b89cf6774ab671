using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.Extensions.Caching.Memory;

namespace Guichet.Features.Tickets.Pages;

/// <summary>
/// The agent desk: open tickets the caller serves, soonest due first, by tab (mine, unassigned, waiting for the
/// client, overdue, due today, all), with filters, a search by number or words, the caller's saved filters, bulk
/// assignment and state change (each ticket through the single-ticket use cases) and a CSV export of the view.
/// </summary>
internal sealed class DeskModel(GuichetDbContext database, IClock time, IMemoryCache memory, TicketHandlers handlers) : TicketListPageModel(database, time, memory)
{
    /// <summary>Most rows an export holds.</summary>
    public const int ExportLimit = 10_000;

    /// <summary>The tabs, by their value in the address, with their names.</summary>
    public static readonly IReadOnlyList<(string Id, string Name)> Tabs =
    [
        ("mes", "Mes demandes"),
        ("non-assignees", "Non assignées"),
        ("client", "En attente du client"),
        ("retard", "En retard"),
        ("aujourdhui", "À échéance aujourd'hui"),
        ("toutes", "Toutes"),
    ];

    [FromQuery(Name = "vue")]
    public string? View { get; set; }

    [FromQuery(Name = "q")]
    public string? Query { get; set; }

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

    [FromQuery(Name = "format")]
    public string? Format { get; set; }

    /// <summary>How many of the form's criteria are chosen (the tab is not one of them).</summary>
    public int CriteriaSet =>
        (string.IsNullOrWhiteSpace(Query) ? 0 : 1) + (QueueId is null ? 0 : 1) + (ProductId is null ? 0 : 1) + (OrganisationId is null ? 0 : 1)
        + (string.IsNullOrEmpty(State) ? 0 : 1) + (string.IsNullOrEmpty(Priority) ? 0 : 1) + (OwnerId is null ? 0 : 1);

    public IReadOnlyDictionary<Guid, string> Organisations { get; private set; } = new Dictionary<Guid, string>();

    public IReadOnlyDictionary<Guid, string> Staff { get; private set; } = new Dictionary<Guid, string>();

    public DateTimeZone Zone { get; } = Domain.Calendars.Territory.Metropole.Zone;

    /// <summary>The signed-in user's id and what they serve: what the cached filter form varies by.</summary>
    public string CallerId { get; private set; } = "";

    /// <summary>The tab shown ("toutes" when none or an unknown one is asked).</summary>
    public string ActiveTab => Tabs.Any(t => t.Id == View) ? View! : "toutes";

    /// <summary>How many tickets each tab holds with the other filters, counted up to the list's limit.</summary>
    public IReadOnlyDictionary<string, int> Counts { get; private set; } = new Dictionary<string, int>();

    public IReadOnlyList<SavedFilters.SavedFilterView> Saved { get; private set; } = [];

    /// <summary>What a bulk change did, ticket by ticket (null when none was asked).</summary>
    public IReadOnlyList<BulkResult>? Bulk { get; private set; }

    public sealed record BulkResult(long Number, bool Done, string Message);

    /// <summary>Who the bulk form offers as owner: the assignable staff, the caller first (a new account is not in the cached names yet).</summary>
    public IEnumerable<KeyValuePair<Guid, string>> BulkOwners =>
        new[] { KeyValuePair.Create(Caller.Id, Caller.User.DisplayName) }.Concat(Names.AssignableStaff.Where(s => s.Key != Caller.Id));

    public static string StateLabel(string state) => Domain.Tickets.ReferenceWorkflow.Instance.TryGetState(state, out var s) ? s.Label : state;

    /// <summary>The current filters as a query string (empty values left out), with another tab or page when given.</summary>
    public string QueryString(string? tab = null, int? page = null, bool withTab = true)
    {
        var parts = new List<(string, string?)>
        {
            ("vue", withTab ? tab ?? (View is null ? null : ActiveTab) : null),
            ("q", Query), ("file", QueueId?.ToString()), ("produit", ProductId?.ToString()), ("organisation", OrganisationId?.ToString()),
            ("etat", State), ("priorite", Priority), ("proprietaire", OwnerId?.ToString()), ("page", page is > 1 ? page.Value.ToString(CultureInfo.InvariantCulture) : null),
        };
        return string.Join('&', parts.Where(p => !string.IsNullOrEmpty(p.Item2)).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));
    }

    public string PageUrl(int page) => "/bureau?" + QueryString(page: page);

    public string TabUrl(string tab) => "/bureau?" + QueryString(tab: tab);

    /// <summary>The query values of the current view, for the forms that post to the desk and come back to it.</summary>
    public Dictionary<string, string> RouteValues() =>
        QueryString().Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]), StringComparer.Ordinal);

    /// <summary>Who must act, as the desk says it: the client, or the support (by the owner's name when there is one).</summary>
    public string ActorText(TicketList.ListRow row, NextActor actor) => actor switch
    {
        NextActor.Client => "Client",
        NextActor.Provider when row.OwnerId is { } owner && Staff.TryGetValue(owner, out var name) => name,
        NextActor.Provider => "Support",
        _ => "Personne (close)",
    };

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await FoundNumberAsync(Query, ct) is { } number)
        {
            return Redirect($"/demandes/{number}");
        }

        if (Format == "csv")
        {
            return await ExportAsync(ct);
        }

        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Saves the current filters under a name, for the caller only.</summary>
    public async Task<IActionResult> OnPostSaveAsync(string? filterName, CancellationToken ct)
    {
        var saved = await SavedFilters.SaveAsync(Caller, Db, filterName, QueryString(), Clock.GetCurrentInstant(), ct);
        if (saved.Failure is { } failure)
        {
            ModelState.AddFailure(failure, new Dictionary<string, string> { ["name"] = "filterName" });
            await LoadAsync(ct);
            return Page();
        }

        TempData["Flash"] = $"Filtre « {saved.Value.Name} » enregistré.";
        return Redirect("/bureau?" + QueryString());
    }

    /// <summary>Deletes one of the caller's saved filters; another person's is a 404.</summary>
    public async Task<IActionResult> OnPostForgetAsync(Guid id, CancellationToken ct)
    {
        var deleted = await SavedFilters.DeleteAsync(Caller, Db, id, ct);
        if (!deleted.IsOk)
        {
            return NotFound();
        }

        TempData["Flash"] = "Filtre supprimé.";
        return Redirect("/bureau?" + QueryString());
    }

    /// <summary>
    /// Sets the owner and/or the state of the selected tickets, each through the single-ticket use case with the
    /// version the row was read at: a ticket refused (stale, transition not allowed…) is reported, the others done.
    /// </summary>
    public async Task<IActionResult> OnPostBulkAsync(string[]? selection, Guid? bulkOwner, string? bulkState, CancellationToken ct)
    {
        var chosen = (selection ?? []).Select(ParseSelection).ToList();
        if (chosen.Count == 0 || chosen.Any(c => c is null))
        {
            ModelState.AddModelError("selection", "Cochez au moins une demande de la liste.");
        }

        if (bulkOwner is null && string.IsNullOrWhiteSpace(bulkState))
        {
            ModelState.AddModelError("bulkOwner", "Choisissez un propriétaire ou un état à appliquer.");
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }

        var results = new List<BulkResult>();
        foreach (var (number, version) in chosen.Select(c => c!.Value).DistinctBy(c => c.Number).Take(TicketList.MaxPageSize))
        {
            results.Add(await ApplyAsync(number, version, bulkOwner, string.IsNullOrWhiteSpace(bulkState) ? null : bulkState.Trim(), ct));
        }

        Bulk = results;
        await LoadAsync(ct);
        return Page();
    }

    private async Task<BulkResult> ApplyAsync(long number, int version, Guid? owner, string? state, CancellationToken ct)
    {
        var reference = Data.Ticket.FormatReference(number);
        var done = new List<string>();
        int? current = version;
        if (owner is { } ownerId)
        {
            Db.ChangeTracker.Clear();
            var assigned = await TicketActions.AssignAsync(number, new TicketActions.AssignmentRequest(ownerId, null, current), Caller, handlers, Db, ct);
            if (assigned.Failure is { } failure)
            {
                return new BulkResult(number, false, $"{reference} : affectation refusée — {failure.Describe()}");
            }

            current = assigned.Value.Version;
            done.Add("affectée");
        }

        if (state is not null)
        {
            Db.ChangeTracker.Clear();
            var moved = await TicketActions.StateAsync(number, new TicketActions.StateRequest(state, null, null, current), Caller, handlers, Db, ct);
            if (moved.Failure is { } failure)
            {
                var before = done.Count > 0 ? "affectée, mais " : "";
                return new BulkResult(number, false, $"{reference} : {before}changement d'état refusé — {failure.Describe()}");
            }

            done.Add($"passée à l'état « {StateLabel(moved.Value.State)} »");
        }

        Db.ChangeTracker.Clear();
        return new BulkResult(number, true, $"{reference} : {string.Join(" et ", done)}.");
    }

    private static (long Number, int Version)? ParseSelection(string value)
    {
        var parts = value.Split(':');
        return parts.Length == 2 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out var number) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var version)
            ? (number, version)
            : null;
    }

    /// <summary>The list's filter for a tab, with the form's other filters.</summary>
    private TicketList.ListFilter FilterFor(string tab, int page, int? pageSize = null)
    {
        var now = Clock.GetCurrentInstant();
        var filter = new TicketList.ListFilter(Status: "open", Sort: "urgency", Q: string.IsNullOrWhiteSpace(Query) ? null : Query.Trim(), OrganisationId: OrganisationId,
            QueueId: QueueId, ProductId: ProductId, State: string.IsNullOrEmpty(State) ? null : State, Priority: string.IsNullOrEmpty(Priority) ? null : Priority,
            OwnerId: OwnerId, Page: page, PageSize: pageSize);
        return tab switch
        {
            "mes" => filter with { Scope = "mine" },
            "non-assignees" => filter with { Unassigned = true },
            "client" => filter with { Status = "client" },
            "retard" => filter with { DueBefore = now },
            "aujourdhui" => filter with { DueFrom = now, DueBefore = now.InZone(Zone).Date.PlusDays(1).AtStartOfDayInZone(Zone).ToInstant() },
            _ => filter,
        };
    }

    /// <summary>How long the tabs' totals are kept when nothing is written on this server (another server's writes show within it).</summary>
    public static readonly TimeSpan TabTotalsLifetime = TimeSpan.FromSeconds(10);

    private static readonly KeptUntilChanged<IReadOnlyDictionary<string, int>> TabTotals = new(TabTotalsLifetime, afterAnyWrite: true);

    private async Task LoadAsync(CancellationToken ct)
    {
        var caller = Caller;
        // The cached form lists the organisations served: it varies by them too, so an administrator's change shows at once.
        CallerId = $"{caller.Id}:{string.Join(",", caller.ServedOrganisations.Order()).GetHashCode(StringComparison.Ordinal)}";
        // The tabs' totals are kept a moment under the form's filters, and counted again at once after any write made
        // by this server (another server's within TabTotalsLifetime): a desk shown again while nothing changed counts
        // nothing, its list's total being its tab's. "Late" and "due today" also read the clock: a ticket that falls
        // due shows in them within the lifetime. Otherwise every tab's total is counted in the list's own count
        // statement; the tabs share the form's filters, so they are all valid or none is (and the list says why).
        var listed = false;
        Counts = await TabTotals.GetAsync(Cache, (CallerId, FilterFor("", 1)), async () =>
        {
            var tabs = Tabs.Select(t => (t.Id, Query: TicketList.Prepare(caller, Db, FilterFor(t.Id, 1)).TryGet(out var query, out _) ? query.Counted : null))
                .Where(t => t.Query is not null).ToList();
            var counted = await LoadListAsync(FilterFor(ActiveTab, PageNumber), ct, [.. tabs.Select(t => t.Query!)]);
            listed = true;
            return tabs.Select((t, i) => (t.Id, Count: counted[i])).ToDictionary(t => t.Id, t => t.Count);
        });
        if (!listed)
        {
            await LoadListAsync(FilterFor(ActiveTab, PageNumber), ct, [], Counts.TryGetValue(ActiveTab, out var total) ? total : null);
        }

        Organisations = caller.IsAdmin
            ? Names.Organisations
            : Names.Organisations.Where(o => caller.ServedOrganisations.Contains(o.Key)).ToDictionary();
        Staff = Names.Staff.ContainsKey(caller.Id) ? Names.Staff : new Dictionary<Guid, string>(Names.Staff) { [caller.Id] = caller.User.DisplayName };
        Saved = await SavedFilters.ListAsync(caller, Db, ct);
    }

    /// <summary>The current view, every page of it, as CSV for a French spreadsheet: UTF-8 with its BOM, ";" between fields.</summary>
    private async Task<IActionResult> ExportAsync(CancellationToken ct)
    {
        var prepared = TicketList.Prepare(Caller, Db, FilterFor(ActiveTab, 1));
        if (!prepared.TryGet(out var query, out var failure))
        {
            ModelState.AddFailure(failure);
            await LoadAsync(ct);
            return Page();
        }

        var rows = await TicketList.AllRowsAsync(query, ExportLimit, ct);
        var names = await Lookups.LoadForAsync(Db, Cache, rows, ct);
        var display = new ListDisplay(names, Clock.GetCurrentInstant());
        var config = new CsvConfiguration(Display.French) { Delimiter = ";", InjectionOptions = InjectionOptions.Escape, NewLine = "\r\n" };
        await using var text = new StringWriter(Display.French);
        await using (var csv = new CsvWriter(text, config))
        {
            foreach (var header in ExportHeaders)
            {
                csv.WriteField(header);
            }

            await csv.NextRecordAsync();
            foreach (var row in rows)
            {
                var deadline = display.DeadlineOf(row);
                csv.WriteField(Data.Ticket.FormatReference(row.Id));
                csv.WriteField(row.Subject);
                csv.WriteField(names.Organisations.GetValueOrDefault(row.OrganisationId, "—"));
                csv.WriteField(display.StateLabel(row));
                csv.WriteField(names.Priority(row.ContractId, row.Priority));
                csv.WriteField(row.OwnerId is { } owner ? names.Staff.GetValueOrDefault(owner, "—") : "");
                csv.WriteField(deadline is null ? "" : Display.ShortWhen(deadline.Due, Zone));
                csv.WriteField(deadline?.Clock ?? "");
                csv.WriteField(deadline?.Remaining ?? "");
                await csv.NextRecordAsync();
            }
        }

        return Statistics.Exports.CsvFile(text.ToString(), $"bureau-{ActiveTab}");
    }

    /// <summary>The export's columns, in French.</summary>
    public static readonly IReadOnlyList<string> ExportHeaders =
        ["Numéro", "Objet", "Organisation", "État", "Priorité", "Propriétaire", "Prochaine échéance", "Délai", "Temps restant"];
}
