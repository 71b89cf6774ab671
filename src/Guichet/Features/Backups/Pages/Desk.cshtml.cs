namespace Guichet.Features.Backups.Pages;

/// <summary>
/// The backups of every contract a staff member sees that has a backup commitment (issue 18, part 5): the contracts
/// whose commitment is not held first, with their breaches, then the others with their latest copy.
/// </summary>
internal sealed class DeskModel(BackupRecords backups) : GatedPageModel
{
    public IReadOnlyList<BackupStatusView> Contracts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Contracts = await backups.ListAsync(Caller, ct);
        return Page();
    }
}
