namespace Guichet.Features.ProductionReports;

/// <summary>When a contract's daily report is sent: read with its default, and set by staff who serve the contract.</summary>
internal static class ProductionReportSchedules
{
    /// <summary>07:00 in the client's zone, before the working day.</summary>
    public const int DefaultHour = 7;

    public static async Task<ProductionReportScheduleView> ViewAsync(GuichetDbContext db, Guid contractId, CancellationToken ct)
    {
        var row = await db.Set<ProductionReportSchedule>().AsNoTracking().SingleOrDefaultAsync(s => s.ContractId == contractId, ct);
        var services = db.Set<Availability.HostedService>().Where(s => s.ContractId == contractId).Select(s => s.Id);
        var hasProbes = await db.Set<Probes.Probe>().AnyAsync(p => services.Contains(p.ServiceId), ct);
        return new ProductionReportScheduleView(contractId, row?.Hour ?? DefaultHour, row?.Enabled ?? true, hasProbes);
    }

    /// <summary>Sets the hour (0–23) and whether reports are sent; staff only, a contract they do not serve is not found.</summary>
    public static async Task<Outcome<ProductionReportScheduleView>> SetAsync(GuichetDbContext db, IClock clock, Caller caller, Guid contractId, ProductionReportScheduleRequest request, CancellationToken ct)
    {
        if (!await caller.VisibleContracts(db).AnyAsync(c => c.Id == contractId, ct) || !ProductionReportReads.MayRead(caller))
        {
            return Failure.NotFound("contrat");
        }

        if (!caller.IsStaff)
        {
            return Failure.Forbidden("forbidden", "Seul le prestataire choisit l'heure d'envoi du rapport de production.");
        }

        if (request.Hour is { } hour && hour is < 0 or > 23)
        {
            return Failure.Invalid("hour", "L'heure d'envoi est une heure entière de 0 à 23 (heure du client).");
        }

        var row = await db.Set<ProductionReportSchedule>().SingleOrDefaultAsync(s => s.ContractId == contractId, ct);
        if (row is null)
        {
            row = new ProductionReportSchedule { ContractId = contractId };
            db.Add(row);
        }

        var now = clock.GetCurrentInstant();
        row.Hour = request.Hour ?? row.Hour;
        row.Enabled = request.Enabled ?? row.Enabled;
        row.UpdatedAt = now;
        row.UpdatedBy = caller.Id;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (db.Entry(row).State == EntityState.Added)
        {
            // Two first settings at once: the other one wrote the row; this choice is written on it.
            db.ChangeTracker.Clear();
            await db.Set<ProductionReportSchedule>().Where(s => s.ContractId == contractId).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Hour, r => request.Hour ?? r.Hour)
                .SetProperty(r => r.Enabled, r => request.Enabled ?? r.Enabled)
                .SetProperty(r => r.UpdatedAt, now)
                .SetProperty(r => r.UpdatedBy, caller.Id), ct);
        }

        return await ViewAsync(db, contractId, ct);
    }
}
