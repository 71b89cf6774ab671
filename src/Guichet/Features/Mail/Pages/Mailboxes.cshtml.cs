using Guichet.Features.Mail.Inbound;
using Microsoft.AspNetCore.Mvc;

namespace Guichet.Features.Mail.Pages;

/// <summary>Staff: the mails waiting for review first, then the mailboxes' state and the last mails filed aside.</summary>
internal sealed class MailboxesModel(Quarantine quarantine, IOptions<InboundOptions> options) : GatedPageModel
{
    public IReadOnlyList<Quarantine.Row> Waiting { get; private set; } = [];

    public IReadOnlyList<Quarantine.Row> Decided { get; private set; } = [];

    public IReadOnlyList<Quarantine.MailboxView> Mailboxes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!(await quarantine.ListAsync(Caller, waitingOnly: true, ct)).TryGet(out var waiting, out _)
            || !(await quarantine.ListAsync(Caller, waitingOnly: false, ct)).TryGet(out var decided, out _)
            || !(await quarantine.MailboxesAsync(Caller, options.Value.Mailboxes, ct)).TryGet(out var mailboxes, out _))
        {
            return NotFound();
        }

        (Waiting, Decided, Mailboxes) = (waiting, decided, mailboxes);
        return Page();
    }

    public static string Status(InboundStatus status) => status switch
    {
        InboundStatus.Filed => "Classé",
        InboundStatus.Quarantined => "À examiner",
        InboundStatus.Ignored => "Ignoré (envoi automatique)",
        InboundStatus.Bounce => "Avis de non-remise",
        InboundStatus.Answered => "Répondu",
        InboundStatus.Discarded => "Écarté",
        _ => status.ToString(),
    };
}
