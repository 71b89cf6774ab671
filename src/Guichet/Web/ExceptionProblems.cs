using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Guichet.Web;

/// <summary>
/// The one mapping of an exception that escapes a request to what the user is told: a status, a stable code and a
/// French title. The API answers with ProblemDetails (and <c>Retry-After</c> when the case gives one); pages get the
/// status and the French error page (<c>/erreur/…</c>, re-executed by the exception handler). Add a case to
/// <see cref="Map"/>: both surfaces follow.
/// </summary>
internal sealed class ExceptionProblems(IProblemDetailsService problemDetails) : IExceptionHandler
{
    /// <summary>What one kind of failure is called, and when to come back if the client may simply retry.</summary>
    internal sealed record Known(int Status, string Code, string Title, TimeSpan? RetryAfter = null, string? Detail = null);

    public static readonly Known Internal = new(StatusCodes.Status500InternalServerError, "internal_error", "Une erreur interne est survenue : réessayez dans un instant ; si le problème persiste, prévenez votre interlocuteur habituel.");

    /// <summary>The known failures; anything else is <see cref="Internal"/>.</summary>
    public static Known Map(Exception exception) => exception switch
    {
        // The machine rather than the request: disk full (507) or database unreachable (503 with Retry-After).
        _ when FaultProblems.Classify(exception) is { } fault => new(fault.Status, fault.Code, fault.Title, fault.RetryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null, fault.Detail),
        // Two people saved the same thing at once: the second one reloads and tries again.
        DbUpdateConcurrencyException => new(StatusCodes.Status409Conflict, "concurrent_update", "Ces données viennent d'être modifiées par quelqu'un d'autre : rechargez-les puis recommencez."),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new(StatusCodes.Status413PayloadTooLarge, "payload_too_large", "La requête dépasse la taille maximale acceptée."),
        _ when IsMalformedMultipart(exception) => BadMultipart,
        BadHttpRequestException bad => new(bad.StatusCode, "bad_request", "La requête est mal formée."),
        ValueProviderException => new(StatusCodes.Status400BadRequest, "bad_request", "La requête est mal formée."),
        _ => Internal,
    };

    public static readonly Known BadMultipart = new(StatusCodes.Status400BadRequest, "bad_multipart", "Le corps multipart/form-data est mal formé ou incomplet (frontière absente ou invalide, contenu tronqué).");

    public static readonly Known MultipartTooLarge = new(StatusCodes.Status413PayloadTooLarge, "file_too_large", "Le fichier dépasse la taille maximale acceptée.");

    /// <summary>A form body that cannot be read: no or bad boundary, truncated, malformed section headers.</summary>
    public static bool IsMalformedMultipart(Exception exception) => exception switch
    {
        InvalidDataException e => !IsLengthLimit(e),
        IOException { InnerException: null } e => e.Message.StartsWith("Unexpected end of Stream", StringComparison.Ordinal),
        BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest, InnerException: { } inner } => IsMalformedMultipart(inner),
        _ => false,
    };

    /// <summary>A form section over <c>FormOptions</c>' limits (the only <see cref="InvalidDataException"/> that is about size).</summary>
    public static bool IsLengthLimit(Exception exception) =>
        exception is InvalidDataException && exception.Message.Contains("length limit", StringComparison.OrdinalIgnoreCase);

    /// <summary>The status pages and the API answer with (the exception handler's status selector; the handler logs the exception).</summary>
    public static int StatusOf(Exception exception) => Map(exception).Status;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var known = Map(exception);
        httpContext.Response.StatusCode = known.Status;
        if (known.RetryAfter is { } retry)
        {
            httpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        // Pages: the exception handler re-executes the French error page with this status (and Retry-After). The
        // request's path is already the error page's here: the original one is in the exception handler's feature.
        var path = httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? httpContext.Request.Path;
        if (!path.StartsWith("/api", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var details = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = known.Status, Title = known.Title, Detail = known.Detail };
        details.Extensions["code"] = known.Code;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = details, Exception = exception });
    }
}
