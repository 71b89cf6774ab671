using Guichet.Features.Mail.Inbound;
using MimeKit;

namespace Guichet.Tests.Notifications;

/// <summary>What a mail adds to a ticket: the new text only, as the common mail clients quote and sign.</summary>
public sealed class MailTextTests
{
    [Theory]
    [InlineData("Voici le bordereau.\n\nLe lun. 13 avr. 2026 à 10:20, Guichet <guichet@example.fr> a écrit :\n> Pouvez-vous joindre le bordereau ?\n> Merci.")]
    [InlineData("Voici le bordereau.\n\nLe lun. 13 avr. 2026 à 10:20, Guichet <\nguichet@example.fr> a écrit :\n> Pouvez-vous joindre le bordereau ?")]
    [InlineData("Voici le bordereau.\n\nOn Mon, Apr 13, 2026 at 10:20 AM Guichet <guichet@example.fr> wrote:\n> Can you attach it?")]
    [InlineData("Voici le bordereau.\n\n-----Original Message-----\nFrom: Guichet\nSent: Monday\nSubject: [T000123]")]
    [InlineData("Voici le bordereau.\n\nDe : Guichet <guichet@example.fr>\nEnvoyé : lundi 13 avril 2026 10:20\nÀ : Mairie\nObjet : [T000123] Demande")]
    [InlineData("Voici le bordereau.\n\n-- \nMarie, secrétariat de mairie\n01 02 03 04 05")]
    [InlineData("Voici le bordereau.\n\n> Pouvez-vous joindre le bordereau ?\n> Merci.\n")]
    public void A_reply_keeps_its_new_text_only(string text) => Assert.Equal("Voici le bordereau.", MailText.Trim(text));

    [Fact]
    public void Answers_written_between_quotes_are_kept()
    {
        var text = "> Quel est le numéro ?\nC'est le 114.\n> Et la date ?\nLe 3 avril.";
        Assert.Equal(text, MailText.Trim(text));
    }

    [Fact]
    public void Html_becomes_the_markdown_subset_without_scripts_images_or_markup_injection()
    {
        var markdown = MailText.HtmlToMarkdown("""
            <html><head><style>p{color:red}</style><script>alert(1)</script></head><body>
            <p>Bonjour,<br>le <b>module</b> <i>refuse</i> la <a href="https://example.fr/aide">pièce</a>.</p>
            <ul><li>premier</li><li>second</li></ul>
            <img src="https://tracker.example/x.png"><p>[lien](javascript:alert(1)) &lt;b&gt;</p>
            <div class="gmail_quote">Le lun. 13 avr. 2026, Guichet a écrit :<blockquote><p>Ancien message</p></blockquote></div>
            </body></html>
            """);
        Assert.Contains("Bonjour,\nle **module** *refuse* la [pièce](https://example.fr/aide).", markdown, StringComparison.Ordinal);
        Assert.Contains("- premier\n- second", markdown, StringComparison.Ordinal);
        Assert.Contains(@"\[lien\](javascript:alert(1)) \<b\>", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("alert(1)</", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("color:red", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("tracker", markdown, StringComparison.Ordinal);
        Assert.Equal("> Ancien message", markdown.Split('\n').First(l => l.StartsWith('>')));

        var message = new MimeMessage { Body = new TextPart("html") { Text = "<p>Réponse.</p><div>Le lun. 13 avr. 2026, Guichet a écrit :</div><blockquote>Ancien</blockquote>" } };
        Assert.Equal("Réponse.", MailText.Of(message));
    }

    [Fact]
    public void Machines_and_bounces_are_told_from_people()
    {
        static MimeMessage With(string header, string value)
        {
            var m = new MimeMessage { Subject = "Objet", Body = new TextPart("plain") { Text = "x" } };
            m.From.Add(MailboxAddress.Parse("a@b.example"));
            m.Headers.Add(header, value);
            return m;
        }

        Assert.NotNull(MailKinds.Automatic(With("Auto-Submitted", "auto-replied"), null));
        Assert.Null(MailKinds.Automatic(With("Auto-Submitted", "no"), null));
        Assert.NotNull(MailKinds.Automatic(With("Precedence", "bulk"), null));
        Assert.NotNull(MailKinds.Automatic(With("List-Id", "<liste.example>"), null));
        Assert.NotNull(MailKinds.Automatic(With("X-Loop", "support@guichet.example"), "support@guichet.example"));
        Assert.Null(MailKinds.Automatic(With("X-Loop", "other@elsewhere.example"), "support@guichet.example"));
        Assert.Null(MailKinds.Automatic(With("X-Mailer", "Thunderbird"), null));
        Assert.Null(MailKinds.FailedRecipients(With("X-Mailer", "Thunderbird")));
    }
}
