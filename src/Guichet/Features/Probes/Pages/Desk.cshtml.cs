using Guichet.Features.Availability;

namespace Guichet.Features.Probes.Pages;

/// <summary>
/// Staff: the probes of the contracts they serve, by contract and service, with their last state and their objectives'
/// status this month (those failing or not met first), and the form adding a probe.
/// </summary>
internal sealed class DeskModel(GuichetDbContext db, IClock clock, ProbeFigures figures) : FormPageModel
{
    public sealed record Row(ProbeView Probe, ProbeFiguresView Month);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    /// <summary>The services the caller may add a probe to, with their contract's checks.</summary>
    public IReadOnlyList<(Guid Id, string Label, IReadOnlyList<Domain.Availability.ResponseTimeCheck> Checks)> Services { get; private set; } = [];

    [BindProperty]
    public Guid? ServiceId { get; set; }

    [BindProperty]
    public ProbeFields Form { get; set; } = new();

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (request, objectivesError) = Form.ToRequest(ServiceId);
        if (objectivesError is not null)
        {
            ModelState.AddModelError("Form.Objectives", objectivesError);
            await LoadAsync(ct);
            return Page();
        }

        if (!(await ProbeSettings.CreateAsync(db, clock, Caller, request, ct)).TryGet(out var probe, out var failure))
        {
            ModelState.AddFailure(failure, ProbeFields.Map("Form."));
            await LoadAsync(ct);
            return Page();
        }

        return Done($"La sonde « {probe.Name} » est enregistrée : sa première vérification a lieu dans la minute.", $"/bureau/sondes/{probe.Id}");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var probes = await ProbeSettings.ListAsync(db, Caller, null, null, ct);
        var rows = new List<Row>();
        foreach (var probe in probes)
        {
            rows.Add(new Row(probe, (await figures.ForMonthAsync(Caller, probe.Id, null, ct)).Value));
        }

        Rows = [.. rows.OrderBy(r => r.Probe.Enabled ? 0 : 1).ThenBy(r => r.Probe.LastOk == false ? 0 : r.Month.Objectives.Any(o => o.Status == "non-respecte") ? 1 : 2)
            .ThenBy(r => r.Probe.ContractName, StringComparer.Ordinal).ThenBy(r => r.Probe.ServiceName, StringComparer.Ordinal).ThenBy(r => r.Probe.Name, StringComparer.Ordinal)];
        var services = await AvailabilityLog.VisibleServices(db, Caller).AsNoTracking().Join(db.Contracts, s => s.ContractId, c => c.Id, (s, c) => new { Service = s, Contract = c })
            .OrderBy(x => x.Contract.Name).ThenBy(x => x.Service.Name).ToListAsync(ct);
        Services = [.. services.Select(x => (x.Service.Id, $"{x.Contract.Name} — {x.Service.Name}", ProbeSettings.ChecksOf(x.Contract)))];
    }
}
