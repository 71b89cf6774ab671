using System.CommandLine;
using System.Text.Json;
using Guichet.Features;
using Guichet.Features.Contracts;
using Guichet.Features.Demo;

namespace Guichet.Cli;

/// <summary><c>serve</c>, <c>migrate</c>, <c>demo</c>, <c>user list</c>, <c>token create</c>, <c>contract list</c> and <c>contract policy</c>.</summary>
internal static class ServerCommands
{
    public const string DefaultUrl = "http://localhost:5080";

    private static readonly JsonSerializerOptions JsonOutput = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IEnumerable<Command> Build(TextWriter stdout)
    {
        var data = new Option<string>("--data") { Description = "Répertoire des données (base SQLite, pièces jointes, clés) ; par défaut ./data." };

        var urls = new Option<string>("--urls") { Description = $"Adresse(s) d'écoute ; par défaut {DefaultUrl}." };
        var demo = new Option<bool>("--demo") { Description = "Charge les données de démonstration au démarrage (sans doublon)." };
        var serve = new Command("serve", "Démarre le serveur web (pages et API).") { urls, data, demo };
        serve.SetAction(async (parse, ct) =>
        {
            var address = parse.GetValue(urls) ?? DefaultUrl;
            var app = GuichetWeb.Build(HostArguments(parse.GetValue(data), $"--urls={address}"));
            IReadOnlyList<string> accounts = [];
            await using (var scope = app.Services.CreateAsyncScope())
            {
                await stdout.WriteLineAsync($"Base de données : mise à jour du schéma ({app.Configuration[GuichetWeb.DataDirectoryKey]})…");
                await Database.MigrateAsync(scope.ServiceProvider.GetRequiredService<GuichetDbContext>(), ct);
                if (parse.GetValue(demo))
                {
                    var seeded = await scope.ServiceProvider.GetRequiredService<DemoData>().SeedAsync(ct: ct);
                    await stdout.WriteLineAsync(seeded ? "Données de démonstration chargées." : "Données de démonstration déjà présentes.");
                    accounts = await DemoData.AccountsToTryAsync(scope.ServiceProvider.GetRequiredService<GuichetDbContext>(), ct);
                }
            }

            await app.StartAsync(ct);
            await stdout.WriteLineAsync();
            await stdout.WriteLineAsync($"Guichet est prêt : ouvrez {address.Split(';')[0]} (Ctrl+C pour arrêter).");
            if (accounts.Count > 0)
            {
                await stdout.WriteLineAsync($"Comptes de démonstration (mot de passe « {DemoData.Password} ») :");
                foreach (var account in accounts)
                {
                    await stdout.WriteLineAsync("  " + account);
                }
            }

            await app.WaitForShutdownAsync(ct);
            return 0;
        });

        var migrate = new Command("migrate", "Crée ou met à jour le schéma de la base.") { data };
        migrate.SetAction(async (parse, ct) => await WithServicesAsync(parse.GetValue(data), async services =>
        {
            await Database.MigrateAsync(services.GetRequiredService<GuichetDbContext>(), ct);
            await stdout.WriteLineAsync("Base à jour.");
        }));

        var seed = new Command("demo", "Charge les données de démonstration (sans doublon).") { data };
        seed.SetAction(async (parse, ct) => await WithServicesAsync(parse.GetValue(data), async services =>
        {
            await Database.MigrateAsync(services.GetRequiredService<GuichetDbContext>(), ct);
            var added = await services.GetRequiredService<DemoData>().SeedAsync(ct: ct);
            await stdout.WriteLineAsync(added
                ? $"Données de démonstration chargées ; mot de passe de tous les comptes : {DemoData.Password}"
                : "Les données de démonstration sont déjà présentes.");
        }));

        var json = new Option<bool>("--json") { Description = "Sortie JSON." };
        var userList = new Command("list", "Liste les utilisateurs.") { data, json };
        userList.SetAction(async (parse, ct) => await WithServicesAsync(parse.GetValue(data), async services =>
        {
            var db = services.GetRequiredService<GuichetDbContext>();
            var rows = await (from u in db.Users.AsNoTracking()
                              join o in db.Organisations on u.OrganisationId equals o.Id into orgs
                              from o in orgs.DefaultIfEmpty()
                              orderby u.Kind, u.Email
                              select new { u.Email, u.DisplayName, u.Kind, u.Roles, u.IsReferent, Organisation = o == null ? null : o.Name })
                .ToListAsync(ct);
            var list = rows.Select(r => new
            {
                email = r.Email,
                name = r.DisplayName,
                kind = r.Kind.ToString().ToLowerInvariant(),
                roles = r.Kind == UserKind.Staff ? Me.RoleNames(r.Roles) : r.IsReferent ? ["referent"] : (string[])["simple"],
                organisation = r.Organisation,
            }).ToList();
            if (parse.GetValue(json))
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(list, JsonOutput));
            }
            else
            {
                foreach (var u in list)
                {
                    await stdout.WriteLineAsync($"{u.email}\t{u.kind}\t{string.Join(",", u.roles)}\t{u.organisation ?? "-"}\t{u.name}");
                }
            }
        }));
        var user = new Command("user", "Utilisateurs.") { userList };

        var email = new Option<string>("--user") { Description = "Adresse e-mail de l'utilisateur.", Required = true };
        var name = new Option<string>("--name") { Description = "Nom du jeton ; par défaut « ligne de commande »." };
        var tokenCreate = new Command("create", "Crée un jeton d'API pour un utilisateur et l'affiche (une seule fois).") { email, name, data };
        tokenCreate.SetAction(async (parse, ct) => await WithServicesAsync(parse.GetValue(data), async services =>
        {
            var db = services.GetRequiredService<GuichetDbContext>();
            var address = parse.GetRequiredValue(email).Trim().ToUpperInvariant();
            var found = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedEmail == address, ct)
                ?? throw new CliUsageException($"--user: no user has the address \"{parse.GetRequiredValue(email)}\"");
            var token = await ApiTokens.CreateAsync(db, found.Id, parse.GetValue(name) ?? "ligne de commande", services.GetRequiredService<IClock>().GetCurrentInstant(), ct);
            await stdout.WriteLineAsync(token);
        }));
        var tokenCommand = new Command("token", "Jetons d'API.") { tokenCreate };

        var contractList = new Command("list", "Liste les contrats : identifiant<TAB>organisation<TAB>nom<TAB>contrat type<TAB>politique propre (oui/non).") { data, json };
        contractList.SetAction(async (parse, ct) => await WithServicesAsync(parse.GetValue(data), async services =>
        {
            var db = services.GetRequiredService<GuichetDbContext>();
            var rows = await (from c in db.Contracts.AsNoTracking()
                              join o in db.Organisations on c.OrganisationId equals o.Id
                              orderby o.Name, c.StartsOn
                              select new { id = c.Id, organisation = o.Name, name = c.Name, preset = c.PresetId, ownPolicy = c.Policy != null })
                .ToListAsync(ct);
            await stdout.WriteLineAsync(parse.GetValue(json)
                ? JsonSerializer.Serialize(rows, JsonOutput)
                : string.Join(Environment.NewLine, rows.Select(r => $"{r.id}\t{r.organisation}\t{r.name}\t{r.preset}\t{(r.ownPolicy ? "oui" : "non")}")));
        }));

        var contractId = new Option<Guid>("--contract") { Description = "Identifiant du contrat (voir « contract list »).", Required = true };
        var policyFile = new Option<FileInfo>("--file") { Description = "Politique SLA au format des contrats types (JSON ; voir « sla show »)." };
        var clear = new Option<bool>("--clear") { Description = "Retire la politique propre : le contrat type s'applique de nouveau." };
        var contractPolicy = new Command("policy", "Donne au contrat sa propre politique SLA, ou la retire.") { contractId, policyFile, clear, data };
        contractPolicy.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(policyFile);
            if (file is null == !parse.GetValue(clear))
            {
                throw new CliUsageException("--file or --clear: give exactly one");
            }

            var policy = file is null ? null
                : file.Exists ? await File.ReadAllTextAsync(file.FullName, ct) : throw new CliUsageException($"--file: \"{file.FullName}\" does not exist");
            return await WithServicesAsync(parse.GetValue(data), async services =>
            {
                // The admin contract page's use case: validated, checked against the contract's tickets, saved, and
                // the open tickets' summaries refreshed.
                var id = parse.GetValue(contractId);
                var outcome = await ContractPolicy.SetOwnAsync(services.GetRequiredService<GuichetDbContext>(), services.GetRequiredService<IClock>(), id, policy, ct);
                if (!outcome.TryGet(out var contract, out var failure))
                {
                    throw new CliUsageException(failure.Kind switch
                    {
                        FailureKind.NotFound => $"--contract: no contract has the id {id}",
                        FailureKind.Invalid => $"--file: {string.Join("; ", failure.Errors!.Values.SelectMany(m => m))}",
                        _ => $"--file: {failure.Describe()}",
                    });
                }

                await stdout.WriteLineAsync(policy is null
                    ? $"Le contrat « {contract.Name} » suit de nouveau le contrat type {contract.PresetId}."
                    : $"Le contrat « {contract.Name} » a sa propre politique ; ses tickets sont évalués avec elle.");
            });
        });
        var reason = new Option<string>("--reason") { Description = "Motif, inscrit dans l'historique de chaque ticket.", Required = true };
        var contractReapply = new Command("reapply", "Applique la version en vigueur de la politique du contrat à ses tickets ouverts (les tickets clos ne changent jamais).") { contractId, reason, data };
        contractReapply.SetAction(async (parse, ct) => await WithServicesAsync(parse.GetValue(data), async services =>
        {
            var id = parse.GetValue(contractId);
            var outcome = await ContractPolicy.ReapplyAsync(services.GetRequiredService<GuichetDbContext>(), services.GetRequiredService<IClock>(), null, id, parse.GetValue(reason), ct);
            if (!outcome.TryGet(out var done, out var failure))
            {
                throw new CliUsageException(failure.Kind switch
                {
                    FailureKind.NotFound => $"--contract: no contract has the id {id}",
                    FailureKind.Invalid => $"--reason: {string.Join("; ", failure.Errors!.Values.SelectMany(m => m))}",
                    _ => failure.Describe(),
                });
            }

            await stdout.WriteLineAsync($"Version {done.Version} appliquée à {done.Applied} ticket(s) ouvert(s){(done.Skipped > 0 ? $" ; {done.Skipped} modifié(s) entre-temps, à reprendre" : "")}.");
        }));
        var contract = new Command("contract", "Contrats.") { contractList, contractPolicy, contractReapply };

        return [serve, migrate, seed, user, tokenCommand, contract];
    }

    internal static string[] HostArguments(string? dataDirectory, params string[] more) =>
        [$"--{GuichetWeb.DataDirectoryKey}={Path.GetFullPath(dataDirectory ?? "data")}", .. more];

    internal static async Task<int> WithServicesAsync(string? dataDirectory, Func<IServiceProvider, Task> action)
    {
        var app = GuichetWeb.Build(HostArguments(dataDirectory, "--Jobs:Enabled=false", "--Logging:LogLevel:Default=Warning"));
        await using var scope = app.Services.CreateAsyncScope();
        await action(scope.ServiceProvider);
        return 0;
    }
}
