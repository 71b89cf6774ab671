using System.Net;
using System.Text.RegularExpressions;
using Guichet.Data;
using Guichet.Features.Notifications;
using Guichet.Tests.Api;
using Guichet.Tests.Portal;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Guichet.Tests.Notifications;

/// <summary>
/// The administrators' templates of notifications and an organisation's notification defaults, through HTTP with a
/// signed-in session: a saved template is the one the next mail (delivered to the real SMTP server) uses, a Liquid
/// error is said in French next to its field, the preview encodes values; a référent's defaults apply to their users
/// without a choice of their own, never to another organisation; on SQLite and PostgreSQL.
/// </summary>
public abstract partial class MailTemplatePageTests(GuichetApp app)
{
    private const string Templates = "/admin/modeles-courriel";

    private static readonly string AckPage = $"{Templates}/{NotificationKind.Acknowledgement.Id}";

    private World W => app.World;

    [Fact]
    public async Task An_administrator_s_template_is_used_by_the_next_mail_a_Liquid_error_is_refused_in_French_and_the_original_comes_back()
    {
        var admin = await PortalClient.SignInAsync(app, W.Admin.Email);
        Assert.Contains($"href=\"{Templates}\"", await admin.GetStringAsync("/admin"), StringComparison.Ordinal);
        var list = await TextAsync(await admin.GetAsync(Templates));
        Assert.Contains($"<a href=\"{AckPage}\">{NotificationKind.Acknowledgement.Label}</a>", list, StringComparison.Ordinal);
        Assert.Contains(NotificationKind.ClockBreached.Label, list, StringComparison.Ordinal);
        Assert.Equal(12, Regex.Count(list, "<td>Modèle d'origine</td>"));

        // The form opens on the built-in template, with the variables beside it.
        var page = await TextAsync(await admin.GetAsync(AckPage));
        Assert.Contains(NotificationTemplates.Defaults[NotificationKind.Acknowledgement.Id].Subject, page, StringComparison.Ordinal);
        Assert.Contains("<dt><code>ticket.reference</code></dt>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Revenir au modèle d'origine", page, StringComparison.Ordinal);
        Assert.Equal(2, TokenPattern().Count(page)); // the form's own, besides the sign-out's

        // A syntax error in the text (line 2) and an unknown filter in the HTML: each said in French next to its field,
        // nothing of Fluid's English, what was typed kept, nothing saved.
        var form = new Dictionary<string, string>
        {
            ["Stamp"] = Stamp(page),
            ["Subject"] = "[{{ ticket.reference }}] Bien reçu : {{ ticket.objet }}",
            ["Text"] = "Bonjour {{ destinataire.nom }},\r\n{% if ticket.objet %}Nous avons bien reçu « {{ ticket.objet }} ».",
            ["Html"] = "<p>Bien reçu : {{ ticket.objet | en_majuscules }}</p>",
        };
        var refused = await TextAsync(await admin.PostFormAsync(AckPage, AckPage, new(form)));
        Assert.Matches("<span class=\"field-error\" id=\"Text-error\">Le modèle contient une erreur de syntaxe Liquid à la ligne 2, colonne \\d+ : la balise « {% endif %} » manque", refused);
        Assert.Contains("<span class=\"field-error\" id=\"Html-error\">Le modèle provoque une erreur à l'affichage (essayé avec des valeurs d'exemple) : le filtre « en_majuscules » n'existe pas.</span>", refused, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"text-hint Text-error\" aria-invalid=\"true\"", refused, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"Subject-error\"", refused, StringComparison.Ordinal);
        Assert.DoesNotContain("was expected", refused, StringComparison.Ordinal);
        Assert.DoesNotContain("Undefined filter", refused, StringComparison.Ordinal);
        Assert.Contains("{{ ticket.objet | en_majuscules }}</p></textarea>", refused, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Set<MailTemplate>().AnyAsync()));

