using Microsoft.Playwright;

namespace Guichet.Browser.Tests;

/// <summary>The administration pages: an administrator sets up a new organisation up to its first user's first ticket form.</summary>
public sealed class AdminTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Admin = "admin@guichet.example";
    private const string FirstPassword = "Provisoire-Mimosa-Cormoran-2026";
    private const string NewPassword = "Goéland rieur au-dessus du port 9";

    [Fact]
    public async Task An_administrator_sets_up_an_organisation_whose_new_user_can_submit_on_its_product()
    {
        var admin = await app.NewPageAsync();
        await admin.SignInAsync(Admin, Features.Demo.DemoData.Password);
        await admin.WaitForURLAsync("**/bureau");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Administration" }).ClickAsync();
        await admin.WaitForURLAsync("**/admin");
        await Assertions.Expect(admin.GetByRole(AriaRole.Link, new() { Name = "Administration" })).ToHaveAttributeAsync("aria-current", "page");
        await Assertions.Expect(admin.GetByRole(AriaRole.Link, new() { Name = "Simulateur de délais" })).ToHaveAttributeAsync("href", "/admin/simulateur");
        await admin.AssertAccessibleAsync();

        // Organisation: a SIRET with a wrong check digit first, then the right one; what was typed stays.
        await admin.GetByRole(AriaRole.Link, new() { Name = "Organisations" }).ClickAsync();
        await admin.WaitForURLAsync("**/admin/organisations");
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
        await admin.GetByLabel("Mot de passe initial").FillAsync("trop court");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Créer le compte" }).ClickAsync();
        await Assertions.Expect(admin.Locator(".error-summary")).ToContainTextAsync("L'adresse e-mail doit être nominative");
        await Assertions.Expect(admin.Locator(".error-summary")).ToContainTextAsync("au moins 12 caractères");
        await Assertions.Expect(admin.GetByLabel("Prénom et nom")).ToHaveValueAsync("Morgane Kerlann");
        await Assertions.Expect(admin.GetByLabel("Registre des arrêtés", new() { Exact = true })).ToBeCheckedAsync();
        await admin.AssertAccessibleAsync();
        await admin.GetByLabel("Adresse e-mail").FillAsync("morgane.kerlann@locmaria.example");
        await admin.GetByLabel("Mot de passe initial").FillAsync(FirstPassword);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Créer le compte" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("est créé");
        await Assertions.Expect(admin.Locator("table")).ToContainTextAsync("morgane.kerlann@locmaria.example");
        await admin.AssertAccessibleAsync();

        // The new user's first sign-in: own password, privacy notice, then the form offers the product.
        var user = await app.NewPageAsync();
        await user.SignInAsync("morgane.kerlann@locmaria.example", FirstPassword);
        await user.WaitForURLAsync("**/mot-de-passe/changer");
        await user.GetByLabel("Mot de passe actuel").FillAsync(FirstPassword);
        await user.GetByLabel("Nouveau mot de passe").FillAsync(NewPassword);
        await user.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le mot de passe" }).ClickAsync();
        await user.WaitForURLAsync("**/confidentialite");
        await user.GetByRole(AriaRole.Button, new() { Name = "J'ai pris connaissance de cette information" }).ClickAsync();
        await user.WaitForURLAsync("**/demandes");
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
        var agent = await app.NewPageAsync();
        await agent.SignInAsync("agent-support-un@guichet.example", Features.Demo.DemoData.Password);
        await agent.WaitForURLAsync("**/bureau");
        await Assertions.Expect(agent.GetByRole(AriaRole.Link, new() { Name = "Administration" })).ToHaveCountAsync(0);
        var response = await agent.Context.APIRequest.GetAsync(path);
        Assert.Equal(404, response.Status);

        // A form post is refused the same way.
        var post = await agent.Context.APIRequest.PostAsync(path, new() { Form = agent.Context.APIRequest.CreateFormData().Set("Name", "x") });
        Assert.Equal(404, post.Status);
    }
}
