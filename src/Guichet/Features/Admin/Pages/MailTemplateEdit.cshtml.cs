using Guichet.Features.Mail;
using Guichet.Features.Notifications;
using Guichet.Web.Pages;
using Microsoft.Extensions.Options;

namespace Guichet.Features.Admin.Pages;

/// <summary>
/// One kind's template: edit its subject, text and HTML versions (Liquid), preview them with invented values, save
/// them, or return to the built-in template. The checks and the preview are <see cref="MailTemplateEditing"/>'s.
/// </summary>
internal sealed class MailTemplateEditModel(GuichetDbContext db, IClock clock, IOptions<MailOptions> mail) : AdminPageModel
{
    [FromRoute]
    public string Kind { get; set; } = "";

    [BindProperty]
    public string? Subject { get; set; }

    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public string? Html { get; set; }

    public MailTemplateEditing.TemplateDetail Detail { get; private set; } = null!;

    /// <summary>The preview asked for, when it rendered.</summary>
    public NotificationTemplates.Rendered? Preview { get; private set; }

    /// <summary>The use case's fields, by the form's.</summary>
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["subject"] = nameof(Subject),
        ["text"] = nameof(Text),
        ["html"] = nameof(Html),
    };

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        (Subject, Text, Html) = (Detail.Template.Subject, Detail.Template.Text, Detail.Template.Html);
        Stamp = Current;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        if (!StillAsRead(Current, "Ce modèle a été modifié"))
        {
            return Page();
        }

        var outcome = await MailTemplateEditing.SaveAsync(db, Caller.Id, Kind, Typed, mail.Value, clock.GetCurrentInstant(), ct);
        if (outcome.Failure is { } failure)
        {
            ModelState.AddFailure(failure, Fields);
            return Page();
        }

        return Done($"Le modèle « {Detail.Kind.Label} » est enregistré : les prochains messages de ce type l'utilisent.", MailTemplatesModel.Path);
    }

    public async Task<IActionResult> OnPostApercuAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        var outcome = MailTemplateEditing.Preview(Kind, Typed, mail.Value, clock.GetCurrentInstant());
        if (outcome.Failure is { } failure)
        {
            ModelState.AddFailure(failure, Fields);
        }
        else
        {
            Preview = outcome.Value;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostOrigineAsync(CancellationToken ct)
    {
        var outcome = await MailTemplateEditing.ResetAsync(db, Kind, ct);
        if (outcome.Failure is not null || !await LoadAsync(ct))
        {
            return NotFound();
        }

        return Done($"Le modèle d'origine s'applique de nouveau aux messages « {Detail.Kind.Label} ».", MailTemplatesModel.Path);
    }

    public static IReadOnlyList<NotificationTemplates.Variable> Variables => NotificationTemplates.Variables;

    public string AudienceText => MailTemplatesModel.AudienceText(Detail.Kind);

    public string? UpdatedText => Detail.UpdatedAt is { } at
        ? $"Modèle modifié le {Display.ShortWhen(at, Tickets.Pages.Lookups.Zone(Caller))}{(Detail.UpdatedBy is { } by ? " par " + by : "")}."
        : null;

    private MailTemplateEditing.TemplateRequest Typed => new(Subject, Text, Html);

    /// <summary>What the form was opened on: the template in force and when it was saved.</summary>
    private string Current => Fingerprint(Detail.Template.Subject, Detail.Template.Text, Detail.Template.Html, Detail.UpdatedAt?.ToUnixTimeTicks());

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var outcome = await MailTemplateEditing.GetAsync(db, Kind, ct);
        if (outcome.Failure is not null)
        {
            return false;
        }

        Detail = outcome.Value;
        return true;
    }
}
