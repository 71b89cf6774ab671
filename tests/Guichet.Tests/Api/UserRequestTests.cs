using System.Security.Claims;
using Guichet.Data;
using Guichet.Features;
using Guichet.Features.Accounts;
using Guichet.Features.Mail;
using Guichet.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Guichet.Tests.Api;

/// <summary>The référent's requests and the staff's decisions [LS 6.6], on SQLite and PostgreSQL.</summary>
public abstract class UserRequestTests(GuichetApp app)
{
    private const string Password = "Mouette rieuse au-dessus du quai 12";

    private async Task<T> RunAsync<T>(Func<GuichetDbContext, UserManager<User>, MailOptions, Func<Guid, Task<Caller>>, Task<T>> action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuichetDbContext>();
        async Task<Caller> CallerAsync(Guid id) =>
            (await Caller.LoadAsync(db, new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id.ToString())], "test")), CancellationToken.None))!;
        return await action(db, scope.ServiceProvider.GetRequiredService<UserManager<User>>(), scope.ServiceProvider.GetRequiredService<IOptions<MailOptions>>().Value, CallerAsync);
    }

    private static AddRequest Add(string first, string email, params Guid[] products) =>
        new("Testeur", first, email, "02 98 00 00 00", false, products, null);

    /// <summary>A use case's refusal as (field, message) pairs; a refusal without fields is ("", its title).</summary>
    private static List<(string Field, string Message)> Errors(Outcome<Done> outcome) =>
        outcome.Failure is not { } f ? [] : f.Errors is { } e ? [.. e.SelectMany(x => x.Value.Select(m => (x.Key, m)))] : [("", f.Title)];

    private Task<UserRequest> RequestAsync(string email) => app.WithDbAsync(db => db.UserRequests.Include(r => r.Products).SingleAsync(r => r.Email == email));

    [Fact]
    public async Task The_quota_counts_pending_requests_when_asking_and_declared_users_when_accepting()
    {
        var org = app.World.ByPreset["mn"];
        var product = app.World.ProductId;
        await RunAsync(async (db, users, mail, caller) =>
        {
            var referent = await caller(org.Referent.Id);
            var now = app.Clock.GetCurrentInstant();
            await db.Organisations.Where(o => o.Id == org.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.AccountManagerId, app.World.AgentCommercialA.Id));

            // 2 declared users, quota 3: one request passes, a second would make 4.
            Assert.Empty(Errors(await RequestUserAdd.RunAsync(db, users, mail, referent, Add("Un", "un.testeur@mn.example", product), now, default)));
            Assert.True(await db.Outbox.AnyAsync(m => m.To == app.World.AgentCommercialA.Email && m.Subject.Contains("Un Testeur")));
            var refused = Errors(await RequestUserAdd.RunAsync(db, users, mail, referent, Add("Deux", "deux.testeur@mn.example", product), now, default));
            Assert.Equal(("productIds", "L'application « Actes » a atteint son quota de 3 utilisateurs : 2 déclarés et 1 en cours de demande. Demandez d'abord la suppression d'un utilisateur de cette application."), Assert.Single(refused));

            // A generic address is refused whatever the quota.
            var generic = Errors(await RequestUserAdd.RunAsync(db, users, mail, referent, Add("Trois", "Secretariat@mn.example", product), now, default));
            Assert.Contains(generic, e => e.Field == "email" && e.Message.Contains("nominative", StringComparison.Ordinal));

            // The contract raises its quota: the second request passes; back to 3, only one of them can be accepted.
            await db.Contracts.Where(c => c.Id == org.ContractId).ExecuteUpdateAsync(s => s.SetProperty(c => c.UsersPerProduct, 4));
            Assert.Empty(Errors(await RequestUserAdd.RunAsync(db, users, mail, referent, Add("Deux", "deux.testeur@mn.example", product), now, default)));
            await db.Contracts.Where(c => c.Id == org.ContractId).ExecuteUpdateAsync(s => s.SetProperty(c => c.UsersPerProduct, (int?)null));
            return 0;
        });

        var first = await RequestAsync("un.testeur@mn.example");
        var second = await RequestAsync("deux.testeur@mn.example");
        await RunAsync(async (db, users, mail, caller) =>
        {
            var admin = await caller(app.World.Admin.Id);
            var now = app.Clock.GetCurrentInstant();
            var request = await db.UserRequests.Include(r => r.Products).SingleAsync(r => r.Id == first.Id);
            Assert.Empty(Errors(await DecideUserRequest.RunAsync(db, users, mail, admin, request, accept: true, [product], null, now, default)));

            request = await db.UserRequests.Include(r => r.Products).SingleAsync(r => r.Id == second.Id);
            var errors = Errors(await DecideUserRequest.RunAsync(db, users, mail, admin, request, accept: true, [product], null, now, default));
            Assert.Contains(errors, e => e.Field == "productIds" && e.Message.StartsWith("L'application « Actes » a atteint son quota de 3 utilisateurs : 3 y sont déjà déclarés.", StringComparison.Ordinal));

            // Rejecting needs a reason.
            request = await db.UserRequests.Include(r => r.Products).SingleAsync(r => r.Id == second.Id);
            Assert.Contains(Errors(await DecideUserRequest.RunAsync(db, users, mail, admin, request, accept: false, [], " ", now, default)), e => e.Field == "reason");
            Assert.Empty(Errors(await DecideUserRequest.RunAsync(db, users, mail, admin, request, accept: false, [], "Quota atteint.", now, default)));
            return 0;
        });

        Assert.Equal(UserRequestState.Accepted, (await RequestAsync("un.testeur@mn.example")).State);
        var rejected = await RequestAsync("deux.testeur@mn.example");
        Assert.Equal((UserRequestState.Rejected, "Quota atteint."), (rejected.State, rejected.Reason));
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "deux.testeur@mn.example")));
    }

    [Fact]
    public async Task A_partial_acceptance_creates_the_user_with_the_granted_products_and_an_invitation_that_works_once()
    {
        var org = app.World.ByPreset["es26"];
        await app.WithDbAsync(async db =>
        {
            db.ContractProducts.Add(new ContractProduct { ContractId = org.ContractId, ProductId = app.World.OtherProductId });
            return await db.SaveChangesAsync();
        });
        var email = "camille.testeur@es26.example";
        var link = await RunAsync(async (db, users, mail, caller) =>
        {
            var now = app.Clock.GetCurrentInstant();
            Assert.Empty(Errors(await RequestUserAdd.RunAsync(db, users, mail, await caller(org.Referent.Id), Add("Camille", email, app.World.ProductId, app.World.OtherProductId), now, default)));
            var request = await db.UserRequests.Include(r => r.Products).SingleAsync(r => r.Email == email);
            var admin = await caller(app.World.Admin.Id);
            Assert.Contains(Errors(await DecideUserRequest.RunAsync(db, users, mail, admin, request, accept: true, [app.World.ProductId], null, now, default)), e => e.Field == "reason");
            Assert.Empty(Errors(await DecideUserRequest.RunAsync(db, users, mail, admin, request, accept: true, [app.World.ProductId], "Le Parapheur demande une formation.", now, default)));
            var invitation = await db.Outbox.SingleAsync(m => m.To == email);
            Assert.True(await db.Outbox.AnyAsync(m => m.To == org.Referent.Email && m.Body.Contains("Le Parapheur demande une formation.")));
            return invitation.Body.Split('\n').Select(l => l.Trim()).Single(l => l.Contains(UsersFeature.InvitationPath + "?", StringComparison.Ordinal));
        });

        var decided = await RequestAsync(email);
        Assert.Equal(UserRequestState.PartiallyAccepted, decided.State);
        Assert.Equal([app.World.ProductId], decided.Products.Where(p => p.Granted).Select(p => p.ProductId));
        var user = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == email));
        Assert.Equal([app.World.ProductId], await app.WithDbAsync(db => db.UserProducts.Where(p => p.UserId == user.Id).Select(p => p.ProductId).ToListAsync()));
        Assert.Null(user.PasswordHash);
        Assert.Null(user.PrivacyAcknowledgedAt);

        var query = System.Web.HttpUtility.ParseQueryString(new Uri(link).Query);
        await RunAsync(async (db, users, mail, caller) =>
        {
            var now = app.Clock.GetCurrentInstant();
            Assert.Equal(FailureKind.NotFound, (await AcceptInvitation.RunAsync(users, email, "faux", Password, now)).Failure?.Kind);
            Assert.True((await AcceptInvitation.RunAsync(users, query["email"], query["code"], Password, now)).IsOk);
            Assert.Equal(FailureKind.NotFound, (await AcceptInvitation.RunAsync(users, query["email"], query["code"], "Une autre phrase de passe assez longue", now)).Failure?.Kind);
            Assert.True(await users.CheckPasswordAsync((await users.FindByEmailAsync(email))!, Password));
            return 0;
        });
    }

    [Fact]
    public async Task A_request_read_by_two_staff_members_is_decided_once()
    {
        var org = app.World.ByPreset["at"];
        var email = "sacha.testeur@at.example";
        await RunAsync(async (db, users, mail, caller) =>
        {
            Assert.Empty(Errors(await RequestUserAdd.RunAsync(db, users, mail, await caller(org.Referent.Id), Add("Sacha", email, app.World.ProductId), app.Clock.GetCurrentInstant(), default)));
            return 0;
        });

        // Both open the page; the first accepts, the second (with what it read) rejects afterwards.
        await using var first = app.Services.CreateAsyncScope();
        await using var second = app.Services.CreateAsyncScope();
        var (db1, db2) = (first.ServiceProvider.GetRequiredService<GuichetDbContext>(), second.ServiceProvider.GetRequiredService<GuichetDbContext>());
        var (r1, r2) = (await db1.UserRequests.Include(r => r.Products).SingleAsync(r => r.Email == email), await db2.UserRequests.Include(r => r.Products).SingleAsync(r => r.Email == email));
        var mail = first.ServiceProvider.GetRequiredService<IOptions<MailOptions>>().Value;
        async Task<Caller> AdminAsync(GuichetDbContext db) =>
            (await Caller.LoadAsync(db, new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, app.World.Admin.Id.ToString())], "test")), CancellationToken.None))!;
        Assert.Empty(Errors(await DecideUserRequest.RunAsync(db1, first.ServiceProvider.GetRequiredService<UserManager<User>>(), mail, await AdminAsync(db1), r1, accept: true, [app.World.ProductId], null, app.Clock.GetCurrentInstant(), default)));
        var late = Errors(await DecideUserRequest.RunAsync(db2, second.ServiceProvider.GetRequiredService<UserManager<User>>(), mail, await AdminAsync(db2), r2, accept: false, [], "Trop tard", app.Clock.GetCurrentInstant(), default));
        Assert.Equal(("", "Cette demande a déjà été traitée."), Assert.Single(late));
        var decided = await RequestAsync(email);
        Assert.Equal((UserRequestState.Accepted, ""), (decided.State, decided.Reason));
        Assert.Equal(1, await app.WithDbAsync(db => db.Outbox.CountAsync(m => m.To == email)));
    }

    [Fact]
    public async Task Suspension_deactivates_and_deletion_anonymises_keeping_the_tickets_another_organisation_is_not_found()
    {
        var org = app.World.ByPreset["e23"];
        var simple = org.Simple;
        var ticket = await app.WithDbAsync(async db =>
        {
            var t = new Ticket
            {
                OrganisationId = org.Id,
                ContractId = org.ContractId,
                QueueId = app.World.QueueId,
                ProductId = app.World.ProductId,
                ServiceType = "assistance",
                ClientPriority = "P3",
                Priority = "P3",
                Subject = "Écrit avant sa suppression",
                AuthorId = simple.Id,
                State = "nouveau",
                CreatedAt = app.Clock.GetCurrentInstant(),
                UpdatedAt = app.Clock.GetCurrentInstant(),
                StateChangedAt = app.Clock.GetCurrentInstant(),
            };
            db.Tickets.Add(t);
            await db.SaveChangesAsync();
            await db.Users.Where(u => u.Id == org.Referent.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsReferent, true));
            return t.Id;
        });

        await RunAsync(async (db, users, mail, caller) =>
        {
            var now = app.Clock.GetCurrentInstant();
            var referent = await caller(org.Referent.Id);
            Assert.Equal(FailureKind.NotFound, (await RequestUserChange.RunAsync(db, mail, referent, app.World.B.Simple.Id, UserRequestKind.Suspend, now, default)).Failure?.Kind);
            Assert.Equal(FailureKind.NotFound, (await RequestUserChange.RunAsync(db, mail, await caller(simple.Id), org.Undeclared.Id, UserRequestKind.Delete, now, default)).Failure?.Kind);
            Assert.True((await RequestUserChange.RunAsync(db, mail, referent, simple.Id, UserRequestKind.Suspend, now, default)).IsOk);
            Assert.StartsWith("Une demande est déjà en cours", (await RequestUserChange.RunAsync(db, mail, referent, simple.Id, UserRequestKind.Delete, now, default)).Failure?.Title, StringComparison.Ordinal);

            // The account manager of another organisation does not see it; the admin decides.
            var commercial = await caller(app.World.AgentCommercialA.Id);
            Assert.False(await DecideUserRequest.Reviewable(db, commercial).AnyAsync(r => r.OrganisationId == org.Id));
            var admin = await caller(app.World.Admin.Id);
            var suspension = await db.UserRequests.Include(r => r.Products).SingleAsync(r => r.TargetUserId == simple.Id);
            Assert.Empty(Errors(await DecideUserRequest.RunAsync(db, users, mail, admin, suspension, accept: true, [], null, now, default)));
            return 0;
        });

        var suspended = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == simple.Id));
        Assert.True(AccountStatus.IsDeactivated(suspended));
        Assert.Equal(simple.Email, suspended.Email);

        await RunAsync(async (db, users, mail, caller) =>
        {
            var now = app.Clock.GetCurrentInstant();
            Assert.True((await RequestUserChange.RunAsync(db, mail, await caller(org.Referent.Id), simple.Id, UserRequestKind.Delete, now, default)).IsOk);
            var deletion = await db.UserRequests.Include(r => r.Products).SingleAsync(r => r.TargetUserId == simple.Id && r.Kind == UserRequestKind.Delete);
            Assert.Empty(Errors(await DecideUserRequest.RunAsync(db, users, mail, await caller(app.World.Admin.Id), deletion, accept: true, [], null, now, default)));
            return 0;
        });

        var deleted = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == simple.Id));
        Assert.Equal(UsersFeature.DeletedName, deleted.DisplayName);
        Assert.DoesNotContain("e23.example", deleted.Email, StringComparison.Ordinal);
        Assert.Null(deleted.PasswordHash);
        Assert.True(AccountStatus.IsDeactivated(deleted));
        Assert.False(await app.WithDbAsync(db => db.UserProducts.AnyAsync(p => p.UserId == simple.Id)));
        Assert.Equal(simple.Id, await app.WithDbAsync(db => db.Tickets.Where(t => t.Id == ticket).Select(t => t.AuthorId).SingleAsync()));
        Assert.All(await app.WithDbAsync(db => db.UserRequests.Where(r => r.TargetUserId == simple.Id).ToListAsync()), r => Assert.Equal(UsersFeature.DeletedName, r.TargetName));
    }
}

public sealed class SqliteUserRequestTests(SqliteApp app) : UserRequestTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresUserRequestTests(PostgresApp app) : UserRequestTests(app), IClassFixture<PostgresApp>;
