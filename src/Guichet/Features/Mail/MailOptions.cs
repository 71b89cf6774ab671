namespace Guichet.Features.Mail;

/// <summary>
/// How mail leaves the outbox: configuration section <c>Guichet:Mail</c>, plus the site's public address
/// <c>Guichet:PublicUrl</c> for the links mails carry. Without <see cref="Host"/>, mail waits in the outbox.
/// </summary>
internal sealed class MailOptions : ICheckedOptions
{
    public const string Section = "Guichet:Mail";

    public const string PublicUrlKey = "Guichet:PublicUrl";

    public const string DefaultPublicUrl = "http://localhost:5080";

    // A hundred years: longer keeps nothing more useful, and stays far from the limits of dates.
    private const int MaxDays = 36_500;

    private const int MaxMinutes = MaxDays * 24 * 60;

    /// <summary>The SMTP server; empty: nothing is sent.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    /// <summary>The sender's address (required when <see cref="Host"/> is set).</summary>
    public string? From { get; set; }

    public string FromName { get; set; } = "Guichet";

    /// <summary>
    /// The support mailbox replies go to (read by the inbound mail job); notifications then carry a signed
    /// <c>Reply-To</c> on it by plus-addressing (<see cref="ReplyAddresses"/>). Empty: no Reply-To.
    /// </summary>
    public string? ReplyAddress { get; set; }

    /// <summary>Sign-in name on the SMTP server; empty: no authentication.</summary>
    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>
    /// Switch to TLS with STARTTLS after connecting (and fail if the server cannot). Off by default, for a relay on
    /// the same machine or network; turn it on for any server reached over the internet, and always with a password.
    /// </summary>
    public bool UseStartTls { get; set; }

    /// <summary>
    /// Mail not sent within this many minutes of being written is given up (0: never). The default is the life of a
    /// password reset code, today's only mail: a later reset mail carries a dead code.
    /// </summary>
    public int MaxAgeMinutes { get; set; } = 60;

    /// <summary>Days after which the text of sent (and given-up) mail is erased; address, subject and dates stay.</summary>
    public int BodyRetentionDays { get; set; } = 7;

    /// <summary>Days after which sent (and given-up) mail is deleted from the outbox.</summary>
    public int RetentionDays { get; set; } = 90;

    /// <summary>
    /// How long before a provider clock's due date its owner and the pole managers are warned ("Délai bientôt
    /// dépassé"), in calendar minutes; 0: no warning, only the breach is told.
    /// </summary>
    public int ClockWarningMinutes { get; set; } = 120;

    /// <summary>The site's address as users reach it (<c>Guichet:PublicUrl</c>; a trailing slash is ignored).</summary>
    public string PublicUrl { get; set; } = DefaultPublicUrl;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    /// <summary>An absolute link to <paramref name="pathAndQuery"/> (which starts with <c>/</c>) on the public site.</summary>
    public string Link(string pathAndQuery) => PublicUrl.TrimEnd('/') + pathAndQuery;

    /// <inheritdoc/>
    public IEnumerable<string> Problems()
    {
        if (!Uri.TryCreate(PublicUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            yield return $"{PublicUrlKey} must be an absolute http(s) address, not '{PublicUrl}'.";
        }

        if (MaxAgeMinutes is < 0 or > MaxMinutes)
        {
            yield return $"{Section}:MaxAgeMinutes must be between 0 (no limit) and {MaxMinutes}, not {MaxAgeMinutes}.";
        }

        if (ClockWarningMinutes is < 0 or > MaxMinutes)
        {
            yield return $"{Section}:ClockWarningMinutes must be between 0 (no warning) and {MaxMinutes}, not {ClockWarningMinutes}.";
        }

        if (BodyRetentionDays is < 0 or > MaxDays)
        {
            yield return $"{Section}:BodyRetentionDays must be between 0 and {MaxDays}, not {BodyRetentionDays}.";
        }

        if (RetentionDays is < 0 or > MaxDays)
        {
            yield return $"{Section}:RetentionDays must be between 0 and {MaxDays}, not {RetentionDays}.";
        }

        if (!string.IsNullOrWhiteSpace(ReplyAddress) && (!MimeKit.MailboxAddress.TryParse(ReplyAddress, out var reply) || !reply.Address.Contains('@', StringComparison.Ordinal)))
        {
            yield return $"{Section}:ReplyAddress must be a mail address, not '{ReplyAddress}'.";
        }

        if (!IsConfigured)
        {
            yield break;
        }

        if (Port is < 1 or > 65535)
        {
            yield return $"{Section}:Port must be between 1 and 65535, not {Port}.";
        }

        if (string.IsNullOrWhiteSpace(From) || !MimeKit.MailboxAddress.TryParse(From, out _))
        {
            yield return $"{Section}:From must be the sender's address when {Section}:Host is set.";
        }
    }
}
