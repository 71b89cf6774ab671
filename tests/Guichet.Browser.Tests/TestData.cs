using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Guichet.Data;
using Guichet.Features.Mail.Inbound;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using NodaTime;

namespace Guichet.Browser.Tests;

/// <summary>An organisation made for one test: its contract, référent and simple users (demo password), products.</summary>
public sealed record TestOrganisation(Guid Id, string Name, string Domain, Guid ContractId, string ContractName, string Referent, IReadOnlyList<string> Members, IReadOnlyList<Guid> Products);

/// <summary>
/// Data builders: what a test changes, it makes for itself, so that tests running at the same time on the one
/// server never see each other's changes. Reading the demo data is fine; changing a demo row another test reads is
/// not. The entities are touched here only (one place to follow a rename); tickets go through the API.
/// </summary>
public sealed partial class BrowserApp
{
    private static int _sequence;

    /// <summary>A number no other builder call of this run has (names, addresses and SIRETs are unique with it).</summary>
    public static int Unique() => Interlocked.Increment(ref _sequence);

    /// <summary>
    /// A new organisation with a contract on <paramref name="preset"/> covering <paramref name="products"/> (demo product
    /// names), a référent and <paramref name="simpleUsers"/> simple users declared on every product, the demo account
    /// manager, and served by the staff listed (none by default: its tickets then stay off the other tests' desks).
    /// </summary>
    public Task<TestOrganisation> NewOrganisationAsync(string preset = "ls", string[]? products = null, int simpleUsers = 2, string[]? servedBy = null) => WithServicesAsync(async services =>
    {
        var db = services.GetRequiredService<GuichetDbContext>();
        var users = services.GetRequiredService<UserManager<User>>();
        var n = Unique();
        var name = $"Commune d'Essai {n}";
        var domain = $"essai-{n}.example";
        var productNames = products ?? ["Actes en ligne"];
        var productIds = new List<Guid>();
        foreach (var productName in productNames)
        {
            productIds.Add(await db.Products.Where(p => p.Name == productName).Select(p => p.Id).SingleAsync());
        }

        var organisation = new Organisation
        {
            Name = name,
            Siret = Siret(n),
            Address = $"{n} rue de l'Essai",
            Territory = "metropole",
            DpoName = "Délégué à la protection des données",
            DpoEmail = $"dpo@{domain}",
            AccountManagerId = await db.Users.Where(u => u.Email == "charge-d-affaires@guichet.example").Select(u => (Guid?)u.Id).SingleAsync(),
        };
        var contract = new Contract
        {
            OrganisationId = organisation.Id,
            Name = $"Contrat d'essai {n}",
            PresetId = preset,
            StartsOn = new LocalDate(2025, 1, 1),
            Products = [.. productIds.Select(p => new ContractProduct { ProductId = p })],
        };
        db.AddRange(organisation, contract);
        foreach (var email in servedBy ?? [])
        {
            var staff = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            db.StaffOrganisations.Add(new StaffOrganisation { UserId = staff, OrganisationId = organisation.Id });
        }

        await db.SaveChangesAsync();
        var members = new List<string>();
        for (var i = 0; i <= simpleUsers; i++)
        {
            var email = i == 0 ? $"referent@{domain}" : $"utilisateur-{i}@{domain}";
            var user = await CreateUserAsync(users, email, i == 0 ? $"Référent Essai {n}" : $"Utilisateur {i} Essai {n}", UserKind.Client, StaffRoles.None, organisation.Id, isReferent: i == 0);
            db.UserProducts.AddRange(productIds.Select(p => new UserProduct { UserId = user.Id, ProductId = p }));
            members.Add(email);
        }

        await db.SaveChangesAsync();
        return new TestOrganisation(organisation.Id, name, domain, contract.Id, contract.Name, members[0], members, productIds);
    });

