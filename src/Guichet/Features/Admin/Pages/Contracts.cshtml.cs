using Guichet.Data;
using Guichet.Domain.Presets;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Guichet.Features.Admin.Pages;

/// <summary>Contracts: the list and the creation form (on a preset's policy; a contract's own policy is set elsewhere).</summary>
internal sealed class ContractsModel(GuichetDbContext db) : AdminPageModel
{
    public const int MaxPasswordAgeDays = 3650;

    [BindProperty]
    public Guid? OrganisationId { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? PresetId { get; set; }

    [BindProperty]
    public string? StartsOn { get; set; }

    [BindProperty]
    public List<Guid> ProductIds { get; set; } = [];

    [BindProperty]
    public string? PasswordMaxAgeDays { get; set; }

    public sealed record Row(string Organisation, string Name, string Preset, NodaTime.LocalDate StartsOn, IReadOnlyList<string> Products, bool OwnPolicy, int? PasswordMaxAgeDays);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public IReadOnlyDictionary<Guid, string> Organisations { get; private set; } = new Dictionary<Guid, string>();

    public IReadOnlyDictionary<Guid, string> Products { get; private set; } = new Dictionary<Guid, string>();

    public static IReadOnlyList<SlaPreset> Presets => PresetCatalog.All;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (OrganisationId is not { } orgId || !await db.Organisations.AnyAsync(o => o.Id == orgId, ct))
        {
            ModelState.AddModelError(nameof(OrganisationId), "Choisissez une organisation dans la liste.");
        }

        var name = ReadText(nameof(Name), Name, 200, required: true, "Le nom du contrat");
        if (!PresetCatalog.TryGet(PresetId, out var preset))
        {
            ModelState.AddModelError(nameof(PresetId), "Choisissez une politique de service dans la liste.");
        }

        var startsOn = ReadDate(nameof(StartsOn), StartsOn, required: true, "La date de début");
        var productIds = ProductIds.Distinct().ToList();
        if (productIds.Count == 0)
        {
            ModelState.AddModelError(nameof(ProductIds), "Cochez au moins un produit couvert par le contrat.");
        }
        else if (await db.Products.CountAsync(p => productIds.Contains(p.Id), ct) != productIds.Count)
        {
            ModelState.AddModelError(nameof(ProductIds), "Un des produits cochés n'existe plus.");
        }

        int? maxAge = null;
        if (!string.IsNullOrWhiteSpace(PasswordMaxAgeDays))
        {
            if (int.TryParse(PasswordMaxAgeDays.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var days) && days is >= 1 and <= MaxPasswordAgeDays)
            {
                maxAge = days;
            }
            else
            {
                ModelState.AddModelError(nameof(PasswordMaxAgeDays), $"Le délai de renouvellement doit être un nombre de jours entre 1 et {MaxPasswordAgeDays}, ou vide.");
            }
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }

        db.Contracts.Add(new Contract
        {
            OrganisationId = OrganisationId!.Value,
            Name = name!,
            PresetId = preset.Id,
            StartsOn = startsOn!.Value,
            PasswordMaxAgeDays = maxAge,
            Products = [.. productIds.Select(p => new ContractProduct { ProductId = p })],
        });
        await db.SaveChangesAsync(ct);
        return Done($"Le contrat « {name} » est créé.");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Organisations = await db.Organisations.AsNoTracking().OrderBy(o => o.Name).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        Products = await db.Products.AsNoTracking().OrderBy(p => p.Name).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var contracts = await db.Contracts.AsNoTracking().Include(c => c.Products).ToListAsync(ct);
        Rows = [.. contracts
            .Select(c => new Row(
                Organisations.GetValueOrDefault(c.OrganisationId, "?"),
                c.Name,
                PresetCatalog.TryGet(c.PresetId, out var p) ? p.Name : c.PresetId,
                c.StartsOn,
                [.. c.Products.Select(cp => Products.GetValueOrDefault(cp.ProductId, "?")).Order(StringComparer.Create(Web.Pages.Display.French, false))],
                c.Policy is not null,
                c.PasswordMaxAgeDays))
            .OrderBy(r => r.Organisation, StringComparer.Create(Web.Pages.Display.French, false))
            .ThenByDescending(r => r.StartsOn)];
    }
}
