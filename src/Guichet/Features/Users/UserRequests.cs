using Guichet.Data;
using Guichet.Features.Accounts;
using Guichet.Features.Admin.Pages;
using Guichet.Features.Mail;
using Guichet.Web;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Guichet.Features.Users;

/// <summary>
/// User management by the référent [LS 6.6]: requests to add, suspend, reactivate or delete an organisation's portal
/// users, decided by the provider's staff (an administrator, or the organisation's account manager). The pages call
/// these use cases; the rules are written down in docs/users.md.
/// </summary>
internal static class UserRequests
{
    /// <summary>Portal users per product when the contract sets no quota [LS 6.6].</summary>
    public const int DefaultUsersPerProduct = 3;

    /// <summary>How long the référent sees a request in the history [LS 6.6.2].</summary>
    public static readonly Duration HistoryLength = Duration.FromDays(60);

    /// <summary>The page an invitation mail links to.</summary>
    public const string InvitationPath = "/invitation";

    public const string InvitationPurpose = "invitation";

    public const string DeletedName = "Utilisateur supprimé";

    public static IServiceCollection AddUserRequests(this IServiceCollection services)
    {
        // A token provider of its own: an invitation lives 7 days, a password reset code one hour.
        services.AddTransient<InvitationTokenProvider>();
        services.Configure<IdentityOptions>(o => o.Tokens.ProviderMap[InvitationTokenProvider.ProviderName] = new TokenProviderDescriptor(typeof(InvitationTokenProvider)));
        return services;
    }

    /// <summary>The new user's contact details, profile, products and comments, as typed by the référent.</summary>
    public sealed record AddRequest(string? LastName, string? FirstName, string? Email, string? Phone, bool IsReferent, IReadOnlyCollection<Guid> ProductIds, string? Comments);

    /// <summary>Errors of a form, by field name, in French.</summary>
    public sealed class Errors : List<(string Field, string Message)>
    {
        public void Add(string field, string message) => Add((field, message));
    }

    /// <summary>Reads text for a field; its error goes to <paramref name="errors"/>.</summary>
    public static string? Read(Errors errors, string field, string? text, int max, bool required, string what)
    {
        var (value, error) = TextInput.Read(text, max, required, what);
        if (error is not null)
        {
            errors.Add(field, error);
        }

        return value;
    }

    /// <summary>The products the organisation's contracts cover, with each one's quota of users (the largest of its contracts').</summary>
    public static async Task<List<(Guid Id, string Name, int Quota)>> CoveredProductsAsync(GuichetDbContext db, Guid organisationId, CancellationToken ct)
    {
        var rows = await (from cp in db.ContractProducts
                          join c in db.Contracts on cp.ContractId equals c.Id
                          join p in db.Products on cp.ProductId equals p.Id
                          where c.OrganisationId == organisationId
                          select new { p.Id, p.Name, c.UsersPerProduct }).ToListAsync(ct);
        var french = StringComparer.Create(Web.Pages.Display.French, false);
        return [.. rows.GroupBy(r => (r.Id, r.Name))
            .Select(g => (g.Key.Id, g.Key.Name, g.Max(r => r.UsersPerProduct ?? DefaultUsersPerProduct)))
            .OrderBy(p => p.Name, french)];
    }

