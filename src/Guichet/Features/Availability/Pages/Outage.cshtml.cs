namespace Guichet.Features.Availability.Pages;

/// <summary>
/// One entry of the outage log with its whole history. The client comments or contests it; staff change or close it
/// and decide a pending contest. Another organisation's entry is a 404 (the use cases' scope).
/// </summary>
internal sealed class OutageModel(GuichetDbContext db, IClock clock) : DatedEntryPageModel
{
    public OutageView Outage { get; private set; } = null!;

    public AvailabilityEventView? Pending { get; private set; }

    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public string? ContestText { get; set; }

    [BindProperty]
    public string? Cause { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (Caller.IsStaff)
        {
            Cause = Outage.Cause;
            ShowPeriod(Outage.Start, Outage.End);
            Text = Outage.Description;
        }

        return Page();
    }

    public Task<IActionResult> OnPostCommentAsync(Guid id, CancellationToken ct) =>
        RunAsync(id, () => AvailabilityLog.CommentAsync(db, clock, Caller, id, new CommentRequest(Text), ct), "Votre commentaire est ajouté.", ct);

    public Task<IActionResult> OnPostContestAsync(Guid id, CancellationToken ct) =>
        RunAsync(id, () => AvailabilityLog.ContestAsync(db, clock, Caller, id, new ContestRequest(ContestText, Cause, TypedStart, TypedEnd), ct),
            "Votre contestation est enregistrée : le support va l'examiner.", ct, nameof(ContestText));

    public Task<IActionResult> OnPostUpdateAsync(Guid id, CancellationToken ct) =>
        RunAsync(id, () => AvailabilityLog.UpdateOutageAsync(db, clock, Caller, id, new OutagePatch(TypedStart, TypedEnd, Cause, Text, null, null, Reason), ct),
            "L'entrée du journal est mise à jour.", ct);

    public Task<IActionResult> OnPostAcceptAsync(Guid id, Guid contestId, CancellationToken ct) =>
        RunAsync(id, () => AvailabilityLog.DecideAsync(db, clock, Caller, contestId, new DecisionRequest(true, Reason), ct), "La contestation est acceptée : l'entrée est corrigée.", ct);

    public Task<IActionResult> OnPostRejectAsync(Guid id, Guid contestId, CancellationToken ct) =>
        RunAsync(id, () => AvailabilityLog.DecideAsync(db, clock, Caller, contestId, new DecisionRequest(false, Reason), ct), "La contestation est rejetée.", ct);

    private async Task<IActionResult> RunAsync(Guid id, Func<Task<Outcome<OutageView>>> action, string done, CancellationToken ct, string textField = nameof(Text))
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var outcome = await action();
        if (outcome.Failure is { } failure)
        {
            return Refused(failure, new Dictionary<string, string> { ["text"] = textField, ["description"] = nameof(Text), ["cause"] = nameof(Cause), ["start"] = nameof(Start), ["end"] = nameof(End), ["reason"] = nameof(Reason) });
        }

        return Done(done);
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (!(await AvailabilityLog.GetOutageAsync(db, Caller, id, ct)).TryGet(out var outage, out _))
        {
            return false;
        }

        Outage = outage;
        Zone = AvailabilityTexts.ZoneOf(await db.Organisations.Where(o => o.Id == outage.OrganisationId).Select(o => o.Territory).SingleAsync(ct));
        Pending = outage.History.FirstOrDefault(e => e.Decision == "pending");
        return true;
    }
}
