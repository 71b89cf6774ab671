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

    /// <summary>204 on success, or the failure as ProblemDetails.</summary>
    public static Results<NoContent, ProblemHttpResult> ToNoContent(this Outcome<Done> outcome) =>
        outcome.IsOk ? TypedResults.NoContent() : outcome.Failure!.ToProblem();
}
