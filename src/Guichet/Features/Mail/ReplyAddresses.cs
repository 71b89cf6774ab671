using System.Text.RegularExpressions;

namespace Guichet.Features.Mail;

/// <summary>
/// The signed reply address of a ticket for one person, by plus-addressing on the support mailbox
/// (<c>Guichet:Mail:ReplyAddress</c>, e.g. <c>support@example.fr</c>): <c>support+T000123.k3v9q2x7mh@example.fr</c>.
/// The signature binds the ticket and the person it was sent to: a mail to that address from someone else, or to a
/// forged one, is not filed on the ticket on its word.
/// </summary>
internal static partial class ReplyAddresses
{
    public const int SignatureLength = 10;

    private const string Purpose = "reply";

    /// <summary>The address to put in Reply-To, or null when no reply mailbox is configured.</summary>
    public static string? For(MailOptions settings, MailSigning signing, string reference, Guid user)
    {
        if (string.IsNullOrWhiteSpace(settings.ReplyAddress) || !MimeKit.MailboxAddress.TryParse(settings.ReplyAddress, out var mailbox))
        {
            return null;
        }

        var at = mailbox.Address.LastIndexOf('@');
        var local = mailbox.Address[..at];
        var plus = local.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            local = local[..plus];
        }

        return $"{local}+{reference}.{Sign(signing, reference, user)}{mailbox.Address[at..]}";
    }

    public static string Sign(MailSigning signing, string reference, Guid user) => signing.Sign(Purpose, $"{reference}/{user:N}", SignatureLength);

    /// <summary>The ticket reference and signature an address carries (<c>T000123</c>, signature), if it is a reply address.</summary>
    public static (string Reference, string Signature)? Parse(string address)
    {
        var match = Tagged().Match(address);
        return match.Success ? (match.Groups["ref"].Value.ToUpperInvariant(), match.Groups["sig"].Value.ToLowerInvariant()) : null;
    }

    /// <summary>Whether the signature found in an address was made for this ticket and this person.</summary>
    public static bool Verify(MailSigning signing, string reference, Guid user, string signature) =>
        signing.Verify(Purpose, $"{reference}/{user:N}", signature, SignatureLength);

    [GeneratedRegex(@"^[^+@]+\+(?<ref>T\d{6,})\.(?<sig>[a-z2-7]{10})@", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Tagged();
}
