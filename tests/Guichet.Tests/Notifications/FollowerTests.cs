using System.Net;
using System.Text.Json;
using Guichet.Data;
using Guichet.Features.Accounts;
using Guichet.Features.Notifications;
using Guichet.Tests.Api;
using Guichet.Tests.Portal;
using Microsoft.EntityFrameworkCore;

namespace Guichet.Tests.Notifications;

/// <summary>
/// A ticket's followers: the API (who may add and remove whom, another organisation's ticket not found on every
/// method), the mail they then receive from the real SMTP server (never an internal note), and the ticket page's
/// section, on SQLite and PostgreSQL.
/// </summary>
public abstract class FollowerTests(GuichetApp app)
{
    private World W => app.World;

    [Fact]
    public async Task A_client_adds_and_removes_active_colleagues_of_the_ticket_s_organisation_and_nobody_else()
    {
        var org = W.A;
        var requester = app.As(org.Simple.Token);
        var number = await NewTicketAsync(org.Simple, "Suivi par un collègue");
        var url = $"/api/v1/tickets/{number}/followers";

        // Nobody follows yet; the colleagues who may be added, never the requester.
        var empty = await (await requester.GetAsync(url)).ReadAsync();
        Assert.Equal(0, empty.GetProperty("followers").GetArrayLength());
        var candidates = Ids(empty.GetProperty("candidates"));
        Assert.Contains(org.Referent.Id, candidates);
        Assert.Contains(org.Undeclared.Id, candidates);
        Assert.DoesNotContain(org.Simple.Id, candidates);
        Assert.False(empty.GetProperty("youFollow").GetBoolean());

        // Added, then added again: one row, the same answer.
        var added = await requester.PostJsonAsync(url, new { userId = org.Referent.Id });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var list = await added.ReadAsync();
        var follower = Assert.Single(list.GetProperty("followers").EnumerateArray());
        Assert.Equal(org.Referent.Id, follower.GetProperty("userId").GetGuid());
        Assert.Equal("client", follower.GetProperty("kind").GetString());
        Assert.True(follower.GetProperty("mayRemove").GetBoolean());
        Assert.DoesNotContain(org.Referent.Id, Ids(list.GetProperty("candidates")));
        Assert.Equal(HttpStatusCode.OK, (await requester.PostJsonAsync(url, new { userId = org.Referent.Id })).StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<TicketFollower>().CountAsync(f => f.TicketId == number)));

        // Another organisation's user, staff, an unknown id: the same refusal, with its code, on the field.
        foreach (var other in new[] { W.B.Simple.Id, W.AgentA.Id, Guid.NewGuid() })
        {
            var refused = await requester.PostJsonAsync(url, new { userId = other });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var problem = await refused.ReadAsync();
            Assert.Equal(Followers.NotAllowed, problem.Code());
            Assert.Equal("Seuls vos collègues actifs de l'organisation de la demande peuvent être ajoutés.", problem.GetProperty("errors").GetProperty("userId")[0].GetString());
        }

