using System.Net;
using Guichet.Data;
using Guichet.Features.Faq;
using Guichet.Features.Statistics;
using Guichet.Tests.Api;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Guichet.Tests.Portal;

/// <summary>
/// Documentation downloads and usage statistics through the pages: an organisation reaches only its products'
/// documents and its own statistics; anything else is a 404. The CSV export cannot carry a formula.
/// </summary>
public abstract partial class PortalResourceTests(GuichetApp app)
{
    private World W => app.World;

    private async Task<Guid> DocumentAsync(Guid product, string title, string content)
    {
        var stored = Guid.NewGuid().ToString("N");
        var directory = Path.Combine(app.DataDirectory, "attachments");
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, stored), content);
        return await app.WithDbAsync(async db =>
        {
            var document = new ProductDocument { ProductId = product, Category = "Manuels", Title = title, FileName = title + ".txt", ContentType = "text/plain", Size = content.Length, StoredName = stored, CreatedAt = app.Clock.GetCurrentInstant() };
            db.Add(document);
            await db.SaveChangesAsync();
            return document.Id;
        });
    }

    [Fact]
    public async Task An_organisation_downloads_only_its_products_documents()
    {
        // Organisation B (and only B) also has the second product.
        await app.WithDbAsync(async db =>
        {
            if (!await db.ContractProducts.AnyAsync(p => p.ContractId == W.B.ContractId && p.ProductId == W.OtherProductId))
            {
                db.ContractProducts.Add(new ContractProduct { ContractId = W.B.ContractId, ProductId = W.OtherProductId });
                await db.SaveChangesAsync();
            }

            return 0;
        });
        var shared = await DocumentAsync(W.ProductId, "Manuel utilisateur", "manuel");
        var onlyB = await DocumentAsync(W.OtherProductId, "Manuel du parapheur", "parapheur");

        var a = await PortalClient.SignInAsync(app, W.A.Simple.Email);
        var b = await PortalClient.SignInAsync(app, W.B.Simple.Email);
        var download = await a.GetAsync($"/documentation/{shared}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("manuel", await download.Content.ReadAsStringAsync());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());

        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/documentation/{onlyB}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/documentation/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await b.GetAsync($"/documentation/{onlyB}")).StatusCode);

        var tree = WebUtility.HtmlDecode(await a.GetStringAsync("/documentation"));
        Assert.Contains("Manuel utilisateur", tree, StringComparison.Ordinal);
        Assert.DoesNotContain("Manuel du parapheur", tree, StringComparison.Ordinal);
        Assert.Contains("Manuel du parapheur", WebUtility.HtmlDecode(await b.GetStringAsync("/documentation")), StringComparison.Ordinal);

        // The administration of documents is not revealed to clients.
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync("/admin/documentation")).StatusCode);
    }

    [Fact]
    public async Task Statistics_are_the_referents_and_show_only_their_organisation()
    {
        Guid[] referents = [W.A.Referent.Id, W.B.Referent.Id];
        await app.WithDbAsync(db => db.Users.Where(u => referents.Contains(u.Id)).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsReferent, true)));
        var created = await app.As(W.A.Referent.Token).PostJsonAsync("/api/v1/tickets", new
        {
            productId = W.ProductId,
            queueId = W.QueueId,
            versionId = W.VersionId,
            serviceType = "bug-applicatif",
            subject = "Statistiques : une demande",
            body = "Pour les statistiques.",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var referentA = await PortalClient.SignInAsync(app, W.A.Referent.Email);
        var page = WebUtility.HtmlDecode(await referentA.GetStringAsync("/statistiques?du=2026-04-01&au=2026-04-30"));
        Assert.Contains("Actes", page, StringComparison.Ordinal);
        Assert.Contains("Prise en charge", page, StringComparison.Ordinal);
        Assert.Contains("<svg role=\"img\"", page, StringComparison.Ordinal);

        var csv = await referentA.GetAsync("/statistiques?handler=csv&du=2026-04-01&au=2026-04-30");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.Contains("Produit;Actes;", text, StringComparison.Ordinal);

        // B's référent sees none of A's tickets; users who are not référents, and staff, do not find the page.
        var referentB = await PortalClient.SignInAsync(app, W.B.Referent.Email);
        var csvB = await referentB.GetStringAsync("/statistiques?handler=csv&du=2026-04-01&au=2026-04-30");
        Assert.Contains("Demandes;0", csvB, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await (await PortalClient.SignInAsync(app, W.A.Simple.Email)).GetAsync("/statistiques")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await PortalClient.SignInAsync(app, W.AgentA.Email)).GetAsync("/statistiques?handler=csv")).StatusCode);
    }

    [Fact]
    public async Task An_internal_objective_is_not_counted_as_a_contract_commitment_and_is_labelled_as_internal()
    {
        // MN's take-charge is an internal objective (contractual: false): a ticket five days old has exceeded it.
        var org = W.ByPreset["mn"];
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == org.Referent.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsReferent, true)));
        var created = await app.As(org.Referent.Token).PostJsonAsync("/api/v1/tickets", new
        {
            productId = W.ProductId,
            queueId = W.QueueId,
            versionId = W.VersionId,
            subject = "Objectif interne",
            body = "Une demande ancienne.",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var number = (await created.ReadAsync()).GetProperty("number").GetInt64();
        var back = Duration.FromDays(5);
        await app.WithDbAsync(async db =>
        {
            var ticket = await db.Tickets.SingleAsync(t => t.Id == number);
            ticket.CreatedAt -= back;
            foreach (var e in await db.TicketEvents.Where(e => e.TicketId == number).ToListAsync())
            {
                e.At -= back;
            }

            return await db.SaveChangesAsync();
        });

        var api = await (await app.As(org.Referent.Token).GetAsync($"/api/v1/tickets/{number}")).ReadAsync();
        var clock = Assert.Single(api.GetProperty("clocks").EnumerateArray(), c => c.GetProperty("id").GetString() == "take-charge");
        Assert.Equal("breached", clock.GetProperty("status").GetString());
        Assert.False(clock.GetProperty("contractual").GetBoolean());

        var referent = await PortalClient.SignInAsync(app, org.Referent.Email);
        var csv = await referent.GetStringAsync("/statistiques?handler=csv&du=2026-04-01&au=2026-04-30");
        Assert.Contains("\r\nPrise en charge;0;0;", csv, StringComparison.Ordinal);
        var ticketPage = WebUtility.HtmlDecode(await referent.GetStringAsync($"/demandes/{number}"));
        Assert.Contains("Prise en charge (objectif interne) :", ticketPage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+33 1 23", "'+33 1 23")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("Actes; Parapheur", "\"Actes; Parapheur\"")]
    [InlineData("Niveau 1 - Majeur", "Niveau 1 - Majeur")]
    public void Csv_cells_cannot_become_formulas(string value, string cell) => Assert.Equal(cell, Csv.Cell(value));

    [Fact]
    public void The_export_escapes_labels()
    {
        var report = new UsageStatistics.Report(new LocalDate(2026, 4, 1), new LocalDate(2026, 4, 30), 1, [new("=cmd|' /C calc'!A0", 1)], [], [], [], []);
        Assert.Contains("Produit;'=cmd|' /C calc'!A0;1", UsageStatistics.ToCsv(report), StringComparison.Ordinal);
    }
}

public sealed class SqlitePortalResourceTests(SqliteApp app) : PortalResourceTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresPortalResourceTests(PostgresApp app) : PortalResourceTests(app), IClassFixture<PostgresApp>;
