using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using Fluid;
using Guichet.Data;
using Microsoft.EntityFrameworkCore;

namespace Guichet.Features.Notifications;

/// <summary>
/// The notifications' templates, in Liquid (rendered by the Fluid library): a subject, a text and an HTML version per
/// kind. Built-in French templates apply unless an administrator saved a <see cref="MailTemplate"/>. In the HTML
/// version every value is HTML-encoded by Fluid; the text version is rendered unencoded.
/// </summary>
internal sealed class NotificationTemplates(GuichetDbContext db)
{
    /// <summary>A template of one kind: subject, text and HTML, in Liquid.</summary>
    public sealed record Template(string Subject, string Text, string Html);

    /// <summary>A rendered mail.</summary>
    public sealed record Rendered(string Subject, string Text, string Html);

    /// <summary>A variable a template may use, with its meaning in French (listed on the templates page).</summary>
    public sealed record Variable(string Name, string Meaning);

    private static readonly FluidParser Parser = new();

    /// <summary>
    /// The sources parsed for mail: the built-in ones and the administrators' saved ones. Previews and checks never add
    /// to it (they parse what is typed, once); it is emptied when it reaches <see cref="ParsedMax"/> (saved versions
    /// replaced over time), which costs a parse per template at the next mail.
    /// </summary>
    private static readonly ConcurrentDictionary<string, IFluidTemplate> Parsed = new(StringComparer.Ordinal);

    private const int ParsedMax = 200;

    /// <summary>
    /// How templates render, for mail and previews alike: an unknown filter is an error (not silently ignored), and a
    /// loop, an output or a collection has a bound, so a template an administrator saves cannot stall the dispatcher.
    /// </summary>
    private static readonly TemplateOptions Options = new TemplateOptionsBuilder()
        .WithStrictFilters(true)
        .WithMaxSteps(100_000)
        .WithMaxOutputSize(2_000_000)
        .WithMaxCollectionSize(10_000)
        .Build();

    public static readonly IReadOnlyList<Variable> Variables =
    [
        new("destinataire.nom", "le nom de la personne qui reçoit le message"),
        new("ticket.reference", "la référence de la demande (T000123)"),
        new("ticket.objet", "l'objet de la demande"),
        new("ticket.lien", "l'adresse de la demande sur le portail"),
        new("ticket.etat", "l'état de la demande"),
        new("ticket.priorite", "la priorité en vigueur"),
        new("ticket.organisation", "l'organisation cliente"),
        new("auteur.nom", "qui a fait l'action (réponse, changement…)"),
        new("message", "le texte de la réponse ou de la question (jamais une note interne)"),
        new("delais", "les délais en cours : liste d'éléments avec nom et echeance"),
        new("fermeture_le", "la date après laquelle la demande se clôt d'elle-même, si elle en a une"),
        new("ancienne_priorite", "la priorité avant une requalification"),
        new("nouvelle_priorite", "la priorité après une requalification"),
        new("motif", "le motif d'une requalification"),
        new("delai.nom", "le délai bientôt ou déjà dépassé"),
        new("delai.echeance", "son échéance"),
        new("repondre_par_courriel", "vrai quand on peut répondre au message pour répondre à la demande"),
        new("desabonnement", "le lien pour ne plus recevoir ce type de message"),
    ];

    private const string Footer = """


        --
        {% if repondre_par_courriel %}Répondez à ce message pour ajouter votre réponse à la demande, ou suivez le lien.
        {% endif %}Ne plus recevoir ce type de message : {{ desabonnement }}
        """;

    private const string HtmlFooter = """
        <hr>
        <p style="color:#555;font-size:90%">{% if repondre_par_courriel %}Répondez à ce message pour ajouter votre réponse à la demande, ou suivez le lien.<br>{% endif %}<a href="{{ desabonnement }}">Ne plus recevoir ce type de message</a></p>
        """;

