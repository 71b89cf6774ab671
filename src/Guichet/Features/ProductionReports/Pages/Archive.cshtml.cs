using System.Globalization;

namespace Guichet.Features.ProductionReports.Pages;

/// <summary>
/// The archive of daily production reports: a référent sees each contract of their organisation that has probes,
/// staff one contract they serve (<c>?contrat=</c>, from <c>/bureau/disponibilite</c>) with the form that sets the
/// hour the report is sent at. Another organisation's contract is a 404.
/// </summary>
internal sealed class ArchiveModel(GuichetDbContext db, IClock clock, ProductionReportReads reads) : FormPageModel
{
    public IReadOnlyList<ProductionReportArchive> Archives { get; private set; } = [];

    /// <summary>For staff without a contract chosen: the contracts with probes they serve.</summary>
    public IReadOnlyList<(Guid Id, string Name)> Choices { get; private set; } = [];

    /// <summary>The contract chosen (<c>?contrat=</c>), read as text: an unreadable value is simply no contract.</summary>
    [BindProperty(SupportsGet = true, Name = "contrat")]
    public string? Contract { get; set; }

    public Guid? ContractId => Guid.TryParse(Contract, out var id) ? id : null;

    [BindProperty]
    public string? Hour { get; set; }

    /// <summary>The checkbox ("true" when ticked), read as text so a tampered value is not an English binding error.</summary>
    [BindProperty(Name = "Enabled")]
    public string? EnabledText { get; set; }

    public bool Enabled { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        if (Archives is [{ Schedule: var schedule }] && Caller.IsStaff)
        {
            Hour = schedule.Hour.ToString(CultureInfo.InvariantCulture);
            Enabled = schedule.Enabled;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostScheduleAsync(CancellationToken ct)
    {
        if (ContractId is not { } id || !await LoadAsync(ct))
        {
            return NotFound();
        }

        Enabled = EnabledText is "true" or "on";
        int? hour = int.TryParse(Hour?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var h) ? h : null;
        if (hour is null)
        {
            ModelState.AddModelError(nameof(Hour), "L'heure d'envoi est une heure entière de 0 à 23 (heure du client).");
            return Page();
        }

        var outcome = await ProductionReportSchedules.SetAsync(db, clock, Caller, id, new ProductionReportScheduleRequest(hour, Enabled), ct);
        if (outcome.Failure is { } failure)
        {
            return Refused(failure, new Dictionary<string, string> { ["hour"] = nameof(Hour), ["enabled"] = nameof(Enabled) });
        }

        return Done(Enabled ? $"Le rapport de production sera envoyé chaque jour à {hour:00}:00 (heure du client)." : "Le rapport de production n'est plus envoyé.", $"/etat-du-service/rapports?contrat={id}");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (ContractId is { } id)
        {
            if (!(await reads.ArchiveAsync(Caller, id, ct)).TryGet(out var archive, out _))
            {
                return false;
            }

            Archives = [archive];
            return true;
        }

        var contracts = await reads.ContractsWithProbesAsync(Caller, ct);
        if (Caller.IsStaff)
        {
            Choices = contracts;
            return true;
        }

        var archives = new List<ProductionReportArchive>();
        foreach (var (contract, _) in contracts)
        {
            archives.Add((await reads.ArchiveAsync(Caller, contract, ct)).Value);
        }

        Archives = archives;
        return true;
    }
}
