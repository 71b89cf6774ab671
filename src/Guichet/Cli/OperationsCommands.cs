using System.CommandLine;
using System.Globalization;
using Guichet.Features.Operations;

namespace Guichet.Cli;

/// <summary><c>backup</c> and <c>restore</c>: a consistent archive of a running installation, and its verified restoration.</summary>
internal static class OperationsCommands
{
    /// <summary>A restore whose result does not match the archive (exit code 1; a refused archive is exit code 2).</summary>
    public const int VerificationFailed = 1;

    public static IEnumerable<Command> Build(TextWriter stdout, TextWriter stderr, IClock clock)
    {
        var to = new Option<FileInfo>("--to") { Description = "Fichier d'archive à écrire (.tar.gz).", Required = true };
        var backupData = new Option<string>("--data") { Description = "Répertoire des données (base SQLite, pièces jointes, clés) ; par défaut ./data." };
        var backup = new Command("backup", "Sauvegarde cohérente de l'installation, serveur en marche : base, pièces jointes, clés, manifeste (comptes et sommes de contrôle).") { to, backupData };
        backup.SetAction(async (parse, ct) => await ServerCommands.WithServicesAsync(parse.GetValue(backupData), async services =>
        {
            var report = await Refusing(() => BackupArchive.CreateAsync(services.GetRequiredService<Installation>(), parse.GetRequiredValue(to).FullName, clock.GetCurrentInstant(), ct));
            foreach (var missing in report.MissingAttachments)
            {
                await stderr.WriteLineAsync($"guichet: attention : le fichier de la pièce jointe {missing} manque dans le répertoire des pièces jointes ; il n'est pas dans l'archive");
            }

            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Sauvegarde écrite : {report.Archive} ({report.Bytes} octets ; {report.Rows} lignes dans {report.Tables} tables ; {report.Attachments} pièces jointes)."));
        }));

        var from = new Option<FileInfo>("--from") { Description = "Archive à restaurer (écrite par « guichet backup »).", Required = true };
        var restoreData = new Option<string>("--data") { Description = "Répertoire des données à remplir (vide, sauf --force).", Required = true };
        var force = new Option<bool>("--force") { Description = "Remplace les données déjà présentes dans la cible." };
        var restore = new Command("restore", "Restaure une archive dans un répertoire de données (et la base configurée), puis la vérifie.") { from, restoreData, force };
        restore.SetAction(async (parse, ct) =>
        {
            var archive = parse.GetRequiredValue(from).FullName;
            if (!File.Exists(archive))
            {
                throw new CliUsageException($"--from: l'archive {archive} n'existe pas");
            }

            var code = 0;
            await ServerCommands.WithServicesAsync(parse.GetValue(restoreData), async services =>
            {
                try
                {
                    var report = await Refusing(() => BackupArchive.RestoreAsync(archive, services.GetRequiredService<Installation>(), parse.GetValue(force), ct));
                    await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Restauration vérifiée : intégrité correcte, {report.Rows} lignes dans {report.Tables} tables comme dans le manifeste, {report.Files} fichiers identiques."));
                }
                catch (RestoreVerificationException e)
                {
                    await stderr.WriteLineAsync($"guichet: {e.Message}");
                    code = VerificationFailed;
                }
            });
            return code;
        });

        return [backup, restore];
    }

    private static async Task<T> Refusing<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (BackupRefusedException e)
        {
            throw new CliUsageException(e.Message);
        }
    }
}
