using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Guichet.Data;

// The entities of accounts, owned by this feature; in the Data namespace like every entity, since most features read them.

/// <summary>Whether a user works for the provider or for a client organisation.</summary>
internal enum UserKind
{
    /// <summary>Provider staff.</summary>
    Staff,

    /// <summary>A client organisation's user.</summary>
    Client,
}

/// <summary>Provider staff roles; a staff member may hold several [SPEC §2].</summary>
[Flags]
internal enum StaffRoles
{
    /// <summary>No role.</summary>
    None = 0,

    /// <summary>Technician.</summary>
    Agent = 1,

    /// <summary>Responsable de pôle: qualifies.</summary>
    PoleManager = 2,

    /// <summary>Chargé d'affaires: commercial questions.</summary>
    AccountManager = 4,

    /// <summary>Reports, crisis.</summary>
    Supervisor = 8,

    /// <summary>Configuration; sees every organisation.</summary>
    Admin = 16,

    /// <summary>
    /// The telephony system's account: its token pushes call records (<c>POST /api/v1/calls</c>) and does nothing
    /// else; held alone (docs/phone.md).
    /// </summary>
    Telephony = 32,

    /// <summary>
    /// The backup tooling's account: its token records backup runs (<c>POST /api/v1/backups/runs</c>) and does
    /// nothing else; held alone (docs/backups.md).
    /// </summary>
    Backup = 64,
}

/// <summary>A user: provider staff or client user. Identity provides hashing, lockout and tokens.</summary>
internal sealed class User : IdentityUser<Guid>
{
    /// <summary>First and last name.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>Staff or client.</summary>
    public UserKind Kind { get; set; }

    /// <summary>Staff roles (staff only).</summary>
    public StaffRoles Roles { get; set; }

    /// <summary>The client organisation (client users only).</summary>
    public Guid? OrganisationId { get; set; }

    /// <summary>Client user who manages the organisation's users [LS 6.6].</summary>
    public bool IsReferent { get; set; }

    /// <summary>The user must choose a new password before anything else (first login, reset by staff).</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>When the password was last set.</summary>
    public Instant? PasswordChangedAt { get; set; }

    /// <summary>When the user was created.</summary>
    public Instant CreatedAt { get; set; }

    /// <summary>When the user acknowledged the privacy-policy notice (asked at first sign-in) [SPEC §5, LS 7].</summary>
    public Instant? PrivacyAcknowledgedAt { get; set; }

    /// <summary>A delivery report said mail to this address fails: no notification is sent to it until it changes.</summary>
    public Instant? EmailUndeliverableAt { get; set; }

    /// <summary>What the delivery report said, for staff.</summary>
    public string? EmailUndeliverableReason { get; set; }
}

/// <summary>A product a client user is declared on: only declared users may raise tickets on it [LS 2.1].</summary>
internal sealed class UserProduct
{
    public Guid UserId { get; set; }

    public Guid ProductId { get; set; }
}

/// <summary>An organisation a staff member serves.</summary>
internal sealed class StaffOrganisation
{
    public Guid UserId { get; set; }

    public Guid OrganisationId { get; set; }
}

/// <summary>A queue a staff member serves; a staff member with none serves every queue of their organisations.</summary>
internal sealed class StaffQueue
{
    public Guid UserId { get; set; }

    public Guid QueueId { get; set; }
}

/// <summary>
/// A secret handed out once and kept only as its SHA-256 (<see cref="Hash"/>, columns:
/// <see cref="BuilderExtensions.FindsByHash"/>): it is looked up by the hash, so nothing secret is stored or compared
/// character by character.
/// </summary>
internal abstract class HashedToken
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Lowercase hex SHA-256 of the token.</summary>
    public string Hash { get; set; } = "";

    public Instant CreatedAt { get; set; }

    public Instant? RevokedAt { get; set; }

    /// <summary>256 random bits in base64url: the secret of a new token.</summary>
    public static string NewSecret() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    /// <summary>The <see cref="Hash"/> of a token.</summary>
    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}

/// <summary>A personal API token.</summary>
internal sealed class ApiToken : HashedToken
{
    public Guid UserId { get; set; }

    public string Name { get; set; } = "";

    /// <summary>Sign-in tokens expire; personal tokens made on purpose do not (null).</summary>
    public Instant? ExpiresAt { get; set; }

    public Instant? LastUsedAt { get; set; }
}
