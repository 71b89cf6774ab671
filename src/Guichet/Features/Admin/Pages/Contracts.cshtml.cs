using Guichet.Domain.Presets;

namespace Guichet.Features.Admin.Pages;

/// <summary>Contracts: the list (each row links to the contract's page) and the creation form (on a preset's policy).</summary>
internal sealed class ContractsModel(GuichetDbContext db) : ContractFormModel
{
    [BindProperty]
    public Guid? OrganisationId { get; set; }

    public sealed record Row(Guid Id, string Organisation, string Name, string Preset, NodaTime.LocalDate StartsOn, IReadOnlyList<string> Products, bool OwnPolicy, int? PasswordMaxAgeDays);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public IReadOnlyDictionary<Guid, string> Organisations { get; private set; } = new Dictionary<Guid, string>();

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (OrganisationId is not { } orgId || !await db.Organisations.AnyAsync(o => o.Id == orgId, ct))
        {
            ModelState.AddModelError(nameof(OrganisationId), "Choisissez une organisation dans la liste.");
        }

        if (await ReadContractAsync(db, ct) is not { } values || !ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }

        db.Contracts.Add(new Contract
        {
            OrganisationId = OrganisationId!.Value,
            Name = values.Name,
            PresetId = values.Preset.Id,
            StartsOn = values.StartsOn,
            PasswordMaxAgeDays = values.PasswordMaxAgeDays,
            UsersPerProduct = values.UsersPerProduct,
            Products = [.. values.ProductIds.Select(p => new ContractProduct { ProductId = p })],
        });
        await db.SaveChangesAsync(ct);
        return Done($"Le contrat « {values.Name} » est créé.");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Organisations = await db.Organisations.AsNoTracking().OrderBy(o => o.Name).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        Products = await db.Products.AsNoTracking().OrderBy(p => p.Name).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var contracts = await db.Contracts.AsNoTracking().Include(c => c.Products).ToListAsync(ct);
        Rows = [.. contracts
            .Select(c => new Row(
                c.Id,
                Organisations.GetValueOrDefault(c.OrganisationId, "?"),
                c.Name,
                PresetCatalog.TryGet(c.PresetId, out var p) ? p.Name : c.PresetId,
                c.StartsOn,
                [.. c.Products.Select(cp => Products.GetValueOrDefault(cp.ProductId, "?")).Order(Web.Pages.Display.FrenchOrder)],
                c.Policy is not null,
                c.PasswordMaxAgeDays))
            .OrderBy(r => r.Organisation, Web.Pages.Display.FrenchOrder)
            .ThenByDescending(r => r.StartsOn)];
    }
}