    /// <summary>
    /// The quota refusals for these products: users of the organisation declared on each (suspended ones too: they
    /// keep their place until deleted), plus, when <paramref name="countPending"/>, the add requests still pending.
    /// </summary>
    public static async Task<List<string>> QuotaRefusalsAsync(GuichetDbContext db, Guid organisationId, IReadOnlyCollection<Guid> productIds, bool countPending, CancellationToken ct)
    {
        var covered = (await CoveredProductsAsync(db, organisationId, ct)).Where(p => productIds.Contains(p.Id)).ToList();
        var declared = await (from up in db.UserProducts
                              join u in db.Users on up.UserId equals u.Id
                              where u.OrganisationId == organisationId && productIds.Contains(up.ProductId)
                              group up by up.ProductId into g
                              select new { ProductId = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.ProductId, g => g.Count, ct);
        var pending = countPending
            ? await (from rp in db.UserRequestProducts
                     join r in db.UserRequests on rp.RequestId equals r.Id
                     where r.OrganisationId == organisationId && r.Kind == UserRequestKind.Add && r.State == UserRequestState.Pending && productIds.Contains(rp.ProductId)
                     group rp by rp.ProductId into g
                     select new { ProductId = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.ProductId, g => g.Count, ct)
            : [];
        var refusals = new List<string>();
        foreach (var (id, name, quota) in covered)
        {
            var users = declared.GetValueOrDefault(id);
            var asked = pending.GetValueOrDefault(id);
            if (users + asked >= quota)
            {
                refusals.Add(asked > 0
                    ? $"L'application « {name} » a atteint son quota de {quota} utilisateurs : {users} déclarés et {asked} en cours de demande. Demandez d'abord la suppression d'un utilisateur de cette application."
                    : $"L'application « {name} » a atteint son quota de {quota} utilisateurs : {users} y sont déjà déclarés. Demandez d'abord la suppression d'un utilisateur de cette application.");
            }
        }

        return refusals;
    }

    /// <summary>A référent asks for a new user. Returns the errors by field, or none when the request is recorded.</summary>
    public static async Task<Errors> RequestAddAsync(GuichetDbContext db, UserManager<User> users, MailOptions mail, Caller referent, AddRequest request, Instant now, CancellationToken ct)
    {
        var errors = new Errors();
        var organisationId = referent.User.OrganisationId!.Value;
        var last = Read(errors, "LastName", request.LastName, 100, required: true, "Le nom");
        var first = Read(errors, "FirstName", request.FirstName, 100, required: true, "Le prénom");
        var email = Read(errors, "Email", request.Email, 256, required: true, "L'adresse e-mail");
        if (email is not null)
        {
            if (!Emails.IsValid(email))
            {
                errors.Add("Email", "L'adresse e-mail n'est pas valide (exemple : prenom.nom@commune.fr).");
            }
            else if (Emails.IsGeneric(email))
            {
                errors.Add("Email", $"L'adresse e-mail doit être nominative : « {email[..email.IndexOf('@', StringComparison.Ordinal)]}@ » est une adresse partagée (comme contact@, mairie@ ou accueil@). Aucun compte n'est créé pour une adresse générique.");
            }
            // Only the référent's own organisation is told that an address is taken: an account elsewhere (another
            // organisation, staff) or another organisation's request is not revealed; staff see it when they decide.
            else if ((await users.FindByEmailAsync(email) is { } existing && existing.OrganisationId == organisationId)
                || await PendingAddAsync(db, organisationId, email.ToLowerInvariant(), ct))
            {
                errors.Add("Email", "Un compte existe déjà, ou est déjà demandé, pour cette adresse e-mail.");
            }
        }

        var phone = Read(errors, "Phone", request.Phone, 32, required: true, "Le numéro de téléphone");
        if (phone is not null && !IsPhone(phone))
        {
            errors.Add("Phone", "Le numéro de téléphone n'est pas valide (exemple : 02 98 12 34 56 ou +262 262 12 34 56).");
        }

        var products = request.ProductIds.Distinct().ToList();
        var covered = await CoveredProductsAsync(db, organisationId, ct);
        if (products.Count == 0)
        {
            errors.Add("ProductIds", "Choisissez au moins une application.");
        }
        else if (products.Any(p => covered.All(c => c.Id != p)))
        {
            errors.Add("ProductIds", "Une des applications choisies n'est pas couverte par les contrats de votre organisation.");
        }
        else
        {
            foreach (var refusal in await QuotaRefusalsAsync(db, organisationId, products, countPending: true, ct))
            {
                errors.Add("ProductIds", refusal);
            }
        }

        var comments = Read(errors, "Comments", request.Comments, 2000, required: false, "Le commentaire");
        if (errors.Count > 0)
        {
            return errors;
        }

        var added = new UserRequest
        {
            OrganisationId = organisationId,
            Kind = UserRequestKind.Add,
            State = UserRequestState.Pending,
            RequestedById = referent.Id,
            RequestedAt = now,
            LastName = last!,
            FirstName = first!,
            Email = email!.ToLowerInvariant(), // compared with pending requests' addresses
            Phone = phone!,
            IsReferent = request.IsReferent,
            Comments = comments ?? "",
            Products = [.. products.Select(p => new UserRequestProduct { ProductId = p })],
        };
        db.UserRequests.Add(added);
        await NotifyAccountManagerAsync(db, mail, added, ct);
        await db.SaveChangesAsync(ct);
        return errors;
    }

    private static Task<bool> PendingAddAsync(GuichetDbContext db, Guid organisationId, string lowered, CancellationToken ct) =>
        db.UserRequests.AnyAsync(r => r.OrganisationId == organisationId && r.Kind == UserRequestKind.Add && r.State == UserRequestState.Pending && r.Email == lowered, ct);

    private static bool IsPhone(string text)
    {
        var digits = text.Count(char.IsAsciiDigit);
        return digits is >= 8 and <= 15 && text.All(c => char.IsAsciiDigit(c) || c is ' ' or '.' or '-' or '+' or '(' or ')') && text.LastIndexOf('+') <= 0;
    }

    /// <summary>
    /// Asks to suspend, reactivate or delete a user of the caller's organisation (a référent for anyone of it, any
    /// client for their own account's deletion). Null when the user is not the caller's organisation's (404).
    /// </summary>
    public static async Task<string?> RequestChangeAsync(GuichetDbContext db, MailOptions mail, Caller caller, Guid userId, UserRequestKind kind, Instant now, CancellationToken ct)
    {
        var organisationId = caller.User.OrganisationId;
        var target = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId && u.Kind == UserKind.Client && u.OrganisationId == organisationId, ct);
        if (target is null || organisationId is null || kind == UserRequestKind.Add || (!caller.User.IsReferent && (userId != caller.Id || kind != UserRequestKind.Delete)))
        {
            return null;
        }

        if (await db.UserRequests.AnyAsync(r => r.TargetUserId == userId && r.State == UserRequestState.Pending && r.Kind != UserRequestKind.Add, ct))
        {
            return $"Une demande est déjà en cours de traitement pour {target.DisplayName}.";
        }

        var suspended = AccountStatus.IsDeactivated(target);
        if (kind == UserRequestKind.Suspend && suspended)
        {
            return $"Le compte de {target.DisplayName} est déjà suspendu.";
        }

        if (kind == UserRequestKind.Reactivate && !suspended)
        {
            return $"Le compte de {target.DisplayName} n'est pas suspendu.";
        }

        var request = new UserRequest
        {
            OrganisationId = organisationId.Value,
            Kind = kind,
            State = UserRequestState.Pending,
            RequestedById = caller.Id,
            RequestedAt = now,
            TargetUserId = userId,
            TargetName = target.DisplayName,
        };
        db.UserRequests.Add(request);
        await NotifyAccountManagerAsync(db, mail, request, ct);
        await db.SaveChangesAsync(ct);
        return "";
    }

    /// <summary>Tells the organisation's account manager (if active) that a request waits; administrators see the page.</summary>
    private static async Task NotifyAccountManagerAsync(GuichetDbContext db, MailOptions mail, UserRequest request, CancellationToken ct)
    {
        var row = await db.Organisations.AsNoTracking().Where(o => o.Id == request.OrganisationId)
            .Select(o => new { o.Name, Manager = db.Users.FirstOrDefault(u => u.Id == o.AccountManagerId) })
            .SingleAsync(ct);
        if (row.Manager is { Email: { } to } manager && !AccountStatus.IsDeactivated(manager))
        {
            db.Outbox.Add(new OutboxMessage
            {
                To = to,
                Subject = $"Guichet : demande {Describe(request)} ({row.Name})",
                Body = $"""
                    Bonjour {manager.DisplayName},

                    {row.Name} a envoyé une demande {Describe(request)}. Elle attend votre décision :

                    {mail.Link("/admin/demandes-utilisateurs")}

                    --
                    Guichet
                    """,
                CreatedAt = request.RequestedAt,
            });
        }
    }

    /// <summary>Requests a staff member decides: an administrator every one, an account manager their organisations'.</summary>
    public static IQueryable<UserRequest> Reviewable(GuichetDbContext db, Caller staff)
    {
        if (staff.IsAdmin)
        {
            return db.UserRequests;
        }

        var id = staff.Id;
        var managed = db.Organisations.Where(o => o.AccountManagerId == id).Select(o => o.Id);
        return db.UserRequests.Where(r => managed.Contains(r.OrganisationId));
    }

    /// <summary>Whether a staff member reviews requests at all (the page answers 404 otherwise).</summary>
    public static bool IsReviewer(Caller? caller) =>
        caller is { IsStaff: true } && (caller.IsAdmin || caller.User.Roles.HasFlag(StaffRoles.AccountManager));

    /// <summary>
    /// Decides a pending request. Accept with every requested product: accepted; with some only: partially accepted,
    /// with a reason; reject: with a reason. Quotas are checked again for the granted products (users declared now).
    /// Returns the errors; none when decided.
    /// </summary>
    public static async Task<Errors> DecideAsync(GuichetDbContext db, UserManager<User> users, MailOptions mail, Caller staff, UserRequest request, bool accept, IReadOnlyCollection<Guid> granted, string? reasonText, Instant now, CancellationToken ct)
    {
        var errors = new Errors();
        var reason = Read(errors, "Reason", reasonText, 2000, required: false, "La raison");
        if (request.State != UserRequestState.Pending)
        {
            errors.Add("", "Cette demande a déjà été traitée.");
            return errors;
        }

        var requested = request.Products.Select(p => p.ProductId).ToList();
        var grantedIds = granted.Where(requested.Contains).Distinct().ToList();
        UserRequestState state;
        if (!accept)
        {
            state = UserRequestState.Rejected;
            if (reason is null)
            {
                errors.Add("Reason", "Indiquez la raison du refus : elle est envoyée au demandeur.");
            }
        }
        else if (request.Kind != UserRequestKind.Add || grantedIds.Count == requested.Count)
        {
            state = UserRequestState.Accepted;
        }
        else if (grantedIds.Count == 0)
        {
            errors.Add("ProductIds", "Cochez au moins une application à ouvrir, ou refusez la demande.");
            return errors;
        }
        else
        {
            state = UserRequestState.PartiallyAccepted;
            if (reason is null)
            {
                errors.Add("Reason", "Indiquez la raison de l'acceptation partielle : elle est envoyée au demandeur.");
            }
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        // Two staff deciding at once: the row is claimed first, so the second waits for the first's commit, then
        // finds it decided (one account, one mail).
        var id = request.Id;
        if (await db.UserRequests.Where(r => r.Id == id && r.State == UserRequestState.Pending).ExecuteUpdateAsync(s => s.SetProperty(r => r.DecidedAt, now), ct) == 0)
        {
            await transaction.RollbackAsync(ct);
            errors.Add("", "Cette demande a déjà été traitée.");
            return errors;
        }

        if (accept)
        {
            var problem = request.Kind switch
            {
                UserRequestKind.Add => await CreateUserAsync(db, users, mail, request, grantedIds, errors, now, ct),
                _ => await ChangeUserAsync(db, users, request, now, ct),
            };
            if (problem is not null)
            {
                errors.Add("", problem);
            }

            if (errors.Count > 0)
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return errors;
            }
        }

        request.State = state;
        request.DecidedById = staff.Id;
        request.DecidedAt = now;
        request.Reason = reason ?? "";
        foreach (var p in request.Products)
        {
            p.Granted = accept && grantedIds.Contains(p.ProductId);
        }

        if (await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == request.RequestedById, ct) is { Email: { } to } requester && !AccountStatus.IsDeactivated(requester))
        {
            var names = await db.Products.Where(p => grantedIds.Contains(p.Id)).OrderBy(p => p.Name).Select(p => p.Name).ToListAsync(ct);
            db.Outbox.Add(new OutboxMessage
            {
                To = to,
                Subject = $"Guichet : votre demande {Describe(request)} — {StateText(state).ToLowerInvariant()}",
                Body = DecisionMailBody(requester.DisplayName, request, state, names, reason, mail.Link("/organisation/utilisateurs")),
                CreatedAt = now,
            });
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return errors;
    }

    private static async Task<string?> CreateUserAsync(GuichetDbContext db, UserManager<User> users, MailOptions mail, UserRequest request, List<Guid> granted, Errors errors, Instant now, CancellationToken ct)
    {
        foreach (var refusal in await QuotaRefusalsAsync(db, request.OrganisationId, granted, countPending: false, ct))
        {
            errors.Add("ProductIds", refusal + " Décochez-la pour accepter partiellement, ou refusez la demande.");
        }

        if (errors.Count > 0)
        {
            return null;
        }

        if (await users.FindByEmailAsync(request.Email) is not null)
        {
            return "Un compte existe déjà pour cette adresse e-mail : refusez la demande en l'indiquant.";
        }

        var user = new User
        {
            UserName = request.Email,
            Email = request.Email,
            EmailConfirmed = true,
            PhoneNumber = request.Phone,
            DisplayName = $"{request.FirstName} {request.LastName}",
            Kind = UserKind.Client,
            OrganisationId = request.OrganisationId,
            IsReferent = request.IsReferent,
            CreatedAt = now,
        };

        // No password: the person chooses one from the invitation; until then nobody can sign in to the account.
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            return "Le compte n'a pas pu être créé : " + string.Join(" ", created.Errors.Select(e => e.Description));
        }

        db.UserProducts.AddRange(granted.Select(p => new UserProduct { UserId = user.Id, ProductId = p }));
        request.TargetUserId = user.Id;
        request.TargetName = user.DisplayName;
        var token = await users.GenerateUserTokenAsync(user, InvitationTokenProvider.ProviderName, InvitationPurpose);
        var link = mail.Link($"{InvitationPath}?email={Uri.EscapeDataString(user.Email)}&code={Uri.EscapeDataString(token)}");
        var organisation = await db.Organisations.Where(o => o.Id == request.OrganisationId).Select(o => o.Name).SingleAsync(ct);
        var names = await db.Products.Where(p => granted.Contains(p.Id)).OrderBy(p => p.Name).Select(p => p.Name).ToListAsync(ct);
        db.Outbox.Add(new OutboxMessage
        {
            To = user.Email,
            Subject = "Guichet : votre accès au portail d'assistance",
            Body = InvitationMailBody(user.DisplayName, organisation, names, link),
            CreatedAt = now,
        });
        return null;
    }

