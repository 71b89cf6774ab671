using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Guichet.Web;

/// <summary>A failure of the machine rather than of the request: the disk is full, or the database cannot be reached.</summary>
/// <param name="RetryAfterSeconds">Sent as <c>Retry-After</c> when the failure is expected to pass by itself.</param>
internal sealed record Fault(int Status, string Code, string Title, string Detail, int? RetryAfterSeconds);

/// <summary>
/// Answers the faults an operator must fix (disk full: 507 <c>storage_full</c>) or wait out (database unreachable:
/// 503 <c>database_unavailable</c> with <c>Retry-After</c>) with a French ProblemDetails on the API; pages get the
/// French error page with the same status. <see cref="ExceptionProblems"/> writes the answers; this class only classifies.
/// Nothing is kept between requests, so the next request after the fault passes succeeds without a restart.
/// </summary>
internal static class FaultProblems
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
}
