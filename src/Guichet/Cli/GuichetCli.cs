using System.CommandLine;

namespace Guichet.Cli;

/// <summary>Bad input on the command line: reported as one line on stderr with exit code 2.</summary>
internal sealed class CliUsageException(string message) : Exception(message);

/// <summary>
/// The <c>guichet</c> command line. Every verb writes its result to <c>stdout</c>; bad input gives exit code 2
/// and one line on <c>stderr</c>, never a stack trace.
/// </summary>
internal static class GuichetCli
{
    public const int UsageError = 2;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, IClock clock)
    {
        var root = new RootCommand("Guichet : portail de support et moteur de délais contractuels.")
        {
            SlaCommands.Build(stdout, clock),
            CalendarCommands.Build(stdout),
            ReportCommands.Build(stdout),
            CallCommands.Build(stdout),
            BackupCommands.Build(stdout),
        };
        foreach (var command in ServerCommands.Build(stdout).Concat(OperationsCommands.Build(stdout, stderr, clock)))
        {
            root.Subcommands.Add(command);
        }

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            stderr.WriteLine($"guichet: {string.Join("; ", parsed.Errors.Select(e => e.Message.ReplaceLineEndings(" ")).Distinct())}");
            return UsageError;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (CliUsageException e)
        {
            stderr.WriteLine($"guichet: {e.Message}");
            return UsageError;
        }
#pragma warning disable CA1031 // The command line reports any failure as one line, never a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            stderr.WriteLine($"guichet: internal error: {e.Message.ReplaceLineEndings(" ")}");
            if (Environment.GetEnvironmentVariable("GUICHET_TRACE") == "1")
            {
                stderr.WriteLine(e);
            }

            return 1;
        }
    }
}
