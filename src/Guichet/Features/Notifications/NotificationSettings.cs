using Guichet.Data;
using Microsoft.EntityFrameworkCore;

namespace Guichet.Features.Notifications;

/// <summary>
/// A person's choices for every kind they may receive (the preferences page): what applies now, whether it is their own
/// choice or their organisation's default, and the saving of a new set of choices.
/// </summary>
internal static class NotificationSettings
{
    /// <summary>One kind's choice as sent by the page: on/off, in the digest or at once, the digest's hour (text, checked here).</summary>
    public sealed record ChoiceRequest(string? Kind, bool Enabled, bool Digest, string? DigestHour);

    /// <summary>One kind as shown: what applies, and what the organisation's default (or the built-in one) is.</summary>
    public sealed record KindSetting(NotificationKind Kind, NotificationPreferences.Choice Applies, bool Own, NotificationPreferences.Choice Default);

    /// <summary>The kinds a person may receive: the client kinds for a client user, the staff kinds for staff.</summary>
    public static IReadOnlyList<NotificationKind> KindsFor(bool isClient) =>
        [.. NotificationKind.All.Where(k => k.Audience == (isClient ? Audience.Client : Audience.Staff))];

    public static async Task<IReadOnlyList<KindSetting>> LoadAsync(GuichetDbContext db, Guid userId, Guid? organisationId, bool isClient, CancellationToken ct)
    {
        var own = await db.Set<NotificationPreference>().AsNoTracking().Where(p => p.UserId == userId).ToListAsync(ct);
        var defaults = organisationId is { } org
            ? await db.Set<OrganisationNotificationDefault>().AsNoTracking().Where(d => d.OrganisationId == org).ToListAsync(ct)
            : [];
        return [.. KindsFor(isClient).Select(k => new KindSetting(
            k,
            NotificationPreferences.Resolve(k.Id, own, defaults),
            own.Any(p => p.Kind == k.Id),
            NotificationPreferences.Resolve(k.Id, [], defaults)))];
    }

    /// <summary>
    /// Saves the person's choices, all or none: a kind they may not receive or an hour outside 0–23 is refused with a
    /// French message on that row's field (<c>choices[i].kind</c>, <c>choices[i].digestHour</c>).
    /// </summary>
    public static async Task<Outcome<Done>> SaveAsync(GuichetDbContext db, Guid userId, bool isClient, IReadOnlyList<ChoiceRequest> choices, CancellationToken ct)
    {
        var allowed = KindsFor(isClient);
        var errors = new Dictionary<string, string[]>();
        var parsed = new List<(string Kind, bool Enabled, bool Digest, int Hour)>();
        for (var i = 0; i < choices.Count; i++)
        {
            var choice = choices[i];
            if (allowed.FirstOrDefault(k => k.Id == choice.Kind) is not { } kind)
            {
                errors[$"choices[{i}].kind"] = ["Ce type de notification n'existe pas ou ne vous concerne pas."];
                continue;
            }

            if (parsed.Any(p => p.Kind == kind.Id))
            {
                errors[$"choices[{i}].kind"] = [$"Le type « {kind.Label} » est envoyé deux fois."];
                continue;
            }

            var text = choice.DigestHour?.Trim();
            int hour = 8;
            if (!string.IsNullOrEmpty(text) && (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out hour) || hour > 23))
            {
                errors[$"choices[{i}].digestHour"] = ["L'heure du résumé est un nombre entier de 0 à 23."];
                continue;
            }

            if (string.IsNullOrEmpty(text) && choice.Digest)
            {
                errors[$"choices[{i}].digestHour"] = ["Indiquez l'heure du résumé quotidien (de 0 à 23)."];
                continue;
            }

            parsed.Add((kind.Id, choice.Enabled, choice.Digest, hour));
        }

        if (errors.Count > 0)
        {
            return Failure.Invalid(errors);
        }

        var kinds = parsed.Select(p => p.Kind).ToList();
        var rows = await db.Set<NotificationPreference>().Where(p => p.UserId == userId && kinds.Contains(p.Kind)).ToListAsync(ct);
        foreach (var (kind, enabled, digest, hour) in parsed)
        {
            var row = rows.FirstOrDefault(r => r.Kind == kind);
            if (row is null)
            {
                row = new NotificationPreference { UserId = userId, Kind = kind };
                db.Add(row);
            }

            row.Enabled = enabled;
            row.Digest = digest;
            row.DigestHour = hour;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two saves at once both added the same row: the other one won; nothing of this one is half written.
            return Failure.Conflict("preferences_changed", "Vos préférences viennent d'être enregistrées par ailleurs : vérifiez-les et enregistrez de nouveau.");
        }

        return Done.Value;
    }
}
