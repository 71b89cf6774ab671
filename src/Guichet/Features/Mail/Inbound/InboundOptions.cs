namespace Guichet.Features.Mail.Inbound;

/// <summary>
/// Inbound mail: configuration section <c>Guichet:Mail:Inbound</c>. Mailboxes are configured, not edited on a page:
/// their passwords stay in the operator's secrets (environment, key vault), never in the database.
/// </summary>
internal sealed class InboundOptions : ICheckedOptions
{
    public const string Section = "Guichet:Mail:Inbound";

    public List<InboundMailbox> Mailboxes { get; set; } = [];

    /// <summary>How often a mailbox without IMAP IDLE is read, and the longest an IDLE waits before reading again.</summary>
    public int PollSeconds { get; set; } = 60;

    /// <summary>A larger mail is not downloaded: it goes to quarantine with its headers only.</summary>
    public int MaxMessageBytes { get; set; } = 30 * 1024 * 1024;

    /// <summary>New tickets one sender may open by mail in an hour; more go to quarantine.</summary>
    public int TicketsPerSenderPerHour { get; set; } = 10;

    /// <summary>Automatic answers (to a closed ticket) one sender may receive in a day; after that, quarantine.</summary>
    public int AnswersPerSenderPerDay { get; set; } = 3;

    /// <inheritdoc/>
    public IEnumerable<string> Problems()
    {
        foreach (var (mailbox, i) in Mailboxes.Select((m, i) => (m, i)))
        {
            var key = $"{Section}:Mailboxes:{i}";
            if (string.IsNullOrWhiteSpace(mailbox.Name) || mailbox.Name.Length > 100)
            {
                yield return $"{key}:Name is required (at most 100 characters).";
            }

            if (string.IsNullOrWhiteSpace(mailbox.Host))
            {
                yield return $"{key}:Host is required.";
            }

            if (mailbox.Port is < 1 or > 65535)
            {
                yield return $"{key}:Port must be between 1 and 65535, not {mailbox.Port}.";
            }
        }

        if (Mailboxes.Select(m => m.Name).Distinct(StringComparer.Ordinal).Count() != Mailboxes.Count)
        {
            yield return $"{Section}:Mailboxes: two mailboxes have the same Name.";
        }

        if (PollSeconds is < 1 or > 3600)
        {
            yield return $"{Section}:PollSeconds must be between 1 and 3600, not {PollSeconds}.";
        }
    }
}

/// <summary>One IMAP mailbox read by Guichet, with the product and queue its new tickets go to.</summary>
internal sealed class InboundMailbox
{
    /// <summary>A stable name, shown to staff (e.g. "support-cadastre").</summary>
    public string Name { get; set; } = "";

    public string Host { get; set; } = "";

    public int Port { get; set; } = 993;

    /// <summary><c>SslOnConnect</c> (port 993), <c>StartTls</c>, or <c>None</c> (a server on the same machine only).</summary>
    public string Security { get; set; } = "SslOnConnect";

    public string User { get; set; } = "";

    public string Password { get; set; } = "";

    public string Folder { get; set; } = "INBOX";

    /// <summary>The product new tickets are about (its name, as on the admin pages); empty: quarantine for a new request.</summary>
    public string? Product { get; set; }

    /// <summary>The queue new tickets go to (its name); empty: the first queue.</summary>
    public string? Queue { get; set; }
}
