namespace Guichet.Features.Availability.Pages;

/// <summary>
/// Base of the pages of one dated entry (an outage of the log, a planned maintenance): its dates shown and typed in
/// the client's zone (a start and an end as <c>datetime-local</c> values), and the reason given for a change.
/// </summary>
internal abstract class DatedEntryPageModel : FormPageModel
{
    /// <summary>The zone of the entry's organisation: its dates are shown and typed in it.</summary>
    public DateTimeZone Zone { get; protected set; } = DateTimeZone.Utc;

    [BindProperty]
    public string? Start { get; set; }

    [BindProperty]
    public string? End { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    /// <summary>A stored instant (ISO) in words, in the entry's zone.</summary>
    public string When(string iso) => Display.When(Parse(iso), Zone);

    /// <summary>The start typed, as the use cases take it (ISO), or null when empty.</summary>
    protected string? TypedStart => AvailabilityTexts.FromLocal(Start, Zone);

    /// <summary>The end typed, as the use cases take it (ISO), or null when empty.</summary>
    protected string? TypedEnd => AvailabilityTexts.FromLocal(End, Zone);

    /// <summary>Fills the form's start and end with the entry's (ISO; no end while it lasts).</summary>
    protected void ShowPeriod(string start, string? end)
    {
        Start = AvailabilityTexts.ToLocal(Parse(start), Zone);
        End = AvailabilityTexts.ToLocal(end is { } e ? Parse(e) : null, Zone);
    }

    private static Instant Parse(string iso) => NodaTime.Text.InstantPattern.ExtendedIso.Parse(iso).Value;
}
