namespace Guichet.Features.Crisis.Pages;

/// <summary>
/// Staff: the post-mortem of a closed crisis — its deadline first, the causes, the preventive measures (each becomes a
/// ticket whose state is followed until all are done), the publication to the client, and the timeline from the log.
/// </summary>
internal sealed class PostMortemModel(CrisisCells crises, PostMortems postMortems, IClock clock) : FormPageModel
{
    public CrisisView Crisis { get; private set; } = null!;

    public PostMortemView? PostMortem => Crisis.PostMortem;

    public DateTimeZone Zone { get; private set; } = DateTimeZone.Utc;

    public Instant Now { get; private set; }

    [BindProperty]
    public string? Causes { get; set; }

    [BindProperty]
    public string? Measure { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Causes = PostMortem?.Causes;
        return Page();
    }

    public Task<IActionResult> OnPostCausesAsync(Guid id, CancellationToken ct) =>
        RunAsync(id, () => postMortems.SaveCausesAsync(Caller, id, new PostMortemRequest(Causes), ct), "Les causes sont enregistrées.", ct);

    public Task<IActionResult> OnPostMeasureAsync(Guid id, CancellationToken ct) =>
        RunAsync(id, () => postMortems.AddMeasureAsync(Caller, id, new MeasureRequest(Measure), ct), "La mesure est enregistrée et suivie par une demande.", ct);

    public Task<IActionResult> OnPostPublishAsync(Guid id, CancellationToken ct) =>
        RunAsync(id, () => postMortems.PublishAsync(Caller, id, ct), "Le bilan est publié : les contacts du client sont prévenus.", ct);

    private async Task<IActionResult> RunAsync(Guid id, Func<Task<Outcome<CrisisView>>> action, string done, CancellationToken ct)
    {
        var outcome = await action();
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (outcome.Failure is { } failure)
        {
            if (failure.Kind == FailureKind.NotFound)
            {
                return NotFound();
            }

            ModelState.AddFailure(failure, new Dictionary<string, string> { ["causes"] = nameof(Causes), ["text"] = nameof(Measure) });
            return Page();
        }

        return Done(done);
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
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

    public string When(string iso) => CrisisDisplay.When(iso, Zone);

    public string Due(CrisisDueView due) => CrisisDisplay.Due(due, Zone, Now);
}
