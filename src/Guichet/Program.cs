using System.Text;
using Guichet.Cli;
using NodaTime;

Console.OutputEncoding = Encoding.UTF8;
return GuichetCli.Run(args, Console.Out, Console.Error, SystemClock.Instance);
