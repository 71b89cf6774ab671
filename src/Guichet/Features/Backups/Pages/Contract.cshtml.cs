using NodaTime.Text;

namespace Guichet.Features.Backups.Pages;

/// <summary>
/// One contract's backups for staff: the breaches first, each tier's periods, the latest runs, and a form to enter a
/// run by hand (technical staff) when the tooling cannot send it. Times are entered in the contract's zone.
/// </summary>
internal sealed class ContractModel(BackupRecords backups) : FormPageModel
{
    private static readonly LocalDateTimePattern LocalInput = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm");

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public string? Tier { get; set; }

    [BindProperty]
    public string? StartedAt { get; set; }

    [BindProperty]
    public string? FinishedAt { get; set; }

    [BindProperty]
    public string? Result { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    public BackupStatusView Status { get; private set; } = null!;

    public bool MayRecord => BackupRecords.MayRecord(Caller);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct) || !MayRecord)
        {
            return NotFound();
        }

        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(Status.Zone) ?? DateTimeZone.Utc;
        string? Iso(string field, string? text, bool required, string what)
        {
            if (ReadFilled(field, text, required, what) is not { } filled)
            {
                return null;
            }

            if (LocalInput.Parse(filled) is { Success: true } local)
            {
                return OffsetDateTimePattern.ExtendedIso.Format(local.Value.InZoneLeniently(zone).ToOffsetDateTime());
            }

            ModelState.AddModelError(field, $"{what} : saisissez une date et une heure (jj/mm/aaaa hh:mm).");
            return null;
        }

        var started = Iso(nameof(StartedAt), StartedAt, required: true, "le début");
        var finished = Iso(nameof(FinishedAt), FinishedAt, required: false, "la fin");
        if (Result is not ("reussie" or "echouee"))
        {
            ModelState.AddModelError(nameof(Result), "Indiquez si la sauvegarde a réussi ou échoué.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var input = new BackupRunInput(Id, Tier, null, started, finished, Result == "reussie", Note: Note);
        if (!(await backups.RecordAsync(Caller, input, ct)).TryGet(out _, out var failure))
        {
            return Refused(failure, new Dictionary<string, string>
            {
                ["tier"] = nameof(Tier),
                ["startedAt"] = nameof(StartedAt),
                ["finishedAt"] = nameof(FinishedAt),
                ["succeeded"] = nameof(Result),
                ["note"] = nameof(Note),
            });
        }

        return Done("La sauvegarde est enregistrée.");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (!(await backups.StatusAsync(Caller, Id, ct)).TryGet(out var status, out _))
        {
            return false;
        }

        Status = status;
        return true;
    }
}
