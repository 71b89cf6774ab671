namespace Guichet.Features.Notifications.Pages;

/// <summary>
/// One kind's group of a notifications form (<c>_ChoiceFieldset.cshtml</c>), shared by a person's preferences and an
/// organisation's defaults: on/off, at once or in the digest, the digest's hour, with a hint saying what applies.
/// </summary>
/// <param name="Index">The row's index in the posted <c>Rows</c>.</param>
/// <param name="Kind">The kind.</param>
/// <param name="Enabled">Whether "receive" is checked.</param>
/// <param name="Digest">Whether "in the daily digest" is chosen.</param>
/// <param name="Hour">The hour as shown (typed, or stored).</param>
/// <param name="Hint">What applies now, in French.</param>
/// <param name="Receive">The checkbox's label.</param>
internal sealed record ChoiceFieldset(int Index, NotificationKind Kind, bool Enabled, bool Digest, string Hour, string Hint, string Receive)
{
    /// <summary>The id of a row's hour field, which its error names.</summary>
    public static string HourField(string kind) => "heure-" + kind;

    public string HourId => HourField(Kind.Id);

    /// <summary>The field names of a failure of <see cref="NotificationSettings.Read"/> mapped to the rows' hour fields.</summary>
    public static Dictionary<string, string> ErrorFields(IReadOnlyList<PreferencesModel.Row> rows)
    {
        // "choices[i].digestHour" goes next to that row's hour field; a kind that is not the caller's to the summary.
        var fields = new Dictionary<string, string>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Kind is { } kind && NotificationKind.Find(kind) is not null)
            {
                fields[$"choices[{i}].digestHour"] = HourField(kind);
            }
        }

        return fields;
    }

    /// <summary>What was posted for a kind (the form comes back with an error), else null.</summary>
    public static (bool Enabled, bool Digest, string Hour)? Posted(IReadOnlyList<PreferencesModel.Row> rows, string kind) =>
        rows.FirstOrDefault(r => r.Kind == kind) is { } posted ? (posted.Enabled, posted.Mode == "resume", posted.Hour ?? "") : null;

    public static string Describe(NotificationPreferences.Choice choice) =>
        !choice.Enabled ? "désactivé" : choice.Digest ? $"dans le résumé quotidien de {choice.DigestHour} h" : "immédiatement";

    /// <summary>The requests of the posted rows.</summary>
    public static List<NotificationSettings.ChoiceRequest> Requests(IReadOnlyList<PreferencesModel.Row> rows) =>
        [.. rows.Select(r => new NotificationSettings.ChoiceRequest(r.Kind, r.Enabled, r.Mode == "resume", r.Hour))];
}
