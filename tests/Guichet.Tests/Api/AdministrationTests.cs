using System.Net;
using Guichet.Data;
using Guichet.Features.Accounts;
using Guichet.Features.Admin;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Guichet.Tests.Api;

/// <summary>
/// What the administration pages do to accounts and tickets, seen through the API on each database: a deactivated
/// account, an administrator's new initial password, a contract's new policy re-dating its open tickets.
/// </summary>
public abstract class AdministrationTests(GuichetApp app)
{
    private World W => app.World;

    private async Task<T> WithAccountsAsync<T>(Func<UserManager<User>, GuichetDbContext, User, Task<T>> action, Guid userId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuichetDbContext>();
        var user = await db.Users.SingleAsync(u => u.Id == userId);
        return await action(scope.ServiceProvider.GetRequiredService<UserManager<User>>(), db, user);
    }

    [Fact]
    public async Task A_deactivated_account_is_refused_everywhere_until_reactivated()
    {
        var person = W.ByPreset["es26"].Undeclared;
        var anonymous = app.As(null);
        Assert.True((await WithAccountsAsync((users, db, user) => AccountStatus.DeactivateAsync(users, db, user, app.Clock.GetCurrentInstant(), default), person.Id)).Succeeded);

        // Stored and read back as deactivated (the far lockout end survives the database's precision).
        Assert.True(await WithAccountsAsync((_, _, user) => Task.FromResult(AccountStatus.IsDeactivated(user)), person.Id));

        var login = await anonymous.PostJsonAsync("/api/v1/auth/login", new { email = person.Email, password = GuichetApp.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.Equal("invalid_credentials", (await login.ReadAsync()).Code());
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.As(person.Token).GetAsync("/api/v1/me")).StatusCode);

        // Years later it is still closed, and the forgotten-password path neither mails nor reopens it.
        app.Clock.Advance(Duration.FromDays(3 * 365));
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostJsonAsync("/api/v1/auth/login", new { email = person.Email, password = GuichetApp.Password })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.PostJsonAsync("/api/v1/auth/forgot-password", new { email = person.Email })).StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.Outbox.CountAsync(m => m.To == person.Email)));
        var code = await WithAccountsAsync((users, _, user) => users.GeneratePasswordResetTokenAsync(user), person.Id);
        var reset = await anonymous.PostJsonAsync("/api/v1/auth/reset-password", new { email = person.Email, token = code, newPassword = "Boussole-Fanal-Embrun-61" });
        Assert.Equal(HttpStatusCode.BadRequest, reset.StatusCode);
        Assert.Equal("invalid_token", (await reset.ReadAsync()).Code());
        Assert.True(await WithAccountsAsync((_, _, user) => Task.FromResult(AccountStatus.IsDeactivated(user)), person.Id));

        // Reactivated: the password works again; the tokens revoked at deactivation stay revoked.
        Assert.True((await WithAccountsAsync((users, _, user) => AccountStatus.ReactivateAsync(users, user), person.Id)).Succeeded);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostJsonAsync("/api/v1/auth/login", new { email = person.Email, password = GuichetApp.Password })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.As(person.Token).GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task An_administrators_new_password_must_be_changed_and_lifts_a_lockout()
    {
        var person = W.ByPreset["at"].Undeclared;
        var anonymous = app.As(null);
        for (var i = 0; i < 5; i++)
        {
            await anonymous.PostJsonAsync("/api/v1/auth/login", new { email = person.Email, password = "mauvais " + i });
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostJsonAsync("/api/v1/auth/login", new { email = person.Email, password = GuichetApp.Password })).StatusCode);

        var weak = await WithAccountsAsync((users, db, user) => AccountStatus.SetInitialPasswordAsync(users, db, user, "motdepasse12", app.Clock.GetCurrentInstant(), default), person.Id);
        Assert.False(weak.Succeeded);
        Assert.False(await app.WithDbAsync(db => db.Users.Where(u => u.Id == person.Id).Select(u => u.MustChangePassword).SingleAsync()));

        const string Initial = "Provisoire-Héron-Balise-2026";
        Assert.True((await WithAccountsAsync((users, db, user) => AccountStatus.SetInitialPasswordAsync(users, db, user, Initial, app.Clock.GetCurrentInstant(), default), person.Id)).Succeeded);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.As(person.Token).GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostJsonAsync("/api/v1/auth/login", new { email = person.Email, password = GuichetApp.Password })).StatusCode);
        var login = await (await anonymous.PostJsonAsync("/api/v1/auth/login", new { email = person.Email, password = Initial })).ReadAsync();
        Assert.True(login.GetProperty("mustChangePassword").GetBoolean());
        var blocked = await app.As(login.GetProperty("token").GetString()).GetAsync("/api/v1/tickets");
        Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
        Assert.Equal("password_change_required", (await blocked.ReadAsync()).Code());
    }

    [Fact]
    public async Task A_new_contract_policy_re_dates_the_open_tickets_of_the_contract()
    {
        var response = await app.As(W.A.Referent.Token).PostJsonAsync("/api/v1/tickets", new
        {
            productId = W.ProductId,
            queueId = W.QueueId,
            versionId = W.VersionId,
            serviceType = "bug-applicatif",
            priority = "2",
            subject = "Échéance recalculée",
            body = "Le bordereau est refusé.",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var number = (await response.ReadAsync()).GetProperty("number").GetInt64();
        var before = await NextDueAsync();

        // The LS policy with a 2-hour take-charge for priority 2 instead of 12, as an administrator saves it.
        var own = Guichet.Domain.Presets.PresetCatalog.ReadJson("ls")
            .Replace("\"id\": \"ls\"", "\"id\": \"ls-ville\"", StringComparison.Ordinal)
            .Replace("\"2\": \"business-hours:12\"", "\"2\": \"business-hours:2\"", StringComparison.Ordinal);
        await SetPolicyAsync(own);
        var after = await NextDueAsync();
        Assert.True(after < before, $"{after} should come before {before}");
        var ticket = await (await app.As(W.AgentA.Token).GetAsync($"/api/v1/tickets/{number}")).ReadAsync();
        var takeCharge = ticket.GetProperty("clocks").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "take-charge");
        Assert.Equal(after.ToString(), takeCharge.GetProperty("due").GetString());

        await SetPolicyAsync(null);
        Assert.Equal(before, await NextDueAsync());

        Task<Instant?> NextDueAsync() => app.WithDbAsync(db => db.Tickets.Where(t => t.Id == number).Select(t => t.NextDueAt).SingleAsync());

        async Task SetPolicyAsync(string? policy) => await app.WithDbAsync(async db =>
        {
            await db.Contracts.Where(c => c.Id == W.A.ContractId).ExecuteUpdateAsync(u => u.SetProperty(c => c.Policy, policy));
            return await TicketSummaries.RefreshOpenAsync(db, t => t.ContractId == W.A.ContractId, app.Clock.GetCurrentInstant(), default);
        });
    }

    [Fact]
    public async Task A_deactivated_agent_is_no_longer_offered_nor_accepted_as_owner()
    {
        var agent = await app.WithDbAsync(async db =>
        {
            var user = new User { UserName = "agent-parti@guichet.test", Email = "agent-parti@guichet.test", DisplayName = "Agent Parti", Kind = UserKind.Staff, Roles = StaffRoles.Agent, CreatedAt = app.Clock.GetCurrentInstant() };
            db.Users.Add(user);
            db.StaffOrganisations.Add(new StaffOrganisation { UserId = user.Id, OrganisationId = W.A.Id });
            await db.SaveChangesAsync();
            return user.Id;
        });
        var response = await app.As(W.A.Referent.Token).PostJsonAsync("/api/v1/tickets", new
        {
            productId = W.ProductId,
            queueId = W.QueueId,
            versionId = W.VersionId,
            subject = "Affectation",
            body = "À affecter.",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var number = (await response.ReadAsync()).GetProperty("number").GetInt64();

        // Serving the organisation, the agent may own the ticket; deactivated, no longer (and the pages stop offering them).
        Assert.Equal(HttpStatusCode.OK, (await app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/tickets/{number}/assignment", new { ownerId = agent })).StatusCode);
        Assert.True((await WithAccountsAsync((users, db, user) => AccountStatus.DeactivateAsync(users, db, user, app.Clock.GetCurrentInstant(), default), agent)).Succeeded);
        var refused = await app.As(W.AgentA.Token).PostJsonAsync($"/api/v1/tickets/{number}/assignment", new { ownerId = agent });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var names = await app.WithDbAsync(db => Guichet.Features.Tickets.Pages.Lookups.LoadAsync(db, new Microsoft.Extensions.Caching.Memory.MemoryCache(new Microsoft.Extensions.Caching.Memory.MemoryCacheOptions()), default));
        Assert.Contains(agent, names.Staff.Keys);
        Assert.DoesNotContain(agent, names.AssignableStaff.Select(s => s.Key));
        Assert.Contains(W.AgentA.Id, names.AssignableStaff.Select(s => s.Key));
    }
}

public sealed class SqliteAdministrationTests(SqliteApp app) : AdministrationTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresAdministrationTests(PostgresApp app) : AdministrationTests(app), IClassFixture<PostgresApp>;
