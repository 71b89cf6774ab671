using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CsvHelper;
using CsvHelper.Configuration;
using Guichet.Tests.Api;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Guichet.Tests.Portal;

/// <summary>
/// The desk (<c>/bureau</c>) and the client list (<c>/demandes</c>) through HTTP with a signed-in session, on SQLite
/// and PostgreSQL: each tab is a filter of the list, a number opens its ticket (never another organisation's), saved
/// filters belong to their author, a bulk change goes ticket by ticket and reports what was refused, the CSV export
/// holds the view.
/// </summary>
public abstract partial class DeskPageTests(GuichetApp app)
{
    private World W => app.World;

    [Fact]
    public async Task Each_tab_shows_exactly_the_tickets_of_its_filter_with_its_count()
    {
        var prefix = "Vue " + Letters();
        var org = W.A;
        var mine = await CreateAsync(org, $"{prefix} assignée");
        var waiting = await CreateAsync(org, $"{prefix} chez le client");
        var late = await CreateAsync(org, $"{prefix} en retard");
        var today = await CreateAsync(org, $"{prefix} pour aujourd'hui");
        var later = await CreateAsync(org, $"{prefix} plus tard");
        await AdminAsync($"/api/v1/tickets/{mine}/assignment", new { ownerId = W.AgentA.Id });
        await AdminAsync($"/api/v1/tickets/{waiting}/state", new { state = "a-qualifier-client" });

        // The deadlines set where each tab needs them (the SLA's own would depend on the preset's targets).
        var now = app.Clock.GetCurrentInstant();
        var paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];
        var tomorrow = now.InZone(paris).Date.PlusDays(1).AtStartOfDayInZone(paris).ToInstant();
        var dueToday = Instant.Min(now + Duration.FromHours(1), tomorrow - Duration.FromMinutes(1));
        await SetDueAsync(mine, now + Duration.FromDays(3));
        await SetDueAsync(waiting, null);
        await SetDueAsync(late, now - Duration.FromHours(1));
        await SetDueAsync(today, dueToday);
        await SetDueAsync(later, now + Duration.FromDays(3));

        var agent = await PortalClient.SignInAsync(app, W.AgentA.Email);
        var expected = new Dictionary<string, long[]>
        {
            ["mes"] = [mine],
            ["non-assignees"] = [waiting, late, today, later],
            ["client"] = [waiting],
            ["retard"] = [late],
            ["aujourdhui"] = [today],
            ["toutes"] = [mine, waiting, late, today, later],
        };
        foreach (var (tab, numbers) in expected)
        {
            var page = await TextAsync(await agent.GetAsync($"/bureau?vue={tab}&q={Uri.EscapeDataString(prefix)}"));
            Assert.Equal(numbers.Order(), Links(page).Order());
            Assert.Matches($"<a href=\"/bureau\\?vue={tab}&q=[^\"]+\" aria-current=\"page\">[^<]+<span class=\"count\">\\({numbers.Length}\\)</span></a>", page);

            // Every tab's count, on every tab.
            foreach (var (other, its) in expected)
            {
                Assert.Matches($"<a href=\"/bureau\\?vue={other}&q=[^\"]+\"[^>]*>[^<]+<span class=\"count\">\\({its.Length}\\)</span></a>", page);
            }
        }

        // The overdue one says so, in business time with its clock's name; the others say what is left.
        var all = await TextAsync(await agent.GetAsync($"/bureau?q={Uri.EscapeDataString(prefix)}"));
        Assert.Matches($"<span class=\"badge clock-breached\">[^<:]+ : dépassée de [^<]+</span>(?:(?!</tr>).)*href=\"/demandes/{late}\"", Flat(all));
        Assert.Matches($"<span class=\"badge clock-running\">[^<:]+ : reste [^<]+ ouvrées</span>(?:(?!</tr>).)*href=\"/demandes/{later}\"", Flat(all));

        // Who acts: the client for the one waiting for it (its chip says it in text and class), the owner's name for the assigned one.
        Assert.Matches($"href=\"/demandes/{waiting}\">(?:(?!</tr>).)*<span class=\"chip chip-client\">A qualifier par le client</span></td><td>Client</td>", Flat(all));
        Assert.Matches($"href=\"/demandes/{mine}\">(?:(?!</tr>).)*<span class=\"chip chip-provider\">Nouveau</span></td><td>agent</td>", Flat(all));