    private static string Html(string body) => $$$"""
        <!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{{ ticket.reference }}</title></head>
        <body style="font-family:sans-serif;line-height:1.5">
        <p>Bonjour {{ destinataire.nom }},</p>
        {{{body}}}
        <p><a href="{{ ticket.lien }}">Voir la demande {{ ticket.reference }} sur le portail</a></p>
        {{{HtmlFooter}}}
        </body></html>
        """;

    private static string Text(string body) => $$$"""
        Bonjour {{ destinataire.nom }},

        {{{body}}}

        Voir la demande : {{ ticket.lien }}
        """ + Footer;

    private const string MessageText = "{{ message }}";

    private const string MessageHtml = "<blockquote style=\"border-left:3px solid #ccc;margin:0;padding-left:1em\">{{ message }}</blockquote>";

    private const string ClocksText = "{% for d in delais %}\n- {{ d.nom }} : avant le {{ d.echeance }}{% endfor %}";

    private const string ClocksHtml = "{% if delais.size > 0 %}<ul>{% for d in delais %}<li>{{ d.nom }} : avant le {{ d.echeance }}</li>{% endfor %}</ul>{% endif %}";

    /// <summary>The built-in templates, by kind id.</summary>
    public static readonly IReadOnlyDictionary<string, Template> Defaults = new Dictionary<string, Template>
    {
        [NotificationKind.Acknowledgement.Id] = new(
            "[{{ ticket.reference }}] Demande enregistrée : {{ ticket.objet }}",
            Text("Votre demande « {{ ticket.objet }} » est enregistrée sous la référence {{ ticket.reference }} (priorité {{ ticket.priorite }}).\n{% if delais.size > 0 %}Nos engagements pour cette demande :" + ClocksText + "{% endif %}"),
            Html("<p>Votre demande « {{ ticket.objet }} » est enregistrée sous la référence <strong>{{ ticket.reference }}</strong> (priorité {{ ticket.priorite }}).</p>{% if delais.size > 0 %}<p>Nos engagements pour cette demande :</p>" + ClocksHtml + "{% endif %}")),
        [NotificationKind.Reply.Id] = new(
            "[{{ ticket.reference }}] Réponse du support : {{ ticket.objet }}",
            Text("{{ auteur.nom }} a répondu à votre demande :\n\n" + MessageText),
            Html("<p>{{ auteur.nom }} a répondu à votre demande :</p>" + MessageHtml)),
        [NotificationKind.InformationRequested.Id] = new(
            "[{{ ticket.reference }}] Information demandée : {{ ticket.objet }}",
            Text("Le support a besoin d'une information pour traiter votre demande :\n\n" + MessageText + "\n{% if fermeture_le %}\nSans réponse de votre part, la demande sera close après le {{ fermeture_le }}.{% endif %}"),
            Html("<p>Le support a besoin d'une information pour traiter votre demande :</p>" + MessageHtml + "{% if fermeture_le %}<p>Sans réponse de votre part, la demande sera close après le {{ fermeture_le }}.</p>{% endif %}")),
        [NotificationKind.Resolved.Id] = new(
            "[{{ ticket.reference }}] Demande traitée, à valider : {{ ticket.objet }}",
            Text("Votre demande est traitée ({{ ticket.etat }}).\n{% if message %}\n" + MessageText + "\n{% endif %}\nSur le portail, « Répondre et clore » la valide ; « Répondre » la rouvre si le problème demeure.{% if fermeture_le %} Sans action de votre part, elle sera close après le {{ fermeture_le }}.{% endif %}"),
            Html("<p>Votre demande est traitée ({{ ticket.etat }}).</p>{% if message %}" + MessageHtml + "{% endif %}<p>Sur le portail, « Répondre et clore » la valide ; « Répondre » la rouvre si le problème demeure.{% if fermeture_le %} Sans action de votre part, elle sera close après le {{ fermeture_le }}.{% endif %}</p>")),
        [NotificationKind.Requalified.Id] = new(
            "[{{ ticket.reference }}] Priorité modifiée : {{ ticket.objet }}",
            Text("La priorité de votre demande passe de « {{ ancienne_priorite }} » à « {{ nouvelle_priorite }} ».\nMotif : {{ motif }}"),
            Html("<p>La priorité de votre demande passe de « {{ ancienne_priorite }} » à « {{ nouvelle_priorite }} ».</p><p>Motif : {{ motif }}</p>")),
        [NotificationKind.Closed.Id] = new(
            "[{{ ticket.reference }}] Demande close : {{ ticket.objet }}",
            Text("Votre demande est close ({{ ticket.etat }}). Pour un nouveau besoin, créez une nouvelle demande sur le portail."),
            Html("<p>Votre demande est close ({{ ticket.etat }}). Pour un nouveau besoin, créez une nouvelle demande sur le portail.</p>")),
        [NotificationKind.NewTicket.Id] = new(
            "[{{ ticket.reference }}] Nouvelle demande de {{ ticket.organisation }} : {{ ticket.objet }}",
            Text("{{ auteur.nom }} ({{ ticket.organisation }}) a créé la demande {{ ticket.reference }}, priorité {{ ticket.priorite }} :\n\n" + MessageText + "\n{% if delais.size > 0 %}\nDélais :" + ClocksText + "{% endif %}"),
            Html("<p>{{ auteur.nom }} ({{ ticket.organisation }}) a créé la demande {{ ticket.reference }}, priorité {{ ticket.priorite }} :</p>" + MessageHtml + ClocksHtml)),
        [NotificationKind.ClientReply.Id] = new(
            "[{{ ticket.reference }}] Réponse du client : {{ ticket.objet }}",
            Text("{{ auteur.nom }} ({{ ticket.organisation }}) a répondu :\n\n" + MessageText),
            Html("<p>{{ auteur.nom }} ({{ ticket.organisation }}) a répondu :</p>" + MessageHtml)),
        [NotificationKind.ClientChase.Id] = new(
            "[{{ ticket.reference }}] Relance du client : {{ ticket.objet }}",
            Text("{{ auteur.nom }} ({{ ticket.organisation }}) relance la demande :\n\n" + MessageText),
            Html("<p>{{ auteur.nom }} ({{ ticket.organisation }}) relance la demande :</p>" + MessageHtml)),
        [NotificationKind.Reopened.Id] = new(
            "[{{ ticket.reference }}] Demande rouverte par le client : {{ ticket.objet }}",
            Text("{{ auteur.nom }} ({{ ticket.organisation }}) n'a pas validé la solution et rouvre la demande :\n\n" + MessageText),
            Html("<p>{{ auteur.nom }} ({{ ticket.organisation }}) n'a pas validé la solution et rouvre la demande :</p>" + MessageHtml)),
        [NotificationKind.ClockWarning.Id] = new(
            "[{{ ticket.reference }}] Délai bientôt dépassé ({{ delai.nom }}) : {{ ticket.objet }}",
            Text("Le délai « {{ delai.nom }} » de la demande {{ ticket.reference }} ({{ ticket.organisation }}, priorité {{ ticket.priorite }}) arrive à échéance le {{ delai.echeance }}."),
            Html("<p>Le délai « {{ delai.nom }} » de la demande {{ ticket.reference }} ({{ ticket.organisation }}, priorité {{ ticket.priorite }}) arrive à échéance le {{ delai.echeance }}.</p>")),
        [NotificationKind.ClockBreached.Id] = new(
            "[{{ ticket.reference }}] Délai dépassé ({{ delai.nom }}) : {{ ticket.objet }}",
            Text("Le délai « {{ delai.nom }} » de la demande {{ ticket.reference }} ({{ ticket.organisation }}, priorité {{ ticket.priorite }}) est dépassé depuis le {{ delai.echeance }}."),
            Html("<p>Le délai « {{ delai.nom }} » de la demande {{ ticket.reference }} ({{ ticket.organisation }}, priorité {{ ticket.priorite }}) est dépassé depuis le {{ delai.echeance }}.</p>")),
    };

