using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Guichet.Features.Admin.Pages;

/// <summary>Queues ("Pour" of the submission form): the list (each row links to its page) and the creation form.</summary>
internal sealed class QueuesModel(GuichetDbContext db) : AdminPageModel
{
    [BindProperty]
    public string? Name { get; set; }

    public sealed record Row(Guid Id, string Name, int OpenTickets);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public Task OnGetAsync(CancellationToken ct) => ShowAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var name = await ReadUniqueNameAsync(nameof(Name), Name, "Le nom de la file", typed => db.Queues.AnyAsync(q => q.Name == typed, ct), "Une file porte déjà ce nom.");

        if (!ModelState.IsValid)
        {
            return await ShowAsync(ct);
        }

        db.Queues.Add(new Queue { Name = name! });
        await db.SaveChangesAsync(ct);
        return Done($"La file « {name} » est ajoutée.");
    }

    /// <summary>The page with the queues as stored: on opening, or again with the form's errors.</summary>
    private async Task<PageResult> ShowAsync(CancellationToken ct)
    {
        Rows = await db.Queues.AsNoTracking().OrderBy(q => q.Name)
            .Select(q => new Row(q.Id, q.Name, db.Tickets.Count(t => t.QueueId == q.Id && !t.IsClosed)))
            .ToListAsync(ct);
        return Page();
    }
}
