using Guichet.Features.Attachments;
using Guichet.Web.Pages;
using Microsoft.Extensions.Options;

namespace Guichet.Features.Tickets.Pages;

/// <summary>The submission form [SPEC §3.1]: the same use case as <c>POST /api/v1/tickets</c>, then the attachments.</summary>
internal sealed class PortalNewModel(GuichetDbContext db, TicketHandlers handlers, IOptions<AttachmentOptions> attachments) : RaiseFormModel
{
    [BindProperty]
    public Guid? QueueId { get; set; }

    [BindProperty]
    public Guid? ProductId { get; set; }

    [BindProperty]
    public Guid? VersionId { get; set; }

    [BindProperty]
    public string? Subject { get; set; }

    [BindProperty]
    public string? Body { get; set; }

    [BindProperty]
    public List<IFormFile> Files { get; set; } = [];

    public sealed record ProductChoice(Guid Id, string Name, IReadOnlyList<ProductVersion> Versions);

    public IReadOnlyDictionary<Guid, string> Queues { get; private set; } = new Dictionary<Guid, string>();

    public IReadOnlyList<ProductChoice> Products { get; private set; } = [];


    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var caller = Caller;
        await LoadChoicesAsync(caller, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var caller = Caller;
        if (AttachmentsApi.CheckCount(Files.Count, attachments.Value) is { } tooManyFiles)
        {
            ModelState.AddModelError(nameof(Files), tooManyFiles);
            await LoadChoicesAsync(caller, ct);
            return Page();
        }

        // On a contract with a priority matrix, both questions are required here (the API also accepts neither). The
        // choices are read for the matrix only: what was posted is kept as it came (no default filled in).
        var (postedQueue, postedPriority) = (QueueId, Priority);
        await LoadChoicesAsync(caller, ct);
        (QueueId, Priority) = (postedQueue, postedPriority);
        if (!CriteriaComplete())
        {
            return Page();
        }

        if (!(await handlers.CreateAsync(caller, new TicketHandlers.CreateTicket(ProductId, QueueId, VersionId, ServiceType, Priority, Subject, Body, Criticality, Impact), ct)).TryGet(out var ticket, out var failure))
        {
            ModelState.AddFailure(failure, Fields);
            await LoadChoicesAsync(caller, ct);
            return Page();
        }

        // The ticket exists: a file refused afterwards is reported on its page, nothing typed is lost.
        var refused = new List<string>();
        var loaded = Files.Count > 0 ? await handlers.LoadAsync(caller, ticket.Id, ct) : null;
        foreach (var file in Files)
        {
            // One load for all files: each commit advances the tracked ticket itself.
            if (!(await AttachmentsApi.AddAsync(loaded!, file, asInternal: false, caller, handlers, db, attachments, ct)).IsOk)
            {
                refused.Add(file.FileName);
            }
        }

        TempData["Flash"] = refused.Count == 0
            ? $"Votre demande {ticket.Reference} est enregistrée."
            : $"Votre demande {ticket.Reference} est enregistrée, mais ces fichiers n'ont pas pu être joints : {string.Join(", ", refused)}.";
        return Redirect($"/demandes/{ticket.Id}");
    }

    private static readonly Dictionary<string, string> Fields = new()
    {
        ["queueId"] = "QueueId",
        ["productId"] = "ProductId",
        ["versionId"] = "VersionId",
        ["serviceType"] = "ServiceType",
        ["priority"] = "Priority",
        ["criticality"] = "Criticality",
        ["impact"] = "Impact",
        ["subject"] = "Subject",
        ["body"] = "Body",
    };

    private async Task LoadChoicesAsync(Caller caller, CancellationToken ct)
    {
        var declared = caller.DeclaredProducts;
        var orgId = caller.User.OrganisationId;
        var covered = await (from cp in db.ContractProducts
                             join c in db.Contracts on cp.ContractId equals c.Id
                             where c.OrganisationId == orgId && declared.Contains(cp.ProductId)
                             orderby c.StartsOn descending
                             select new { c.PresetId, c.Policy, cp.ProductId }).ToListAsync(ct);
        var ids = covered.Select(c => c.ProductId).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Include(p => p.Versions).Where(p => ids.Contains(p.Id)).OrderBy(p => p.Name).ToListAsync(ct);
        Products = [.. products.Select(p => new ProductChoice(p.Id, p.Name, [.. p.Versions.OrderByDescending(v => v.ReleasedOn)]))];
        Queues = await db.Queues.AsNoTracking().OrderBy(q => q.Name).ToDictionaryAsync(q => q.Id, q => q.Name, ct);

        // "Pour" starts on the organisation's usual queue (the one most of its requests went to), not the first by name
        // (issue 15: the sales queue came first); with no request yet, the first by name.
        if (QueueId is null && orgId is { } organisation)
        {
            QueueId = await UsualQueue.OfAsync(db, organisation, ct);
        }

        // The policy of the chosen product's contract (the first product's before a choice).
        var chosen = covered.FirstOrDefault(c => c.ProductId == ProductId) ?? covered.FirstOrDefault();
        if (chosen is not null)
        {
            UseContract(TicketClocks.Policy(chosen.PresetId, chosen.Policy));
        }
    }
}
