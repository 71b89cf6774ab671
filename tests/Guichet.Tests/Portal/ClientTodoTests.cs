using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Guichet.Tests.Api;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;

namespace Guichet.Tests.Portal;

/// <summary>
/// What a client must do, through HTTP with a signed-in session, on SQLite and PostgreSQL: the home's count leads to
/// the list of exactly the requests waiting for them, a ticket waiting for them says so first (with its automatic
/// closing date when it has one), and a solution to validate is confirmed or refused with a reason.
/// </summary>
public abstract partial class ClientTodoTests(GuichetApp app)
{
    private World W => app.World;

    [Fact]
    public async Task The_homes_count_of_what_waits_for_the_client_leads_to_exactly_those_requests()
    {
        // Organisation "at": one request to answer, one solution to validate, one with the support; "ls" has one
        // waiting for its own client.
        var org = W.ByPreset["at"];
        var toAnswer = await CreateAsync(org, "Demande à compléter", "a-qualifier-client");
        var toValidate = await CreateAsync(org, "Demande traitée à valider", "traite-interlocuteur");
        var withSupport = await CreateAsync(org, "Demande chez le support", null);
        var elsewhere = await CreateAsync(W.ByPreset["ls"], "Demande d'une autre organisation", "traite-interlocuteur");

        var client = await PortalClient.SignInAsync(app, org.Referent.Email);
        var home = await TextAsync(await client.GetAsync("/"));
        Assert.Matches("<a href=\"/demandes\\?statut=client\"><strong>2</strong>\\s*attendent une réponse ou une validation de votre part</a>", home);

        // What the client must do comes first: before the news and the counts.
        var todo = home.IndexOf("À faire de votre part", StringComparison.Ordinal);
        Assert.True(todo > 0 && todo < home.IndexOf("Vos demandes en bref", StringComparison.Ordinal));
        Assert.Contains($"href=\"/demandes/{toAnswer}\"", home, StringComparison.Ordinal);
        Assert.Contains("Solution à valider", home, StringComparison.Ordinal);
        Assert.Contains("Réponse attendue", home, StringComparison.Ordinal);

        var list = await TextAsync(await client.GetAsync("/demandes?statut=client"));
        Assert.Contains("<option value=\"client\" selected=\"selected\">En attente de votre part</option>", list, StringComparison.Ordinal);
        Assert.Equal([toAnswer, toValidate], TicketLinks().Matches(list).Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Order());
        Assert.DoesNotContain(withSupport.ToString(CultureInfo.InvariantCulture), string.Join(",", TicketLinks().Matches(list).Select(m => m.Value)), StringComparison.Ordinal);
        Assert.DoesNotContain("Demande d'une autre organisation", list, StringComparison.Ordinal);
        Assert.NotEqual(0, elsewhere);

        // The API has the same filter; an unknown one is refused in French.
        var api = await (await app.As(org.Referent.Token).GetAsync("/api/v1/tickets?status=client")).ReadAsync();
        Assert.Equal(2, api.GetProperty("total").GetInt32());
        var refused = await app.As(org.Referent.Token).GetAsync("/api/v1/tickets?status=attente");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Valeurs possibles : open, closed, client, all.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ticket_waiting_for_its_client_says_what_is_expected_and_by_when_first()
    {
        var org = W.ByPreset["e23"];
        var number = await CreateAsync(org, "Demande pour le bandeau", null);
        var client = await PortalClient.SignInAsync(app, org.Referent.Email);
        var admin = await PortalClient.SignInAsync(app, W.Admin.Email);

        // With the support: no banner.
        var page = await TextAsync(await client.GetAsync($"/demandes/{number}"));
        Assert.DoesNotContain("id=\"a-faire\"", page, StringComparison.Ordinal);

        // An answer is expected: said, with the way to the reply form; no closing date (no automatic transition).
        await MoveAsync(number, "a-qualifier-client");
        page = await TextAsync(await client.GetAsync($"/demandes/{number}"));
        Assert.Contains("<h2 id=\"a-faire\">Le support attend votre réponse</h2>", page, StringComparison.Ordinal);
        Assert.Contains("<a class=\"button\" href=\"#Text\">Répondre au support</a>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("close automatiquement", page, StringComparison.Ordinal);
        Assert.True(page.IndexOf("id=\"a-faire\"", StringComparison.Ordinal) < page.IndexOf("id=\"delais\"", StringComparison.Ordinal));

        // A solution to validate: said, with the date of the automatic closing (20 days after the state's entry).
        await MoveAsync(number, "traite-interlocuteur");
        var entered = await app.WithDbAsync(db => db.Tickets.Where(t => t.Id == number).Select(t => t.StateChangedAt).SingleAsync());
        var closes = (entered + Duration.FromDays(20)).InZone(DateTimeZoneProviders.Tzdb["Europe/Paris"]).LocalDateTime;
        page = await TextAsync(await client.GetAsync($"/demandes/{number}"));
        Assert.Contains("<h2 id=\"a-faire\">Le support vous demande de valider la solution</h2>", page, StringComparison.Ordinal);
        Assert.Contains($"la demande sera close automatiquement après le <time datetime=\"{InstantPattern.ExtendedIso.Format(entered + Duration.FromDays(20))}\">{LocalDateTimePattern.Create("dddd d MMMM yyyy 'à' HH:mm", CultureInfo.GetCultureInfo("fr-FR")).Format(closes)}</time>", page, StringComparison.Ordinal);
        Assert.Contains(">Confirmer la résolution</button>", page, StringComparison.Ordinal);
        Assert.Contains(">Ce n'est pas résolu</button>", page, StringComparison.Ordinal);

        // Staff see the ticket without the client's banner or buttons.
        var staff = await TextAsync(await admin.GetAsync($"/demandes/{number}"));
        Assert.DoesNotContain("id=\"a-faire\"", staff, StringComparison.Ordinal);
        Assert.DoesNotContain("Confirmer la résolution", staff, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_solution_is_confirmed_or_refused_with_a_reason()
    {
        var org = W.ByPreset["es26"];
        var number = await CreateAsync(org, "Demande à valider", "traite-interlocuteur");
        var client = await PortalClient.SignInAsync(app, org.Referent.Email);
        var url = $"/demandes/{number}";

        // Not solved, without a reason: the French message next to the field, nothing changed.
        var refused = await client.PostFormAsync(url, url + "?handler=reopen", new() { ["Reason"] = "   " });
        var text = await TextAsync(refused);
        Assert.Contains("<span class=\"field-error\" id=\"Reason-error\">Dites ce qui n'est pas résolu : le support en a besoin pour reprendre votre demande.</span>", text, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"reason-hint Reason-error\" aria-invalid=\"true\"", text, StringComparison.Ordinal);
        Assert.Equal("traite-interlocuteur", await StateAsync(number));

        // With a reason: reopened (the client's reply), the reason in the thread.
        var reopened = await client.PostFormAsync(url, url + "?handler=reopen", new() { ["Reason"] = "L'export plante encore sur les gros fichiers." });
        Assert.Equal(HttpStatusCode.Redirect, reopened.StatusCode);
        Assert.Equal("retour-information-client", await StateAsync(number));
        var page = await TextAsync(await client.GetAsync(url));
        Assert.Contains("L'export plante encore sur les gros fichiers.", page, StringComparison.Ordinal);
        Assert.Contains("Votre demande est rouverte : le support reprend son traitement.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"a-faire\"", page, StringComparison.Ordinal);

        // Solved again, confirmed: closed by the client.
        await MoveAsync(number, "traite-interlocuteur");
        var confirmed = await client.PostFormAsync(url, url + "?handler=confirm", new());
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal("clos-par-le-client", await StateAsync(number));
        Assert.True(await app.WithDbAsync(db => db.Tickets.Where(t => t.Id == number).Select(t => t.IsClosed).SingleAsync()));
        page = await TextAsync(await client.GetAsync(url));
        Assert.Contains("la résolution est confirmée et votre demande est close.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Confirmer la résolution", page, StringComparison.Ordinal);

        // A closed ticket: confirming again changes nothing and says why.
        var again = await client.PostFormAsync(url, url + "?handler=confirm", new());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("clos-par-le-client", await StateAsync(number));
    }

    [Fact]
    public async Task A_client_reads_states_from_their_side_and_staff_read_the_contracts_wording()
    {
        var org = W.ByPreset["ls"];
        var number = await CreateAsync(org, "Demande aux deux libellés", "a-qualifier-client");
        // The test world's "référent" user is made one for the statistics page (référents only).
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == org.Referent.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsReferent, true)));
        var client = await PortalClient.SignInAsync(app, org.Referent.Email);
        var admin = await PortalClient.SignInAsync(app, W.Admin.Email);

        var asClient = await TextAsync(await client.GetAsync($"/demandes/{number}"));
        Assert.Contains("<dt>État</dt><dd>En attente de votre réponse</dd>", asClient, StringComparison.Ordinal);
        Assert.DoesNotContain("A qualifier par le client", asClient, StringComparison.Ordinal);
        var list = await TextAsync(await client.GetAsync("/demandes?statut=client"));
        Assert.Contains("En attente de votre réponse", list, StringComparison.Ordinal);
        Assert.DoesNotContain("A qualifier par le client", list, StringComparison.Ordinal);

        var statistics = await TextAsync(await client.GetAsync("/statistiques"));
        Assert.Contains("En attente de votre réponse", statistics, StringComparison.Ordinal);
        Assert.DoesNotContain("A qualifier par le client", statistics, StringComparison.Ordinal);

        var asStaff = await TextAsync(await admin.GetAsync($"/demandes/{number}"));
        Assert.Contains("<dt>État</dt><dd>A qualifier par le client</dd>", asStaff, StringComparison.Ordinal);

        // Every state of the reference workflow has its client wording, and no client wording is staff jargon.
        foreach (var state in Guichet.Domain.Tickets.ReferenceWorkflow.Instance.States)
        {
            Assert.False(string.IsNullOrWhiteSpace(state.ClientLabel), $"{state.Id} has no client label");
            Assert.DoesNotContain("A qualifier", state.ClientLabel, StringComparison.Ordinal);
        }
    }

    private async Task<long> CreateAsync(World.Org org, string subject, string? state)
    {
        var created = await app.As(org.Referent.Token).PostJsonAsync("/api/v1/tickets", new { productId = W.ProductId, queueId = W.QueueId, subject, body = "Texte de la demande." });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var number = (await created.ReadAsync()).GetProperty("number").GetInt64();
        if (state is not null)
        {
            await MoveAsync(number, state);
        }

        return number;
    }

    private async Task MoveAsync(long number, string state)
    {
        app.Clock.Advance(Duration.FromMinutes(5));
        var moved = await app.As(W.Admin.Token).PostJsonAsync($"/api/v1/tickets/{number}/state", new { state });
        Assert.True(moved.StatusCode == HttpStatusCode.OK, await moved.Content.ReadAsStringAsync());
    }

    private Task<string> StateAsync(long number) => app.WithDbAsync(db => db.Tickets.Where(t => t.Id == number).Select(t => t.State).SingleAsync());

    private static async Task<string> TextAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode} {response.Headers.Location}");
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("<a href=\"/demandes/(\\d+)\">")]
    private static partial Regex TicketLinks();
}

public sealed class SqliteClientTodoTests(SqliteApp app) : ClientTodoTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresClientTodoTests(PostgresApp app) : ClientTodoTests(app), IClassFixture<PostgresApp>;
