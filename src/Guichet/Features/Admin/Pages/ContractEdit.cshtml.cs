using Guichet.Data;
using Guichet.Domain.Presets;
using Guichet.Features.Tickets;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;

namespace Guichet.Features.Admin.Pages;

/// <summary>
/// A contract's page: its fields (the creation form's checks) and its own SLA policy, checked as
/// <c>guichet contract policy</c> does. A ticket's clocks are derived from its trace with the contract's policy, so
/// a new policy applies to the tickets already there: it is refused when they use states, priorities or service
/// types it does not know, and the open ones get their summary (next due) rewritten.
/// </summary>
internal sealed class ContractEditModel(GuichetDbContext db, IClock clock) : ContractFormModel
{
    /// <summary>Longest own policy accepted (the presets' files are under 10 000 characters).</summary>
    public const int MaxPolicyLength = 100_000;

    [FromRoute]
    public Guid Id { get; set; }

    /// <summary>The contract's own policy (JSON in the presets' format), or empty: the preset applies.</summary>
    [BindProperty]
    public string? Policy { get; set; }

    /// <summary>The fingerprint of the contract as the form was opened on (see <see cref="AdminPageModel.StillAsRead"/>).</summary>
    [BindProperty]
    public string? Stamp { get; set; }

    public Contract Contract { get; private set; } = null!;

    public string OrganisationName { get; private set; } = "";

    public int Tickets { get; private set; }

    /// <summary>The validator's findings on the own policy, each with its JSON path (in English, as the CLI gives them).</summary>
    public IReadOnlyList<string> PolicyErrors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await FindAsync(ct))
        {
            return NotFound();
        }

        Name = Contract.Name;
        PresetId = Contract.PresetId;
        StartsOn = LocalDatePattern.Iso.Format(Contract.StartsOn);
        ProductIds = [.. Contract.Products.Select(p => p.ProductId)];
        PasswordMaxAgeDays = Contract.PasswordMaxAgeDays?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        UsersPerProduct = Contract.UsersPerProduct?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Policy = Contract.Policy;
        Stamp = FingerprintOf(Contract);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await FindAsync(ct))
        {
            return NotFound();
        }

        var contract = Contract;
        var values = await ReadContractAsync(db, ct);
        var policy = ReadText(nameof(Policy), Policy, MaxPolicyLength, required: false, "La politique propre");
        SlaPreset? own = null;
        if (policy is not null)
        {
            if (TicketClocks.ValidatePolicy(policy) is { } errors)
            {
                PolicyErrors = errors;
                ModelState.AddModelError(nameof(Policy), errors.Count == 1
                    ? "La politique propre n'est pas valide : 1 erreur, indiquée sous le champ avec son emplacement dans le JSON."
                    : $"La politique propre n'est pas valide : {errors.Count} erreurs, indiquées sous le champ avec leur emplacement dans le JSON.");
            }
            else
            {
                own = PresetLoader.Parse(policy, "contrat");
            }
        }

        // The policy the tickets will be evaluated with: the own one, else the preset's.
        var effective = own ?? values?.Preset;
        var policyChanged = values is not null && (policy != contract.Policy || (policy is null && values.Preset.Id != contract.PresetId));
        if (effective is not null && policyChanged && ModelState.IsValid && await MisfitsAsync(effective, ct) is { } misfits)
        {
            ModelState.AddModelError(own is null ? nameof(PresetId) : nameof(Policy), misfits);
        }

        var current = FingerprintOf(contract);
        if (!StillAsRead(Stamp, current, "Ce contrat a été modifié"))
        {
            Stamp = current;
        }

        if (values is null || !ModelState.IsValid)
        {
            return Page();
        }

        contract.Name = values.Name;
        contract.PresetId = values.Preset.Id;
        contract.StartsOn = values.StartsOn;
        contract.PasswordMaxAgeDays = values.PasswordMaxAgeDays;
        contract.UsersPerProduct = values.UsersPerProduct;
        contract.Policy = policy;
        contract.Products.RemoveAll(p => !values.ProductIds.Contains(p.ProductId));
        contract.Products.AddRange(values.ProductIds.Where(id => contract.Products.All(p => p.ProductId != id)).Select(id => new ContractProduct { ContractId = contract.Id, ProductId = id }));
        await db.SaveChangesAsync(ct);
        if (policyChanged)
        {
            var id = contract.Id;
            await TicketSummaries.RefreshOpenAsync(db, t => t.ContractId == id, clock.GetCurrentInstant(), ct);
        }

        return Done($"Le contrat « {values.Name} » est enregistré.", "/admin/contrats");
    }

    /// <summary>
    /// What the contract's tickets use that <paramref name="policy"/> does not know (states, priorities, service
    /// types, in their trace as well), as a French message; null when they all fit.
    /// </summary>
    private async Task<string?> MisfitsAsync(SlaPreset policy, CancellationToken ct)
    {
        var tickets = db.Tickets.Where(t => t.ContractId == Id);
        var events = from e in db.TicketEvents
                     join t in tickets on e.TicketId equals t.Id
                     select e;
        var states = (await tickets.Select(t => t.State).Distinct().ToListAsync(ct))
            .Concat(await events.Where(e => e.Kind == EventKind.StateChanged && e.Value != null).Select(e => e.Value!).Distinct().ToListAsync(ct));
        var priorities = (await tickets.Select(t => t.ClientPriority).Distinct().ToListAsync(ct))
            .Concat(await tickets.Select(t => t.Priority).Distinct().ToListAsync(ct))
            .Concat(await events.Where(e => e.Kind == EventKind.PriorityChanged && e.Value != null).Select(e => e.Value!).Distinct().ToListAsync(ct));
        var serviceTypes = await tickets.Select(t => t.ServiceType).Distinct().ToListAsync(ct);

        var unknown = new List<string>();
        Add("états", states.Distinct().Where(s => !policy.Policy.Workflow.TryGetState(s, out _)));
        Add("priorités", priorities.Distinct().Where(p => !policy.Policy.Scheme.TryGet(p, out _)));
        Add("types de service", serviceTypes.Where(s => policy.ServiceTypes.All(t => t.Id != s)));
        return unknown.Count == 0 ? null
            : $"Les demandes de ce contrat utilisent des valeurs que cette politique ne connaît pas ({string.Join(" ; ", unknown)}) : leurs délais ne pourraient plus être calculés. Une politique qui les change relève d'un nouveau contrat.";

        void Add(string what, IEnumerable<string> values)
        {
            var list = values.Order(StringComparer.Ordinal).ToList();
            if (list.Count > 0)
            {
                unknown.Add($"{what} : {string.Join(", ", list.Select(v => $"« {v} »"))}");
            }
        }
    }

    private static string FingerprintOf(Contract c) =>
        Fingerprint(c.Name, c.PresetId, c.StartsOn, c.PasswordMaxAgeDays, c.UsersPerProduct, c.Policy, c.Products.Select(p => p.ProductId).ToList());

    private async Task<bool> FindAsync(CancellationToken ct)
    {
        if (await db.Contracts.Include(c => c.Products).SingleOrDefaultAsync(c => c.Id == Id, ct) is not { } contract)
        {
            return false;
        }

        Contract = contract;
        OrganisationName = await db.Organisations.Where(o => o.Id == contract.OrganisationId).Select(o => o.Name).SingleAsync(ct);
        Tickets = await db.Tickets.CountAsync(t => t.ContractId == contract.Id, ct);
        Products = await db.Products.AsNoTracking().OrderBy(p => p.Name).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        return true;
    }
}
