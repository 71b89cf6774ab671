using Guichet.Domain.Calendars;

namespace Guichet.Features.Admin.Pages;

/// <summary>The fields of an organisation, as the creation and the edit forms read and check them.</summary>
internal abstract class OrganisationFormModel : AdminPageModel
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Siret { get; set; }

    [BindProperty]
    public string? Address { get; set; }

    [BindProperty]
    public string? Territory { get; set; }

    [BindProperty]
    public string? DpoName { get; set; }

    [BindProperty]
    public string? DpoEmail { get; set; }

    public sealed record Values(string Name, string Siret, string Address, string Territory, string DpoName, string DpoEmail)
    {
        /// <summary>Writes the checked values onto <paramref name="organisation"/>, a new one or the one edited.</summary>
        public Organisation WriteTo(Organisation organisation)
        {
            (organisation.Name, organisation.Siret, organisation.Address, organisation.Territory, organisation.DpoName, organisation.DpoEmail) =
                (Name, Siret, Address, Territory, DpoName, DpoEmail);
            return organisation;
        }
    }

    public static IReadOnlyList<Territory> Territories => Domain.Calendars.Territory.All;

    public static string TerritoryName(string id) => Domain.Calendars.Territory.TryGet(id, out var t) ? t.Name : id;

    public const string DuplicateSiret = "Une organisation porte déjà ce SIRET.";

    /// <summary>The typed values, checked (SIRET's check digit, unique SIRET but for <paramref name="self"/>); null when an error went to the form.</summary>
    protected async Task<Values?> ReadOrganisationAsync(GuichetDbContext db, Guid? self, CancellationToken ct)
    {
        var name = ReadText(nameof(Name), Name, 200, required: true, "Le nom");
        string? siret = null;
        if (ReadText(nameof(Siret), Siret, 40, required: true, "Le SIRET") is { } siretText)
        {
            if (Domain.Organisations.Siret.TryParse(siretText, out var parsed, out var error))
            {
                siret = parsed.Value;
            }
            else
            {
                ModelState.AddModelError(nameof(Siret), error!);
            }
        }

        var address = ReadText(nameof(Address), Address, 400, required: true, "L'adresse");
        if (!Domain.Calendars.Territory.TryGet(Territory, out var territory))
        {
            ModelState.AddModelError(nameof(Territory), "Choisissez un territoire dans la liste.");
        }

        var dpoName = ReadText(nameof(DpoName), DpoName, 200, required: true, "Le nom du délégué à la protection des données");
        var dpoEmail = ReadText(nameof(DpoEmail), DpoEmail, 256, required: true, "L'adresse e-mail du délégué");
        if (dpoEmail is not null && !Emails.IsValid(dpoEmail))
        {
            ModelState.AddModelError(nameof(DpoEmail), "L'adresse e-mail du délégué n'est pas valide (exemple : dpo@commune.fr).");
        }

        if (siret is not null && await db.Organisations.AnyAsync(o => o.Siret == siret && o.Id != self, ct))
        {
            ModelState.AddModelError(nameof(Siret), DuplicateSiret);
        }

        return ModelState.IsValid ? new Values(name!, siret!, address!, territory.Id, dpoName!, dpoEmail!) : null;
    }
}
