using Guichet.Domain.Contracts;
using Guichet.Features.Tickets;

namespace Guichet.Features.Contracts.Pages;

/// <summary>The contracts a staff member serves, with their next anniversary, notice deadline and time bank.</summary>
internal sealed class DeskModel(GuichetDbContext db, IClock clock) : ContractPageModel
{
    public sealed record Row(Guid Id, string Name, string Organisation, LocalDate Today, Anniversary? Next, bool DeadlineSoon, int AlertLead, long? BalanceMinutes, bool BalanceLow);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var caller = Caller;
        // The alerts job's own query: balances from stored purchases and out-of-scope time entries.
        var candidates = await ContractAlerts.CandidatesAsync(db, caller.VisibleContracts(db), ct);
        var ids = candidates.Select(c => c.Contract.OrganisationId).Distinct().ToList();
        var names = await db.Organisations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var now = clock.GetCurrentInstant();
        Rows = [.. candidates.Select(c =>
        {
            var today = now.InZone(TicketClocks.TerritoryOf(c.Territory).Zone).Date;
            var next = c.Contract.Terms()?.NextAnniversary(today);
            var soon = next is { NoticeDeadline: { } deadline, DeadlinePassed: false } && deadline <= today.PlusDays(c.Contract.AlertLead);
            var low = c.Contract.LowTimeBankMinutes is { } threshold && c.Balance is { } balance && balance <= threshold;
            return new Row(c.Contract.Id, c.Contract.Name, names.GetValueOrDefault(c.Contract.OrganisationId, "—"), today, next, soon, c.Contract.AlertLead, c.Balance, low);
        }).OrderBy(r => r.Organisation, StringComparer.CurrentCulture).ThenBy(r => r.Name, StringComparer.CurrentCulture)];
        return Page();
    }

    public static string Balance(long? minutes) => minutes switch
    {
        null => "—",
        < 0 => "dépassement de " + TimeBank.FormatDuration(-minutes.Value),
        _ => TimeBank.FormatDuration(minutes.Value),
    };
}
