using System.CommandLine;
using Guichet.Features.Calls;

namespace Guichet.Cli;

/// <summary><c>calls import</c>, <c>calls line</c> and <c>calls account</c>: the telephony's records (docs/phone.md).</summary>
internal static class CallCommands
{
    public static Command Build(TextWriter stdout)
    {
        var data = new Option<string>("--data") { Description = "Répertoire des données (base SQLite, pièces jointes, clés) ; par défaut ./data." };
        var file = new Argument<FileInfo>("fichier") { Description = "Export CSV de la téléphonie (colonnes : " + string.Join(", ", CallRecords.Columns) + ")." };
        var import = new Command("import", "Importe les appels d'un export CSV de la téléphonie ; un appel déjà importé est mis à jour, jamais dupliqué.") { file, data };
        import.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                throw new CliUsageException($"fichier: \"{path.FullName}\" does not exist");
            }

            return await ServerCommands.WithServicesAsync(parse.GetValue(data), async services =>
            {
                await using var stream = path.OpenRead();
                var started = System.Diagnostics.Stopwatch.StartNew();
                var result = await services.GetRequiredService<CallRecords>().ImportAsync(stream, ct);
                await stdout.WriteLineAsync($"{result.Read} lignes lues : {result.Added} appels ajoutés, {result.Updated} mis à jour, {result.Unchanged} inchangés, {result.Rejected} refusés ({started.Elapsed.TotalSeconds:0.0} s).");
                foreach (var error in result.Errors)
                {
                    await stdout.WriteLineAsync("  " + error);
                }
            });
        });

        var number = new Option<string>("--number") { Description = "Numéro de la ligne du support (par exemple 01 23 45 67 89).", Required = true };
        var contract = new Option<Guid>("--contract") { Description = "Identifiant du contrat de la ligne (voir « contract list »).", Required = true };
        var label = new Option<string>("--label") { Description = "Nom de la ligne ; par défaut son numéro." };
        var line = new Command("line", "Déclare une ligne du support et son contrat (ou change son contrat et son nom).") { number, contract, label, data };
        line.SetAction(async (parse, ct) =>
        {
            var normalised = PhoneNumbers.Normalise(parse.GetRequiredValue(number)) ?? throw new CliUsageException("--number: not a phone number");
            return await ServerCommands.WithServicesAsync(parse.GetValue(data), async services =>
            {
                var db = services.GetRequiredService<GuichetDbContext>();
                var id = parse.GetValue(contract);
                if (!await db.Contracts.AnyAsync(c => c.Id == id, ct))
                {
                    throw new CliUsageException($"--contract: no contract has the id {id}");
                }

                var row = await db.Set<PhoneLine>().SingleOrDefaultAsync(l => l.Number == normalised, ct);
                if (row is null)
                {
                    row = new PhoneLine { Number = normalised };
                    db.Add(row);
                }

                row.ContractId = id;
                row.Label = parse.GetValue(label)?.Trim() is { Length: > 0 } name ? name : normalised;
                await db.SaveChangesAsync(ct);
                await stdout.WriteLineAsync($"Ligne {normalised} « {row.Label} » : contrat {id}.");
            });
        });

        var accountName = new Option<string>("--name") { Description = "Nom du système de téléphonie ; par défaut « Téléphonie »." };
        var account = new Command("account", "Crée un compte de téléphonie (il ne peut qu'envoyer des appels) et affiche un jeton d'API pour lui (une seule fois).") { accountName, data };
        account.SetAction(async (parse, ct) => await ServerCommands.WithServicesAsync(parse.GetValue(data), async services =>
        {
            var db = services.GetRequiredService<GuichetDbContext>();
            var now = services.GetRequiredService<IClock>().GetCurrentInstant();
            var name = parse.GetValue(accountName)?.Trim() is { Length: > 0 } n ? n : "Téléphonie";
            var user = await MachineAccounts.EnsureAsync(db, services.GetRequiredService<UserManager<User>>(), MachineAccounts.Telephony, name, now, ct);
            await stdout.WriteLineAsync(await ApiTokens.CreateAsync(db, user.Id, name, now, ct));
        }));

        return new Command("calls", "Appels de la téléphonie : import, lignes, compte d'envoi.") { import, line, account };
    }
}
