namespace Guichet.Features.Admin.Pages;

/// <summary>A queue's page: rename it (its tickets stay in it).</summary>
internal sealed class QueueEditModel(GuichetDbContext db) : RenamePageModel
{
    public override RenameTexts Rename { get; } = new("Nom de la file", "Le service auquel les clients adressent leurs demandes (« Pour ») ; les demandes de la file y restent.", "Renommer la file", "/admin/files");

    public string Title { get; private set; } = "";

    public int OpenTickets { get; private set; }

    public int Staff { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await FindAsync(ct))
        {
            return NotFound();
        }

        ShowName(Title);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await FindAsync(ct))
        {
            return NotFound();
        }

        if (await ReadNewNameAsync(Title, "Le nom de la file", typed => db.Queues.AnyAsync(q => q.Name == typed && q.Id != Id, ct), "Une file porte déjà ce nom.", "Cette file a été modifiée") is not { } name)
        {
            return Page();
        }

        await db.Queues.Where(q => q.Id == Id).ExecuteUpdateAsync(u => u.SetProperty(q => q.Name, name), ct);
        return Done($"La file « {name} » est enregistrée.", Rename.ListPath);
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