    /// <summary>The template in force for a kind: the administrator's, else the built-in one.</summary>
    public async Task<Template> ForAsync(string kind, CancellationToken ct)
    {
        var saved = await db.Set<MailTemplate>().AsNoTracking().SingleOrDefaultAsync(t => t.Kind == kind, ct);
        return saved is null ? Defaults[kind] : new Template(saved.Subject, saved.Text, saved.Html);
    }

    /// <summary>Null when the three parts are valid Liquid, else the parser's message (in English, as Fluid writes it).</summary>
    public static string? Check(Template template)
    {
        foreach (var part in new[] { template.Subject, template.Text, template.Html })
        {
            if (Parse(part, out var error) is null)
            {
                return error;
            }
        }

        return null;
    }

    /// <summary>One part parsed, without the cache; null with Fluid's (English) message when it is not valid Liquid.</summary>
    public static IFluidTemplate? Parse(string source, out string error)
    {
        if (Parser.TryParse(source, out var template, out var message))
        {
            error = "";
            return template;
        }

        error = message ?? "";
        return null;
    }

    /// <summary>Renders a template with the values of one mail (see <see cref="Variables"/>).</summary>
    public static Rendered Render(Template template, IReadOnlyDictionary<string, object?> model) => Render(template, model, cache: true);

