namespace Guichet.Features.Crisis.Pages;

/// <summary>
/// Base of the pages of one crisis: the crisis as the caller may read it (else 404), its client's zone for every time
/// shown, and the one mapping of a step's outcome to the form (a 404, the errors next to their fields, or the flash).
/// </summary>
internal abstract class CrisisPageModel(CrisisCells crises, IClock clock) : FormPageModel
{
    public CrisisView Crisis { get; private set; } = null!;

    public DateTimeZone Zone { get; private set; } = DateTimeZone.Utc;

    public Instant Now { get; private set; }

    protected CrisisCells Crises => crises;

    protected async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (!(await crises.GetAsync(Caller, id, ct)).TryGet(out var crisis, out _))
        {
            return false;
        }

        Crisis = crisis;
        Zone = await crises.ZoneAsync(crisis.OrganisationId, ct);
        Now = clock.GetCurrentInstant();
        return true;
    }

    /// <summary>Runs a step, then shows the page again with its errors, or goes to <paramref name="path"/> (this page) with <paramref name="done"/>.</summary>
    protected async Task<IActionResult> RunAsync(Guid id, Func<Task<Outcome<CrisisView>>> step, string done, IReadOnlyDictionary<string, string> fields, CancellationToken ct, string? path = null)
    {
        var outcome = await step();
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (outcome.Failure is { } failure)
        {
            return Refused(failure, fields);
        }

        return Done(done, path);
    }

    public string When(string iso) => CrisisDisplay.When(iso, Zone);

    public string Due(CrisisDueView due) => CrisisDisplay.Due(due, Zone, Now);
}