        // A subject longer than its column: refused in French.
        var longSubject = new Dictionary<string, string>(form) { ["Subject"] = new string('x', 301), ["Text"] = "Texte", ["Html"] = "<p>HTML</p>" };
        Assert.Contains("L'objet du message dépasse 300 caractères.", await TextAsync(await admin.PostFormAsync(AckPage, AckPage, longSubject)), StringComparison.Ordinal);

        // Corrected: saved, with when and by whom, and the list says so.
        form["Text"] = "Bonjour {{ destinataire.nom }},\r\n{% if ticket.objet %}Nous avons bien reçu « {{ ticket.objet }} ».{% endif %}\r\nPriorité : {{ ticket.priorite }}";
        form["Html"] = "<p>Bien reçu : <em>{{ ticket.objet }}</em></p>";
        var saved = await admin.PostFormAsync(AckPage, AckPage, form);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(Templates, saved.Headers.Location?.OriginalString);
        var row = await app.WithDbAsync(db => db.Set<MailTemplate>().AsNoTracking().SingleAsync());
        Assert.Equal((NotificationKind.Acknowledgement.Id, W.Admin.Id, app.Clock.GetCurrentInstant()), (row.Kind, row.UpdatedById, row.UpdatedAt));
        list = await TextAsync(await admin.GetAsync(Templates));
        Assert.Contains("Le modèle « Accusé de réception de votre demande » est enregistré", list, StringComparison.Ordinal);
        Assert.Contains("<td>Modifié le 13/04/2026 10:00 par admin</td>", list, StringComparison.Ordinal);
        Assert.Equal(11, Regex.Count(list, "<td>Modèle d'origine</td>"));

