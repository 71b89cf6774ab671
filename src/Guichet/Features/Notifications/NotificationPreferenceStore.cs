using Guichet.Data;
using Microsoft.EntityFrameworkCore;

namespace Guichet.Features.Notifications;

/// <summary>Writes a person's choice for one kind (the unsubscribe link and the preferences page share it).</summary>
internal static class NotificationPreferenceStore
{
    public static async Task SetAsync(GuichetDbContext db, Guid userId, string kind, bool enabled, bool? digest, int? digestHour, CancellationToken ct)
    {
        var row = await db.Set<NotificationPreference>().SingleOrDefaultAsync(p => p.UserId == userId && p.Kind == kind, ct);
        if (row is null)
        {
            row = new NotificationPreference { UserId = userId, Kind = kind };
            db.Add(row);
        }

        row.Enabled = enabled;
        row.Digest = digest ?? row.Digest;
        row.DigestHour = digestHour ?? row.DigestHour;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (db.Entry(row).State == EntityState.Added)
        {
            // Two clicks at once: the other one wrote the row; write the choice on it.
            db.ChangeTracker.Clear();
            await db.Set<NotificationPreference>().Where(p => p.UserId == userId && p.Kind == kind)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Enabled, enabled), ct);
        }
    }
}
