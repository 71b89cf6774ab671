using Guichet.Features.Mail;

namespace Guichet.Features.Users;

/// <summary>Staff decide the référents' requests: who reviews which, and the decision with its effects and mails.</summary>
internal static class DecideUserRequest
{
    private static readonly Failure AlreadyDecided = Failure.Conflict("already_decided", "Cette demande a déjà été traitée.");

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
    /// Invalid with the messages by field, a conflict when already decided, or done.
    /// </summary>
    public static async Task<Outcome<Done>> RunAsync(GuichetDbContext db, UserManager<User> users, MailOptions mail, Caller staff, UserRequest request, bool accept, IReadOnlyCollection<Guid> granted, string? reasonText, Instant now, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var reason = errors.Read("reason", reasonText, 2000, required: false, "La raison");
        if (request.State != UserRequestState.Pending)
        {
            return AlreadyDecided;
        }

        var requested = request.Products.Select(p => p.ProductId).ToList();
        var grantedIds = granted.Where(requested.Contains).Distinct().ToList();
        UserRequestState state;
        if (!accept)
        {
            state = UserRequestState.Rejected;
            if (reason is null)
            {
                errors.Add("reason", "Indiquez la raison du refus : elle est envoyée au demandeur.");
            }
        }
        else if (request.Kind != UserRequestKind.Add || grantedIds.Count == requested.Count)
        {
            state = UserRequestState.Accepted;
        }
        else if (grantedIds.Count == 0)
        {
            errors.Add("productIds", "Cochez au moins une application à ouvrir, ou refusez la demande.");
            return errors.ToFailure();
        }
        else
        {
            state = UserRequestState.PartiallyAccepted;
            if (reason is null)
            {
                errors.Add("reason", "Indiquez la raison de l'acceptation partielle : elle est envoyée au demandeur.");
            }
        }

        if (errors.Count > 0)
        {
            return errors.ToFailure();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        // Two staff deciding at once: the row is claimed first, so the second waits for the first's commit, then
        // finds it decided (one account, one mail).
        var id = request.Id;
        if (await db.UserRequests.Where(r => r.Id == id && r.State == UserRequestState.Pending).ExecuteUpdateAsync(s => s.SetProperty(r => r.DecidedAt, now), ct) == 0)
        {
            await transaction.RollbackAsync(ct);
            return AlreadyDecided;
        }

        if (accept)
        {
            var problem = request.Kind switch
            {
                UserRequestKind.Add => await CreateUserAsync(db, users, mail, request, grantedIds, errors, now, ct),
                _ => await ChangeUserAsync(db, users, request, now, ct),
            };
            if (problem is not null || errors.Count > 0)
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return problem ?? errors.ToFailure();
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
                Subject = $"Guichet : votre demande {UserRequestMail.Describe(request)} — {UserRequestMail.StateText(state).ToLowerInvariant()}",
                Body = UserRequestMail.DecisionMailBody(requester.DisplayName, request, state, names, reason, mail.Link("/organisation/utilisateurs")),
                CreatedAt = now,
            });
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return Done.Value;
    }

    private static async Task<Failure?> CreateUserAsync(GuichetDbContext db, UserManager<User> users, MailOptions mail, UserRequest request, List<Guid> granted, FieldErrors errors, Instant now, CancellationToken ct)
    {
        foreach (var refusal in await UserQuotas.QuotaRefusalsAsync(db, request.OrganisationId, granted, countPending: false, ct))
        {
            errors.Add("productIds", refusal + " Décochez-la pour accepter partiellement, ou refusez la demande.");
        }

        if (errors.Count > 0)
        {
            return null;
        }

        if (await users.FindByEmailAsync(request.Email) is not null)
        {
            return Failure.Conflict("account_exists", "Un compte existe déjà pour cette adresse e-mail : refusez la demande en l'indiquant.");
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
            return Failure.Conflict("account_not_created", "Le compte n'a pas pu être créé : " + string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        db.UserProducts.AddRange(granted.Select(p => new UserProduct { UserId = user.Id, ProductId = p }));
        request.TargetUserId = user.Id;
        request.TargetName = user.DisplayName;
        var token = await users.GenerateUserTokenAsync(user, InvitationTokenProvider.ProviderName, UsersFeature.InvitationPurpose);
        var link = mail.Link($"{UsersFeature.InvitationPath}?email={Uri.EscapeDataString(user.Email)}&code={Uri.EscapeDataString(token)}");
        var organisation = await db.Organisations.Where(o => o.Id == request.OrganisationId).Select(o => o.Name).SingleAsync(ct);
        var names = await db.Products.Where(p => granted.Contains(p.Id)).OrderBy(p => p.Name).Select(p => p.Name).ToListAsync(ct);
        db.Outbox.Add(new OutboxMessage
        {
            To = user.Email,
            Subject = "Guichet : votre accès au portail d'assistance",
            Body = UserRequestMail.InvitationMailBody(user.DisplayName, organisation, names, link),
            CreatedAt = now,
        });
        return null;
    }

    private static async Task<Failure?> ChangeUserAsync(GuichetDbContext db, UserManager<User> users, UserRequest request, Instant now, CancellationToken ct)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == request.TargetUserId && u.OrganisationId == request.OrganisationId, ct);
        if (user is null || user.DisplayName == UsersFeature.DeletedName)
        {
            return Failure.Conflict("account_gone", "Ce compte n'existe plus : refusez la demande.");
        }

        if (request.Kind is not (UserRequestKind.Suspend or UserRequestKind.Reactivate))
        {
            return (await AnonymiseUser.RunAsync(db, users, user, now, ct)).Failure;
        }

        var result = request.Kind == UserRequestKind.Suspend
            ? await AccountStatus.DeactivateAsync(users, db, user, now, ct)
            : await AccountStatus.ReactivateAsync(users, user);
        return result.Succeeded ? null : AnonymiseUser.NotChanged(result);
    }
}
