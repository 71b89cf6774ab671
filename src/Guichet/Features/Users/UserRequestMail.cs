using Guichet.Features.Mail;

namespace Guichet.Features.Users;

/// <summary>The French texts of user requests: their description, kind and state, and the mails they send.</summary>
internal static class UserRequestMail
{
    /// <summary>Tells the organisation's account manager (if active) that a request waits; administrators see the page.</summary>
    public static async Task NotifyAccountManagerAsync(GuichetDbContext db, MailOptions mail, UserRequest request, CancellationToken ct)
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

    public static string InvitationMailBody(string name, string organisation, List<string> products, string link) =>
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

    public static string DecisionMailBody(string name, UserRequest request, UserRequestState state, List<string> products, string? reason, string link) =>
        $"""
        Bonjour {name},

        Votre demande {Describe(request)} est {StateText(state).ToLowerInvariant()}.
        {(request.Kind == UserRequestKind.Add && products.Count > 0 ? $"Applications ouvertes : {string.Join(", ", products)}. Les modalités d'accès ont été envoyées à l'utilisateur.\n" : "")}{(reason is null ? "" : $"Raison : {reason}\n")}
        L'historique de vos demandes : {link}

        --
        Guichet
        """;
}
