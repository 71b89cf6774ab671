using System.Diagnostics;
using Npgsql;

namespace Guichet.Features.Operations;

/// <summary>
/// Runs the PostgreSQL client programs (<c>pg_dump</c>, <c>pg_restore</c>) found on <c>PATH</c> or under
/// <c>/usr/lib/postgresql/*/bin</c> (the newest), with the connection given through libpq's environment variables
/// (the password never appears on a command line).
/// </summary>
internal static class PostgresTools
{
    public static string Locate(string program)
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, program))
            .FirstOrDefault(File.Exists);
        if (onPath is not null)
        {
            return onPath;
        }

        var installed = System.IO.Directory.Exists("/usr/lib/postgresql")
            ? System.IO.Directory.EnumerateDirectories("/usr/lib/postgresql")
                .Select(d => (Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0, Path: Path.Combine(d, "bin", program)))
                .Where(c => File.Exists(c.Path))
                .OrderByDescending(c => c.Version)
                .Select(c => c.Path)
                .FirstOrDefault()
            : null;
        return installed ?? throw new BackupRefusedException($"{program} introuvable : installez le client PostgreSQL (paquet postgresql-client) ou ajoutez son répertoire au PATH");
    }

    public static string DatabaseName(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString).Database ?? "postgres";

    public static async Task RunAsync(string program, string connectionString, IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(Locate(program)) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGHOST"] = connection.Host ?? "localhost";
        start.Environment["PGPORT"] = connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGDATABASE"] = connection.Database ?? "postgres";
        if (connection.Username is { } user)
        {
            start.Environment["PGUSER"] = user;
        }

        if (connection.Password is { } password)
        {
            start.Environment["PGPASSWORD"] = password;
        }

        start.Environment["PGSSLMODE"] = connection.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        };

        using var process = Process.Start(start) ?? throw new BackupRefusedException($"{program} n'a pas pu être lancé");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        await output;
        var message = (await error).Trim();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} a échoué (code {process.ExitCode}) : {message.ReplaceLineEndings(" ")}");
        }
    }
}
