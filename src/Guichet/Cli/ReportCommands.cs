using System.CommandLine;
using Guichet.Features.Reports;

namespace Guichet.Cli;

/// <summary><c>reports rebuild</c>: the stored clock outcomes computed again from the traces (docs/reports.md).</summary>
internal static class ReportCommands
{
    /// <summary>Exit code of <c>reports rebuild --check</c> when a stored row differs from its trace.</summary>
    public const int DifferencesFound = 3;

    public static Command Build(TextWriter stdout)
    {
        var data = new Option<string>("--data") { Description = "Répertoire des données (base SQLite, pièces jointes, clés) ; par défaut ./data." };
        var check = new Option<bool>("--check") { Description = "Compare seulement, sans rien écrire ; code de sortie 3 s'il y a des différences." };
        var rebuild = new Command("rebuild", "Recalcule depuis les historiques les résultats des délais de tous les tickets, signale les différences avec ceux enregistrés et les corrige.") { check, data };
        rebuild.SetAction(async (parse, ct) =>
        {
            var code = 0;
            await ServerCommands.WithServicesAsync(parse.GetValue(data), async services =>
            {
                var onlyCheck = parse.GetValue(check);
                var report = await OutcomeRebuild.RunAsync(services.GetRequiredService<GuichetDbContext>(), write: !onlyCheck, ct);
                await stdout.WriteLineAsync($"{report.Tickets} tickets, {report.Rows} résultats de délais recalculés.");
                await stdout.WriteLineAsync(report.Differences == 0
                    ? "Aucune différence avec les résultats enregistrés."
                    : $"{report.Differences} différence(s) : {report.Missing} absent(s), {report.Changed} différent(s), {report.Extra} en trop{(onlyCheck ? " (rien n'est écrit)" : " ; corrigées")}.");
                foreach (var d in report.Examples)
                {
                    await stdout.WriteLineAsync($"  T{d.TicketId:000000}\t{d.ClockId}\t{d.What}");
                }

                if (onlyCheck && report.Differences > 0)
                {
                    code = DifferencesFound;
                }
            });
            return code;
        });
        return new Command("reports", "Rapports de niveau de service.") { rebuild };
    }
}
