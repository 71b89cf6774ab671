using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using NodaTime;

namespace Guichet.Features.Mail;

/// <summary>
/// One ticket, one thread in every mail client. Each ticket has a root id, <c>T000123@domain</c>, that every mail
/// about it names in <c>In-Reply-To</c> and <c>References</c> (clients following RFC 5322 thread on them, even when
/// the root itself was never received), and a <c>Thread-Index</c> for Outlook, which threads on that header instead:
/// 22 bytes fixed per ticket (the ticket's creation time and a GUID taken from its reference) followed by one 5-byte
/// block per message, the time since creation.
/// </summary>
internal static class MailThreading
{
    public static string RootId(string reference, string domain) => $"{reference}@{domain}";

    /// <summary>A notification's own Message-Id: stable for one event batch and one person, so a mail written twice is one.</summary>
    public static string MessageId(string reference, Guid batch, Guid recipient, string kind, string domain) =>
        $"{reference}.{batch:N}.{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{recipient:N}/{kind}")))[..12]}@{domain}";

    public static string ThreadIndex(string reference, Instant ticketCreated, Instant sent)
    {
        var bytes = new byte[27];

        // The header block: the 6 high bytes of the FILETIME of the thread's start, then a GUID per conversation.
        var created = ticketCreated.ToDateTimeUtc().ToFileTimeUtc();
        Span<byte> time = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(time, created);
        time[..6].CopyTo(bytes);
        MD5Like(reference).CopyTo(bytes.AsSpan(6, 16));

        // The child block: the time since the start, in units of 2^18 × 100 ns (about 26 ms) as Outlook counts it.
        var delta = Math.Max(0, sent.ToDateTimeUtc().ToFileTimeUtc() - created) >> 18;
        var block = (uint)Math.Min(delta, 0x7FFFFFFF);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(22, 4), block);
        bytes[26] = (byte)(SHA256.HashData(BitConverter.GetBytes(sent.ToUnixTimeTicks()))[0] & 0xFF);
        return Convert.ToBase64String(bytes);
    }

    /// <summary>The first 22 bytes of every Thread-Index of the ticket: its conversation, in base 64 (30 characters).</summary>
    public static string ThreadRoot(string reference, Instant ticketCreated) => ThreadIndex(reference, ticketCreated, ticketCreated)[..28];

    private static byte[] MD5Like(string reference) => SHA256.HashData(Encoding.UTF8.GetBytes("guichet-thread/" + reference))[..16];
}
