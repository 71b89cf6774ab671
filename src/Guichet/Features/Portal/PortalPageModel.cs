using Guichet.Features.Tickets.Pages;
using NodaTime.Text;

namespace Guichet.Features.Portal;

/// <summary>
/// Base of the portal's pages with forms (news, services, tools, favourites, feeds): the caller, their zone, and the
/// form helpers of the administration pages (errors next to fields, text checks, post-redirect-get).
/// </summary>
internal abstract class PortalPageModel : FormPageModel
{
    /// <summary>The viewer's zone: times are shown and typed in it.</summary>
    public DateTimeZone Zone => Lookups.Zone(Caller);

    private static readonly LocalDateTimePattern Typed = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm");

    private static readonly LocalDateTimePattern TypedWithSeconds = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss");

    /// <summary>
    /// A date and time typed in an <c>input type="datetime-local"</c>, in the viewer's zone. A time skipped by a
    /// change to summer time is moved forward, a repeated one takes its first occurrence (NodaTime's lenient resolver).
    /// </summary>
    protected Instant? ReadWhen(string field, string? text, bool required, string what)
    {
        if (ReadFilled(field, text, required, what) is not { } value)
        {
            return null;
        }

        var parsed = Typed.Parse(value);
        if (!parsed.Success)
        {
            parsed = TypedWithSeconds.Parse(value);
        }

        if (!parsed.Success)
        {
            ModelState.AddModelError(field, $"{what} n'est pas une date et heure valide (jj/mm/aaaa hh:mm).");
            return null;
        }

        return parsed.Value.InZoneLeniently(Zone).ToInstant();
    }

    /// <summary>The value of a <c>datetime-local</c> field for an instant, in the viewer's zone.</summary>
    public string Typing(Instant? instant) => instant is { } i ? Typed.Format(i.InZone(Zone).LocalDateTime) : "";
}
