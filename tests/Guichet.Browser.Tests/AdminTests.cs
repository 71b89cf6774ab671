using Guichet.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Guichet.Browser.Tests;

/// <summary>
/// The administration pages: an administrator sets up a new organisation up to its first user's first ticket form,
/// then edits what is there (organisations, accounts, what staff serve, products, queues, contracts).
/// </summary>
public sealed class AdminTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Admin = "admin@guichet.example";
    private const string FirstPassword = "Provisoire-Mimosa-Cormoran-2026";
    private const string NewPassword = "Goéland rieur au-dessus du port 9";

    [Fact]
    public async Task An_administrator_sets_up_an_organisation_whose_new_user_can_submit_on_its_product()
    {
        var admin = await app.PageAsAsync(Admin);
        await admin.ArriveAsync("**/bureau");
        await admin.FollowMenuAsync("Administration");
        await admin.ArriveAsync("**/admin");
        await Assertions.Expect(admin.GetByRole(AriaRole.Link, new() { Name = "Administration" })).ToHaveAttributeAsync("aria-current", "page");
        await Assertions.Expect(admin.GetByRole(AriaRole.Link, new() { Name = "Simulateur de délais" })).ToHaveAttributeAsync("href", "/admin/simulateur");
        await admin.AssertAccessibleAsync();

        // Organisation: a SIRET with a wrong check digit first, then the right one; what was typed stays.
        await admin.GetByRole(AriaRole.Link, new() { Name = "Organisations" }).ClickAsync();
        await admin.ArriveAsync("**/admin/organisations");
        await admin.AssertAccessibleAsync();
        await admin.Locator("#Name").FillAsync("Commune de Locmaria-Plage");
        await admin.Locator("#Siret").FillAsync("212 900 990 00013");
        await admin.Locator("#Address").FillAsync("1 place de la Mairie\n29000 Locmaria-Plage");
        await admin.Locator("#Territory").SelectOptionAsync(new SelectOptionValue { Label = "La Réunion" });
        await admin.Locator("#DpoName").FillAsync("Yann Le Goff");
        await admin.Locator("#DpoEmail").FillAsync("dpo@locmaria.example");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Créer l'organisation" }).ClickAsync();
        await Assertions.Expect(admin.Locator(".error-summary")).ToContainTextAsync("Le SIRET n'est pas valide (clé de contrôle incorrecte).");
        await Assertions.Expect(admin.Locator("#Siret")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(admin.Locator("#Siret-error")).ToBeVisibleAsync();
        await Assertions.Expect(admin.Locator("#Name")).ToHaveValueAsync("Commune de Locmaria-Plage");
        await Assertions.Expect(admin.Locator("#Territory")).ToHaveValueAsync("reunion");
        await admin.AssertAccessibleAsync();
        await admin.Locator("#Siret").FillAsync("212 900 990 00012");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Créer l'organisation" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("est créée");
        await Assertions.Expect(admin.Locator("table")).ToContainTextAsync("21290099000012");
        await Assertions.Expect(admin.Locator("table")).ToContainTextAsync("La Réunion");

        // The same SIRET again is refused.
        await admin.Locator("#Name").FillAsync("Doublon");
        await admin.Locator("#Siret").FillAsync("21290099000012");
        await admin.Locator("#Address").FillAsync("Ailleurs");
        await admin.Locator("#DpoName").FillAsync("Quelqu'un");
        await admin.Locator("#DpoEmail").FillAsync("dpo@doublon.example");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Créer l'organisation" }).ClickAsync();
        await Assertions.Expect(admin.Locator(".error-summary")).ToContainTextAsync("Une organisation porte déjà ce SIRET.");

        // Product and version.
        await admin.GotoAsync("/admin/produits");
        await admin.AssertAccessibleAsync();
        await admin.GetByLabel("Nom du produit").FillAsync("Registre des arrêtés");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Ajouter le produit" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("est ajouté");
        await admin.Locator("#VersionProductId").SelectOptionAsync(new SelectOptionValue { Label = "Registre des arrêtés" });
        await admin.GetByLabel("Numéro de version").FillAsync("1.0.0");
        await admin.Locator("#VersionReleasedOn").FillAsync("2026-03-02");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Ajouter la version" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("La version 1.0.0 de Registre des arrêtés est ajoutée");
        await Assertions.Expect(admin.Locator("table")).ToContainTextAsync("1.0.0 (2 mars 2026)");
        await admin.AssertAccessibleAsync();

        // Queue.
        await admin.GotoAsync("/admin/files");
        await admin.AssertAccessibleAsync();
        await admin.GetByLabel("Nom de la file").FillAsync("Actes administratifs");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Ajouter la file" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("est ajoutée");
        await Assertions.Expect(admin.Locator("table")).ToContainTextAsync("Actes administratifs");

        // Contract covering the product.
        await admin.GotoAsync("/admin/contrats");
        await admin.AssertAccessibleAsync();
        await admin.Locator("#OrganisationId").SelectOptionAsync(new SelectOptionValue { Label = "Commune de Locmaria-Plage" });
        await admin.GetByLabel("Nom du contrat").FillAsync("Maintenance du registre");
        await admin.Locator("#StartsOn").FillAsync("2026-01-01");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Créer le contrat" }).ClickAsync();
        await Assertions.Expect(admin.Locator(".error-summary")).ToContainTextAsync("Cochez au moins un produit");
        await Assertions.Expect(admin.GetByLabel("Nom du contrat")).ToHaveValueAsync("Maintenance du registre");
        await admin.AssertAccessibleAsync();
        await admin.GetByLabel("Registre des arrêtés", new() { Exact = true }).CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Créer le contrat" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("est créé");
        await Assertions.Expect(admin.Locator("table")).ToContainTextAsync("Maintenance du registre");

        // A référent declared on the product, with an initial password.
        await admin.GotoAsync("/admin/utilisateurs");
        await admin.AssertAccessibleAsync();
        await admin.GetByLabel("Adresse e-mail").FillAsync("contact@locmaria.example");
        await admin.GetByLabel("Prénom et nom").FillAsync("Morgane Kerlann");
        await admin.Locator("#OrganisationId").SelectOptionAsync(new SelectOptionValue { Label = "Commune de Locmaria-Plage" });
        await admin.GetByLabel("Référent de l'organisation").CheckAsync();
        await admin.GetByLabel("Registre des arrêtés", new() { Exact = true }).CheckAsync();
        await admin.GetByLabel("Mot de passe initial", new() { Exact = true }).FillAsync("trop court");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Créer le compte" }).ClickAsync();
        await Assertions.Expect(admin.Locator(".error-summary")).ToContainTextAsync("L'adresse e-mail doit être nominative");
        await Assertions.Expect(admin.Locator(".error-summary")).ToContainTextAsync("au moins 12 caractères");
        await Assertions.Expect(admin.GetByLabel("Prénom et nom")).ToHaveValueAsync("Morgane Kerlann");
        await Assertions.Expect(admin.GetByLabel("Registre des arrêtés", new() { Exact = true })).ToBeCheckedAsync();
        await admin.AssertAccessibleAsync();
        await admin.GetByLabel("Adresse e-mail").FillAsync("morgane.kerlann@locmaria.example");
        await admin.GetByLabel("Mot de passe initial", new() { Exact = true }).FillAsync(FirstPassword);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Créer le compte" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("est créé");
        await Assertions.Expect(admin.Locator("table")).ToContainTextAsync("morgane.kerlann@locmaria.example");
        await admin.AssertAccessibleAsync();

        // The new user's first sign-in: own password, privacy notice, then the form offers the product.
        var user = await app.NewPageAsync();
        await user.SignInAsync("morgane.kerlann@locmaria.example", FirstPassword);
        await user.ArriveAsync("**/mot-de-passe/changer");
        await user.GetByLabel("Mot de passe actuel").FillAsync(FirstPassword);
        await user.GetByLabel("Nouveau mot de passe").FillAsync(NewPassword);
        await user.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le mot de passe" }).ClickAsync();
        await user.ArriveAsync("**/confidentialite");
        await user.GetByRole(AriaRole.Button, new() { Name = "J'ai pris connaissance de cette information" }).ClickAsync();
        await user.WaitForHomeAsync();
        await user.GotoAsync("/demandes/nouvelle");
        await Assertions.Expect(user.Locator("#ProductId option")).ToHaveTextAsync(["Registre des arrêtés"]);
        await Assertions.Expect(user.Locator("#QueueId")).ToContainTextAsync("Actes administratifs");
        await Assertions.Expect(user.Locator("#VersionId")).ToContainTextAsync("Registre des arrêtés 1.0.0");
        await Assertions.Expect(user.GetByRole(AriaRole.Link, new() { Name = "Administration" })).ToHaveCountAsync(0);
        await user.AssertAccessibleAsync();
    }

    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/utilisateurs")]
    [InlineData("/admin/organisations")]
    public async Task Anyone_but_an_administrator_gets_not_found(string path)
    {
        var agent = await app.PageAsAsync("agent-support-un@guichet.example");
        await agent.ArriveAsync("**/bureau");
        await Assertions.Expect(agent.GetByRole(AriaRole.Link, new() { Name = "Administration" })).ToHaveCountAsync(0);
        var response = await agent.Context.APIRequest.GetAsync(path);
        Assert.Equal(404, response.Status);

        // A form post is refused the same way.
        var post = await agent.Context.APIRequest.PostAsync(path, new() { Form = agent.Context.APIRequest.CreateFormData().Set("Name", "x") });
        Assert.Equal(404, post.Status);
    }

    [Fact]
    public async Task An_organisation_is_edited_from_the_list_and_a_bad_siret_keeps_what_was_typed()
    {
        // An organisation of this test's own (renamed below), with the demo account manager.
        var organisation = await app.NewOrganisationAsync();
        var renamed = organisation.Name + "-et-Bois";
        var admin = await SignInAdminAsync();
        await admin.GotoAsync("/admin/organisations");
        await admin.GetByRole(AriaRole.Link, new() { Name = organisation.Name, Exact = true }).ClickAsync();
        await admin.ArriveAsync("**/admin/organisations/*");
        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(organisation.Name);
        await Assertions.Expect(admin.Locator("#AccountManagerId option:checked")).ToHaveTextAsync("Chargé d'affaires");
        await admin.AssertAccessibleAsync();
        var siret = await admin.Locator("#Siret").InputValueAsync();

        await admin.Locator("#Name").FillAsync(renamed);
        await admin.Locator("#DpoName").FillAsync("Armelle Quéré");
        await admin.Locator("#Siret").FillAsync("212 900 990 00013");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Enregistrer l'organisation" }).ClickAsync();
        await Assertions.Expect(admin.Locator(".error-summary")).ToContainTextAsync("Le SIRET n'est pas valide (clé de contrôle incorrecte).");
        await Assertions.Expect(admin.Locator("#Siret-error")).ToHaveTextAsync("Le SIRET n'est pas valide (clé de contrôle incorrecte).");
        await Assertions.Expect(admin.Locator("#Siret")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(admin.Locator("#Siret")).ToHaveAttributeAsync("aria-describedby", "siret-hint Siret-error");
        await Assertions.Expect(admin.Locator("#Siret")).ToHaveValueAsync("212 900 990 00013");
        await Assertions.Expect(admin.Locator("#Name")).ToHaveValueAsync(renamed);
        await Assertions.Expect(admin.Locator("#DpoName")).ToHaveValueAsync("Armelle Quéré");
        await Assertions.Expect(admin.Locator("#Name")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await admin.AssertAccessibleAsync();

        // Another organisation's SIRET is refused too; its own is not a duplicate.
        await admin.Locator("#Siret").FillAsync(await app.WithServicesAsync(s => s.GetRequiredService<GuichetDbContext>().Organisations
            .Where(o => o.Name == "Commune de Kerbrat-sur-Mer").Select(o => o.Siret).SingleAsync()));
        await admin.GetByRole(AriaRole.Button, new() { Name = "Enregistrer l'organisation" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#Siret-error")).ToHaveTextAsync("Une organisation porte déjà ce SIRET.");
        await admin.Locator("#Siret").FillAsync(siret);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Enregistrer l'organisation" }).ClickAsync();
        await admin.ArriveAsync("**/admin/organisations");
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync($"L'organisation « {renamed} » est enregistrée.");
        await Assertions.Expect(admin.Locator("table")).ToContainTextAsync(renamed);
        await admin.AssertAccessibleAsync();
        Assert.Equal("Armelle Quéré", await app.WithServicesAsync(s => s.GetRequiredService<GuichetDbContext>().Organisations
            .Where(o => o.Siret == siret).Select(o => o.DpoName).SingleAsync()));
    }

    [Fact]
    public async Task A_deactivated_account_cannot_sign_in_until_reactivated_and_a_new_initial_password_must_be_changed()
    {
        // A simple user of an organisation of this test's own (deactivated and given a new password below).
        var organisation = await app.NewOrganisationAsync(products: ["Gestion financière"], simpleUsers: 1);
        var email = organisation.Members[1];
        var name = await app.WithServicesAsync(s => s.GetRequiredService<GuichetDbContext>().Users.Where(u => u.Email == email).Select(u => u.DisplayName).SingleAsync());
        // Through the form: this test is about signing in.
        var user = await app.NewPageAsync();
        await user.SignInAsync(email, Features.Demo.DemoData.Password);
        await user.WaitForHomeAsync();

        var admin = await SignInAdminAsync();
        await admin.GotoAsync("/admin/utilisateurs");
        await admin.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
        await admin.ArriveAsync("**/admin/utilisateurs/*");
        await Assertions.Expect(admin.Locator("#Email")).ToHaveValueAsync(email);
        await admin.AssertAccessibleAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Désactiver le compte" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync($"Le compte de {name} est désactivé");
        await Assertions.Expect(admin.Locator("dl.info")).ToContainTextAsync("désactivé : la connexion est refusée");
        await admin.AssertAccessibleAsync();

        // The open session ends; signing in again gets the one French message of every failure.
        await user.GotoAsync("/demandes");
        await user.ArriveAsync("**/connexion**");
        await user.SignInAsync(email, Features.Demo.DemoData.Password);
        await Assertions.Expect(user.Locator(".error-summary")).ToContainTextAsync("Adresse e-mail ou mot de passe incorrect.");
        Assert.EndsWith("/connexion", new Uri(user.Url).AbsolutePath, StringComparison.Ordinal);
        await user.AssertAccessibleAsync();

        await admin.GotoAsync("/admin/utilisateurs");
        await Assertions.Expect(admin.Locator("tr", new() { HasText = email })).ToContainTextAsync("désactivé");

        // Reactivated, then given a new initial password (a short one first): the person must change it.
        await admin.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Réactiver le compte" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("est réactivé");
        await admin.GetByLabel("Mot de passe initial", new() { Exact = true }).FillAsync("trop court");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Remplacer le mot de passe" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#NewPassword-error")).ToContainTextAsync("au moins 12 caractères");
        await Assertions.Expect(admin.Locator("#NewPassword")).ToHaveAttributeAsync("aria-invalid", "true");
        await admin.AssertAccessibleAsync();
        await admin.GetByLabel("Mot de passe initial", new() { Exact = true }).FillAsync(FirstPassword);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Remplacer le mot de passe" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("devra en choisir un nouveau");

        await user.SignInAsync(email, Features.Demo.DemoData.Password);
        await Assertions.Expect(user.Locator(".error-summary")).ToContainTextAsync("Adresse e-mail ou mot de passe incorrect.");
        await user.SignInAsync(email, FirstPassword);
        await user.ArriveAsync("**/mot-de-passe/changer");
    }

    [Fact]
    public async Task A_staff_member_limited_to_an_organisation_and_a_queue_then_given_another_organisation_sees_just_those()
    {
        // Two organisations of this test's own, tickets in a demo queue, and an agent serving two demo organisations.
        var first = await app.NewOrganisationAsync(simpleUsers: 0);
        var second = await app.NewOrganisationAsync(simpleUsers: 0);
        var (kerbrat, queue) = await app.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<GuichetDbContext>();
            return (await db.Organisations.Where(o => o.Name == "Commune de Kerbrat-sur-Mer").Select(o => o.Id).SingleAsync(),
                await db.Queues.SingleAsync(q => q.Name == "Support technique"));
        });
        var agentName = $"Agent Essai {BrowserApp.Unique()}";
        var agentEmail = await app.NewStaffAsync(agentName, StaffRoles.Agent, kerbrat, first.Id);
        await app.NewTicketAsync(first.Referent, first.Products[0], "Première demande de l'essai", queueId: queue.Id);
        await app.NewTicketAsync(first.Referent, first.Products[0], "Seconde demande de l'essai", queueId: queue.Id);
        var ticket = await app.NewTicketAsync(second.Referent, second.Products[0], "Demande de l'autre organisation", queueId: queue.Id);
        var expected = await app.WithServicesAsync(s => s.GetRequiredService<GuichetDbContext>().Tickets.CountAsync(t => t.OrganisationId == first.Id && t.QueueId == queue.Id && !t.IsClosed));
        Assert.Equal(2, expected);

        var admin = await SignInAdminAsync();
        await admin.GotoAsync("/admin/utilisateurs");
        await admin.GetByRole(AriaRole.Link, new() { Name = agentName, Exact = true }).ClickAsync();
        await admin.ArriveAsync("**/admin/utilisateurs/*");
        await admin.AssertAccessibleAsync();
        var served = admin.Locator("#ServedOrganisationIds");
        foreach (var box in await served.GetByRole(AriaRole.Checkbox).AllAsync())
        {
            await box.UncheckAsync();
        }

        await served.GetByLabel(first.Name, new() { Exact = true }).CheckAsync();
        await admin.Locator("#QueueIds").GetByLabel(queue.Name, new() { Exact = true }).CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le compte" }).ClickAsync();
        await admin.ArriveAsync("**/admin/utilisateurs");
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync($"Le compte de {agentName}");

        // The desk offers that organisation alone and lists its tickets of that queue; another organisation's ticket is not found.
        var agent = await app.PageAsAsync(agentEmail);
        await agent.ArriveAsync("**/bureau");
        await Assertions.Expect(agent.Locator("#organisation option")).ToHaveTextAsync(["Toutes", first.Name]);
        await Assertions.Expect(agent.Locator("table caption")).ToContainTextAsync($"Demandes ouvertes par urgence : {expected}, page 1");
        await agent.AssertAccessibleAsync();
        Assert.Equal(404, (await agent.Context.APIRequest.GetAsync($"/demandes/{ticket}")).Status);

        // Given the second organisation, the agent sees its ticket at once.
        await admin.GetByRole(AriaRole.Link, new() { Name = agentName, Exact = true }).ClickAsync();
        await Assertions.Expect(admin.Locator("#ServedOrganisationIds").GetByLabel(first.Name, new() { Exact = true })).ToBeCheckedAsync();
        await Assertions.Expect(admin.Locator("#QueueIds").GetByLabel(queue.Name, new() { Exact = true })).ToBeCheckedAsync();
        await admin.Locator("#ServedOrganisationIds").GetByLabel(second.Name, new() { Exact = true }).CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le compte" }).ClickAsync();
        await admin.ArriveAsync("**/admin/utilisateurs");
        Assert.Equal(200, (await agent.Context.APIRequest.GetAsync($"/demandes/{ticket}")).Status);

        // The desk's filter form is kept 30 s per user and query: another query shows the new list now.
        await agent.GotoAsync($"/bureau?file={queue.Id}");
        await Assertions.Expect(agent.Locator("#organisation option")).ToHaveTextAsync(["Toutes", first.Name, second.Name]);
    }

    [Fact]
    public async Task Products_queues_and_contracts_are_edited_from_their_lists()
    {
        // A product, a queue and an LS organisation with a ticket of this test's own (renamed and edited below).
        var n = BrowserApp.Unique();
        var product = await app.NewProductAsync($"Logiciel d'essai {n}", "2026.01", "2026.04", "2026.07");
        var renamedProduct = product + " (LE)";
        var queue = await app.NewQueueAsync($"File d'essai {n}");
        var organisation = await app.NewOrganisationAsync(preset: "ls", simpleUsers: 0);
        await app.NewTicketAsync(organisation.Referent, organisation.Products[0], "Demande sous la politique LS", priority: "2");
        var admin = await SignInAdminAsync();

        // A product renamed, a version dated, a version added.
        await admin.GotoAsync("/admin/produits");
        await admin.GetByRole(AriaRole.Link, new() { Name = product, Exact = true }).ClickAsync();
        await admin.ArriveAsync("**/admin/produits/*");
        await admin.AssertAccessibleAsync();
        await admin.GetByLabel("Nom du produit").FillAsync(renamedProduct);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Renommer le produit" }).ClickAsync();
        await admin.ArriveAsync("**/admin/produits");
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Le produit « {renamedProduct} » est enregistré.");
        await admin.GetByRole(AriaRole.Link, new() { Name = renamedProduct, Exact = true }).ClickAsync();
        await admin.GetByLabel("Date de sortie de la version 2026.04").FillAsync("2026-04-30");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la date de la version 2026.04" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync($"La version 2026.04 de {renamedProduct} est datée du 30 avril 2026.");
        await Assertions.Expect(admin.GetByLabel("Date de sortie de la version 2026.04")).ToHaveValueAsync("2026-04-30");
        await admin.GetByLabel("Numéro de version").FillAsync("2026.07");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Ajouter la version" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#VersionNumber-error")).ToHaveTextAsync($"La version 2026.07 de {renamedProduct} existe déjà.");
        await Assertions.Expect(admin.GetByLabel("Numéro de version")).ToHaveValueAsync("2026.07");
        await admin.AssertAccessibleAsync();
        await admin.GetByLabel("Numéro de version").FillAsync("2026.10");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Ajouter la version" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync($"La version 2026.10 de {renamedProduct} est ajoutée");
        await Assertions.Expect(admin.GetByLabel("Date de sortie de la version 2026.10")).ToHaveValueAsync("");
        await admin.AssertAccessibleAsync();

        // A queue renamed: not to another queue's name.
        await admin.GotoAsync("/admin/files");
        await admin.GetByRole(AriaRole.Link, new() { Name = queue, Exact = true }).ClickAsync();
        await admin.GetByLabel("Nom de la file").FillAsync("Support technique");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Renommer la file" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#Name-error")).ToHaveTextAsync("Une file porte déjà ce nom.");
        await admin.AssertAccessibleAsync();
        await admin.GetByLabel("Nom de la file").FillAsync($"Relation client {n}");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Renommer la file" }).ClickAsync();
        await admin.ArriveAsync("**/admin/files");
        await Assertions.Expect(admin.Locator("table")).ToContainTextAsync($"Relation client {n}");

        // A contract with tickets cannot take a policy that does not know their priorities; a bad own policy is
        // reported with its JSON path; a valid one and the other fields are saved.
        var contract = await app.WithServicesAsync(s => s.GetRequiredService<GuichetDbContext>().Contracts.SingleAsync(c => c.Id == organisation.ContractId));
        var amended = contract.Name + " — avenant 2026";
        await admin.GotoAsync("/admin/contrats");
        await admin.Locator("tr", new() { HasText = organisation.Name }).GetByRole(AriaRole.Link, new() { Name = contract.Name, Exact = true }).ClickAsync();
        await admin.ArriveAsync($"**/admin/contrats/{contract.Id}");
        await admin.AssertAccessibleAsync();
        await admin.GetByLabel("Nom du contrat").FillAsync(amended);
        await admin.Locator("#PresetId").SelectOptionAsync("at");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le contrat" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#PresetId-error")).ToContainTextAsync("Les demandes de ce contrat utilisent des valeurs que cette politique ne connaît pas");
        await Assertions.Expect(admin.Locator("#PresetId-error")).ToContainTextAsync("priorités : « ");
        await Assertions.Expect(admin.GetByLabel("Nom du contrat")).ToHaveValueAsync(amended);
        await admin.AssertAccessibleAsync();

        await admin.Locator("#PresetId").SelectOptionAsync("ls");
        await admin.Locator("#Policy").FillAsync("{ \"id\": \"ls-kerbrat\", \"name\": \"LS Kerbrat\" }");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le contrat" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#Policy-error")).ToContainTextAsync("La politique propre n'est pas valide");
        await Assertions.Expect(admin.Locator("#policy-details")).ToContainTextAsync("priorityScheme");
        await Assertions.Expect(admin.Locator("#Policy")).ToHaveValueAsync("{ \"id\": \"ls-kerbrat\", \"name\": \"LS Kerbrat\" }");
        await admin.AssertAccessibleAsync();

        var own = Domain.Presets.PresetCatalog.ReadJson("ls").Replace("\"id\": \"ls\"", "\"id\": \"ls-kerbrat\"", StringComparison.Ordinal);
        await admin.Locator("#Policy").FillAsync(own);
        await admin.GetByLabel("Renouvellement des mots de passe (jours)").FillAsync("90");
        await admin.GetByLabel("Utilisateurs par application").FillAsync("0");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le contrat" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#UsersPerProduct-error")).ToContainTextAsync("Le nombre d'utilisateurs par application doit être entre 1 et");
        await Assertions.Expect(admin.GetByLabel("Renouvellement des mots de passe (jours)")).ToHaveValueAsync("90");
        await admin.GetByLabel("Utilisateurs par application").FillAsync("5");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le contrat" }).ClickAsync();
        await admin.ArriveAsync("**/admin/contrats");
        Assert.Equal(5, await app.WithServicesAsync(s => s.GetRequiredService<GuichetDbContext>().Contracts.Where(c => c.Id == contract.Id).Select(c => c.UsersPerProduct).SingleAsync()));
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Le contrat « {amended} » est enregistré.");
        var row = admin.Locator("tr", new() { HasText = amended });
        await Assertions.Expect(row).ToContainTextAsync("90 jours");
        await Assertions.Expect(row.Locator("td").Nth(5)).ToHaveTextAsync("oui");
        await admin.AssertAccessibleAsync();
    }

    [Fact]
    public async Task Edit_pages_answer_not_found_to_anyone_but_an_administrator()
    {
        var paths = await app.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<GuichetDbContext>();
            return new[]
            {
                $"/admin/organisations/{(await db.Organisations.FirstAsync()).Id}",
                $"/admin/utilisateurs/{(await db.Users.FirstAsync(u => u.Email == "admin@guichet.example")).Id}",
                $"/admin/produits/{(await db.Products.FirstAsync()).Id}",
                $"/admin/files/{(await db.Queues.FirstAsync()).Id}",
                $"/admin/contrats/{(await db.Contracts.FirstAsync()).Id}",
            };
        });

        var admin = await SignInAdminAsync();
        foreach (var path in paths)
        {
            Assert.Equal(200, (await admin.Context.APIRequest.GetAsync(path)).Status);
        }

        Assert.Equal(404, (await admin.Context.APIRequest.GetAsync($"/admin/organisations/{Guid.NewGuid()}")).Status);

        var agent = await app.PageAsAsync("agent-support-un@guichet.example");
        await agent.ArriveAsync("**/bureau");
        var client = await app.PageAsAsync(await app.DemoReferentAsync("kerbrat.example"));
        await client.WaitForHomeAsync();
        foreach (var path in paths)
        {
            Assert.Equal(404, (await agent.Context.APIRequest.GetAsync(path)).Status);
            Assert.Equal(404, (await client.Context.APIRequest.GetAsync(path)).Status);
            Assert.Equal(404, (await agent.Context.APIRequest.PostAsync(path, new() { Form = agent.Context.APIRequest.CreateFormData().Set("Name", "x") })).Status);
        }

        // The account actions too: the administrator's account stays as it was.
        Assert.Equal(404, (await agent.Context.APIRequest.PostAsync(paths[1] + "?handler=Deactivate")).Status);
        Assert.Equal(404, (await agent.Context.APIRequest.PostAsync(paths[1] + "?handler=Password", new() { Form = agent.Context.APIRequest.CreateFormData().Set("NewPassword", "Un mot de passe bien long 42") })).Status);
        Assert.False(await app.WithServicesAsync(s => s.GetRequiredService<GuichetDbContext>().Users
            .Where(u => u.Email == "admin@guichet.example").Select(u => u.MustChangePassword || u.LockoutEnd != null).SingleAsync()));
    }

    private async Task<IPage> SignInAdminAsync()
    {
        var admin = await app.PageAsAsync(Admin);
        await admin.ArriveAsync("**/bureau");
        return admin;
    }
}
