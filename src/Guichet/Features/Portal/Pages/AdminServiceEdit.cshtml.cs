using Microsoft.Extensions.Caching.Memory;

namespace Guichet.Features.Portal.Pages;

/// <summary>Staff: edit or delete a scheduled service.</summary>
internal sealed class AdminServiceEditModel(GuichetDbContext db, IMemoryCache cache) : ServiceFormModel(db, cache)
{
    public string Heading { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await EditableServices().SingleOrDefaultAsync(s => s.Id == id, ct) is not { } service)
        {
            return NotFound();
        }

        OrganisationId = service.OrganisationId;
        Title = service.Title;
        ProductId = service.ProductId;
        IntervenerId = service.IntervenerId;
        IntervenerName = service.IntervenerName;
        Start = Typing(service.StartsAt);
        End = Typing(service.EndsAt);
        Place = service.Place;
        Heading = service.Title;
        await LoadChoicesAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (await EditableServices().SingleOrDefaultAsync(s => s.Id == id, ct) is not { } service)
        {
            return NotFound();
        }

        Heading = service.Title;
        if (!await ReadIntoAsync(service, ct))
        {
            await LoadChoicesAsync(ct);
            return Page();
        }

        await Db.SaveChangesAsync(ct);
        return Done($"La prestation « {service.Title} » est enregistrée.", "/admin/prestations");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        if (await EditableServices().SingleOrDefaultAsync(s => s.Id == id, ct) is not { } service)
        {
            return NotFound();
        }

        Db.Remove(service);
        await Db.SaveChangesAsync(ct);
        return Done($"La prestation « {service.Title} » est supprimée.", "/admin/prestations");
    }
}
