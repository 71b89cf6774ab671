using Guichet.Features.Notifications.Pages;

namespace Guichet.Features.Admin.Pages;

/// <summary>The administration's view of an organisation's notification defaults (the référent's page, for any organisation).</summary>
internal sealed class OrganisationNotificationsModel(GuichetDbContext db) : OrganisationDefaultsPageModel(db)
{
    [FromRoute]
    public Guid Id { get; set; }

    public override string Path => $"/admin/organisations/{Id}/notifications";

    public override (string Href, string Text) Back => ($"/admin/organisations/{Id}", "Retour à la fiche de l'organisation");

    protected override Guid? OrganisationId => Id;
}
