namespace Guichet.Features.Crisis.Pages;

/// <summary>
/// Staff: the post-mortem of a closed crisis — its deadline first, the causes, the preventive measures (each becomes a
/// ticket whose state is followed until all are done), the publication to the client, and the timeline from the log.
/// </summary>
internal sealed class PostMortemModel(CrisisCells crises, PostMortems postMortems, IClock clock) : CrisisPageModel(crises, clock)
{
    public PostMortemView? PostMortem => Crisis.PostMortem;

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

    private Task<IActionResult> RunAsync(Guid id, Func<Task<Outcome<CrisisView>>> step, string done, CancellationToken ct) =>
        RunAsync(id, step, done, new Dictionary<string, string> { ["causes"] = nameof(Causes), ["text"] = nameof(Measure) }, ct);
}
