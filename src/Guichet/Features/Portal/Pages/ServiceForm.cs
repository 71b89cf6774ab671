using Guichet.Features.Tickets.Pages;
using Microsoft.Extensions.Caching.Memory;

namespace Guichet.Features.Portal.Pages;

/// <summary>The fields of a scheduled service, shared by creation and edition, with their checks [LS 6.4].</summary>
internal abstract class ServiceFormModel(GuichetDbContext db, IMemoryCache cache) : PortalPageModel
{
    protected GuichetDbContext Db { get; } = db;

    [BindProperty]
    public Guid? OrganisationId { get; set; }

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public Guid? ProductId { get; set; }

    [BindProperty]
    public Guid? IntervenerId { get; set; }

    [BindProperty]
    public string? IntervenerName { get; set; }

    [BindProperty]
    public string? Start { get; set; }

    [BindProperty]
    public string? End { get; set; }

    [BindProperty]
    public int? DurationMinutes { get; set; }

    [BindProperty]
    public string? Place { get; set; }

    public Lookups Names { get; private set; } = null!;

    /// <summary>The organisations the editor serves (every one for an administrator): the only ones offered.</summary>
    public IReadOnlyDictionary<Guid, string> Organisations { get; private set; } = new Dictionary<Guid, string>();

    protected async Task LoadChoicesAsync(CancellationToken ct)
    {
        Names = await Lookups.LoadAsync(Db, cache, ct);
        var served = await Caller.VisibleOrganisations(Db).Select(o => o.Id).ToListAsync(ct);
        Organisations = Names.Organisations.Where(o => served.Contains(o.Key)).ToDictionary();
    }

    /// <summary>The scheduled services of the organisations the editor serves: another organisation's is a 404.</summary>
    protected IQueryable<ScheduledService> EditableServices() =>
        Db.Set<ScheduledService>().Where(s => Caller.VisibleOrganisations(Db).Select(o => o.Id).Contains(s.OrganisationId));

    /// <summary>Checks the form and copies it onto <paramref name="service"/>; false (with errors on the form) when refused.</summary>
    protected async Task<bool> ReadIntoAsync(ScheduledService service, CancellationToken ct)
    {
        if (OrganisationId is not { } org || !await Caller.VisibleOrganisations(Db).AnyAsync(o => o.Id == org, ct))
        {
            ModelState.AddModelError(nameof(OrganisationId), "Choisissez l'organisation.");
        }

        var title = ReadText(nameof(Title), Title, 200, required: true, "L'intitulé");
        if (ProductId is { } product && !await Db.Products.AnyAsync(p => p.Id == product, ct))
        {
            ModelState.AddModelError(nameof(ProductId), "Ce produit n'existe plus.");
        }

        var name = ReadText(nameof(IntervenerName), IntervenerName, 200, required: false, "Le nom de l'intervenant");
        if (IntervenerId is { } staff)
        {
            if (!await Db.Users.AnyAsync(u => u.Id == staff && u.Kind == UserKind.Staff, ct))
            {
                ModelState.AddModelError(nameof(IntervenerId), "Cet intervenant n'est pas un membre du personnel.");
            }
            else if (name is not null)
            {
                ModelState.AddModelError(nameof(IntervenerName), "Choisissez un membre du personnel ou écrivez un nom, pas les deux.");
            }
        }

        var start = ReadWhen(nameof(Start), Start, required: true, "La date de début");
        var end = ReadWhen(nameof(End), End, required: false, "La date de fin");
        if (ErrorOf(nameof(End)) is null)
        {
            if (end is not null)
            {
                if (DurationMinutes is not null)
                {
                    ModelState.AddModelError(nameof(DurationMinutes), "Indiquez la fin ou la durée, pas les deux.");
                }
            }
            else if (DurationMinutes is not { } minutes)
            {
                ModelState.AddModelError(nameof(End), "Indiquez la fin ou la durée.");
            }
            else if (minutes is < 1 or > 60 * 24 * 31)
            {
                ModelState.AddModelError(nameof(DurationMinutes), "La durée doit être comprise entre 1 minute et 31 jours.");
            }
            else if (start is { } s)
            {
                end = s + Duration.FromMinutes(minutes);
            }
        }

        if (start is { } from && end is { } to && to <= from)
        {
            ModelState.AddModelError(nameof(End), "La fin doit être après le début.");
        }

        var place = ReadText(nameof(Place), Place, 300, required: false, "Le lieu");
        if (!ModelState.IsValid)
        {
            return false;
        }

        service.OrganisationId = OrganisationId!.Value;
        service.Title = title!;
        service.ProductId = ProductId;
        service.IntervenerId = IntervenerId;
        service.IntervenerName = IntervenerId is null ? name : null;
        service.StartsAt = start!.Value;
        service.EndsAt = end!.Value;
        service.Place = place ?? "";
        return true;
    }
}