        // The next ticket's acknowledgement, as the SMTP server received it, is the saved template's.
        var client = W.ByPreset["mn"].Simple;
        var first = await NewTicketAsync(client, "Bordereau <refusé> & bloqué");
        var mail = Assert.Single(await NotificationTests.DispatchAndDeliverAsync(app, first), m => m.Row.To == client.Email).Mail;
        Assert.Equal($"[{Ticket.FormatReference(first)}] Bien reçu : Bordereau <refusé> & bloqué", mail.Subject);
        Assert.Contains("Nous avons bien reçu « Bordereau <refusé> & bloqué ».", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("<p>Bien reçu : <em>Bordereau &lt;refus", mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Demande enregistrée", mail.Subject, StringComparison.Ordinal);

        // Back to the original: the row is deleted, the next mail is the built-in one again.
        page = await TextAsync(await admin.GetAsync(AckPage));
        Assert.Contains("Modèle modifié le 13/04/2026 10:00 par admin.", page, StringComparison.Ordinal);
        Assert.Contains("Revenir au modèle d'origine", page, StringComparison.Ordinal);
        Assert.Equal(3, TokenPattern().Count(page));
        var reset = await admin.PostFormAsync(AckPage, AckPage + "?handler=Origine", new());
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Set<MailTemplate>().AnyAsync()));
        var second = await NewTicketAsync(client, "Deuxième demande");
        mail = Assert.Single(await NotificationTests.DispatchAndDeliverAsync(app, second), m => m.Row.To == client.Email).Mail;
        Assert.Equal($"[{Ticket.FormatReference(second)}] Demande enregistrée : Deuxième demande", mail.Subject);
    }

    [Fact]
    public async Task The_preview_renders_invented_values_encoded_in_a_sandboxed_frame_and_stores_nothing()
    {
        var admin = await PortalClient.SignInAsync(app, W.Admin.Email);
        var reply = $"{Templates}/{NotificationKind.Reply.Id}";
        var page = await TextAsync(await admin.GetAsync(reply));
        var form = new Dictionary<string, string>
        {
            ["Stamp"] = Stamp(page),
            ["Subject"] = "[{{ ticket.reference }}] {{ auteur.nom }} a répondu",
            ["Text"] = "Bonjour {{ destinataire.nom }},\n{{ message }}",
            ["Html"] = "<script>alert('modèle')</script><p>{{ message }}</p>",
        };
        var response = await admin.PostFormAsync(reply, reply + "?handler=Apercu", new(form));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var raw = await response.Content.ReadAsStringAsync();
        var text = WebUtility.HtmlDecode(raw);

        // Invented values: a made-up ticket and people (the client's name in the greeting, the agent's as author).
        Assert.Contains("Aperçu avec des valeurs d'exemple", text, StringComparison.Ordinal);
        Assert.Contains("<p class=\"mail-subject\">[T004217] Bastien Laroche a répondu</p>", text, StringComparison.Ordinal);
        Assert.Contains("Bonjour Hélène Duret,\nBonjour,\nLe refus vient d'un seuil (> 10 000 €) & d'une pièce <absente>", text, StringComparison.Ordinal);

        // The HTML version is in a sandboxed frame (no scripts run), never in the page: its values encoded in the
        // mail's HTML, and the whole encoded once more in the attribute.
        var frame = Regex.Match(raw, "<iframe class=\"mail-html\" sandbox=\"\" [^>]*srcdoc=\"([^\"]*)\"></iframe>");
        Assert.True(frame.Success, raw);
        var html = WebUtility.HtmlDecode(frame.Groups[1].Value);
        Assert.Contains("<script>alert(", html, StringComparison.Ordinal);
        Assert.Contains("&lt;absente&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<br>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("<absente>", raw, StringComparison.Ordinal);

        // A filter that fails at render time: refused in French next to its field, no preview.
        form["Subject"] = "{{ ticket.reference | divided_by: 0 }}";
        var refused = await TextAsync(await admin.PostFormAsync(reply, reply + "?handler=Apercu", form));
        Assert.Contains("<span class=\"field-error\" id=\"Subject-error\">Le modèle provoque une erreur à l'affichage (essayé avec des valeurs d'exemple) : une division par zéro.</span>", refused, StringComparison.Ordinal);
        Assert.DoesNotContain("Aperçu avec des valeurs d'exemple", refused, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Set<MailTemplate>().AnyAsync()));

        // An unknown kind is a 404.
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{Templates}/inconnu")).StatusCode);
    }

    [Fact]
    public async Task A_saved_template_that_fails_on_a_real_mail_s_values_gives_way_to_the_built_in_one()
    {
        // Renders with the invented values (ticket T004217), fails on any other: written directly, as no page would.
        await app.WithDbAsync(db =>
        {
            db.Add(new MailTemplate
            {
                Kind = NotificationKind.NewTicket.Id,
                Subject = "{% if ticket.reference != 'T004217' %}{{ 1 | divided_by: 0 }}{% endif %}Nouvelle demande",
                Text = "Texte",
                Html = "<p>HTML</p>",
                UpdatedAt = app.Clock.GetCurrentInstant(),
                UpdatedById = W.Admin.Id,
            });
            return db.SaveChangesAsync();
        });
        try
        {
            var number = await NewTicketAsync(W.A.Simple, "Modèle en échec");
            var mail = Assert.Single(await NotificationTests.DispatchAndDeliverAsync(app, number), m => m.Row.To == W.AgentA.Email).Mail;
            Assert.Equal($"[{Ticket.FormatReference(number)}] Nouvelle demande de Organisation ls : Modèle en échec", mail.Subject);
            Assert.False(await app.WithDbAsync(db => db.Set<TicketNotice>().AnyAsync()));
        }
        finally
        {
            await app.WithDbAsync(db => db.Set<MailTemplate>().ExecuteDeleteAsync());
        }
    }

    [Theory]
    [InlineData("referent")]
    [InlineData("simple")]
    [InlineData("agent")]
    public async Task Only_administrators_open_the_templates_pages(string who)
    {
        var email = who switch { "referent" => W.A.Referent.Email, "simple" => W.A.Simple.Email, _ => W.AgentA.Email };
        var client = await PortalClient.SignInAsync(app, email);
        var token = TokenPattern().Match(await client.GetStringAsync("/compte")).Groups[1].Value;
        foreach (var url in new[] { Templates, AckPage, AckPage + "?handler=Apercu", AckPage + "?handler=Origine" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
            var post = await client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Subject"] = "Objet",
                ["Text"] = "Texte",
                ["Html"] = "<p>HTML</p>",
            }));
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        }

        Assert.False(await app.WithDbAsync(db => db.Set<MailTemplate>().AnyAsync(t => t.Subject == "Objet")));
    }

    [Fact]
    public async Task A_referent_s_defaults_apply_to_their_users_without_a_choice_and_never_to_another_organisation()
    {
        var org = W.B;
        const string Path = "/organisation/notifications";
        await app.WithDbAsync(db =>
        {
            db.Add(new NotificationPreference { UserId = org.Simple.Id, Kind = NotificationKind.Reply.Id, Enabled = true, Digest = false });
            return db.SaveChangesAsync();
        });
        Guid[] referents = [org.Referent.Id, W.A.Referent.Id];
        await app.WithDbAsync(db => db.Users.Where(u => referents.Contains(u.Id)).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsReferent, true)));
        var referent = await PortalClient.SignInAsync(app, org.Referent.Email);
        Assert.Contains($"href=\"{Path}\"", await referent.GetStringAsync("/organisation/utilisateurs"), StringComparison.Ordinal);
        var page = await TextAsync(await referent.GetAsync(Path));
        Assert.Contains("Celles qui ont réglé leurs notifications dans « Mon compte » gardent leurs préférences.", page, StringComparison.Ordinal);
        Assert.Contains(NotificationKind.Closed.Label, page, StringComparison.Ordinal);
        Assert.DoesNotContain(NotificationKind.NewTicket.Label, page, StringComparison.Ordinal);
        Assert.Equal(2, TokenPattern().Count(page));
        Assert.Contains("Réglage d'origine du portail : immédiatement. Une personne a fait son propre choix pour ce message : il ne change pas pour elle.", page, StringComparison.Ordinal);

        // A wrong hour: said next to its field, nothing saved.
        var form = new Dictionary<string, string>
        {
            ["Rows[0].Kind"] = NotificationKind.Reply.Id,
            ["Rows[0].Enabled"] = "true",
            ["Rows[0].Mode"] = "resume",
            ["Rows[0].Hour"] = "24",
        };
        var refused = await TextAsync(await referent.PostFormAsync(Path, Path, new(form)));
        Assert.Contains("<span class=\"field-error\" id=\"heure-reponse-error\">L'heure du résumé est un nombre entier de 0 à 23.</span>", refused, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Set<OrganisationNotificationDefault>().AnyAsync()));

        // "In the digest at 7": saved for the organisation.
        form["Rows[0].Hour"] = "7";
        var saved = await referent.PostFormAsync(Path, Path, form);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var row = await app.WithDbAsync(db => db.Set<OrganisationNotificationDefault>().AsNoTracking().SingleAsync());
        Assert.Equal((org.Id, NotificationKind.Reply.Id, true, true, 7), (row.OrganisationId, row.Kind, row.Enabled, row.Digest, row.DigestHour));
        page = await TextAsync(await referent.GetAsync(Path));
        Assert.Contains("Les réglages par défaut des notifications de l'organisation sont enregistrés.", page, StringComparison.Ordinal);
        Assert.Contains("Réglage de l'organisation : dans le résumé quotidien de 7 h.", page, StringComparison.Ordinal);

        // A reply to a ticket of the organisation: the requester keeps their own "at once", a colleague following it
        // without a choice gets it in the digest at 7:00 in the organisation's zone (Réunion).
        var number = await NewTicketAsync(org.Simple, "Titre de recette introuvable");
        await app.WithDbAsync(db =>
        {
            db.Add(new TicketFollower { TicketId = number, UserId = org.Undeclared.Id, CreatedAt = app.Clock.GetCurrentInstant() });
            return db.SaveChangesAsync();
        });
        await app.WithServiceAsync<NotificationDispatcher, int>(d => d.RunOnceAsync(CancellationToken.None));
        Assert.Equal(HttpStatusCode.OK, (await app.As(W.Admin.Token).PostJsonAsync($"/api/v1/tickets/{number}/messages", new { text = "Le titre est retrouvé.", @internal = false })).StatusCode);
        await app.WithServiceAsync<NotificationDispatcher, int>(d => d.RunOnceAsync(CancellationToken.None));
        Assert.True(await app.WithDbAsync(db => db.Outbox.AnyAsync(m => m.TicketId == number && m.To == org.Simple.Email && m.Kind == NotificationKind.Reply.Id)));
        Assert.False(await app.WithDbAsync(db => db.Outbox.AnyAsync(m => m.TicketId == number && m.To == org.Undeclared.Email && m.Kind == NotificationKind.Reply.Id)));
        var item = await app.WithDbAsync(db => db.Set<NotificationDigestItem>().AsNoTracking().SingleAsync(i => i.TicketId == number));
        Assert.Equal((org.Undeclared.Id, NotificationKind.Reply.Id), (item.UserId, item.Kind));
        Assert.Equal(new LocalTime(7, 0), item.DueAt.InZone(DateTimeZoneProviders.Tzdb["Indian/Reunion"]).TimeOfDay);
        Assert.InRange((item.DueAt - app.Clock.GetCurrentInstant()).TotalHours, 0, 24);

        // Another organisation's référent sees and changes their own only; a simple user and staff get a 404.
        var other = await PortalClient.SignInAsync(app, W.A.Referent.Email);
        Assert.Contains("Réglage d'origine du portail : immédiatement.", await TextAsync(await other.GetAsync(Path)), StringComparison.Ordinal);
        form["Rows[0].Hour"] = "9";
        Assert.Equal(HttpStatusCode.Redirect, (await other.PostFormAsync(Path, Path, new(form))).StatusCode);
        var rows = await app.WithDbAsync(db => db.Set<OrganisationNotificationDefault>().AsNoTracking().OrderBy(d => d.DigestHour).ToListAsync());
        Assert.Equal([(org.Id, 7), (W.A.Id, 9)], rows.Select(d => (d.OrganisationId, d.DigestHour)).ToList());
        foreach (var email in new[] { org.Simple.Email, W.AgentA.Email })
        {
            var refusedClient = await PortalClient.SignInAsync(app, email);
            var token = TokenPattern().Match(await refusedClient.GetStringAsync("/compte")).Groups[1].Value;
            Assert.Equal(HttpStatusCode.NotFound, (await refusedClient.GetAsync(Path)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await refusedClient.PostAsync(Path, new FormUrlEncodedContent(new Dictionary<string, string>(form) { ["__RequestVerificationToken"] = token }))).StatusCode);
        }

        // Administrators see any organisation's defaults from its page; an unknown organisation is a 404.
        var admin = await PortalClient.SignInAsync(app, W.Admin.Email);
        Assert.Contains($"href=\"/admin/organisations/{org.Id}/notifications\"", await admin.GetStringAsync($"/admin/organisations/{org.Id}"), StringComparison.Ordinal);
        Assert.Contains("Réglage de l'organisation : dans le résumé quotidien de 7 h.", await TextAsync(await admin.GetAsync($"/admin/organisations/{org.Id}/notifications")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/admin/organisations/{Guid.NewGuid()}/notifications")).StatusCode);
    }

    private async Task<long> NewTicketAsync(World.Person client, string subject)
    {
        var response = await app.As(client.Token).PostJsonAsync("/api/v1/tickets", new { productId = W.ProductId, queueId = W.QueueId, subject, body = "Texte de la demande." });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadAsync()).GetProperty("number").GetInt64();
    }

    private static string Stamp(string page) => StampPattern().Match(page).Groups[1].Value;

    private static async Task<string> TextAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("name=\"Stamp\" value=\"([^\"]*)\"")]
    private static partial Regex StampPattern();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

public sealed class SqliteMailTemplatePageTests(SqliteNotificationApp app) : MailTemplatePageTests(app), IClassFixture<SqliteNotificationApp>;

public sealed class PostgresMailTemplatePageTests(PostgresNotificationApp app) : MailTemplatePageTests(app), IClassFixture<PostgresNotificationApp>;