        // An unknown tab is the whole list, not an error.
        Assert.Equal(5, Links(await TextAsync(await agent.GetAsync($"/bureau?vue=autre&q={Uri.EscapeDataString(prefix)}"))).Count);
    }

    [Fact]
    public async Task The_tab_totals_kept_between_two_views_count_a_change_at_once()
    {
        // The tabs' totals are kept while nothing is written: a ticket created, then assigned, shows in them on the
        // very next view.
        var prefix = "Totaux " + Letters();
        var agent = await PortalClient.SignInAsync(app, W.AgentA.Email);
        var url = $"/bureau?vue=toutes&q={Uri.EscapeDataString(prefix)}";
        string Count(string page, string tab) => Regex.Match(page, $"<a href=\"/bureau\\?vue={tab}&q=[^\"]+\"[^>]*>[^<]+<span class=\"count\">\\((\\d+)\\)</span></a>").Groups[1].Value;

        var first = await TextAsync(await agent.GetAsync(url));
        Assert.Equal("0", Count(first, "toutes"));
        Assert.Equal("0", Count(await TextAsync(await agent.GetAsync(url)), "toutes"));
        var number = await CreateAsync(W.A, $"{prefix} nouvelle");
        var second = await TextAsync(await agent.GetAsync(url));
        Assert.Equal("1", Count(second, "toutes"));
        Assert.Equal("1", Count(second, "non-assignees"));
        Assert.Equal("0", Count(second, "mes"));
        await AdminAsync($"/api/v1/tickets/{number}/assignment", new { ownerId = W.AgentA.Id });
        var third = await TextAsync(await agent.GetAsync(url));
        Assert.Equal("1", Count(third, "mes"));
        Assert.Equal("0", Count(third, "non-assignees"));
    }

    [Fact]
    public async Task A_deadline_reads_the_same_on_the_desk_and_on_the_ticket_page()
    {
        var subject = "Délai " + Letters();
        var number = await CreateAsync(W.A, subject);
        app.Clock.Advance(Duration.FromMinutes(20));
        var admin = await PortalClient.SignInAsync(app, W.Admin.Email);
        var desk = Flat(await TextAsync(await admin.GetAsync($"/bureau?q={Uri.EscapeDataString(subject)}")));
        var onDesk = DeskDeadline().Match(desk);
        Assert.True(onDesk.Success, "No deadline in business time on the desk");
        var (clock, left) = (onDesk.Groups[1].Value, onDesk.Groups[2].Value);

        var ticket = Flat(await TextAsync(await admin.GetAsync($"/demandes/{number}")));
        var onPage = new Regex($"<strong>{Regex.Escape(clock)} :</strong>(?:(?!</li>).)*?\\(reste ([^)]+) ouvrées\\)").Match(ticket);
        Assert.True(onPage.Success, $"The ticket page shows no business time left for « {clock} »");
        Assert.Equal(onPage.Groups[1].Value, left);
    }

    [Fact]
    public async Task A_contract_newer_than_the_cached_names_shows_its_priority_labels_at_once()
    {
        var subject = "Contrat récent " + Letters();
        var number = await CreateAsync(W.A, subject);
        var admin = await PortalClient.SignInAsync(app, W.Admin.Email);
        await TextAsync(await admin.GetAsync("/bureau"));

        // A contract created after the names were read (with another priority scheme), and the ticket moved to it.
        var contract = new Guichet.Data.Contract { OrganisationId = W.A.Id, Name = "e23 récent", PresetId = "e23", StartsOn = new LocalDate(2026, 1, 1) };
        await app.WithDbAsync(async db =>
        {
            db.Contracts.Add(contract);
            await db.SaveChangesAsync();
            return await db.Tickets.Where(t => t.Id == number).ExecuteUpdateAsync(t => t.SetProperty(x => x.ContractId, contract.Id).SetProperty(x => x.Priority, "2"));
        });

        var desk = Flat(await TextAsync(await admin.GetAsync($"/bureau?q={Uri.EscapeDataString(subject)}")));
        Assert.Matches($"href=\"/demandes/{number}\">(?:(?!</tr>).)*<td>Anomalie de criticité 2</td>", desk);
    }

    [Fact]
    public async Task A_number_opens_its_ticket_and_never_another_organisations()
    {
        var own = await CreateAsync(W.A, "Recherche par numéro " + Letters());
        var elsewhere = await CreateAsync(W.ByPreset["mn"], "Demande d'une organisation non servie");

        // The desk: a number (bare, with "#" or as a reference) opens the ticket; one the agent does not serve is not found.
        var agent = await PortalClient.SignInAsync(app, W.AgentA.Email);
        foreach (var typed in new[] { own.ToString(CultureInfo.InvariantCulture), $"#{own}", $"T{own:000000}" })
        {
            var found = await agent.GetAsync($"/bureau?q={Uri.EscapeDataString(typed)}");
            Assert.Equal(HttpStatusCode.Redirect, found.StatusCode);
            Assert.Equal($"/demandes/{own}", found.Headers.Location?.OriginalString);
        }

        var hidden = await TextAsync(await agent.GetAsync($"/bureau?q={elsewhere}"));
        Assert.Empty(Links(hidden));
        Assert.DoesNotContain("Demande d'une organisation non servie", hidden, StringComparison.Ordinal);

        // The client list: the same, within the client's organisation.
        var client = await PortalClient.SignInAsync(app, W.A.Referent.Email);
        var mineFound = await client.GetAsync($"/demandes?q={own}");
        Assert.Equal(HttpStatusCode.Redirect, mineFound.StatusCode);
        Assert.Equal($"/demandes/{own}", mineFound.Headers.Location?.OriginalString);
        var notMine = await TextAsync(await client.GetAsync($"/demandes?statut=all&q={elsewhere}"));
        Assert.Empty(Links(notMine));
        Assert.Contains("Aucune demande ne correspond à ces critères.", notMine, StringComparison.Ordinal);

        // Words still search the subject; the client list shows priority, deadline and who acts, states in the client wording.
        var words = await TextAsync(await client.GetAsync("/demandes?q=" + Uri.EscapeDataString("Recherche par numéro")));
        Assert.Contains(own, Links(words));
        Assert.Contains("<th scope=\"col\">Qui agit</th>", words, StringComparison.Ordinal);
        Assert.Matches($"href=\"/demandes/{own}\">(?:(?!</tr>).)*<span class=\"chip chip-provider\">Reçue, en attente de prise en charge</span></td><td>Le support</td>", Flat(words));
    }

    [Fact]
    public async Task Saved_filters_belong_to_their_author()
    {
        var agent = await PortalClient.SignInAsync(app, W.AgentA.Email);
        var view = "/bureau?vue=retard&q=serveur";

        // A name is required, said next to the field.
        var unnamed = await TextAsync(await agent.PostFormAsync(view, view + "&handler=save", new() { ["filterName"] = " " }));
        Assert.Contains("<span class=\"field-error\" id=\"filterName-error\">", unnamed, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<Features.Tickets.SavedFilter>().CountAsync(f => f.UserId == W.AgentA.Id)));

        var saved = await agent.PostFormAsync(view, view + "&handler=save", new() { ["filterName"] = "Retards serveur" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/bureau?vue=retard&q=serveur", saved.Headers.Location?.OriginalString);
        var desk = await TextAsync(await agent.GetAsync("/bureau"));
        Assert.Contains("<a href=\"/bureau?vue=retard&q=serveur\">Retards serveur</a>", desk, StringComparison.Ordinal);
        var id = await app.WithDbAsync(db => db.Set<Features.Tickets.SavedFilter>().Where(f => f.UserId == W.AgentA.Id).Select(f => f.Id).SingleAsync());

        // Another person neither sees nor deletes it.
        var admin = await PortalClient.SignInAsync(app, W.Admin.Email);
        Assert.DoesNotContain("Retards serveur", await TextAsync(await admin.GetAsync("/bureau")), StringComparison.Ordinal);
        var refused = await admin.PostFormAsync("/bureau", "/bureau?handler=forget", new() { ["id"] = id.ToString() });
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<Features.Tickets.SavedFilter>().CountAsync(f => f.Id == id)));

        // Its author deletes it.
        var deleted = await agent.PostFormAsync("/bureau", "/bureau?handler=forget", new() { ["id"] = id.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.DoesNotContain("Retards serveur", await TextAsync(await agent.GetAsync("/bureau")), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<Features.Tickets.SavedFilter>().CountAsync(f => f.Id == id)));
    }

    [Fact]
    public async Task A_bulk_change_goes_ticket_by_ticket_and_reports_what_was_refused()
    {
        var prefix = "Lot " + Letters();
        var withVersion = await CreateAsync(W.A, $"{prefix} avec version");
        var withoutVersion = await CreateAsync(W.A, $"{prefix} sans version");
        var stale = await CreateAsync(W.A, $"{prefix} modifiée entre-temps");
        await AdminAsync($"/api/v1/tickets/{withVersion}/state", new { state = "en-cours", integrationVersionId = W.VersionId });
        var versions = await app.WithDbAsync(db => db.Tickets.Where(t => t.Subject.StartsWith(prefix)).ToDictionaryAsync(t => t.Id, t => t.Version));

        var agent = await PortalClient.SignInAsync(app, W.AgentA.Email);
        var url = $"/bureau?q={Uri.EscapeDataString(prefix)}";
        var page = await TextAsync(await agent.GetAsync(url));
        Assert.Contains($"aria-label=\"Sélectionner la demande n° T{withVersion:000000}\"", page, StringComparison.Ordinal);

        // Someone changes one ticket after the agent read the list.
        await AdminAsync($"/api/v1/tickets/{stale}/messages", new { text = "Note entre deux lectures.", @internal = true });

        var fields = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", TokenPattern().Match(page).Groups[1].Value),
            new("selection", $"{withVersion}:{versions[withVersion]}"),
            new("selection", $"{withoutVersion}:{versions[withoutVersion]}"),
            new("selection", $"{stale}:{versions[stale]}"),
            new("bulkOwner", W.AgentA.Id.ToString()),
            new("bulkState", "bug-corrige-version"),
        };
        var result = Flat(await TextAsync(await agent.PostAsync(url + "&handler=bulk", new FormUrlEncodedContent(fields))));
        Assert.Contains("Modification groupée : 1 faite(s), 2 refusée(s)", result, StringComparison.Ordinal);
        Assert.Contains($"Fait — T{withVersion:000000} : affectée et passée à l'état « Bug corrigé dans version précisée ».", result, StringComparison.Ordinal);
        Assert.Matches($"Refusé — T{withoutVersion:000000} : affectée, mais changement d'état refusé — [^<]*version", result);
        Assert.Contains($"Refusé — T{stale:000000} : affectation refusée — Le ticket a été modifié depuis votre lecture", result, StringComparison.Ordinal);

        // Each ticket as its own use case left it: nothing lost, nothing done twice.
        var after = await app.WithDbAsync(db => db.Tickets.Where(t => t.Subject.StartsWith(prefix)).ToDictionaryAsync(t => t.Id, t => new { t.OwnerId, t.State }));
        Assert.Equal(new { OwnerId = (Guid?)W.AgentA.Id, State = "bug-corrige-version" }, after[withVersion]);
        Assert.Equal(new { OwnerId = (Guid?)W.AgentA.Id, State = "nouveau" }, after[withoutVersion]);
        Assert.Equal(new { OwnerId = (Guid?)null, State = "nouveau" }, after[stale]);

        // Nothing chosen: said next to the form, nothing changed.
        var empty = await TextAsync(await agent.PostAsync(url + "&handler=bulk", new FormUrlEncodedContent([fields[0], fields[1]])));
        Assert.Contains("Choisissez un propriétaire ou un état à appliquer.", empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_csv_export_holds_the_view_every_page_of_it()
    {
        var prefix = "Export " + Letters();
        var numbers = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            numbers.Add(await CreateAsync(W.A, $"{prefix} n° {(char)('a' + i)}; avec \"guillemets\""));
        }

        await SetDueAsync(numbers[1], app.Clock.GetCurrentInstant() - Duration.FromHours(2));
        var agent = await PortalClient.SignInAsync(app, W.AgentA.Email);
        var query = $"q={Uri.EscapeDataString(prefix)}";
        var page = await TextAsync(await agent.GetAsync($"/bureau?{query}"));
        Assert.Contains($"href=\"/bureau?{query}&format=csv\"", page.Replace("&amp;", "&", StringComparison.Ordinal), StringComparison.Ordinal);

        var response = await agent.GetAsync($"/bureau?{query}&format=csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.StartsWith("Numéro;Objet;Organisation;État;Priorité;Propriétaire;Prochaine échéance;Délai;Temps restant\r\n", text, StringComparison.Ordinal);

        using var reader = new CsvReader(new StringReader(text), new CsvConfiguration(CultureInfo.GetCultureInfo("fr-FR")) { Delimiter = ";" });
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.Parser.Count).Select(i => reader.GetField(i) ?? "").ToArray());
        }

        Assert.Equal(["Numéro", "Objet", "Organisation", "État", "Priorité", "Propriétaire", "Prochaine échéance", "Délai", "Temps restant"], rows[0]);
        var data = rows.Skip(1).ToList();

        // The rows of the view, in its order (the overdue one first), with what the desk shows.
        Assert.Equal(Links(page).Select(n => $"T{n:000000}"), data.Select(r => r[0]));
        Assert.Equal($"T{numbers[1]:000000}", data[0][0]);
        Assert.All(data, r => Assert.Equal("Organisation ls", r[2]));
        Assert.All(data, r => Assert.StartsWith(prefix + " n° ", r[1], StringComparison.Ordinal));
        Assert.Contains(data, r => r[1] == $"{prefix} n° a; avec \"guillemets\"");
        Assert.All(data, r => Assert.Equal("Nouveau", r[3]));
        Assert.All(data, r => Assert.Contains($"<td>{r[4]}</td>", page, StringComparison.Ordinal));
        Assert.Matches("^\\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}$", data[0][6]);
        Assert.StartsWith("dépassée de ", data[0][8], StringComparison.Ordinal);
        Assert.Contains($"{data[0][7]} : {data[0][8]}", page, StringComparison.Ordinal);
    }

    /// <summary>A unique word without digits: a search for a ticket number never matches it.</summary>
    private static string Letters() => string.Concat(Guid.NewGuid().ToString("N")[..10].Select(c => char.IsAsciiDigit(c) ? (char)('g' + (c - '0')) : c));

    private async Task<long> CreateAsync(World.Org org, string subject)
    {
        var created = await app.As(org.Referent.Token).PostJsonAsync("/api/v1/tickets", new { productId = W.ProductId, queueId = W.QueueId, subject, body = "Texte de la demande." });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.ReadAsync()).GetProperty("number").GetInt64();
    }

    private async Task AdminAsync(string url, object body)
    {
        app.Clock.Advance(Duration.FromMinutes(1));
        var done = await app.As(W.Admin.Token).PostJsonAsync(url, body);
        Assert.True(done.StatusCode == HttpStatusCode.OK, await done.Content.ReadAsStringAsync());
    }

    private Task<int> SetDueAsync(long number, Instant? due) =>
        app.WithDbAsync(db => db.Tickets.Where(t => t.Id == number).ExecuteUpdateAsync(t => t.SetProperty(x => x.NextDueAt, due)));

    private static List<long> Links(string html) =>
        [.. TicketLinks().Matches(html).Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];

    private static string Flat(string html) => Regex.Replace(html, ">\\s+<", "><").Replace("\n", " ", StringComparison.Ordinal);

    private static async Task<string> TextAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode} {response.Headers.Location}");
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("<a href=\"/demandes/(\\d+)\">")]
    private static partial Regex TicketLinks();

    [GeneratedRegex("<span class=\"badge clock-[a-z]+\">(?:Bientôt — )?([^<:]+) : reste ([^<]+) ouvrées</span>")]
    private static partial Regex DeskDeadline();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

public sealed class SqliteDeskPageTests(SqliteApp app) : DeskPageTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresDeskPageTests(PostgresApp app) : DeskPageTests(app), IClassFixture<PostgresApp>;
