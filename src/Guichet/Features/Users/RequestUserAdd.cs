using Guichet.Features.Admin.Pages;
using Guichet.Features.Mail;

namespace Guichet.Features.Users;

/// <summary>The new user's contact details, profile, products and comments, as typed by the référent.</summary>
internal sealed record AddRequest(string? LastName, string? FirstName, string? Email, string? Phone, bool IsReferent, IReadOnlyCollection<Guid> ProductIds, string? Comments);

/// <summary>A référent asks for a new portal user of their organisation.</summary>
internal static class RequestUserAdd
{
    /// <summary>A référent asks for a new user. Invalid with the messages by field, or done when the request is recorded.</summary>
    public static async Task<Outcome<Done>> RunAsync(GuichetDbContext db, UserManager<User> users, MailOptions mail, Caller referent, AddRequest request, Instant now, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var organisationId = referent.User.OrganisationId!.Value;
        var last = errors.Read("lastName", request.LastName, 100, required: true, "Le nom");
        var first = errors.Read("firstName", request.FirstName, 100, required: true, "Le prénom");
        var email = errors.Read("email", request.Email, 256, required: true, "L'adresse e-mail");
        if (email is not null)
        {
            if (!Emails.IsValid(email))
            {
                errors.Add("email", "L'adresse e-mail n'est pas valide (exemple : prenom.nom@commune.fr).");
            }
            else if (Emails.IsGeneric(email))
            {
                errors.Add("email", $"L'adresse e-mail doit être nominative : « {email[..email.IndexOf('@', StringComparison.Ordinal)]}@ » est une adresse partagée (comme contact@, mairie@ ou accueil@). Aucun compte n'est créé pour une adresse générique.");
            }
            // Only the référent's own organisation is told that an address is taken: an account elsewhere (another
            // organisation, staff) or another organisation's request is not revealed; staff see it when they decide.
            else if ((await users.FindByEmailAsync(email) is { } existing && existing.OrganisationId == organisationId)
                || await PendingAddAsync(db, organisationId, email.ToLowerInvariant(), ct))
            {
                errors.Add("email", "Un compte existe déjà, ou est déjà demandé, pour cette adresse e-mail.");
            }
        }

        var phone = errors.Read("phone", request.Phone, 32, required: true, "Le numéro de téléphone");
        if (phone is not null && !IsPhone(phone))
        {
            errors.Add("phone", "Le numéro de téléphone n'est pas valide (exemple : 02 98 12 34 56 ou +262 262 12 34 56).");
        }

        var products = request.ProductIds.Distinct().ToList();
        var covered = await UserQuotas.CoveredProductsAsync(db, organisationId, ct);
        if (products.Count == 0)
        {
            errors.Add("productIds", "Choisissez au moins une application.");
        }
        else if (products.Any(p => covered.All(c => c.Id != p)))
        {
            errors.Add("productIds", "Une des applications choisies n'est pas couverte par les contrats de votre organisation.");
        }
        else
        {
            foreach (var refusal in await UserQuotas.QuotaRefusalsAsync(db, organisationId, products, countPending: true, ct))
            {
                errors.Add("productIds", refusal);
            }
        }

        var comments = errors.Read("comments", request.Comments, 2000, required: false, "Le commentaire");
        if (errors.Count > 0)
        {
            return errors.ToFailure();
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
        await UserRequestMail.NotifyAccountManagerAsync(db, mail, added, ct);
        await db.SaveChangesAsync(ct);
        return Done.Value;
    }

    private static Task<bool> PendingAddAsync(GuichetDbContext db, Guid organisationId, string lowered, CancellationToken ct) =>
        db.UserRequests.AnyAsync(r => r.OrganisationId == organisationId && r.Kind == UserRequestKind.Add && r.State == UserRequestState.Pending && r.Email == lowered, ct);

    private static bool IsPhone(string text)
    {
        var digits = text.Count(char.IsAsciiDigit);
        return digits is >= 8 and <= 15 && text.All(c => char.IsAsciiDigit(c) || c is ' ' or '.' or '-' or '+' or '(' or ')') && text.LastIndexOf('+') <= 0;
    }
}
