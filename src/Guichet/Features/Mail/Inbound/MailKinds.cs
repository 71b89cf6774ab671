using MimeKit;

namespace Guichet.Features.Mail.Inbound;

/// <summary>
/// What kind of mail came in, before anything is filed: a delivery report (bounce), a mail written by a machine
/// (auto-reply, out-of-office, list, loop), or a person's mail. Machines are never answered, so two robots can never
/// write to each other for ever.
/// </summary>
internal static class MailKinds
{
    /// <summary>Why the mail is a machine's, in French for staff, or null for a person's mail.</summary>
    public static string? Automatic(MimeMessage message, string? ownLoopMarker)
    {
        var headers = message.Headers;
        if (headers["Auto-Submitted"] is { } auto && !auto.Trim().StartsWith("no", StringComparison.OrdinalIgnoreCase))
        {
            return $"réponse automatique (Auto-Submitted: {Short(auto)})";
        }

        if (headers["Precedence"] is { } precedence && precedence.Trim().ToLowerInvariant() is "bulk" or "junk" or "list" or "auto_reply")
        {
            return $"envoi en nombre (Precedence: {Short(precedence)})";
        }

        if (headers["X-Auto-Response-Suppress"] is { } suppress && suppress.Contains("All", StringComparison.OrdinalIgnoreCase) || headers["X-Autoreply"] is not null || headers["X-Autorespond"] is not null)
        {
            return "réponse automatique (X-Auto-Response-Suppress, X-Autoreply)";
        }

        if (headers["List-Id"] is not null || headers["List-Unsubscribe"] is not null)
        {
            return "liste de diffusion (List-Id)";
        }

        if (ownLoopMarker is not null && headers.Where(h => h.Field.Equals("X-Loop", StringComparison.OrdinalIgnoreCase))
                .Any(h => h.Value.Contains(ownLoopMarker, StringComparison.OrdinalIgnoreCase)))
        {
            return "boucle : ce courriel vient de Guichet (X-Loop)";
        }

        var subject = message.Subject ?? "";
        if (subject.StartsWith("Réponse automatique", StringComparison.OrdinalIgnoreCase)
            || subject.StartsWith("Automatic reply", StringComparison.OrdinalIgnoreCase)
            || subject.StartsWith("Auto:", StringComparison.OrdinalIgnoreCase)
            || subject.StartsWith("Absence", StringComparison.OrdinalIgnoreCase)
            || subject.StartsWith("Out of Office", StringComparison.OrdinalIgnoreCase))
        {
            return "réponse automatique (objet d'absence)";
        }

        return null;
    }

    /// <summary>The addresses a delivery report says failed for good, or null when the mail is not a delivery report.</summary>
    public static IReadOnlyList<string>? FailedRecipients(MimeMessage message)
    {
        if (message.Body is not MultipartReport { ReportType: { } type } report || !type.Equals("delivery-status", StringComparison.OrdinalIgnoreCase))
        {
            return FromMailerDaemon(message) ? [] : null;
        }

        var failed = new List<string>();
        foreach (var status in report.OfType<MessageDeliveryStatus>())
        {
            // The first group is the message's, the others one per recipient.
            foreach (var group in status.StatusGroups.Skip(1))
            {
                var action = group["Action"]?.Trim();
                var recipient = group["Final-Recipient"] ?? group["Original-Recipient"];
                if (action is not null && action.Equals("failed", StringComparison.OrdinalIgnoreCase) && recipient is not null)
                {
                    var at = recipient.IndexOf(';', StringComparison.Ordinal);
                    var address = (at >= 0 ? recipient[(at + 1)..] : recipient).Trim().Trim('<', '>');
                    if (address.Contains('@', StringComparison.Ordinal))
                    {
                        failed.Add(address);
                    }
                }
            }
        }

        return failed;
    }

    /// <summary>A bounce without a report: from the mailer daemon or an empty return path.</summary>
    private static bool FromMailerDaemon(MimeMessage message) =>
        message.From.Mailboxes.Any(m => m.LocalPart.Equals("mailer-daemon", StringComparison.OrdinalIgnoreCase) || m.LocalPart.Equals("postmaster", StringComparison.OrdinalIgnoreCase))
        || message.Headers["Return-Path"]?.Trim() == "<>";

    private static string Short(string value) => value.Trim().Length <= 40 ? value.Trim() : value.Trim()[..40];
}
