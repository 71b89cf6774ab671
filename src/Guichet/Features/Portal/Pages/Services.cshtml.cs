using Guichet.Features.Tickets.Pages;
using Microsoft.Extensions.Caching.Memory;
using NodaTime.Text;

namespace Guichet.Features.Portal.Pages;

/// <summary>
/// The référent's calendar of scheduled services [LS 6.4]: four months from the chosen one (this month by default),
/// as one table per month — a list reads better than a grid of days with a screen reader.
/// </summary>
internal sealed class ServicesModel(GuichetDbContext db, IMemoryCache cache, IClock clock) : PortalPageModel
{
    private static readonly YearMonthPattern ParamPattern = YearMonthPattern.Iso;

    private static readonly YearMonthPattern NamePattern = YearMonthPattern.Create("MMMM yyyy", Display.French);

    public YearMonth First { get; private set; }

    public sealed record MonthServices(YearMonth Month, IReadOnlyList<ScheduledService> Services);

    public IReadOnlyList<MonthServices> Months { get; private set; } = [];

    public Lookups Names { get; private set; } = null!;

    public static string Param(YearMonth month) => ParamPattern.Format(month);

    public static string MonthName(YearMonth month) => NamePattern.Format(month);

    /// <summary>The intervener's name: the staff member's, or the free text.</summary>
    public static string Intervener(ScheduledService s, Lookups names) =>
        s.IntervenerId is { } id ? names.Staff.GetValueOrDefault(id, "—") : s.IntervenerName ?? "—";

    public async Task<IActionResult> OnGetAsync(string? mois, CancellationToken ct)
    {
        var today = clock.GetCurrentInstant().InZone(Zone).Date;
        First = mois is not null && ParamPattern.Parse(mois) is { Success: true } parsed && parsed.Value.Year is > 2000 and < 3000
            ? parsed.Value
            : today.ToYearMonth();
        var last = First.PlusMonths(PortalRules.CalendarMonths - 1);
        var from = Zone.AtStartOfDay(First.OnDayOfMonth(1)).ToInstant();
        var to = Zone.AtStartOfDay(last.OnDayOfMonth(1).PlusMonths(1)).ToInstant();
        Names = await Lookups.LoadAsync(db, cache, ct);
        var services = await PortalRules.VisibleServices(db, Caller).AsNoTracking()
            .Where(s => s.StartsAt < to && s.EndsAt > from).OrderBy(s => s.StartsAt).ToListAsync(ct);

        // Each service under the month it starts in (one that started before the period is under the first month).
        Months = [.. Enumerable.Range(0, PortalRules.CalendarMonths).Select(i => First.PlusMonths(i)).Select(m => new MonthServices(m,
            [.. services.Where(s => Max(s.StartsAt.InZone(Zone).Date.ToYearMonth(), First) == m)]))];
        return Page();
    }

    private static YearMonth Max(YearMonth a, YearMonth b) => a.CompareTo(b) >= 0 ? a : b;
}
