using Guichet.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guichet.Web;

/// <summary>The one mapping of a use case's <see cref="Failure"/> to an API answer: ProblemDetails with the French title and the stable code.</summary>
internal static class OutcomeHttp
{
    public static int Status(this Failure failure) => failure.Kind switch
    {
        FailureKind.NotFound => StatusCodes.Status404NotFound,
        FailureKind.Forbidden => StatusCodes.Status403Forbidden,
        FailureKind.Conflict => StatusCodes.Status409Conflict,
        FailureKind.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        FailureKind.Invalid => StatusCodes.Status400BadRequest,
        FailureKind.TooMany => StatusCodes.Status429TooManyRequests,
        FailureKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        FailureKind.QuotaExceeded => StatusCodes.Status507InsufficientStorage,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>The failure as ProblemDetails (with <c>errors</c> by field for an invalid request).</summary>
    public static ProblemHttpResult ToProblem(this Failure failure)
    {
        var details = failure.Errors is { } errors
            ? new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value))
            : new Microsoft.AspNetCore.Mvc.ProblemDetails();
        details.Status = failure.Status();
        details.Title = failure.Title;
        details.Detail = failure.Detail;
        details.Extensions["code"] = failure.Code;
        return TypedResults.Problem(details);
    }

    /// <summary>200 with the value, or the failure as ProblemDetails.</summary>
    public static Results<Ok<T>, ProblemHttpResult> ToOk<T>(this Outcome<T> outcome) =>
        outcome.TryGet(out var value, out var failure) ? TypedResults.Ok(value) : failure.ToProblem();

    /// <summary>201 with the value at the address <paramref name="location"/> gives it, or the failure as ProblemDetails.</summary>
    public static Results<Created<T>, ProblemHttpResult> ToCreated<T>(this Outcome<T> outcome, Func<T, string> location) =>
        outcome.TryGet(out var value, out var failure) ? TypedResults.Created(location(value), value) : failure.ToProblem();

    /// <summary>
    /// A push that creates or updates by the sender's key: 201 with the value at the address <paramref name="location"/>
    /// gives it when the push made it, 200 when it was known (updated or unchanged); or the failure as ProblemDetails.
    /// </summary>
    public static Results<Created<T>, Ok<T>, ProblemHttpResult> ToCreatedOrOk<T>(this Outcome<(T Value, bool Created)> outcome, Func<T, string> location)
    {
        if (!outcome.TryGet(out var saved, out var failure))
        {
            return failure.ToProblem();
        }

        return saved.Created ? TypedResults.Created(location(saved.Value), saved.Value) : TypedResults.Ok(saved.Value);
    }

    /// <summary>204 on success, or the failure as ProblemDetails.</summary>
    public static Results<NoContent, ProblemHttpResult> ToNoContent(this Outcome<Done> outcome) =>
        outcome.IsOk ? TypedResults.NoContent() : outcome.Failure!.ToProblem();
}
