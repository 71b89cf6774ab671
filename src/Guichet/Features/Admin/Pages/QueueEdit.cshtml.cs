namespace Guichet.Features.Admin.Pages;

/// <summary>A queue's page: rename it (its tickets stay in it).</summary>
internal sealed class QueueEditModel(GuichetDbContext db) : AdminPageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    public string Title { get; private set; } = "";

    public int OpenTickets { get; private set; }

    public int Staff { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await FindAsync(ct))
        {
            return NotFound();
        }

        Name = Title;
        Stamp = Fingerprint(Title);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await FindAsync(ct))
        {
            return NotFound();
        }

        var name = await ReadUniqueNameAsync(nameof(Name), Name, "Le nom de la file", typed => db.Queues.AnyAsync(q => q.Name == typed && q.Id != Id, ct), "Une file porte déjà ce nom.");

        StillAsRead(Fingerprint(Title), "Cette file a été modifiée");
        if (!ModelState.IsValid)
        {
            return Page();
        }

        await db.Queues.Where(q => q.Id == Id).ExecuteUpdateAsync(u => u.SetProperty(q => q.Name, name!), ct);
        return Done($"La file « {name} » est enregistrée.", "/admin/files");
    }

    /// <summary>Reads the queue as stored: its name and counts.</summary>
    private async Task<bool> FindAsync(CancellationToken ct)
    {
        var queue = await db.Queues.AsNoTracking().Where(q => q.Id == Id)
            .Select(q => new
            {
                q.Name,
                Open = db.Tickets.Count(t => t.QueueId == q.Id && !t.IsClosed),
                Staff = db.StaffQueues.Count(s => s.QueueId == q.Id),
            })
            .SingleOrDefaultAsync(ct);
        if (queue is null)
        {
            return false;
        }

        (Title, OpenTickets, Staff) = (queue.Name, queue.Open, queue.Staff);
        return true;
    }
}
