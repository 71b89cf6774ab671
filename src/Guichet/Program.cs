using System.Text;
using Guichet.Cli;

Console.OutputEncoding = Encoding.UTF8;

// Hosting passes configuration as --key=value arguments (this is how the test host starts the application):
// such arguments alone start the web application; anything else is a command of the command line.
if (args.Length > 0 && args.All(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal)))
{
    await GuichetWeb.Build(args).RunAsync();
    return 0;
}

return GuichetCli.Run(args, Console.Out, Console.Error, SystemClock.Instance);
