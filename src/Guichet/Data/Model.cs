using Microsoft.AspNetCore.Identity;
using NodaTime;

namespace Guichet.Data;

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
}

/// <summary>Who may see a ticket event.</summary>
internal enum Visibility
{
    /// <summary>The client and the provider.</summary>
    Public,

    /// <summary>Provider staff only (internal note).</summary>
    Internal,
}

/// <summary>What a ticket event records.</summary>
internal enum EventKind
{
    /// <summary>The ticket was registered.</summary>
    Created,

    /// <summary>A message (public reply or internal note).</summary>
    Message,

    /// <summary>The workflow state changed (Value: the new state).</summary>
    StateChanged,

    /// <summary>The qualified priority changed (Value: new priority; Reason; PreviousValue).</summary>
    PriorityChanged,

    /// <summary>The ticket was qualified (Value: anomalie or dysfonctionnement).</summary>
    Qualified,

    /// <summary>Owner or responsible changed.</summary>
    Assigned,

    /// <summary>Time spent (Minutes, OutOfScope).</summary>
    TimeEntry,

    /// <summary>A file was attached (AttachmentId).</summary>
    AttachmentAdded,

    /// <summary>A milestone an SLA clock waits for (Value: taken-in-charge, workaround-provided…).</summary>
    Milestone,

    /// <summary>A client notification required by the contract (lowering a Niveau 0) was recorded.</summary>
    ClientNotified,
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
}

/// <summary>A client organisation: commune, agglomeration, syndicate…</summary>
internal sealed class Organisation
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Name { get; set; } = "";

    /// <summary>14 digits, Luhn-checked (see Guichet.Domain.Organisations.Siret).</summary>
    public string Siret { get; set; } = "";

    public string Address { get; set; } = "";

    /// <summary>Territory id: sets holidays and time zone.</summary>
    public string Territory { get; set; } = "metropole";

    public string DpoName { get; set; } = "";

    public string DpoEmail { get; set; } = "";

    /// <summary>The provider's account manager for this organisation [LS 6.8].</summary>
    public Guid? AccountManagerId { get; set; }
}

/// <summary>A product (application) the provider supports.</summary>
internal sealed class Product
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Name { get; set; } = "";

    public List<ProductVersion> Versions { get; set; } = [];
}

/// <summary>A released version of a product (X.Y.Z).</summary>
internal sealed class ProductVersion
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ProductId { get; set; }

    public string Number { get; set; } = "";

    public LocalDate? ReleasedOn { get; set; }
}

/// <summary>A queue tickets are addressed to ("Pour").</summary>
internal sealed class Queue
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Name { get; set; } = "";
}

/// <summary>A contract between the provider and an organisation, on a preset's SLA policy.</summary>
internal sealed partial class Contract
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrganisationId { get; set; }

    public string Name { get; set; } = "";

    /// <summary>Preset id: e23, es26, ls, mn or at — the policy of the contract unless it has its own.</summary>
    public string PresetId { get; set; } = "";

    /// <summary>
    /// The contract's own SLA policy, a JSON document in the presets' format (docs/presets.md), or null when the
    /// preset applies. Clocks are derived from the trace with it, so a change re-evaluates every ticket of the
    /// contract: an amendment from a date is a new contract.
    /// </summary>
    public string? Policy { get; set; }

    public LocalDate StartsOn { get; set; }

    /// <summary>Password renewal period in days for the organisation's users, or null (off) [LS 6.1, ES26 11].</summary>
    public int? PasswordMaxAgeDays { get; set; }

    /// <summary>Portal users allowed per product of the contract, or null for the default of 3 [LS 6.6, AT 9.3.4.4].</summary>
    public int? UsersPerProduct { get; set; }

    public List<ContractProduct> Products { get; set; } = [];
}

/// <summary>A product covered by a contract.</summary>
internal sealed class ContractProduct
{
    public Guid ContractId { get; set; }

    public Guid ProductId { get; set; }
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
/// A ticket. Its history is the append-only <see cref="TicketEvent"/> trace; the few columns here that
/// summarise it (state, priority, next due…) are rewritten from the trace on every change, never incremented.
/// </summary>
internal sealed class Ticket
{
    /// <summary>The ticket number, shown to users and used in URLs.</summary>
    public long Id { get; set; }

    public Guid OrganisationId { get; set; }

    public Guid ContractId { get; set; }

    public Guid QueueId { get; set; }

    public Guid ProductId { get; set; }

    public Guid? VersionId { get; set; }

    /// <summary>The version a fix or evolution is delivered in ("version d'intégration").</summary>
    public Guid? IntegrationVersionId { get; set; }

    public string ServiceType { get; set; } = "";

    /// <summary>The priority the client chose.</summary>
    public string ClientPriority { get; set; } = "";

