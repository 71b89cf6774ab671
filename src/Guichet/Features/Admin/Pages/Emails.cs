using System.Net.Mail;

namespace Guichet.Features.Admin.Pages;

/// <summary>Checks of e-mail addresses typed by an administrator.</summary>
internal static class Emails
{
    /// <summary>Local parts of shared mailboxes: an account is personal, its address must name one person.</summary>
    private static readonly HashSet<string> Generic = new(StringComparer.OrdinalIgnoreCase)
    {
        "accueil", "admin", "administration", "contact", "courrier", "direction", "dsi", "info", "infos", "informatique",
        "mairie", "noreply", "no-reply", "office", "secretariat", "service", "support", "standard", "webmaster",
        // Also refused for the référent's requests [LS 6.6] (docs/users.md lists them all).
        "cabinet", "communication", "comptabilite", "compta", "dgs", "elections", "etat-civil", "etatcivil", "finances",
        "ne-pas-repondre", "nepasrepondre", "no_reply", "postmaster", "rh", "secretariat-general", "urbanisme",
    };

    /// <summary>A single plain address (name@domain.tld), without display name.</summary>
    public static bool IsValid(string text) =>
        MailAddress.TryCreate(text, out var address)
        && address.Address == text
        && text.IndexOf('@', StringComparison.Ordinal) is var at and > 0
        && text.AsSpan(at + 1).Contains('.')
        && !text.Any(char.IsWhiteSpace);

    /// <summary>Whether the address is a shared mailbox's (contact@, accueil@…) rather than a person's.</summary>
    public static bool IsGeneric(string text) => Generic.Contains(text[..text.IndexOf('@', StringComparison.Ordinal)]);
}
