using Guichet.Domain.Presets;

namespace Guichet.Features.Admin.Pages;

/// <summary>The fields of a contract, as the creation and the edit forms read and check them.</summary>
internal abstract class ContractFormModel : AdminPageModel
{
    public const int MaxPasswordAgeDays = 3650;

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

    /// <summary>Users an organisation may declare per application under this contract [LS 6.6]; empty: the default.</summary>
    [BindProperty]
    public string? UsersPerProduct { get; set; }

    /// <summary>The most users per application a contract may allow.</summary>
    public const int MaxUsersPerProduct = 1000;

    public IReadOnlyDictionary<Guid, string> Products { get; protected set; } = new Dictionary<Guid, string>();

    public static IReadOnlyList<SlaPreset> Presets => PresetCatalog.All;

    public sealed record Values(string Name, SlaPreset Preset, LocalDate StartsOn, List<Guid> ProductIds, int? PasswordMaxAgeDays, int? UsersPerProduct);

    /// <summary>The typed values, checked; null when an error went to the form.</summary>
    protected async Task<Values?> ReadContractAsync(GuichetDbContext db, CancellationToken ct)
    {
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

        var maxAge = ReadOptionalCount(nameof(PasswordMaxAgeDays), PasswordMaxAgeDays, MaxPasswordAgeDays,
            $"Le délai de renouvellement doit être un nombre de jours entre 1 et {MaxPasswordAgeDays}, ou vide.");
        var usersPerProduct = ReadOptionalCount(nameof(UsersPerProduct), UsersPerProduct, MaxUsersPerProduct,
            $"Le nombre d'utilisateurs par application doit être entre 1 et {MaxUsersPerProduct}, ou vide ({Features.Users.UsersFeature.DefaultUsersPerProduct} par défaut).");

        return ModelState.IsValid ? new Values(name!, preset, startsOn!.Value, productIds, maxAge, usersPerProduct) : null;
    }
}
