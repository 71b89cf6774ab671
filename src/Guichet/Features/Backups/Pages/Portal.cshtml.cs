namespace Guichet.Features.Backups.Pages;

/// <summary>
/// The organisation's backups for its référents (issue 18, part 5) [ES26 7, AT 9.4.11.3]: for each contract with a
/// backup commitment, the copies a restore can start from, whether the commitment is held, and the restore request
/// form (it becomes a request of the type "Demande de restauration"); the latest restore requests below.
/// </summary>
internal sealed class PortalModel(BackupRecords backups, GuichetDbContext db) : FormPageModel
{
    [BindProperty]
    public Guid? ContractId { get; set; }

    [BindProperty]
    public Guid? RunId { get; set; }

    [BindProperty]
    public string? Details { get; set; }

    public IReadOnlyList<BackupStatusView> Contracts { get; private set; } = [];

    public IReadOnlyList<(long Id, string Subject)> Requests { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!(await backups.RequestRestoreAsync(Caller, new RestoreInput(ContractId, RunId, Details), ct)).TryGet(out var ticket, out var failure))
        {
            return await RefusedAsync(failure, new Dictionary<string, string>
            {
                ["runId"] = $"RunId-{ContractId}",
                ["details"] = $"Details-{ContractId}",
                ["contractId"] = $"RunId-{ContractId}",
            }, async () =>
            {
                await LoadAsync(ct);
                return Page();
            });
        }

        TempData["Flash"] = $"Votre demande de restauration est enregistrée sous le numéro {Ticket.FormatReference(ticket.Id)} : le support vous répond sur cette demande.";
        return Redirect($"/demandes/{ticket.Id}");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Contracts = await backups.ListAsync(Caller, ct);
        var org = Caller.User.OrganisationId;
        var rows = await db.Tickets.AsNoTracking()
            .Where(t => t.OrganisationId == org && t.ServiceType == BackupRecords.RestoreServiceType)
            .OrderByDescending(t => t.CreatedAt).Take(10)
            .Select(t => new { t.Id, t.Subject }).ToListAsync(ct);
        Requests = [.. rows.Select(r => (r.Id, r.Subject))];
    }
}
