using Guichet.Web.Pages;

namespace Guichet.Features.Notifications.Pages;

/// <summary>
/// An organisation's notification defaults, for its users without a choice of their own: one group per client kind,
/// as on a person's preferences page. The référent's page edits their own organisation only; the administration's any.
/// </summary>
internal abstract class OrganisationDefaultsPageModel(GuichetDbContext db) : FormPageModel
{
    [BindProperty]
    public List<PreferencesModel.Row> Rows { get; set; } = [];

    public IReadOnlyList<NotificationSettings.DefaultSetting> Settings { get; private set; } = [];

    public string OrganisationName { get; private set; } = "";

    /// <summary>The page's own address (the form posts to it, a save comes back to it).</summary>
    public abstract string Path { get; }

    /// <summary>The link back, and its text.</summary>
    public abstract (string Href, string Text) Back { get; }

    /// <summary>The organisation edited, or null when the caller may not see it (a 404).</summary>
    protected abstract Guid? OrganisationId { get; }

    public ChoiceFieldset Fieldset(int index)
    {
        var setting = Settings[index];
        var (enabled, digest, hour) = ChoiceFieldset.Posted(Rows, setting.Kind.Id)
            ?? (setting.Applies.Enabled, setting.Applies.Digest, setting.Applies.DigestHour.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var hint = (setting.Set ? $"Réglage de l'organisation : {ChoiceFieldset.Describe(setting.Applies)}." : "Réglage d'origine du portail : immédiatement.")
            + setting.OwnChoices switch
            {
                0 => "",
                1 => " Une personne a fait son propre choix pour ce message : il ne change pas pour elle.",
                var n => $" {n} personnes ont fait leur propre choix pour ce message : il ne change pas pour elles.",
            };
        return new ChoiceFieldset(index, setting.Kind, enabled, digest, hour, hint, "Envoyer ce message");
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (OrganisationId is not { } organisation || !await LoadAsync(ct))
        {
            return NotFound();
        }

        var outcome = await NotificationSettings.SaveDefaultsAsync(db, organisation, ChoiceFieldset.Requests(Rows), ct);
        if (outcome.Failure is { } failure)
        {
            ModelState.AddFailure(failure, ChoiceFieldset.ErrorFields(Rows));
            await LoadAsync(ct);
            return Page();
        }

        TempData["Flash"] = "Les réglages par défaut des notifications de l'organisation sont enregistrés.";
        return Redirect(Path);
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (OrganisationId is not { } organisation
            || await db.Organisations.AsNoTracking().Where(o => o.Id == organisation).Select(o => o.Name).SingleOrDefaultAsync(ct) is not { } name)
        {
            return false;
        }

        OrganisationName = name;
        Settings = await NotificationSettings.LoadDefaultsAsync(db, organisation, ct);
        return true;
    }
}

/// <summary>The référent's page: their own organisation's defaults (<c>/organisation/notifications</c>).</summary>
internal sealed class OrganisationDefaultsModel(GuichetDbContext db) : OrganisationDefaultsPageModel(db)
{
    public override string Path => "/organisation/notifications";

    public override (string Href, string Text) Back => ("/organisation/utilisateurs", "Retour aux utilisateurs de l'organisation");

    // The gate lets in only a référent with an organisation; nothing in the request names another one.
    protected override Guid? OrganisationId => Caller.User.OrganisationId;
}
