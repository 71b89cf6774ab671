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
        // The command line speaks French whatever the machine's locale: System.CommandLine's own words (help headings,
        // parse errors) come from its French resources. (Restored after, for a caller in the same process: the tests.)
        var culture = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("fr-FR");
        try
        {
            return RunInFrench(args, stdout, stderr, clock);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = culture;
        }
    }

    private static int RunInFrench(string[] args, TextWriter stdout, TextWriter stderr, IClock clock)
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

        foreach (var option in root.Options)
        {
            option.Description = option switch
            {
                System.CommandLine.Help.HelpOption => "Affiche l'aide et l'usage de la commande.",
                VersionOption => "Affiche la version.",
                _ => option.Description,
            };
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
