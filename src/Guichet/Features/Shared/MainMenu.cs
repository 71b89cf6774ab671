using Guichet.Features.Accounts;

namespace Guichet.Features.Shared;

/// <summary>
/// The main menu of the layout: at most six entries for any person (issue 15), the less daily pages grouped under a
/// heading that opens a short list. Which links a person sees follows what they may open (the page gates answer 404
/// to the rest anyway).
/// </summary>
internal static class MainMenu
{
    /// <summary>A link of the menu, or a group (<see cref="Links"/> not empty) shown as a disclosure.</summary>
    public sealed record Entry(string Label, string? Href, IReadOnlyList<Entry> Links)
    {
        public static Entry Link(string label, string href) => new(label, href, []);

        public static Entry Group(string label, params Entry?[] links) => new(label, null, [.. links.OfType<Entry>()]);

        public bool IsGroup => Href is null;

        /// <summary>The link the current page belongs to (its own path or a page under it; "/" only itself).</summary>
        public bool IsCurrent(PathString path, IReadOnlyList<Entry> all) =>
            IsGroup ? Links.Any(l => l.IsCurrent(path, all)) : Matches(path) && !Longer(path, all);

        private bool Matches(PathString path) => Href == "/" ? path == "/" : path.StartsWithSegments(Href);

        /// <summary>Another link names the path more closely ("/demandes/nouvelle" rather than "/demandes").</summary>
        private bool Longer(PathString path, IReadOnlyList<Entry> all) =>
            Flatten(all).Any(o => o.Href is not null && o.Href.Length > Href!.Length && o.Matches(path));
    }

    public static IEnumerable<Entry> Flatten(IReadOnlyList<Entry> entries) =>
        entries.SelectMany(e => e.IsGroup ? e.Links : [e]);

    /// <summary>The menu of a signed-in person.</summary>
    public static IReadOnlyList<Entry> For(Caller caller)
    {
        var entries = caller.IsClient ? ForClient(caller) : ForStaff(caller);
        return [.. entries.Where(e => !e.IsGroup || e.Links.Count > 0)
            .Select(e => e is { IsGroup: true, Links.Count: 1 } ? e.Links[0] : e)];
    }

    private static List<Entry> ForClient(Caller caller)
    {
        var referent = caller.User.IsReferent;
        return
        [
            Entry.Link("Accueil", "/"),
            Entry.Link("Mes demandes", "/demandes"),
            Entry.Link("Nouvelle demande", "/demandes/nouvelle"),
            Entry.Group(
                "Contrat",
                Entry.Link("Mon contrat", "/mon-contrat"),
                Entry.Link("État du service", "/etat-du-service"),
                referent ? Entry.Link("Prestations", "/prestations") : null,
                referent ? Entry.Link("Statistiques", "/statistiques") : null,
                referent ? Entry.Link("Sauvegardes", "/sauvegardes") : null,
                referent ? Entry.Link("Rapport mensuel", "/statistiques/rapport-mensuel") : null),
            Entry.Group(
                "Aide",
                Entry.Link("Informations", "/actualites"),
                Entry.Link("FAQ", "/faq"),
                Entry.Link("Documentation", "/documentation"),
                Entry.Link("Outils", "/outils"),
                Entry.Link("Prochaines versions", "/versions")),
            .. referent ? [Entry.Group("Organisation", Entry.Link("Utilisateurs", "/organisation/utilisateurs"))] : Array.Empty<Entry>(),
        ];
    }

    private static List<Entry> ForStaff(Caller caller)
    {
        var editor = Portal.PortalRules.IsEditor(caller);
        var reviewer = Users.DecideUserRequest.IsReviewer(caller);
        return
        [
            Entry.Link("File des demandes", "/bureau"),
            Entry.Group(
                "Contrats",
                Entry.Link("Contrats", "/contrats"),
                Entry.Link("Rapports", "/rapports"),
                Entry.Link("Disponibilité", "/bureau/disponibilite"),
                Entry.Link("Sauvegardes", "/bureau/sauvegardes"),
                Entry.Link("Cellules de crise", "/bureau/crises")),
            Entry.Link("Courriels", "/courriels"),
            Entry.Group(
                "Portail",
                editor ? Entry.Link("Informations", "/admin/actualites") : null,
                editor ? Entry.Link("Prestations", "/admin/prestations") : null,
                Entry.Link("Versions prévues", "/bureau/versions")),
            .. reviewer ? [Entry.Link("Demandes d'utilisateurs", "/admin/demandes-utilisateurs")] : Array.Empty<Entry>(),
            .. caller.IsAdmin ? [Entry.Link("Administration", "/admin")] : Array.Empty<Entry>(),
        ];
    }
}
