using Guichet.Features.Tickets;

namespace Guichet.Features.Contracts;

/// <summary>
/// Reading contracts: the list, one contract's commercial side and the upcoming deadlines. Everything starts from
/// <see cref="Caller.VisibleContracts"/>: another organisation's contract is not found.
/// </summary>
internal static class ContractReads
{
    /// <summary>The default horizon of <see cref="AlertsAsync"/>, in days.</summary>
    public const int DefaultAlertDays = 90;

    public static async Task<IReadOnlyList<ContractRow>> ListAsync(Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct)
    {
        var rows = await caller.VisibleContracts(db).AsNoTracking()
            .OrderBy(c => c.Name)
            .Select(c => new { Contract = c, Territory = db.Organisations.Where(o => o.Id == c.OrganisationId).Select(o => o.Territory).First() })
            .ToListAsync(ct);
        var now = clock.GetCurrentInstant();
        return [.. rows.Select(r =>
        {
            var c = r.Contract;
            var today = now.InZone(TicketClocks.TerritoryOf(r.Territory).Zone).Date;
            var next = c.Terms()?.NextAnniversary(today);
            return new ContractRow(c.Id, c.Name, c.OrganisationId, c.PresetId, c.StartsOn, c.HasTerms, next?.Date, next?.NoticeDeadline);
        })];
    }

    public static async Task<Outcome<ContractDetail>> GetAsync(Guid id, Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct) =>
        await ContractFacts.LoadAsync(db, caller.VisibleContracts(db), id, clock, ct) is { } facts
            ? ContractView.Detail(facts)
            : Failure.NotFound("contrat");

    /// <summary>The upcoming deadlines of the contracts the caller may see, within <paramref name="days"/> (1 to 1000).</summary>
    public static async Task<Outcome<IReadOnlyList<ContractAlertView>>> AlertsAsync(Caller caller, GuichetDbContext db, IClock clock, int days, CancellationToken ct)
    {
        if (days is < 1 or > 1000)
        {
            return Failure.Invalid("days", "Entre 1 et 1000 jours.");
        }

        var visible = caller.VisibleContracts(db).Where(c => c.InitialPeriodMonths != null || c.LowTimeBankMinutes != null);
        var rows = await ContractAlerts.CandidatesAsync(db, visible, ct);
        var now = clock.GetCurrentInstant();
        return rows.SelectMany(r =>
        {
            var today = now.InZone(TicketClocks.TerritoryOf(r.Territory).Zone).Date;
            return ContractDeadlines.Upcoming(r.Contract, today, r.Balance, r.LastPurchase)
                .Where(d => d.Date <= today.PlusDays(days))
                .Select(d => new ContractAlertView(r.Contract.Id, r.Contract.Name, r.Contract.OrganisationId, d.Kind, d.Date, d.AlertFrom, Period.Between(today, d.Date, PeriodUnits.Days).Days, d.Text));
        }).OrderBy(d => d.Date).ToList();
    }
}
