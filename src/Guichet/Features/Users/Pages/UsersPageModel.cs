namespace Guichet.Features.Users.Pages;

/// <summary>The form helpers of the user-management pages (errors next to fields, as the administration's).</summary>
internal abstract class UsersPageModel : FormPageModel
{
    /// <summary>The caller, loaded by the page's gate before any handler.</summary>
    protected Caller Me => Caller;

    /// <summary>A use case's failure in the form: "reason" on the field <c>{prefix}Reason</c>, anything else in the summary.</summary>
    protected void AddFailure(Failure failure, string? prefix = null) =>
        ModelState.AddFailure(failure, failure.Errors?.Keys.Where(k => k.Length > 0).ToDictionary(k => k, k => prefix + char.ToUpperInvariant(k[0]) + k[1..]));

    /// <summary>
    /// The page after a request use case: not found is a 404 (a user out of the caller's reach), another failure
    /// comes back in the form (the page's data read again by <paramref name="reload"/>), success shows
    /// <paramref name="sent"/> on <paramref name="path"/>.
    /// </summary>
    protected async Task<IActionResult> AfterRequestAsync<T>(Outcome<T> outcome, Func<Task> reload, string sent, string path)
    {
        if (outcome.Failure is { Kind: FailureKind.NotFound })
        {
            return NotFound();
        }

        if (outcome.Failure is { } failure)
        {
            AddFailure(failure);
            await reload();
            return Page();
        }

        return Done(sent, path);
    }

    /// <summary>A date and time in the viewer's zone, as on the ticket pages.</summary>
    public string When(NodaTime.Instant at) => Display.ShortWhen(at, Tickets.Pages.Lookups.Zone(Me));
}
