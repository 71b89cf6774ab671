namespace Guichet.Features.Users;

/// <summary>The products an organisation's contracts cover and their quotas of users [LS 6.6].</summary>
internal static class UserQuotas
{
    /// <summary>The products the organisation's contracts cover, with each one's quota of users (the largest of its contracts').</summary>
    public static async Task<List<(Guid Id, string Name, int Quota)>> CoveredProductsAsync(GuichetDbContext db, Guid organisationId, CancellationToken ct)
    {
        var rows = await (from cp in db.ContractProducts
                          join c in db.Contracts on cp.ContractId equals c.Id
                          join p in db.Products on cp.ProductId equals p.Id
                          where c.OrganisationId == organisationId
                          select new { p.Id, p.Name, c.UsersPerProduct }).ToListAsync(ct);
        var french = StringComparer.Create(Web.Pages.Display.French, false);
        return [.. rows.GroupBy(r => (r.Id, r.Name))
            .Select(g => (g.Key.Id, g.Key.Name, g.Max(r => r.UsersPerProduct ?? UsersFeature.DefaultUsersPerProduct)))
            .OrderBy(p => p.Name, french)];
    }

    /// <summary>
    /// The quota refusals for these products: users of the organisation declared on each (suspended ones too: they
    /// keep their place until deleted), plus, when <paramref name="countPending"/>, the add requests still pending.
    /// </summary>
    public static async Task<List<string>> QuotaRefusalsAsync(GuichetDbContext db, Guid organisationId, IReadOnlyCollection<Guid> productIds, bool countPending, CancellationToken ct)
    {
        var covered = (await CoveredProductsAsync(db, organisationId, ct)).Where(p => productIds.Contains(p.Id)).ToList();
        var declared = await (from up in db.UserProducts
                              join u in db.Users on up.UserId equals u.Id
                              where u.OrganisationId == organisationId && productIds.Contains(up.ProductId)
                              group up by up.ProductId into g
                              select new { ProductId = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.ProductId, g => g.Count, ct);
        var pending = countPending
            ? await (from rp in db.UserRequestProducts
                     join r in db.UserRequests on rp.RequestId equals r.Id
                     where r.OrganisationId == organisationId && r.Kind == UserRequestKind.Add && r.State == UserRequestState.Pending && productIds.Contains(rp.ProductId)
                     group rp by rp.ProductId into g
                     select new { ProductId = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.ProductId, g => g.Count, ct)
            : [];
        var refusals = new List<string>();
        foreach (var (id, name, quota) in covered)
        {
            var users = declared.GetValueOrDefault(id);
            var asked = pending.GetValueOrDefault(id);
            if (users + asked >= quota)
            {
                refusals.Add(asked > 0
                    ? $"L'application « {name} » a atteint son quota de {quota} utilisateurs : {users} déclarés et {asked} en cours de demande. Demandez d'abord la suppression d'un utilisateur de cette application."
                    : $"L'application « {name} » a atteint son quota de {quota} utilisateurs : {users} y sont déjà déclarés. Demandez d'abord la suppression d'un utilisateur de cette application.");
            }
        }

        return refusals;
    }
}
