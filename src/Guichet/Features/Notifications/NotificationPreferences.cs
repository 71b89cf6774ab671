using Guichet.Features.Mail;
using NodaTime;

namespace Guichet.Features.Notifications;

/// <summary>A person's choices about notifications: resolution of preferences, the unsubscribe link and the digest's hour.</summary>
internal static class NotificationPreferences
{
    public const string UnsubscribePath = "/courriels/desabonnement";

    private const string UnsubscribePurpose = "unsubscribe";

    /// <summary>What applies to one kind: enabled, immediately or in the digest, at which hour.</summary>
    public sealed record Choice(bool Enabled, bool Digest, int DigestHour);

    /// <summary>The person's own choice, else the organisation's default, else on and at once.</summary>
    public static Choice Resolve(string kind, IEnumerable<NotificationPreference> own, IEnumerable<OrganisationNotificationDefault> organisation)
    {
        if (own.FirstOrDefault(p => p.Kind == kind) is { } p)
        {
            return new Choice(p.Enabled, p.Digest, p.DigestHour);
        }

        return organisation.FirstOrDefault(d => d.Kind == kind) is { } d ? new Choice(d.Enabled, d.Digest, d.DigestHour) : new Choice(true, false, 8);
    }

    /// <summary>The next instant at <paramref name="hour"/>:00 local time, strictly after <paramref name="now"/>.</summary>
    public static Instant NextDigest(Instant now, int hour, DateTimeZone zone)
    {
        var local = now.InZone(zone);
        var date = local.Date;
        var candidate = date.At(new LocalTime(Math.Clamp(hour, 0, 23), 0)).InZoneLeniently(zone).ToInstant();
        return candidate > now ? candidate : date.PlusDays(1).At(new LocalTime(Math.Clamp(hour, 0, 23), 0)).InZoneLeniently(zone).ToInstant();
    }

    public static string UnsubscribeSignature(MailSigning signing, Guid user, string kind) => signing.Sign(UnsubscribePurpose, $"{user:N}/{kind}");

    public static bool VerifyUnsubscribe(MailSigning signing, Guid user, string kind, string? signature) =>
        signing.Verify(UnsubscribePurpose, $"{user:N}/{kind}", signature);

    /// <summary>The one-click link that turns one kind off for one person (RFC 8058: a POST to it needs nothing else).</summary>
    public static string UnsubscribeLink(MailOptions settings, MailSigning signing, Guid user, string kind) =>
        settings.Link($"{UnsubscribePath}?u={user:N}&k={Uri.EscapeDataString(kind)}&s={UnsubscribeSignature(signing, user, kind)}");
}