    /// <summary>
    /// Renders a template; <paramref name="cache"/> false for what an administrator is typing (a preview, a check),
    /// which must not fill the process-wide cache. Throws what Fluid throws at render time (unknown filter, a bound
    /// reached, a division by zero…).
    /// </summary>
    public static Rendered Render(Template template, IReadOnlyDictionary<string, object?> model, bool cache) => new(
        Subject(RenderPart(template.Subject, model, cache)),
        RenderPart(template.Text, model, cache),
        RenderHtml(template.Html, model, cache));

    /// <summary>The subject as rendered, on one line.</summary>
    public static string Subject(string rendered) =>
        string.Join(' ', rendered.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();

    /// <summary>Renders one part as text (subject, text version).</summary>
    public static string RenderPart(string source, IReadOnlyDictionary<string, object?> model, bool cache) =>
        Render(cache ? Cached(source) : Parse(source, out var error) ?? throw new InvalidOperationException("Invalid template: " + error), model);

    /// <summary>Renders one part as HTML: every value encoded first.</summary>
    public static string RenderHtml(string source, IReadOnlyDictionary<string, object?> model, bool cache) =>
        RenderPart(source, (IReadOnlyDictionary<string, object?>)ForHtml(model)!, cache);

    /// <summary>
    /// The values as HTML: every text encoded before rendering (so a template's own markup stays markup), and the
    /// message's line breaks kept as <c>&lt;br&gt;</c>. Fluid's HTML encoder would encode the <c>&lt;br /&gt;</c> of
    /// <c>newline_to_br</c> too.
    /// </summary>
    private static object? ForHtml(object? value, string? name = null) => value switch
    {
        string text when name == "message" => string.Join("<br>\n", text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(HtmlEncoder.Default.Encode)),
        string text => HtmlEncoder.Default.Encode(text),
        IReadOnlyDictionary<string, object?> values => values.ToDictionary(v => v.Key, v => ForHtml(v.Value, v.Key)),
        IEnumerable<Dictionary<string, object?>> items => items.Select(i => ForHtml(i)).ToList(),
        _ => value,
    };

    private static IFluidTemplate Cached(string source)
    {
        if (Parsed.TryGetValue(source, out var template))
        {
            return template;
        }

        if (Parsed.Count >= ParsedMax)
        {
            Parsed.Clear();
        }

        return Parsed.GetOrAdd(source, s => Parse(s, out var error) ?? throw new InvalidOperationException("Invalid template: " + error));
    }

    private static string Render(IFluidTemplate template, IReadOnlyDictionary<string, object?> model)
    {
        var context = new TemplateContext(Options, StringComparer.Ordinal);
        foreach (var (name, value) in model)
        {
            context.SetValue(name, value ?? (object)Fluid.Values.NilValue.Instance);
        }

        return template.Render(context, NullEncoder.Default);
    }
}
