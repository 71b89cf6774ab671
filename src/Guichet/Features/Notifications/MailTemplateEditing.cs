using Guichet.Data;
using Guichet.Features.Mail;
using Guichet.Web.Pages;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Guichet.Features.Notifications;

/// <summary>
/// The administrators' templates of notifications: the list of kinds with the version in force, one kind's template,
/// the preview with invented values, saving (checked: Liquid syntax, and a render with the invented values, so a
/// template the dispatcher could not render is refused here) and the return to the built-in template.
/// </summary>
internal static class MailTemplateEditing
{
    /// <summary>Longest text or HTML version accepted (the subject's limit is its column's).</summary>
    public const int BodyMax = 50_000;

    public const int SubjectMax = 300;

    /// <summary>One kind in the list: whether an administrator's version applies, when and by whom it was saved.</summary>
    public sealed record TemplateRow(NotificationKind Kind, Instant? UpdatedAt, string? UpdatedBy);

    /// <summary>One kind's template in force, and whether it is an administrator's (with when and by whom).</summary>
    public sealed record TemplateDetail(NotificationKind Kind, NotificationTemplates.Template Template, Instant? UpdatedAt, string? UpdatedBy);

    /// <summary>A template as typed: subject, text version, HTML version (Liquid).</summary>
    public sealed record TemplateRequest(string? Subject, string? Text, string? Html);

    /// <summary>The kinds that have a template (the daily digest is not one of them).</summary>
    public static IReadOnlyList<NotificationKind> Kinds => [.. NotificationKind.All.Where(k => NotificationTemplates.Defaults.ContainsKey(k.Id))];

    public static async Task<IReadOnlyList<TemplateRow>> ListAsync(GuichetDbContext db, CancellationToken ct)
    {
        var saved = await SavedAsync(db, null, ct);
        return [.. Kinds.Select(k => saved.FirstOrDefault(s => s.Kind == k.Id) is { } row
            ? new TemplateRow(k, row.UpdatedAt, row.UpdatedBy)
            : new TemplateRow(k, null, null))];
    }

    public static async Task<Outcome<TemplateDetail>> GetAsync(GuichetDbContext db, string? kind, CancellationToken ct)
    {
        if (Find(kind) is not { } found)
        {
            return Failure.NotFound("modèle");
        }

        var row = (await SavedAsync(db, found.Id, ct)).SingleOrDefault();
        return row is null
            ? new TemplateDetail(found, NotificationTemplates.Defaults[found.Id], null, null)
            : new TemplateDetail(found, new(row.Subject, row.Text, row.Html), row.UpdatedAt, row.UpdatedBy);
    }

    /// <summary>
    /// The template rendered with invented values (<see cref="Sample"/>), nothing stored and nothing cached; invalid
    /// as <see cref="Check"/> says.
    /// </summary>
    public static Outcome<NotificationTemplates.Rendered> Preview(string? kind, TemplateRequest request, MailOptions mail, Instant now)
    {
        if (Find(kind) is not { } found)
        {
            return Failure.NotFound("modèle");
        }

        var checkedTemplate = Check(found, request, mail, now);
        if (checkedTemplate.Failure is { } failure)
        {
            return failure;
        }

        return NotificationTemplates.Render(checkedTemplate.Value, Sample(found, mail, now), cache: false);
    }

    /// <summary>Saves an administrator's version of a kind's template, once <see cref="Check"/> accepts it.</summary>
    public static async Task<Outcome<Done>> SaveAsync(GuichetDbContext db, Guid by, string? kind, TemplateRequest request, MailOptions mail, Instant now, CancellationToken ct)
    {
        if (Find(kind) is not { } found)
        {
            return Failure.NotFound("modèle");
        }

        var checkedTemplate = Check(found, request, mail, now);
        if (checkedTemplate.Failure is { } failure)
        {
            return failure;
        }

        var template = checkedTemplate.Value;
        var row = await db.Set<MailTemplate>().SingleOrDefaultAsync(t => t.Kind == found.Id, ct);
        if (row is null)
        {
            row = new MailTemplate { Kind = found.Id };
            db.Add(row);
        }

        (row.Subject, row.Text, row.Html, row.UpdatedAt, row.UpdatedById) = (template.Subject, template.Text, template.Html, now, by);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two administrators added the same kind's row at once: the other one's is kept.
            return Failure.Conflict("template_changed", "Ce modèle vient d'être enregistré par quelqu'un d'autre : vérifiez-le et enregistrez de nouveau.");
        }

