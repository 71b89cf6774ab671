using Guichet.Features.Tickets;
using NodaTime.Text;

namespace Guichet.Features.Remote.Pages;

/// <summary>
/// A ticket's remote assistance [MN, LS 7.3.3]: the client authorises it, staff record an oral consent or a session.
/// The ticket page shows the same lists (<c>_RemoteSessions</c>) with the client's button; the forms live here so
/// that the ticket page keeps its handlers. Another organisation's ticket is a 404, as on the ticket page.
/// </summary>
internal sealed class RemoteModel(GuichetDbContext db, IClock clock) : FormPageModel
{
    [BindProperty(SupportsGet = true)]
    public long Number { get; set; }

    [BindProperty]
    public string? GivenBy { get; set; }

    [BindProperty]
    public string? Tool { get; set; }

    [BindProperty]
    public string? StartedAt { get; set; }

    [BindProperty]
    public string? EndedAt { get; set; }

    [BindProperty]
    public string? UserPresent { get; set; }

    [BindProperty]
    public string? ClosedBy { get; set; }

    public string Reference => Ticket.FormatReference(Number);

    public DateTimeZone Zone { get; } = Domain.Calendars.Territory.Metropole.Zone;

    private static readonly LocalDateTimePattern LocalInput = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm");

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostConsentAsync(CancellationToken ct)
    {
        if (!(await RemoteAssistance.ConsentAsync(Number, new(GivenBy), Caller, db, clock, ct)).TryGet(out _, out var failure))
        {
            return await RefusedAsync(failure, new Dictionary<string, string> { ["givenBy"] = nameof(GivenBy) }, async () => await LoadAsync(ct) ? Page() : NotFound());
        }

        TempData["Flash"] = Caller.IsClient
            ? "Votre accord à la prise en main à distance est enregistré."
            : "L'accord donné oralement est enregistré.";
        return Redirect(Caller.IsClient ? $"/demandes/{Number}#prise-en-main" : $"/demandes/{Number}/prise-en-main");
    }

    public async Task<IActionResult> OnPostSessionAsync(CancellationToken ct)
    {
        var start = Iso(StartedAt, nameof(StartedAt), "Le début");
        var end = Iso(EndedAt, nameof(EndedAt), "La fin");
        if (ModelState.IsValid)
        {
            if ((await RemoteAssistance.SessionAsync(Number, new(null, Tool, start, end, UserPresent, ClosedBy), Caller, db, clock, ct)).TryGet(out _, out var failure))
            {
                TempData["Flash"] = "La session de prise en main à distance est enregistrée.";
                return Redirect($"/demandes/{Number}#prise-en-main");
            }

            if (failure.Kind == FailureKind.NotFound)
            {
                return NotFound();
            }

            ModelState.AddFailure(failure, Fields);
        }

        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private static readonly Dictionary<string, string> Fields = new()
    {
        ["tool"] = nameof(Tool),
        ["startedAt"] = nameof(StartedAt),
        ["endedAt"] = nameof(EndedAt),
        ["userPresent"] = nameof(UserPresent),
        ["closedBy"] = nameof(ClosedBy),
    };

    /// <summary>A local date and time of the form as an ISO instant; an error on the field when it cannot be read.</summary>
    private string? Iso(string? local, string field, string what)
    {
        if (string.IsNullOrWhiteSpace(local))
        {
            return null;
        }

        var parsed = LocalInput.Parse(local.Trim());
        if (!parsed.Success)
        {
            ModelState.AddModelError(field, $"{what} de la session : saisissez par exemple 2026-03-02T09:15.");
            return null;
        }

        return InstantPattern.ExtendedIso.Format(parsed.Value.InZoneLeniently(Zone).ToInstant());
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        return (await RemoteAssistance.ReadAsync(Number, Caller, db, ct)).IsOk;
    }
}
