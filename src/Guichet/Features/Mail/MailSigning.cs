using System.Security.Cryptography;
using System.Text;

namespace Guichet.Features.Mail;

/// <summary>
/// Signs what mail links and addresses carry (the reply address of a ticket for one person, the one-click unsubscribe
/// link) with HMAC-SHA256, so that a person cannot write to another's ticket nor unsubscribe someone else. The key is
/// <c>Guichet:Mail:SigningKey</c> when set (every instance of a site must share it), otherwise a random key kept in
/// the data directory (<c>mail-signing.key</c>), made at first use.
/// </summary>
internal sealed class MailSigning
{
    public const string KeySetting = "Guichet:Mail:SigningKey";

    private readonly byte[] _key;

    public MailSigning(byte[] key) => _key = key;

    public static MailSigning Create(IConfiguration configuration, string dataDirectory)
    {
        var configured = configuration[KeySetting];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new MailSigning(Encoding.UTF8.GetBytes(configured));
        }

        System.IO.Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, "mail-signing.key");
        if (!File.Exists(path))
        {
            try
            {
                using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                file.Write(RandomNumberGenerator.GetBytes(32));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process made it first: use theirs.
            }
        }

        return new MailSigning(File.ReadAllBytes(path));
    }

    /// <summary>A signature of <paramref name="purpose"/> and <paramref name="value"/>: <paramref name="length"/> lowercase base-32 characters.</summary>
    public string Sign(string purpose, string value, int length = 16)
    {
        var mac = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(purpose + "\n" + value));
        return Base32(mac)[..length];
    }

    /// <summary>Whether <paramref name="signature"/> is the signature of the value (compared in constant time).</summary>
    public bool Verify(string purpose, string value, string? signature, int length = 16)
    {
        if (signature is null || signature.Length != length)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Sign(purpose, value, length)),
            Encoding.ASCII.GetBytes(signature.ToLowerInvariant()));
    }

    private static string Base32(byte[] bytes)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        var text = new StringBuilder();
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        return text.ToString();
    }
}