    /// <summary>A new staff member (demo password) with these roles, serving these organisations.</summary>
    internal Task<string> NewStaffAsync(string displayName, StaffRoles roles, params Guid[] serves) => WithServicesAsync(async services =>
    {
        var db = services.GetRequiredService<GuichetDbContext>();
        var email = $"personnel-{Unique()}@guichet.example";
        var user = await CreateUserAsync(services.GetRequiredService<UserManager<User>>(), email, displayName, UserKind.Staff, roles, null);
        db.StaffOrganisations.AddRange(serves.Select(o => new StaffOrganisation { UserId = user.Id, OrganisationId = o }));
        await db.SaveChangesAsync();
        return email;
    });

    /// <summary>A new product with these versions (none dated).</summary>
    public Task<string> NewProductAsync(string name, params string[] versions) => WithServicesAsync(async services =>
    {
        var db = services.GetRequiredService<GuichetDbContext>();
        db.Products.Add(new Product { Name = name, Versions = [.. versions.Select(v => new ProductVersion { Number = v })] });
        await db.SaveChangesAsync();
        return name;
    });

    /// <summary>A new queue.</summary>
    public Task<string> NewQueueAsync(string name) => WithServicesAsync(async services =>
    {
        var db = services.GetRequiredService<GuichetDbContext>();
        db.Queues.Add(new Queue { Name = name });
        await db.SaveChangesAsync();
        return name;
    });

    /// <summary>A ticket submitted by this client user through the API (bearer token from /api/v1/auth/login), by default to the demo queue "Support applicatif"; its number.</summary>
    public async Task<long> NewTicketAsync(string email, Guid productId, string subject, string? priority = null, Guid? queueId = null)
    {
        queueId ??= await WithServicesAsync(s => s.GetRequiredService<GuichetDbContext>().Queues.Where(q => q.Name == "Support applicatif").Select(q => (Guid?)q.Id).SingleAsync());
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        using var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = Features.Demo.DemoData.Password });
        Assert.True(login.IsSuccessStatusCode, $"API sign-in of {email}: {(int)login.StatusCode}");
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var created = await http.PostAsJsonAsync("/api/v1/tickets", new { productId, queueId, priority, subject, body = "Créée pour un test : " + subject });
        Assert.True(created.IsSuccessStatusCode, $"Ticket by {email}: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetInt64();
    }

    private static async Task<User> CreateUserAsync(UserManager<User> users, string email, string name, UserKind kind, StaffRoles roles, Guid? organisationId, bool isReferent = false)
    {
        var now = SystemClock.Instance.GetCurrentInstant();
        var user = new User
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = name,
            Kind = kind,
            Roles = roles,
            OrganisationId = organisationId,
            IsReferent = isReferent,
            CreatedAt = now,
            PasswordChangedAt = now,
            PrivacyAcknowledgedAt = now,
        };
        var result = await users.CreateAsync(user, Features.Demo.DemoData.Password);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        return user;
    }

    /// <summary>A valid (Luhn) fictitious SIRET of its own, outside the demo's range.</summary>
    private static string Siret(int n)
    {
        var digits = $"888{n:0000000}000";
        for (var check = 0; check < 10; check++)
        {
            if (Domain.Organisations.Siret.TryParse(digits + check, out var siret, out _))
            {
                return siret.Value;
            }
        }

        throw new InvalidOperationException("No Luhn check digit found.");
    }

    /// <summary>A mail from an unknown sender waiting in quarantine, as the inbound filer leaves it.</summary>
    public Task<long> NewQuarantinedMailAsync(string from, string subject, string text) => WithServicesAsync(async services =>
    {
        var message = new MimeMessage { Subject = subject, Body = new TextPart("plain") { Text = text }, MessageId = $"essai-{Unique()}@mairie-voisine.example" };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("support@guichet.example"));
        using var raw = new MemoryStream();
        await message.WriteToAsync(raw);
        var db = services.GetRequiredService<GuichetDbContext>();
        var mail = new InboundMail
        {
            Mailbox = "support",
            MessageId = message.MessageId,
            From = from,
            Subject = subject,
            ReceivedAt = services.GetRequiredService<IClock>().GetCurrentInstant(),
            Status = InboundStatus.Quarantined,
            Reason = $"Expéditeur inconnu : {from} n'est pas un utilisateur déclaré.",
            Raw = raw.ToArray(),
        };
        db.Add(mail);
        await db.SaveChangesAsync();
        return mail.Id;
    });
}
