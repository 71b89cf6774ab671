using System.CommandLine;
using Guichet.Features.Accounts;

namespace Guichet.Cli;

/// <summary><c>backups account</c>: the backup tooling's account and its token (docs/backups.md).</summary>
internal static class BackupCommands
{
    public static Command Build(TextWriter stdout)
    {
        var data = new Option<string>("--data") { Description = "Répertoire des données (base SQLite, pièces jointes, clés) ; par défaut ./data." };
        var accountName = new Option<string>("--name") { Description = "Nom de l'outil de sauvegarde ; par défaut « Sauvegardes »." };
        var account = new Command("account", "Crée un compte de sauvegarde (il ne peut qu'envoyer des sauvegardes) et affiche un jeton d'API pour lui (une seule fois).") { accountName, data };
        account.SetAction(async (parse, ct) => await ServerCommands.WithServicesAsync(parse.GetValue(data), async services =>
        {
            var db = services.GetRequiredService<GuichetDbContext>();
            var now = services.GetRequiredService<IClock>().GetCurrentInstant();
            var name = parse.GetValue(accountName)?.Trim() is { Length: > 0 } n ? n : "Sauvegardes";
            var user = await MachineAccounts.EnsureAsync(db, services.GetRequiredService<UserManager<User>>(), MachineAccounts.Backup, name, now, ct);
            await stdout.WriteLineAsync(await ApiTokens.CreateAsync(db, user.Id, name, now, ct));
        }));

        return new Command("backups", "Sauvegardes des services hébergés : compte d'envoi de l'outil de sauvegarde.") { account };
    }
}
