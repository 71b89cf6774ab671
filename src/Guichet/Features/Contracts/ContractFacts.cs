using Guichet.Domain.Contracts;
using Guichet.Features.Tickets;
using NodaTime.Text;

namespace Guichet.Features.Contracts;

/// <summary>
/// What the commercial side of a contract is computed from, loaded from stored facts: the contract and its lines,
/// purchases and quotas, the organisation's territory (its local date), the revision index's table, the time entries
/// on out-of-scope work (the time bank's consumption, never stored twice) and the tickets its quotas count.
/// </summary>
internal sealed record ContractFacts(
    Contract Contract,
    string OrganisationName,
    string Territory,
    LocalDate Today,
    PriceIndexTable? IndexTable,
    IReadOnlyList<TimeConsumption> Consumptions,
    IReadOnlyList<(string ServiceType, LocalDate On)> QuotaUses)
{
    public DateTimeZone Zone => TicketClocks.TerritoryOf(Territory).Zone;

    public static async Task<ContractFacts?> LoadAsync(GuichetDbContext db, IQueryable<Contract> visible, Guid id, IClock clock, CancellationToken ct)
    {
        var row = await visible.AsNoTracking().AsSplitQuery()
            .Include(c => c.Lines).Include(c => c.TimeBankPurchases).Include(c => c.Quotas).Include(c => c.Products)
            .Where(c => c.Id == id)
            .Select(c => new { Contract = c, Org = db.Organisations.Where(o => o.Id == c.OrganisationId).Select(o => new { o.Name, o.Territory }).First() })
            .SingleOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        var contract = row.Contract;
        var zone = TicketClocks.TerritoryOf(row.Org.Territory).Zone;
        var today = clock.GetCurrentInstant().InZone(zone).Date;
        var table = contract.RevisionIndex is { } index ? await IndexTableAsync(db, index, ct) : null;
        var entries = await (from e in db.TicketEvents
                             join t in db.Tickets on e.TicketId equals t.Id
                             where t.ContractId == id && e.Kind == EventKind.TimeEntry && e.OutOfScope && e.Minutes > 0
                             select new { e.At, Minutes = e.Minutes!.Value, t.Id }).ToListAsync(ct);
        var consumptions = entries.OrderBy(e => e.At).Select(e => new TimeConsumption(e.At.InZone(zone).Date, e.Minutes, e.Id)).ToList();
        var types = contract.Quotas.Select(q => q.ServiceType).Distinct().ToList();
        var uses = types.Count == 0
            ? []
            : (await db.Tickets.Where(t => t.ContractId == id && types.Contains(t.ServiceType)).Select(t => new { t.ServiceType, t.CreatedAt }).ToListAsync(ct))
                .Select(t => (t.ServiceType, t.CreatedAt.InZone(zone).Date)).ToList();
        return new ContractFacts(contract, row.Org.Name, row.Org.Territory, today, table, consumptions, uses);
    }

    /// <summary>An index's table as staff entered it.</summary>
    public static async Task<PriceIndexTable> IndexTableAsync(GuichetDbContext db, string index, CancellationToken ct)
    {
        var values = await db.PriceIndexValues.AsNoTracking().Where(v => v.IndexName == index).ToListAsync(ct);
        return new PriceIndexTable(IndexNames.Canonical(index), values.Select(ToDomain));
    }

    public static IndexValue ToDomain(PriceIndexValue v) => IndexNames.Value(v.IndexName, v.Month.ToYearMonth(), v.Value, v.Series);

    public TimeBank TimeBank() =>
        new(Contract.TimeBankPurchases.OrderBy(p => p.On).Select(p => new TimePurchase(p.On, p.Minutes)), Consumptions);

    /// <summary>S(0) / I(0): the stored value, or the table's for the base month.</summary>
    public IndexValue? BaseIndex()
    {
        if (Contract.RevisionIndex is not { } index || Contract.BaseIndexMonth is not { } month)
        {
            return null;
        }

        return Contract.BaseIndexValue is { } value
            ? IndexNames.Value(index, month.ToYearMonth(), value, Contract.BaseIndexSeries)
            : IndexTable?.ForMonth(month.ToYearMonth());
    }

    public static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);

    public static string? Iso(LocalDate? date) => date is { } d ? Iso(d) : null;
}

/// <summary>Index names and series: Syntec's two series are the domain's; any other index has one series.</summary>
internal static class IndexNames
{
    public const string Syntec = "Syntec";

    public static string Canonical(string name) => name.Equals(Syntec, StringComparison.OrdinalIgnoreCase) ? Syntec : name;

    public static bool IsKnownSeries(string index, string? series) =>
        series is null || Canonical(index) != Syntec || series is "historique" or "2022";

    public static IndexValue Value(string index, YearMonth month, decimal value, string? series)
    {
        var name = Canonical(index);
        var s = name == Syntec
            ? series switch
            {
                "historique" => IndexSeries.SyntecHistorical,
                "2022" => IndexSeries.SyntecRevised,
                _ => IndexSeries.SyntecFor(month),
            }
            : new IndexSeries(name, series ?? "unique", series ?? name);
        return new IndexValue(month, value, s);
    }
}
