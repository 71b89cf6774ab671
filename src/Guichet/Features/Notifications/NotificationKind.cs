namespace Guichet.Features.Notifications;

/// <summary>Who a kind of notification is for.</summary>
internal enum Audience
{
    /// <summary>The requester and the ticket's client followers.</summary>
    Client,

    /// <summary>Provider staff.</summary>
    Staff,
}

/// <summary>A kind of notification: a stable id (preferences, templates, unsubscribe links) and its French name.</summary>
internal sealed record NotificationKind(string Id, string Label, Audience Audience)
{
    public static readonly NotificationKind Acknowledgement = new("accuse-reception", "Accusé de réception de votre demande", Audience.Client);
    public static readonly NotificationKind Reply = new("reponse", "Réponse du support", Audience.Client);
    public static readonly NotificationKind InformationRequested = new("information-demandee", "Information demandée par le support", Audience.Client);
    public static readonly NotificationKind Resolved = new("resolue", "Demande traitée, à valider", Audience.Client);
    public static readonly NotificationKind Requalified = new("requalifiee", "Priorité modifiée", Audience.Client);
    public static readonly NotificationKind Closed = new("close", "Demande close", Audience.Client);
    public static readonly NotificationKind NewTicket = new("nouveau-ticket", "Nouvelle demande pour l'équipe", Audience.Staff);
    public static readonly NotificationKind ClientReply = new("reponse-client", "Réponse du client", Audience.Staff);
    public static readonly NotificationKind ClientChase = new("relance-client", "Relance du client", Audience.Staff);
    public static readonly NotificationKind Reopened = new("reouverture", "Demande rouverte par le client", Audience.Staff);
    public static readonly NotificationKind ClockWarning = new("delai-proche", "Délai bientôt dépassé", Audience.Staff);
    public static readonly NotificationKind ClockBreached = new("delai-depasse", "Délai dépassé", Audience.Staff);
    public static readonly NotificationKind Digest = new("resume-quotidien", "Résumé quotidien", Audience.Client);

    /// <summary>Every kind a person may choose about, in the order pages show them.</summary>
    public static readonly IReadOnlyList<NotificationKind> All =
    [
        Acknowledgement, Reply, InformationRequested, Resolved, Requalified, Closed,
        NewTicket, ClientReply, ClientChase, Reopened, ClockWarning, ClockBreached,
    ];

    public static NotificationKind? Find(string? id) => All.FirstOrDefault(k => k.Id == id) ?? (id == Digest.Id ? Digest : null);
}