        return Done.Value;
    }

    /// <summary>Deletes the administrator's version: the built-in template applies again (nothing to delete is not an error).</summary>
    public static async Task<Outcome<Done>> ResetAsync(GuichetDbContext db, string? kind, CancellationToken ct)
    {
        if (Find(kind) is not { } found)
        {
            return Failure.NotFound("modèle");
        }

        await db.Set<MailTemplate>().Where(t => t.Kind == found.Id).ExecuteDeleteAsync(ct);
        return Done.Value;
    }

    /// <summary>
    /// The three parts read (required, trimmed, bounded, no control character), parsed, then rendered with the invented
    /// values: each error in French on its field (<c>subject</c>, <c>text</c>, <c>html</c>).
    /// </summary>
    public static Outcome<NotificationTemplates.Template> Check(NotificationKind kind, TemplateRequest request, MailOptions mail, Instant now)
    {
        var errors = new Dictionary<string, string[]>();
        var model = Sample(kind, mail, now);
        string? Read(string field, string? text, int max, string what, Func<string, string> render)
        {
            var (value, error) = TextInput.Read(text, max, required: true, what);
            if (error is not null)
            {
                errors[field] = [error];
                return null;
            }

            if (NotificationTemplates.Parse(value!, out var syntax) is null)
            {
                errors[field] = [LiquidErrors.Syntax(syntax, value!)];
                return null;
            }

            try
            {
                render(value!);
            }
            catch (Exception e) when (LiquidErrors.IsRenderError(e))
            {
                errors[field] = [LiquidErrors.Render(e)];
                return null;
            }

            return value;
        }

        var subject = Read("subject", request.Subject, SubjectMax, "L'objet du message", s => NotificationTemplates.RenderPart(s, model, cache: false));
        var text = Read("text", request.Text, BodyMax, "Le texte du message", s => NotificationTemplates.RenderPart(s, model, cache: false));
        var html = Read("html", request.Html, BodyMax, "Le message en HTML", s => NotificationTemplates.RenderHtml(s, model, cache: false));
        return errors.Count > 0 ? Failure.Invalid(errors) : new NotificationTemplates.Template(subject!, text!, html!);
    }

    /// <summary>
    /// Invented values for a kind, as the dispatcher would give them (same names and shapes): a made-up ticket of a
    /// made-up town, with a message holding characters HTML must encode.
    /// </summary>
    public static Dictionary<string, object?> Sample(NotificationKind kind, MailOptions mail, Instant now)
    {
        var zone = DateTimeZoneProviders.Tzdb["Europe/Paris"];
        var toStaff = kind.Audience == Audience.Staff;
        const long number = 4217;
        var model = new Dictionary<string, object?>
        {
            ["destinataire"] = new Dictionary<string, object?> { ["nom"] = toStaff ? "Bastien Laroche" : "Hélène Duret" },
            ["ticket"] = new Dictionary<string, object?>
            {
                ["reference"] = Ticket.FormatReference(number),
                ["objet"] = "Export des mandats de mars refusé par la trésorerie",
                ["lien"] = mail.Link($"/demandes/{number}"),
                ["etat"] = kind == NotificationKind.Resolved ? "Traitée, en attente de validation" : kind == NotificationKind.Closed ? "Close" : "En cours de traitement",
                ["priorite"] = "Niveau 1 - Majeur",
                ["organisation"] = "Commune de Belvézet-sur-Orne",
            },
            ["auteur"] = new Dictionary<string, object?> { ["nom"] = toStaff ? "Hélène Duret" : "Bastien Laroche" },
            ["delais"] = new List<Dictionary<string, object?>>
            {
                new() { ["nom"] = "Prise en charge", ["echeance"] = Display.When(now + Duration.FromHours(4), zone) },
                new() { ["nom"] = "Résolution", ["echeance"] = Display.When(now + Duration.FromDays(3), zone) },
            },
            ["message"] = toStaff
                ? "Bonjour,\nLe fichier « mandats-mars.csv » est refusé : « montant total > 10 000 € & pièce <absente> ».\nMerci de votre aide."
                : "Bonjour,\nLe refus vient d'un seuil (> 10 000 €) & d'une pièce <absente> : pouvez-vous nous envoyer le bordereau signé ?\nCordialement.",
            ["fermeture_le"] = kind == NotificationKind.InformationRequested || kind == NotificationKind.Resolved
                ? Display.When(now + Duration.FromDays(20), zone)
                : null,
            ["ancienne_priorite"] = "Niveau 2 - Sérieux",
            ["nouvelle_priorite"] = "Niveau 1 - Majeur",
            ["motif"] = "Plusieurs services sont bloqués.",
            ["delai"] = new Dictionary<string, object?> { ["nom"] = "Résolution", ["echeance"] = Display.When(now + Duration.FromHours(2), zone) },
            ["repondre_par_courriel"] = true,
            ["desabonnement"] = mail.Link($"{NotificationPreferences.UnsubscribePath}?k={kind.Id}&exemple"),
        };
        return model;
    }

    private static NotificationKind? Find(string? kind) => Kinds.FirstOrDefault(k => k.Id == kind);

    private sealed record SavedRow(string Kind, string Subject, string Text, string Html, Instant UpdatedAt, string? UpdatedBy);

    private static async Task<List<SavedRow>> SavedAsync(GuichetDbContext db, string? kind, CancellationToken ct) =>
        await db.Set<MailTemplate>().AsNoTracking()
            .Where(t => kind == null || t.Kind == kind)
            .Select(t => new SavedRow(t.Kind, t.Subject, t.Text, t.Html, t.UpdatedAt, db.Users.Where(u => u.Id == t.UpdatedById).Select(u => u.DisplayName).FirstOrDefault()))
            .ToListAsync(ct);
}