        // The requester is told already; no one named is a French message too.
        var self = await (await requester.PostJsonAsync(url, new { userId = org.Simple.Id })).ReadAsync();
        Assert.Equal(Followers.AlreadyNotified, self.Code());
        Assert.Contains("reçoit déjà les notifications", self.GetProperty("errors").GetProperty("userId")[0].GetString(), StringComparison.Ordinal);
        var none = await requester.PostJsonAsync(url, new { });
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Equal("Choisissez la personne à informer.", (await none.ReadAsync()).GetProperty("errors").GetProperty("userId")[0].GetString());
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<TicketFollower>().CountAsync(f => f.TicketId == number)));

        // The follower removes themselves; the requester removes a colleague; removing someone not following changes nothing.
        Assert.Equal(HttpStatusCode.NoContent, (await app.As(org.Referent.Token).DeleteAsync($"{url}/{org.Referent.Id}")).StatusCode);
        Assert.Equal(0, (await (await requester.GetAsync(url)).ReadAsync()).GetProperty("followers").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await requester.PostJsonAsync(url, new { userId = org.Undeclared.Id })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await requester.DeleteAsync($"{url}/{org.Undeclared.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await requester.DeleteAsync($"{url}/{W.B.Simple.Id}")).StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Set<TicketFollower>().AnyAsync(f => f.TicketId == number)));
    }

    [Fact]
    public async Task Another_organisation_s_ticket_is_not_found_whatever_the_method()
    {
        var number = await NewTicketAsync(W.A.Simple, "Hors de portée");
        var url = $"/api/v1/tickets/{number}/followers";
        await app.WithDbAsync(db =>
        {
            db.Add(new TicketFollower { TicketId = number, UserId = W.A.Referent.Id, CreatedAt = app.Clock.GetCurrentInstant() });
            return db.SaveChangesAsync();
        });

        // Another organisation's client, and staff serving the organisation but not the ticket's queue.
        foreach (var outsider in new[] { W.B.Referent, W.AgentCommercialA })
        {
            var client = app.As(outsider.Token);
            var answers = new[]
            {
                await client.GetAsync(url),
                await client.PostJsonAsync(url, new { userId = outsider.Id }),
                await client.DeleteAsync($"{url}/{W.A.Referent.Id}"),
                await client.GetAsync($"/api/v1/tickets/{number + 1000}/followers"),
            };
            foreach (var answer in answers)
            {
                Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
                Assert.Equal("not_found", (await answer.ReadAsync()).Code());
            }
        }

        Assert.Equal([W.A.Referent.Id], await app.WithDbAsync(db => db.Set<TicketFollower>().Where(f => f.TicketId == number).Select(f => f.UserId).ToListAsync()));
    }

    [Fact]
    public async Task Staff_follow_a_ticket_themselves_add_client_colleagues_and_no_other_staff()
    {
        var number = await NewTicketAsync(W.A.Simple, "Suivie par l'équipe");
        var url = $"/api/v1/tickets/{number}/followers";
        var agent = app.As(W.AgentA.Token);

        var followed = await (await agent.PostJsonAsync(url, new { userId = W.AgentA.Id })).ReadAsync();
        Assert.True(followed.GetProperty("youFollow").GetBoolean());
        Assert.Equal("staff", Assert.Single(followed.GetProperty("followers").EnumerateArray()).GetProperty("kind").GetString());
        Assert.Equal(HttpStatusCode.OK, (await agent.PostJsonAsync(url, new { userId = W.A.Referent.Id })).StatusCode);

        // Another staff member is refused; an administrator follows by themselves.
        var otherStaff = await agent.PostJsonAsync(url, new { userId = W.Admin.Id });
        Assert.Equal(HttpStatusCode.BadRequest, otherStaff.StatusCode);
        Assert.Equal(Followers.NotAllowed, (await otherStaff.ReadAsync()).Code());
        Assert.Equal(HttpStatusCode.OK, (await app.As(W.Admin.Token).PostJsonAsync(url, new { userId = W.Admin.Id })).StatusCode);

        // The client sees the client followers only; staff see all three.
        var seenByClient = await (await app.As(W.A.Simple.Token).GetAsync(url)).ReadAsync();
        Assert.Equal([W.A.Referent.Id], Ids(seenByClient.GetProperty("followers")));
        Assert.Equal(3, (await (await agent.GetAsync(url)).ReadAsync()).GetProperty("followers").GetArrayLength());

        // Nobody removes a staff member but themselves.
        var removeOther = await agent.DeleteAsync($"{url}/{W.Admin.Id}");
        Assert.Equal(HttpStatusCode.Forbidden, removeOther.StatusCode);
        Assert.Equal(Followers.NotAllowed, (await removeOther.ReadAsync()).Code());
        Assert.Equal(HttpStatusCode.Forbidden, (await app.As(W.A.Simple.Token).DeleteAsync($"{url}/{W.AgentA.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await agent.DeleteAsync($"{url}/{W.AgentA.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await agent.DeleteAsync($"{url}/{W.A.Referent.Id}")).StatusCode);
        Assert.Equal([W.Admin.Id], await app.WithDbAsync(db => db.Set<TicketFollower>().Where(f => f.TicketId == number).Select(f => f.UserId).ToListAsync()));
    }

    [Fact]
    public async Task A_follower_receives_the_reply_by_mail_and_never_an_internal_note()
    {
        var org = W.ByPreset["mn"];
        var number = await NewTicketAsync(org.Simple, "Colis perdu");
        var url = $"/api/v1/tickets/{number}/followers";
        var requester = app.As(org.Simple.Token);
        // Nobody serves this organisation: the administrator answers, and follows the ticket.
        var agent = app.As(W.Admin.Token);
        Assert.Equal(HttpStatusCode.OK, (await requester.PostJsonAsync(url, new { userId = org.Referent.Id })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await requester.PostJsonAsync(url, new { userId = org.Undeclared.Id })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostJsonAsync(url, new { userId = W.Admin.Id })).StatusCode);
        await NotificationTests.DispatchAndDeliverAsync(app, number);

        // An internal note: nobody, least of all a client follower, is told.
        Assert.Equal(HttpStatusCode.OK, (await agent.PostJsonAsync($"/api/v1/tickets/{number}/messages", new { text = "Note : le transporteur est en faute.", @internal = true })).StatusCode);
        Assert.Empty(await NotificationTests.DispatchAndDeliverAsync(app, number));

        // A public reply: the requester and both client followers, each in their own mail, without the note.
        Assert.Equal(HttpStatusCode.OK, (await agent.PostJsonAsync($"/api/v1/tickets/{number}/messages", new { text = "Nous relançons le transporteur.", @internal = false })).StatusCode);
        var replies = await NotificationTests.DispatchAndDeliverAsync(app, number);
        Assert.Equal(
            new[] { org.Referent.Email, org.Simple.Email, org.Undeclared.Email }.Order().ToList(),
            replies.Where(m => m.Row.Kind == NotificationKind.Reply.Id).Select(m => m.Row.To).Order().ToList());
        var toFollower = replies.Single(m => m.Row.To == org.Referent.Email).Mail;
        Assert.Contains("Nous relançons le transporteur.", toFollower.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("transporteur est en faute", toFollower.TextBody + toFollower.HtmlBody, StringComparison.Ordinal);
        Assert.Equal(org.Referent.Email, Assert.Single(toFollower.To.Mailboxes).Address);

        // A deactivated follower is no longer offered nor told; the administrator who follows hears the client's answer.
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == org.Undeclared.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.LockoutEnd, AccountStatus.DeactivatedUntil)));
        var list = await (await requester.GetAsync(url)).ReadAsync();
        Assert.True(list.GetProperty("followers").EnumerateArray().Single(f => f.GetProperty("userId").GetGuid() == org.Undeclared.Id).GetProperty("deactivated").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await requester.PostJsonAsync($"/api/v1/tickets/{number}/replies", new { action = "reply-and-chase", text = "Merci." })).StatusCode);
        var answer = await NotificationTests.DispatchAndDeliverAsync(app, number);
        Assert.Contains(answer, m => m.Row.To == W.Admin.Email && m.Row.Kind == NotificationKind.ClientChase.Id);
        Assert.DoesNotContain(answer, m => m.Row.To == org.Undeclared.Email || m.Row.To == org.Referent.Email);

        Assert.Equal(HttpStatusCode.OK, (await agent.PostJsonAsync($"/api/v1/tickets/{number}/messages", new { text = "Colis retrouvé.", @internal = false })).StatusCode);
        Assert.DoesNotContain(await NotificationTests.DispatchAndDeliverAsync(app, number), m => m.Row.To == org.Undeclared.Email);
    }

    [Fact]
    public async Task The_ticket_page_adds_and_removes_a_colleague_says_a_refusal_next_to_the_field_and_lets_staff_follow()
    {
        var org = W.B;
        var number = await NewTicketAsync(org.Simple, "Page des personnes informées");
        var path = $"/demandes/{number}";
        var client = await PortalClient.SignInAsync(app, org.Simple.Email);

        var page = await TextAsync(await client.GetAsync(path));
        Assert.Contains("<h2 id=\"informees\">Personnes informées</h2>", page, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{org.Referent.Id}\">referent</option>", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"<option value=\"{org.Simple.Id}\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Suivre cette demande", page, StringComparison.Ordinal);

        // Another organisation's user: the French message next to the select, which says it is invalid.
        var refused = await TextAsync(await client.PostFormAsync(path, $"{path}?handler=addFollower", new() { ["userId"] = W.A.Simple.Id.ToString() }));
        Assert.Contains("<span class=\"field-error\" id=\"followerId-error\">Seuls vos collègues actifs de l'organisation de la demande peuvent être ajoutés.</span>", refused, StringComparison.Ordinal);
        Assert.Contains("id=\"followerId\" name=\"userId\" aria-describedby=\"followerId-error\" aria-invalid=\"true\"", refused, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#followerId\">", refused, StringComparison.Ordinal);

        // Added: said, listed with its remove button, no longer offered; then removed.
        var added = await client.PostFormAsync(path, $"{path}?handler=addFollower", new() { ["userId"] = org.Referent.Id.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        page = await TextAsync(await client.GetAsync(path));
        Assert.Contains("referent recevra les nouvelles de cette demande par courriel.", page, StringComparison.Ordinal);
        Assert.Contains("Retirer<span class=\"visually-hidden\"> referent</span>", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"<option value=\"{org.Referent.Id}\">", page, StringComparison.Ordinal);
        var removed = await client.PostFormAsync(path, $"{path}?handler=removeFollower", new() { ["userId"] = org.Referent.Id.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Contains("referent ne recevra plus les nouvelles de cette demande.", await TextAsync(await client.GetAsync(path)), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Set<TicketFollower>().AnyAsync(f => f.TicketId == number)));

        // Another organisation's ticket: the page's handlers answer 404.
        var other = await NewTicketAsync(W.A.Simple, "Pas la vôtre");
        var token = await client.PostFormAsync(path, $"/demandes/{other}?handler=addFollower", new() { ["userId"] = org.Referent.Id.ToString() });
        Assert.Equal(HttpStatusCode.NotFound, token.StatusCode);

        // Staff follow and stop following from the page.
        var agent = await PortalClient.SignInAsync(app, W.AgentA.Email);
        var staffPath = $"/demandes/{other}";
        Assert.Contains("Suivre cette demande</button>", await TextAsync(await agent.GetAsync(staffPath)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await agent.PostFormAsync(staffPath, $"{staffPath}?handler=addFollower", new() { ["userId"] = W.AgentA.Id.ToString() })).StatusCode);
        page = await TextAsync(await agent.GetAsync(staffPath));
        Assert.Contains("Vous suivez cette demande", page, StringComparison.Ordinal);
        Assert.Contains("Ne plus suivre</button>", page, StringComparison.Ordinal);
        Assert.Equal([W.AgentA.Id], await app.WithDbAsync(db => db.Set<TicketFollower>().Where(f => f.TicketId == other).Select(f => f.UserId).ToListAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await agent.PostFormAsync(staffPath, $"{staffPath}?handler=removeFollower", new() { ["userId"] = W.AgentA.Id.ToString() })).StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Set<TicketFollower>().AnyAsync(f => f.TicketId == other)));
    }

    private async Task<long> NewTicketAsync(World.Person requester, string subject)
    {
        var created = await app.As(requester.Token).PostJsonAsync("/api/v1/tickets", new { productId = W.ProductId, queueId = W.QueueId, subject, body = "Texte de la demande." });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.ReadAsync()).GetProperty("number").GetInt64();
    }

    private static List<Guid> Ids(JsonElement people) => [.. people.EnumerateArray().Select(p => p.GetProperty("userId").GetGuid())];

    private static async Task<string> TextAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }
}

public sealed class SqliteFollowerTests(SqliteNotificationApp app) : FollowerTests(app), IClassFixture<SqliteNotificationApp>;

public sealed class PostgresFollowerTests(PostgresNotificationApp app) : FollowerTests(app), IClassFixture<PostgresNotificationApp>;
