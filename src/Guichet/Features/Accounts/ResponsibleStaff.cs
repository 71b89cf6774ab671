namespace Guichet.Features.Accounts;

/// <summary>
/// Who is told when something of an organisation's service goes wrong: the supervisors and pole managers who serve
/// it, else the administrators; active, with a deliverable address. Used by the backup watch, the probes
/// (docs/probes.md) and the crisis cell's escalations (docs/crisis.md).
/// </summary>
internal static class ResponsibleStaff
{
    public static async Task<List<User>> OfAsync(GuichetDbContext db, Guid organisationId, CancellationToken ct)
    {
        var serving = db.Set<StaffOrganisation>().Where(s => s.OrganisationId == organisationId).Select(s => s.UserId);
        var people = await db.Users.AsNoTracking()
            .Where(u => u.Kind == UserKind.Staff && u.Email != null && serving.Contains(u.Id) && (u.Roles & (StaffRoles.Supervisor | StaffRoles.PoleManager)) != 0)
            .ToListAsync(ct);
        if (people.Count == 0)
        {
            people = await db.Users.AsNoTracking().Where(u => u.Kind == UserKind.Staff && u.Email != null && (u.Roles & StaffRoles.Admin) != 0).ToListAsync(ct);
        }

        return [.. people.Where(u => !AccountStatus.IsDeactivated(u) && u.EmailUndeliverableAt == null)];
    }
}
