using Guichet.Data;
using Guichet.Features.Mail.Inbound;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Guichet.Features.Mail.Pages;

/// <summary>Staff: one mail read from a mailbox; when it waits in quarantine, create its ticket, answer it or discard it.</summary>
internal sealed class ReviewModel(Quarantine quarantine, GuichetDbContext db, Microsoft.Extensions.Options.IOptions<InboundOptions> options) : GatedPageModel
{
    [FromRoute]
    public long Id { get; set; }

    public Quarantine.Detail Mail { get; private set; } = null!;

    public sealed record Choice(Guid Id, string Label);

    public IReadOnlyList<Choice> Users { get; private set; } = [];

    public IReadOnlyList<Choice> Products { get; private set; } = [];

    public IReadOnlyList<Choice> Queues { get; private set; } = [];

    [BindProperty]
    public Guid? UserId { get; set; }

    [BindProperty]
    public Guid? ProductId { get; set; }

    [BindProperty]
    public Guid? QueueId { get; set; }

    [BindProperty]
    public string? Answer { get; set; }

    [TempData]
    public string? Done { get; set; }

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => ShowAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var outcome = await quarantine.CreateTicketAsync(Caller, Id, new Quarantine.CreateRequest(UserId, ProductId, QueueId), ct);
        if (outcome.TryGet(out var number, out var failure))
        {
            return Redirect($"/demandes/{number}");
        }

        return await RefusedAsync(failure, new Dictionary<string, string> { ["userId"] = nameof(UserId), ["productId"] = nameof(ProductId), ["queueId"] = nameof(QueueId), ["subject"] = nameof(UserId), ["body"] = nameof(UserId) }, () => ShowAsync(ct));
    }

    public async Task<IActionResult> OnPostAnswerAsync(CancellationToken ct)
    {
        var outcome = await quarantine.AnswerAsync(Caller, Id, Answer, ct);
        if (outcome.TryGet(out _, out var failure))
        {
            Done = "La réponse est partie à l'expéditeur ; le courriel est marqué « répondu ».";
            return Redirect($"/courriels/{Id}");
        }

        return await RefusedAsync(failure, new Dictionary<string, string> { ["text"] = nameof(Answer) }, () => ShowAsync(ct));
    }

    public async Task<IActionResult> OnPostDiscardAsync(CancellationToken ct)
    {
        var outcome = await quarantine.DiscardAsync(Caller, Id, ct);
        if (outcome.Failure is not null)
        {
            return NotFound();
        }

        Done = "Le courriel a été écarté.";
        return Redirect("/courriels");
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        if (!(await quarantine.ShowAsync(Caller, Id, ct)).TryGet(out var mail, out _))
        {
            return NotFound();
        }

        Mail = mail;
        if (mail.Mail.Status == InboundStatus.Quarantined)
        {
            var caller = Caller;
            var served = caller.ServedOrganisations;
            var all = caller.IsAdmin;
            Users = await db.Users.AsNoTracking()
                .Where(u => u.Kind == UserKind.Client && u.OrganisationId != null && (all || served.Contains(u.OrganisationId.Value)))
                .Join(db.Organisations, u => u.OrganisationId, o => o.Id, (u, o) => new { u.Id, u.DisplayName, u.Email, Organisation = o.Name })
                .OrderBy(u => u.Organisation).ThenBy(u => u.DisplayName).Take(500)
                .Select(u => new Choice(u.Id, u.DisplayName + " <" + u.Email + "> — " + u.Organisation))
                .ToListAsync(ct);
            Products = await db.Products.AsNoTracking().OrderBy(p => p.Name).Select(p => new Choice(p.Id, p.Name)).ToListAsync(ct);
            Queues = await db.Queues.AsNoTracking().OrderBy(q => q.Name).Select(q => new Choice(q.Id, q.Name)).ToListAsync(ct);
            UserId ??= mail.SenderId;

            // The mailbox's own product and queue first: where its new requests go when a sender is known.
            var mailbox = options.Value.Mailboxes.FirstOrDefault(m => m.Name == mail.Mail.Mailbox);
            ProductId ??= Products.FirstOrDefault(p => p.Label == mailbox?.Product)?.Id;
            QueueId ??= Queues.FirstOrDefault(q => q.Label == mailbox?.Queue)?.Id;
        }

        return Page();
    }
}
