namespace Guichet.Features.Faq;

/// <summary>
/// Invented French FAQ articles in any number, for the search tests and the benchmark (bench/Guichet.Benchmarks):
/// sentences drawn from a support vocabulary with accents and plurals, the same for a given seed.
/// </summary>
internal static class FaqCorpus
{
    private static readonly string[] Words =
    [
        "application", "applications", "accès", "écran", "écrans", "paramètre", "paramètres", "connexion", "utilisateur", "utilisateurs",
        "délibération", "délibérations", "arrêté", "arrêtés", "préfecture", "signature", "signatures", "certificat", "certificats", "parapheur",
        "circuit", "circuits", "validation", "envoi", "envois", "télétransmission", "accusé", "réception", "bordereau", "bordereaux",
        "mandat", "mandats", "titre", "titres", "comptabilité", "budget", "budgets", "exercice", "mise", "jour",
        "version", "versions", "navigateur", "poste", "postes", "serveur", "serveurs", "sauvegarde", "sauvegardes", "archive",
        "archives", "document", "documents", "fichier", "fichiers", "export", "import", "modèle", "modèles", "courrier",
        "courriers", "agent", "agents", "service", "services", "élu", "élus", "séance", "séances", "convocation",
        "convocations", "procès-verbal", "registre", "état", "civil", "acte", "actes", "naissance", "mariage", "décès",
        "erreur", "erreurs", "message", "messages", "alerte", "alertes", "droit", "droits", "profil", "profils",
        "ouvrir", "fermer", "créer", "modifier", "supprimer", "vérifier", "installer", "configurer", "consulter", "imprimer",
        "rapidement", "correctement", "automatiquement", "chaque", "nouveau", "nouvelle", "ancien", "général", "généraux", "annuel",
        "annuels", "mensuel", "quotidien", "public", "publique", "réseau", "réseaux", "tableau", "tableaux", "journal",
        "journaux", "le", "la", "les", "de", "des", "du", "un", "une", "pour", "dans", "avec", "sur", "et", "ou", "puis",
    ];

    /// <summary>Article <paramref name="index"/> of the corpus: title and Markdown body.</summary>
    public static (string Title, string Body) Article(int index, int seed = 2026)
    {
        var random = new Random(HashCode.Combine(seed, index));
        string Sentence(int length)
        {
            var words = Enumerable.Range(0, length).Select(_ => Words[random.Next(Words.Length)]).ToArray();
            words[0] = char.ToUpperInvariant(words[0][0]) + words[0][1..];
            return string.Join(' ', words);
        }

        var title = Sentence(random.Next(4, 9));
        var body = string.Join("\n\n", Enumerable.Range(0, random.Next(3, 6)).Select(_ => Sentence(random.Next(12, 30)) + "."));
        return (title, body);
    }

    /// <summary>The corpus as articles (not saved), spread over the given products and categories, all published.</summary>
    public static IEnumerable<FaqArticle> Articles(int count, IReadOnlyList<Guid?> products, IReadOnlyList<Guid> categories, Instant at, int seed = 2026)
    {
        for (var i = 0; i < count; i++)
        {
            var (title, body) = Article(i, seed);
            var article = new FaqArticle { ProductId = products[i % products.Count], CategoryId = categories[i % categories.Count], Published = true, CreatedAt = at, UpdatedAt = at };
            article.SetText(title, body);
            yield return article;
        }
    }

    /// <summary>Queries as users type them, for the benchmark: one to three words, accents and plurals mixed.</summary>
    public static IReadOnlyList<string> Queries { get; } =
    [
        "mot de passe", "telechargement", "bordereaux", "signature certificat", "deliberation prefecture", "accuse de reception",
        "mise a jour version", "sauvegardes serveur", "droits utilisateurs", "convocation seance", "état civil naissance",
        "erreur connexion", "journaux", "tableau budget annuel", "parapheur circuit validation", "imprimer les actes",
        "export fichiers", "reseau", "archives", "courrier modele",
    ];
}
