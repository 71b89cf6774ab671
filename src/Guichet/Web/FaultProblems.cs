using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Guichet.Web;

/// <summary>A failure of the machine rather than of the request: the disk is full, or the database cannot be reached.</summary>
/// <param name="RetryAfterSeconds">Sent as <c>Retry-After</c> when the failure is expected to pass by itself.</param>
internal sealed record Fault(int Status, string Code, string Title, string Detail, int? RetryAfterSeconds);

/// <summary>
/// Answers the faults an operator must fix (disk full: 507 <c>storage_full</c>) or wait out (database unreachable:
/// 503 <c>database_unavailable</c> with <c>Retry-After</c>) with a French ProblemDetails on the API; pages get the
/// French error page with the same status (the exception handler's status selector, <see cref="StatusCodeFor"/>).
/// Nothing is kept between requests, so the next request after the fault passes succeeds without a restart.
/// </summary>
internal sealed class FaultProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public const int RetryAfterSeconds = 30;

    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    // errno ENOSPC and EDQUOT on Linux; ERROR_HANDLE_DISK_FULL and ERROR_DISK_FULL on Windows.
    private static readonly int[] DiskFullResults = [28, 122, unchecked((int)0x80070027), unchecked((int)0x80070070)];

    public static readonly Fault StorageFull = new(
        StatusCodes.Status507InsufficientStorage,
        "storage_full",
        "Espace de stockage insuffisant.",
        "Le serveur n'a plus de place pour enregistrer : rien n'a été enregistré. Réessayez plus tard ; l'exploitant est prévenu.",
        null);

    public static readonly Fault DatabaseUnavailable = new(
        StatusCodes.Status503ServiceUnavailable,
        "database_unavailable",
        "Base de données momentanément indisponible.",
        "Le service ne peut pas joindre sa base de données : réessayez dans un instant.",
        RetryAfterSeconds);

    /// <summary>The fault behind <paramref name="exception"/> (searched through inner exceptions), or null for any other failure.</summary>
    public static Fault? Classify(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException { SqliteErrorCode: SqliteFull }:
                case PostgresException { SqlState: "53100" }: // disk_full
                case IOException io when DiskFullResults.Contains(io.HResult):
                    return StorageFull;
                case SqliteException { SqliteErrorCode: SqliteCantOpen or SqliteBusy or SqliteLocked }:
                case PostgresException { SqlState: var state } when state.StartsWith("08", StringComparison.Ordinal) || state is "57P01" or "57P02" or "57P03" or "53300":
                case NpgsqlException and not PostgresException:
                case SocketException:
                    return DatabaseUnavailable;
                default:
                    break;
            }
        }

        return null;
    }

    /// <summary>Status for the exception handler: the fault's, or 500.</summary>
    public static int StatusCodeFor(Exception exception) => Classify(exception)?.Status ?? StatusCodes.Status500InternalServerError;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (Classify(exception) is not { } fault)
        {
            return false;
        }

        var response = httpContext.Response;
        response.StatusCode = fault.Status;
        if (fault.RetryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var path = httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? httpContext.Request.Path;
        if (!path.StartsWith("/api", StringComparison.OrdinalIgnoreCase))
        {
            // Pages: the exception handler goes on to the French error page, with this status.
            return false;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = fault.Status,
                Title = fault.Title,
                Detail = fault.Detail,
                Extensions = { ["code"] = fault.Code },
            },
        });
    }
}
