using System.Globalization;

namespace Guichet.Features.Probes.Pages;

/// <summary>Staff: one probe — its objectives this month, its recent samples, and the form changing or disabling it.</summary>
internal sealed class ProbeModel(GuichetDbContext db, IClock clock, ProbeFigures figures) : FormPageModel
{
    public ProbeView Probe { get; private set; } = null!;

    public ProbeFiguresView Month { get; private set; } = null!;

    public ProbeFiguresView Day { get; private set; } = null!;

    public IReadOnlyList<ProbeSampleView> Samples { get; private set; } = [];

    public List<Domain.Availability.ResponseTimeCheck> Checks { get; private set; } = [];

    public DateTimeZone Zone { get; } = DateTimeZoneProviders.Tzdb["Europe/Paris"];

    [BindProperty]
    public ProbeFields Form { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Form = new ProbeFields
        {
            Name = Probe.Name,
            Url = Probe.Url,
            Method = Probe.Method,
            ExpectedStatus = Probe.ExpectedStatus,
            ExpectedText = Probe.ExpectedText,
            TimeoutMs = Probe.TimeoutMs,
            IntervalSeconds = Probe.IntervalSeconds,
            FailuresBeforeOutage = Probe.FailuresBeforeOutage,
            AcceptUntrustedCertificate = Probe.AcceptUntrustedCertificate,
            Enabled = Probe.Enabled,
            CheckId = Probe.CheckId,
            Objectives = string.Join('\n', Probe.Objectives.Select(o => $"{o.Percent.ToString("0.##", CultureInfo.InvariantCulture)} % {o.ThresholdMs}")),
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var (request, objectivesError) = Form.ToRequest(null);
        if (objectivesError is not null)
        {
            ModelState.AddModelError("Form.Objectives", objectivesError);
            return Page();
        }

        if (!(await ProbeSettings.UpdateAsync(db, clock, Caller, id, request with { Objectives = request.Objectives ?? (request.CheckId is null ? [] : null) }, ct)).TryGet(out var probe, out var failure))
        {
            ModelState.AddFailure(failure, ProbeFields.Map("Form."));
            return Page();
        }

        return Done(probe.Enabled ? $"La sonde « {probe.Name} » est enregistrée." : $"La sonde « {probe.Name} » est enregistrée et désactivée : elle ne vérifie plus rien.", $"/bureau/sondes/{id}");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (!(await ProbeSettings.GetAsync(db, Caller, id, ct)).TryGet(out var probe, out _))
        {
            return false;
        }

        Probe = probe;
        var now = clock.GetCurrentInstant();
        var today = now.InZone(Zone).Date;
        Month = (await figures.ForMonthAsync(Caller, id, new YearMonth(today.Year, today.Month), ct)).Value;
        Day = (await figures.ForPeriodAsync(Caller, id, now - Duration.FromHours(24), now, ct)).Value;
        Samples = (await ProbeSettings.SamplesAsync(db, Caller, id, 50, ct)).Value.Samples;
        Checks = [.. await ProbeSettings.ChecksOfServiceAsync(db, probe.ServiceId, ct)];
        return true;
    }
}
