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

    /// <summary>The id of a row's hour field, which its error names.</summary>
    public static string HourField(string kind) => "heure-" + kind;

    public static string Describe(NotificationPreferences.Choice choice) =>
        !choice.Enabled ? "désactivé" : choice.Digest ? $"dans le résumé quotidien de {choice.DigestHour} h" : "immédiatement";

    /// <summary>The values a row shows: what was posted when the form comes back, else what applies.</summary>
    public (bool Enabled, bool Digest, string Hour) Shown(NotificationSettings.KindSetting setting) =>
        Rows.FirstOrDefault(r => r.Kind == setting.Kind.Id) is { } posted
            ? (posted.Enabled, posted.Mode == "resume", posted.Hour ?? "")
            : (setting.Applies.Enabled, setting.Applies.Digest, setting.Applies.DigestHour.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var request = Rows.Select(r => new NotificationSettings.ChoiceRequest(r.Kind, r.Enabled, r.Mode == "resume", r.Hour)).ToList();
        var outcome = await NotificationSettings.SaveAsync(db, Caller.Id, Caller.IsClient, request, ct);
        if (outcome.Failure is { } failure)
        {
            // "choices[i].digestHour" goes next to that row's hour field; a kind that is not the caller's to the summary.
            var fields = new Dictionary<string, string>();
            for (var i = 0; i < Rows.Count; i++)
            {
                if (Rows[i].Kind is { } kind && NotificationKind.Find(kind) is not null)
                {
                    fields[$"choices[{i}].digestHour"] = HourField(kind);
                }
            }

            ModelState.AddFailure(failure, fields);
            await LoadAsync(ct);
            return Page();
        }

        TempData["Flash"] = "Vos préférences de notification sont enregistrées.";
        return Redirect(Path);
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Settings = await NotificationSettings.LoadAsync(db, Caller.Id, Caller.User.OrganisationId, Caller.IsClient, ct);
}
