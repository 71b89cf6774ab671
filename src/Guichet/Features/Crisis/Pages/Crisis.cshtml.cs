namespace Guichet.Features.Crisis.Pages;

/// <summary>
/// Staff: one crisis, what is due next first (the meeting or the status point, with its due instant and whether it is
/// late) with the form that keeps it; then the cadence, a note to the log, the closure (its manager), the promises, the
/// points with their plans, and the log. Another organisation's crisis is a 404 (the use cases' scope).
/// </summary>
internal sealed class CrisisModel(CrisisCells crises, IClock clock) : CrisisPageModel(crises, clock)
{
    public bool Leads => Caller.IsStaff && CrisisCells.MayLead(Caller, Crisis.ManagerId);

    public bool IsManager => Caller.Id == Crisis.ManagerId;

    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public string? Assessment { get; set; }

    [BindProperty]
    public string? Plan { get; set; }

    [BindProperty]
    public string? Cadence { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    [BindProperty]
    public string? Closing { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostMeetingAsync(Guid id, CancellationToken ct) =>
        RunAsync(id, () => Crises.HoldMeetingAsync(Caller, id, new MeetingRequest(Text), ct), "La première réunion est enregistrée : le premier point de situation est attendu à la périodicité convenue.", ct);

    public Task<IActionResult> OnPostPointAsync(Guid id, CancellationToken ct) =>
        RunAsync(id, () => Crises.GivePointAsync(Caller, id, new PointRequest(Assessment, Plan, Cadence), ct), "Le point de situation est enregistré et adressé aux contacts du client.", ct);

    public Task<IActionResult> OnPostCadenceAsync(Guid id, CancellationToken ct) =>
        RunAsync(id, () => Crises.ChangeCadenceAsync(Caller, id, new CadenceRequest(Cadence, Reason), ct), "La périodicité des points est modifiée.", ct, cadenceField: "NewCadence");

    public Task<IActionResult> OnPostNoteAsync(Guid id, CancellationToken ct) =>
        RunAsync(id, () => Crises.NoteAsync(Caller, id, new NoteRequest(Note), ct), "La note est ajoutée au journal.", ct, textField: nameof(Note));

    public Task<IActionResult> OnPostCloseAsync(Guid id, CancellationToken ct) =>
        RunAsync(id, () => Crises.CloseAsync(Caller, id, new CloseRequest(Closing), ct), "La cellule de crise est close et le client prévenu : rédigez maintenant le bilan.", ct, textField: nameof(Closing),
            path: $"/bureau/crises/{id}/bilan");

    private Task<IActionResult> RunAsync(Guid id, Func<Task<Outcome<CrisisView>>> step, string done, CancellationToken ct, string textField = nameof(Text), string cadenceField = nameof(Cadence), string? path = null) =>
        RunAsync(id, step, done, new Dictionary<string, string>
        {
            ["text"] = textField,
            ["assessment"] = nameof(Assessment),
            ["plan"] = nameof(Plan),
            ["cadence"] = cadenceField,
            ["reason"] = nameof(Reason),
        }, ct, path);
}
