namespace Guichet.Features.Faq;

/// <summary>Invented FAQ articles and release notes for the demonstration data (Features/Demo).</summary>
internal static class FaqDemo
{
    public static void Add(GuichetDbContext db, IReadOnlyList<Product> products, Instant now)
    {
        var connection = new FaqCategory { Name = "Connexion et comptes" };
        var usage = new FaqCategory { Name = "Utilisation" };
        var install = new FaqCategory { Name = "Installation et mises à jour" };
        db.AddRange(connection, usage, install);
        var first = products.Count > 0 ? products[0].Id : (Guid?)null;
        var second = products.Count > 1 ? products[1].Id : first;
        (Guid? Product, FaqCategory Category, string Title, string Body)[] articles =
        [
            (null, connection, "Réinitialiser les mots de passe des agents",
                "Depuis l'écran **Mon compte**, choisissez « Changer le mot de passe ».\n\nLes mots de passe comptent au moins 12 caractères. Un agent qui a oublié le sien utilise le lien « Mot de passe oublié » de la page de connexion."),
            (null, usage, "Navigateurs pris en charge",
                "Les deux dernières versions des navigateurs courants sont prises en charge.\n\nPensez à installer leurs mises à jour : un navigateur ancien peut bloquer le téléchargement des pièces jointes."),
            (first, usage, "Téléchargement des accusés de réception",
                "Chaque acte transmis reçoit un accusé de réception de la préfecture.\n\n1. Ouvrez l'acte ;\n2. choisissez « Télécharger l'accusé de réception ».\n\nLes accusés sont conservés avec l'acte."),
            (first, install, "Mettre à jour les certificats de signature",
                "Un certificat expiré empêche la télétransmission. Importez le nouveau certificat dans les paramètres de la collectivité, puis vérifiez la signature d'un acte de test."),
            (second, usage, "Circuits de validation des parapheurs",
                "Un circuit décrit les étapes de visa et de signature. Les circuits se créent dans l'administration, par type de document."),
            (second, connection, "Droits des utilisateurs et profils",
                "Les profils regroupent des droits. Un utilisateur peut avoir plusieurs profils ; ses droits s'additionnent."),
        ];
        foreach (var (product, category, title, body) in articles)
        {
            var article = new FaqArticle { ProductId = product, CategoryId = category.Id, Published = true, CreatedAt = now, UpdatedAt = now };
            article.SetText(title, body);
            db.Add(article);
        }

        foreach (var product in products)
        {
            var latest = product.Versions.OrderByDescending(v => v.ReleasedOn).FirstOrDefault();
            if (latest is not null)
            {
                db.Add(new ReleaseNote { VersionId = latest.Id, Body = $"## Nouveautés de la version {latest.Number}\n\n- Corrections d'anomalies.\n- Amélioration des performances des recherches.", UpdatedAt = now });
            }
        }
    }
}