    /// <summary>The priority in force (after qualification).</summary>
    public string Priority { get; set; } = "";

    public string Subject { get; set; } = "";

    public string Body { get; set; } = "";

    public Guid AuthorId { get; set; }

    public Guid? OwnerId { get; set; }

    public Guid? ResponsibleId { get; set; }

    public string State { get; set; } = "";

    public bool IsClosed { get; set; }

    /// <summary>
    /// Why the request falls outside the contract's service conditions (versions not kept up to date, decided at
    /// creation from the product's releases), in French; null when in scope or when the contract sets no condition.
    /// The ticket is accepted either way.
    /// </summary>
    public string? OutOfScopeReason { get; set; }

    /// <summary>anomalie or dysfonctionnement, once qualified.</summary>
    public string? Nature { get; set; }

    public Instant CreatedAt { get; set; }

    public Instant UpdatedAt { get; set; }

    /// <summary>When the ticket entered its current state.</summary>
    public Instant StateChangedAt { get; set; }

    /// <summary>The client's last reply, for the 20-day automatic transitions.</summary>
    public Instant? LastClientActionAt { get; set; }

    /// <summary>Earliest due of the running provider clocks, recomputed from the trace at each change (urgency sort).</summary>
    public Instant? NextDueAt { get; set; }

    /// <summary>Optimistic concurrency token, incremented by every change.</summary>
    public int Version { get; set; }

    public List<TicketEvent> Events { get; set; } = [];

    /// <summary>Human-friendly reference.</summary>
    public string Reference => FormatReference(Id);

    public static string FormatReference(long id) => $"T{id:000000}";
}

/// <summary>One entry of a ticket's append-only trace.</summary>
internal sealed class TicketEvent
{
    public long Id { get; set; }

    public long TicketId { get; set; }

    public Instant At { get; set; }

    public EventKind Kind { get; set; }

    /// <summary>State, priority, nature, milestone… depending on the kind.</summary>
    public string? Value { get; set; }

    public string? PreviousValue { get; set; }

    public Guid? AuthorId { get; set; }

    /// <summary>Message text, note, or reason.</summary>
    public string? Text { get; set; }

    public Visibility Visibility { get; set; }

    public int? Minutes { get; set; }

    public bool OutOfScope { get; set; }

    public Guid? AttachmentId { get; set; }
}

/// <summary>A file attached to a ticket, stored outside the web root under a server-generated name.</summary>
internal sealed class Attachment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public long TicketId { get; set; }

    public string FileName { get; set; } = "";

    public string ContentType { get; set; } = "application/octet-stream";

    public long Size { get; set; }

    /// <summary>Name of the stored file, generated by the server.</summary>
    public string StoredName { get; set; } = "";

    public Guid AuthorId { get; set; }

    public Visibility Visibility { get; set; }

    public Instant CreatedAt { get; set; }
}

/// <summary>A personal API token; only its SHA-256 hash is stored.</summary>
internal sealed class ApiToken
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid UserId { get; set; }

    public string Name { get; set; } = "";

    /// <summary>Lowercase hex SHA-256 of the token.</summary>
    public string Hash { get; set; } = "";

    public Instant CreatedAt { get; set; }

    /// <summary>Sign-in tokens expire; personal tokens made on purpose do not (null).</summary>
    public Instant? ExpiresAt { get; set; }

    public Instant? LastUsedAt { get; set; }

    public Instant? RevokedAt { get; set; }
}

/// <summary>A mail waiting to be sent (the SMTP sender reads this table).</summary>
internal sealed class OutboxMessage
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string To { get; set; } = "";

    public string Subject { get; set; } = "";

    public string Body { get; set; } = "";

    public Instant CreatedAt { get; set; }

    public Instant? SentAt { get; set; }

    public int Attempts { get; set; }

    /// <summary>Not before this instant (retries back off); null: as soon as possible.</summary>
    public Instant? NextAttemptAt { get; set; }

    /// <summary>The last delivery error, for the operator.</summary>
    public string? LastError { get; set; }

    /// <summary>An HTML version of <see cref="Body"/> (sent as multipart/alternative), or null for plain text only.</summary>
    public string? Html { get; set; }

    /// <summary>The Message-Id to send (without angle brackets); null: the row's id at the sender's domain.</summary>
    public string? MessageId { get; set; }

    /// <summary>More headers, one "Name: value" a line (threading, Reply-To, List-Unsubscribe, Auto-Submitted).</summary>
    public string? Headers { get; set; }

    /// <summary>The ticket a notification is about (its mail log), if any.</summary>
    public long? TicketId { get; set; }

    /// <summary>The person it is for, if known.</summary>
    public Guid? UserId { get; set; }

    /// <summary>The notification kind, if it is one.</summary>
    public string? Kind { get; set; }
}
