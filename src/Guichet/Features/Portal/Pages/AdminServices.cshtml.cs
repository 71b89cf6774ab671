using Microsoft.Extensions.Caching.Memory;

namespace Guichet.Features.Portal.Pages;

/// <summary>Staff: the scheduled services not ended yet, and the form to schedule one [LS 6.4].</summary>
internal sealed class AdminServicesModel(GuichetDbContext db, IMemoryCache cache, IClock clock) : ServiceFormModel(db, cache)
{
    public IReadOnlyList<ScheduledService> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var service = new ScheduledService { CreatedAt = clock.GetCurrentInstant() };
        if (!await ReadIntoAsync(service, ct))
        {
            await LoadAsync(ct);
            return Page();
        }

        Db.Add(service);
        await Db.SaveChangesAsync(ct);
        return Done($"La prestation « {service.Title} » est planifiée.");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        await LoadChoicesAsync(ct);
        var now = clock.GetCurrentInstant();
        Rows = await EditableServices().AsNoTracking().Where(s => s.EndsAt > now).OrderBy(s => s.StartsAt).Take(500).ToListAsync(ct);
    }
}
