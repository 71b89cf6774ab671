using Guichet.Data;
using Microsoft.EntityFrameworkCore;

namespace Guichet.Features.Notifications;

/// <summary>
/// A person's choices for every kind they may receive (the preferences page): what applies now, whether it is their own
/// choice or their organisation's default, and the saving of a new set of choices; an organisation's defaults (its
/// référent's page, the administration's), checked by the same <see cref="Read"/>.
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
        var read = Read(choices, KindsFor(isClient), "Ce type de notification n'existe pas ou ne vous concerne pas.");
        if (read.Failure is { } failure)
        {
            return failure;
        }

        return await WriteAsync(
            db,
            read.Value,
            kinds => db.Set<NotificationPreference>().Where(p => p.UserId == userId && kinds.Contains(p.Kind)),
            kind => new NotificationPreference { UserId = userId, Kind = kind },
            "Vos préférences viennent d'être enregistrées par ailleurs : vérifiez-les et enregistrez de nouveau.",
            ct);
    }

    /// <summary>One client kind as the organisation's defaults page shows it: the default in force, and how many users chose for themselves.</summary>
    public sealed record DefaultSetting(NotificationKind Kind, NotificationPreferences.Choice Applies, bool Set, int OwnChoices);

    /// <summary>The organisation's defaults for every client kind (the built-in "on, at once" where it set none).</summary>
    public static async Task<IReadOnlyList<DefaultSetting>> LoadDefaultsAsync(GuichetDbContext db, Guid organisationId, CancellationToken ct)
    {
        var defaults = await db.Set<OrganisationNotificationDefault>().AsNoTracking().Where(d => d.OrganisationId == organisationId).ToListAsync(ct);
        var own = await db.Set<NotificationPreference>().AsNoTracking()
            .Where(p => db.Users.Any(u => u.Id == p.UserId && u.OrganisationId == organisationId))
            .GroupBy(p => p.Kind)
            .Select(g => new { Kind = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        return [.. KindsFor(isClient: true).Select(k => new DefaultSetting(
            k,
            NotificationPreferences.Resolve(k.Id, [], defaults),
            defaults.Any(d => d.Kind == k.Id),
            own.FirstOrDefault(o => o.Kind == k.Id)?.Count ?? 0))];
    }

    /// <summary>
    /// Saves an organisation's defaults for its users without a choice of their own, all or none, with the checks and
    /// messages of a person's choices (<see cref="SaveAsync"/>); only client kinds. The caller's right to the
    /// organisation is the page's gate (its référent) or the administration's.
    /// </summary>
    public static async Task<Outcome<Done>> SaveDefaultsAsync(GuichetDbContext db, Guid organisationId, IReadOnlyList<ChoiceRequest> choices, CancellationToken ct)
    {
        var read = Read(choices, KindsFor(isClient: true), "Ce type de notification n'existe pas ou ne concerne pas les utilisateurs d'une organisation.");
        if (read.Failure is { } failure)
        {
            return failure;
        }

        return await WriteAsync(
            db,
            read.Value,
            kinds => db.Set<OrganisationNotificationDefault>().Where(d => d.OrganisationId == organisationId && kinds.Contains(d.Kind)),
            kind => new OrganisationNotificationDefault { OrganisationId = organisationId, Kind = kind },
            "Ces réglages viennent d'être enregistrés par quelqu'un d'autre : vérifiez-les et enregistrez de nouveau.",
            ct);
    }

    /// <summary>A choice as checked: the kind's id, on/off, digest, the digest's hour.</summary>
    public readonly record struct Checked(string Kind, bool Enabled, bool Digest, int Hour);

    /// <summary>
    /// The one check of a set of choices (a person's or an organisation's): each kind among <paramref name="allowed"/>
    /// and sent once, the hour a whole number from 0 to 23 (required for the digest); the messages by row field.
    /// </summary>
    public static Outcome<Checked[]> Read(IReadOnlyList<ChoiceRequest> choices, IReadOnlyList<NotificationKind> allowed, string notAllowed)
    {
        var errors = new Dictionary<string, string[]>();
        var parsed = new List<Checked>();
        for (var i = 0; i < choices.Count; i++)
        {
            var choice = choices[i];
            if (allowed.FirstOrDefault(k => k.Id == choice.Kind) is not { } kind)
            {
                errors[$"choices[{i}].kind"] = [notAllowed];
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

            parsed.Add(new Checked(kind.Id, choice.Enabled, choice.Digest, hour));
        }

        return errors.Count > 0 ? Failure.Invalid(errors) : parsed.ToArray();
    }

    /// <summary>
    /// Writes checked choices on their rows (a person's preferences or an organisation's defaults): the rows of the
    /// kinds sent, read by <paramref name="rowsOf"/>, each updated, or made by <paramref name="newRow"/> where a kind
    /// has none; then saved, all or none (<paramref name="raced"/> when another save made a row first).
    /// </summary>
    private static async Task<Outcome<Done>> WriteAsync<TRow>(GuichetDbContext db, IReadOnlyList<Checked> choices, Func<List<string>, IQueryable<TRow>> rowsOf, Func<string, TRow> newRow, string raced, CancellationToken ct)
        where TRow : class, INotificationChoice
    {
        var rows = await rowsOf([.. choices.Select(p => p.Kind)]).ToListAsync(ct);
        foreach (var (kind, enabled, digest, hour) in choices)
        {
            var row = rows.FirstOrDefault(r => r.Kind == kind);
            if (row is null)
            {
                row = newRow(kind);
                db.Add(row);
            }

            (row.Enabled, row.Digest, row.DigestHour) = (enabled, digest, hour);
        }

        return await CommitAsync(db, raced, ct);
    }

    private static async Task<Outcome<Done>> CommitAsync(GuichetDbContext db, string raced, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two saves at once both added the same row: the other one won; nothing of this one is half written.
            return Failure.Conflict("preferences_changed", raced);
        }

        return Done.Value;
    }
}