    private static async Task<string?> ChangeUserAsync(GuichetDbContext db, UserManager<User> users, UserRequest request, Instant now, CancellationToken ct)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == request.TargetUserId && u.OrganisationId == request.OrganisationId, ct);
        if (user is null || user.DisplayName == DeletedName)
        {
            return "Ce compte n'existe plus : refusez la demande.";
        }

        IdentityResult result;
        switch (request.Kind)
        {
            case UserRequestKind.Suspend:
                result = await AccountStatus.DeactivateAsync(users, db, user, now, ct);
                break;
            case UserRequestKind.Reactivate:
                result = await AccountStatus.ReactivateAsync(users, user);
                break;
            default:
                result = await AnonymiseAsync(db, users, user, now, ct);
                break;
        }

        return result.Succeeded ? null : "Le compte n'a pas pu être modifié : " + string.Join(" ", result.Errors.Select(e => e.Description));
    }

    /// <summary>
    /// Deletion keeps the row (tickets and their messages name their author) but nothing personal: deactivated,
    /// no password, name and address replaced, no phone, no products, no référent flag; the add request that
    /// created it loses its contact details too. See docs/users.md.
    /// </summary>
    private static async Task<IdentityResult> AnonymiseAsync(GuichetDbContext db, UserManager<User> users, User user, Instant now, CancellationToken ct)
    {
        var deactivated = await AccountStatus.DeactivateAsync(users, db, user, now, ct);
        if (!deactivated.Succeeded)
        {
            return deactivated;
        }

        var placeholder = $"supprime-{user.Id:N}@invalid.example";
        var oldEmail = user.Email;
        user.DisplayName = DeletedName;
        user.UserName = placeholder;
        user.Email = placeholder;
        user.EmailConfirmed = false;
        user.PhoneNumber = null;
        user.PasswordHash = null;
        user.IsReferent = false;
        user.MustChangePassword = false;
        db.UserProducts.RemoveRange(db.UserProducts.Where(p => p.UserId == user.Id));
        var result = await users.UpdateAsync(user);
        if (!result.Succeeded)
        {
            return result;
        }

        await db.UserRequests.Where(r => r.TargetUserId == user.Id || (oldEmail != null && r.Email == oldEmail))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LastName, "").SetProperty(r => r.FirstName, "").SetProperty(r => r.Email, "").SetProperty(r => r.Phone, "").SetProperty(r => r.TargetName, DeletedName), ct);
        foreach (var tracked in db.ChangeTracker.Entries<UserRequest>().Where(e => e.Entity.TargetUserId == user.Id))
        {
            tracked.Entity.TargetName = DeletedName;
        }

        return result;
    }

    /// <summary>Sets the password from an invitation link (single use: the password changes the security stamp).</summary>
    public static async Task<IdentityResult?> AcceptInvitationAsync(UserManager<User> users, string? email, string? code, string password, Instant now)
    {
        var user = email is { Length: > 0 and <= 256 } && TextInput.IsClean(email) && code is { Length: > 0 and <= 2000 } ? await users.FindByEmailAsync(email.Trim()) : null;
        if (user is null || AccountStatus.IsDeactivated(user) || await users.HasPasswordAsync(user)
            || !await users.VerifyUserTokenAsync(user, InvitationTokenProvider.ProviderName, InvitationPurpose, code!.Trim()))
        {
            return null;
        }

        var result = await users.AddPasswordAsync(user, password);
        if (result.Succeeded)
        {
            user.PasswordChangedAt = now;
            user.MustChangePassword = false;
            result = await users.UpdateAsync(user);
        }

        return result;
    }

    public static string Describe(UserRequest r) => r.Kind switch
    {
        UserRequestKind.Add => $"d'ajout de {r.FirstName} {r.LastName}".TrimEnd(),
        UserRequestKind.Suspend => $"de suspension de {r.TargetName}",
        UserRequestKind.Reactivate => $"de réactivation de {r.TargetName}",
        _ => $"de suppression de {r.TargetName}",
    };

    public static string KindText(UserRequestKind kind) => kind switch
    {
        UserRequestKind.Add => "Ajout",
        UserRequestKind.Suspend => "Suspension",
        UserRequestKind.Reactivate => "Réactivation",
        _ => "Suppression",
    };

    public static string StateText(UserRequestState state) => state switch
    {
        UserRequestState.Pending => "En cours de traitement",
        UserRequestState.Accepted => "Acceptée",
        UserRequestState.PartiallyAccepted => "Acceptée partiellement",
        _ => "Rejetée",
    };

    private static string InvitationMailBody(string name, string organisation, List<string> products, string link) =>
        $"""
        Bonjour {name},

        Un compte vient de vous être ouvert sur Guichet, le portail d'assistance, pour {organisation}.
        Applications : {string.Join(", ", products)}.

        Pour l'activer, choisissez votre mot de passe en ouvrant ce lien :

        {link}

        Le lien est valable 7 jours et ne sert qu'une fois. Votre identifiant est cette adresse e-mail.

        Si vous ne vous attendiez pas à ce message, ignorez-le : sans mot de passe choisi, le compte reste inutilisable.

        --
        Guichet
        """;

    private static string DecisionMailBody(string name, UserRequest request, UserRequestState state, List<string> products, string? reason, string link) =>
        $"""
        Bonjour {name},

        Votre demande {Describe(request)} est {StateText(state).ToLowerInvariant()}.
        {(request.Kind == UserRequestKind.Add && products.Count > 0 ? $"Applications ouvertes : {string.Join(", ", products)}. Les modalités d'accès ont été envoyées à l'utilisateur.\n" : "")}{(reason is null ? "" : $"Raison : {reason}\n")}
        L'historique de vos demandes : {link}

        --
        Guichet
        """;
}

/// <summary>Options of the invitation tokens: 7 days, under their own name.</summary>
internal sealed class InvitationTokenProviderOptions : DataProtectionTokenProviderOptions
{
    public InvitationTokenProviderOptions()
    {
        Name = InvitationTokenProvider.ProviderName;
        TokenLifespan = TimeSpan.FromDays(7);
    }
}

/// <summary>Identity's data-protection tokens (bound to the security stamp) with the invitation's lifespan.</summary>
internal sealed class InvitationTokenProvider(IDataProtectionProvider protection, IOptions<InvitationTokenProviderOptions> options, ILogger<DataProtectorTokenProvider<User>> logger)
    : DataProtectorTokenProvider<User>(protection, options, logger)
{
    public const string ProviderName = "Invitation";
}
