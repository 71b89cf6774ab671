using Guichet.Data;
using Guichet.Web.Pages;
using Microsoft.AspNetCore.Mvc;

namespace Guichet.Features.Notifications.Pages;

/// <summary>
/// My notification preferences: for each kind I may receive, on or off, at once or in the daily digest at an hour of
/// my organisation's zone; the organisation's default shows where I have no choice of my own.
/// </summary>
internal sealed class PreferencesModel(GuichetDbContext db) : FormPageModel
{
    public const string Path = "/compte/notifications";

    /// <summary>What was posted, by kind id (shown again as typed when the form has an error).</summary>
    [BindProperty]
    public List<Row> Rows { get; set; } = [];

    public IReadOnlyList<NotificationSettings.KindSetting> Settings { get; private set; } = [];

    /// <summary>One row of the form: a kind, on/off, "immediat" or "resume", the digest's hour as typed.</summary>
    public sealed class Row
    {
        public string? Kind { get; set; }

        public bool Enabled { get; set; }

        public string? Mode { get; set; }

        public string? Hour { get; set; }
    }

    /// <summary>One kind's group: what was posted when the form comes back, else what applies; and which default applies.</summary>
    public ChoiceFieldset Fieldset(int index)
    {
        var setting = Settings[index];
        var (enabled, digest, hour) = ChoiceFieldset.Posted(Rows, setting.Kind.Id)
            ?? (setting.Applies.Enabled, setting.Applies.Digest, setting.Applies.DigestHour.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var hint = setting.Own
            ? $"Votre choix. Réglage par défaut de votre organisation : {ChoiceFieldset.Describe(setting.Default)}."
            : $"Vous n'avez pas fait de choix : le réglage par défaut s'applique ({ChoiceFieldset.Describe(setting.Default)}).";
        return new ChoiceFieldset(index, setting.Kind, enabled, digest, hour, hint, "Recevoir ce message");
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await NotificationSettings.SaveAsync(db, Caller.Id, Caller.IsClient, ChoiceFieldset.Requests(Rows), ct);
        if (outcome.Failure is { } failure)
        {
            ModelState.AddFailure(failure, ChoiceFieldset.ErrorFields(Rows));
            await LoadAsync(ct);
            return Page();
        }

        TempData["Flash"] = "Vos préférences de notification sont enregistrées.";
        return Redirect(Path);
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Settings = await NotificationSettings.LoadAsync(db, Caller.Id, Caller.User.OrganisationId, Caller.IsClient, ct);
}
