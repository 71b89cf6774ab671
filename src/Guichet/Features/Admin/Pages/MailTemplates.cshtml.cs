using Guichet.Features.Notifications;
using Guichet.Web.Pages;

namespace Guichet.Features.Admin.Pages;

/// <summary>The notifications' templates: every kind, its audience, and whether an administrator's version applies.</summary>
internal sealed class MailTemplatesModel(GuichetDbContext db) : AdminPageModel
{
    public const string Path = "/admin/modeles-courriel";

    public IReadOnlyList<MailTemplateEditing.TemplateRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Rows = await MailTemplateEditing.ListAsync(db, ct);

    /// <summary>"Modifié le … par …", or the built-in template.</summary>
    public string State(MailTemplateEditing.TemplateRow row) => row.UpdatedAt is { } at
        ? $"Modifié le {Display.ShortWhen(at, Tickets.Pages.Lookups.Zone(Caller))}{(row.UpdatedBy is { } by ? " par " + by : "")}"
        : "Modèle d'origine";

    public static string AudienceText(NotificationKind kind) => kind.Audience == Audience.Client ? "Clients" : "Équipe du support";
}
