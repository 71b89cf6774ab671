using Guichet.Features.Contracts;
using NodaTime.Text;

namespace Guichet.Features.Admin.Pages;

/// <summary>
/// A contract's page: its fields (the creation form's checks) and its own SLA policy, checked and applied by
/// <see cref="ContractPolicy"/> as <c>guichet contract policy</c> does (refused when the contract's tickets do not fit,
/// open tickets' summaries refreshed).
/// </summary>
internal sealed class ContractEditModel(GuichetDbContext db, IClock clock) : ContractFormModel
{
    /// <summary>Longest own policy accepted (the presets' files are under 10 000 characters).</summary>
    public const int MaxPolicyLength = ContractPolicy.MaxLength;

    [FromRoute]
    public Guid Id { get; set; }

    /// <summary>The contract's own policy (JSON in the presets' format), or empty: the preset applies.</summary>
    [BindProperty]
    public string? Policy { get; set; }

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
        if (!ContractPolicy.Parse(policy).TryGet(out var own, out var invalid))
        {
            PolicyErrors = invalid.Errors!["policy"];
            ModelState.AddModelError(nameof(Policy), PolicyErrors.Count == 1
                ? "La politique propre n'est pas valide : 1 erreur, indiquée sous le champ avec son emplacement dans le JSON."
                : $"La politique propre n'est pas valide : {PolicyErrors.Count} erreurs, indiquées sous le champ avec leur emplacement dans le JSON.");
        }

        // The policy the tickets will be evaluated with: the own one, else the preset's.
        var effective = own ?? values?.Preset;
        var policyChanged = values is not null && ContractPolicy.Changes(contract, policy, values.Preset.Id);
        if (effective is not null && policyChanged && ModelState.IsValid && await ContractPolicy.MisfitsAsync(db, Id, effective, ct) is { } misfits)
        {
            ModelState.AddModelError(own is null ? nameof(PresetId) : nameof(Policy), misfits.Title);
        }

        StillAsRead(FingerprintOf(contract), "Ce contrat a été modifié");

        if (values is null || !ModelState.IsValid)
        {
            return Page();
        }

        contract.Name = values.Name;
        await ContractPolicy.ChangeAsync(db, contract, values.Preset.Id, policy, Caller.Id, clock.GetCurrentInstant(), ct);
        contract.StartsOn = values.StartsOn;
        contract.PasswordMaxAgeDays = values.PasswordMaxAgeDays;
        contract.UsersPerProduct = values.UsersPerProduct;
        contract.Products.RemoveAll(p => !values.ProductIds.Contains(p.ProductId));
        contract.Products.AddRange(values.ProductIds.Where(id => contract.Products.All(p => p.ProductId != id)).Select(id => new ContractProduct { ContractId = contract.Id, ProductId = id }));
        await db.SaveChangesAsync(ct);
        if (policyChanged)
        {
            await ContractPolicy.RefreshTicketsAsync(db, contract.Id, clock, ct);
        }

        return Done($"Le contrat « {values.Name} » est enregistré.", "/admin/contrats");
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
