using Guichet.Data;
using Guichet.Domain.Presets;
using Guichet.Domain.Sla;
using Guichet.Features.Accounts;
using Guichet.Features.Tickets;
using Guichet.Web.Pages;
using Microsoft.EntityFrameworkCore;

namespace Guichet.Features.Notifications;

internal sealed partial class NotificationDispatcher
{
    /// <summary>
    /// Writes a clock's warning or breach (<see cref="ClockAlerts"/>) to the ticket's owner (the team serving it while
    /// nobody owns it), the pole managers serving it and its staff followers, after their preferences, in the caller's
    /// transaction; returns how many mails (and digest lines). As for the other staff kinds, a staff follower is told only
    /// while they still see the ticket (they serve it, or administer), and a deactivated account never.
    /// </summary>
    internal async Task<int> WriteClockAlertAsync(Ticket ticket, SlaPreset preset, string territory, NotificationKind kind, ClockResult result, CancellationToken ct)
    {
        var team = await StaffServingAsync(ticket, ct);
        var followers = await db.Set<TicketFollower>().AsNoTracking().Where(f => f.TicketId == ticket.Id).Select(f => f.UserId).ToListAsync(ct);
        var ids = team.Concat(followers).Concat(ticket.OwnerId is { } o ? [o] : []).Distinct().ToList();
        var people = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && u.Kind == UserKind.Staff).ToListAsync(ct);
        var owner = people.FirstOrDefault(u => u.Id == ticket.OwnerId);
        var recipients = (owner is not null ? [owner] : people.Where(u => team.Contains(u.Id)))
            .Concat(people.Where(u => team.Contains(u.Id) && u.Roles.HasFlag(StaffRoles.PoleManager)))
            .Concat(people.Where(u => followers.Contains(u.Id) && (team.Contains(u.Id) || u.Roles.HasFlag(StaffRoles.Admin))))
            .Where(u => !AccountStatus.IsDeactivated(u))
            .DistinctBy(u => u.Id)
            .ToList();
        if (recipients.Count == 0)
        {
            return 0;
        }

        var organisation = await db.Organisations.AsNoTracking().Where(x => x.Id == ticket.OrganisationId).Select(x => x.Name).SingleAsync(ct);
        var now = clock.GetCurrentInstant();
        var common = Common(ticket, preset, organisation, author: null, territory, now);
        common["delai"] = new Dictionary<string, object?>
        {
            ["nom"] = result.Name,
            ["echeance"] = Display.When(result.Due!.Value, TicketClocks.TerritoryOf(territory).Zone),
        };
        return await WriteAsync(ticket, Guid.NewGuid(), [.. recipients.Select(u => new Planned(kind, u, new Dictionary<string, object?>(common)))], ct);
    }
}
