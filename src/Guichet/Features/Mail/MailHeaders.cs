using System.Text;
using MimeKit;

namespace Guichet.Features.Mail;

/// <summary>
/// The extra headers an outbox row carries, stored as "Name: value" lines. Address and threading headers are set
/// through MimeKit's own properties (so that they are encoded as their RFC says); the others are added as they are.
/// </summary>
internal static class MailHeaders
{
    public static string Write(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in headers)
        {
            if (name.Contains(':', StringComparison.Ordinal) || name.Contains('\n', StringComparison.Ordinal) || value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal))
            {
                throw new ArgumentException($"Header '{name}' cannot be stored on one line.", nameof(headers));
            }

            text.Append(name).Append(": ").Append(value).Append('\n');
        }

        return text.ToString();
    }

    public static IEnumerable<KeyValuePair<string, string>> Read(string? stored)
    {
        foreach (var line in (stored ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                yield return new(line[..colon], line[(colon + 1)..].Trim());
            }
        }
    }

    public static void Apply(MimeMessage message, string? stored)
    {
        foreach (var (name, value) in Read(stored))
        {
            switch (name)
            {
                case "Reply-To":
                    message.ReplyTo.Add(MailboxAddress.Parse(value));
                    break;
                case "In-Reply-To":
                    message.InReplyTo = value;
                    break;
                case "References":
                    foreach (var id in value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    {
                        message.References.Add(id.Trim('<', '>'));
                    }

                    break;
                default:
                    message.Headers.Add(name, value);
                    break;
            }
        }
    }
}
