namespace Guichet.Features.Tickets;

/// <summary>A filter set of the desk saved by one person under a name (their own: nobody else sees or deletes it).</summary>
internal sealed class SavedFilter
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid UserId { get; set; }

    public string Name { get; set; } = "";

    /// <summary>The desk's query string without the page (<c>vue=retard&amp;file=…</c>), as the desk reads it back.</summary>
    public string Query { get; set; } = "";

    public Instant CreatedAt { get; set; }
}

internal sealed class SavedFilterConfiguration : IEntityTypeConfiguration<SavedFilter>
{
    public void Configure(EntityTypeBuilder<SavedFilter> builder)
    {
        builder.ToTable("SavedFilters");
        builder.Property(f => f.Name).HaveMaxLength(SavedFilters.MaxName);
        builder.Property(f => f.Query).HaveMaxLength(SavedFilters.MaxQuery);
        builder.HasOne<User>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(f => new { f.UserId, f.Name }).IsUnique();
    }
}

/// <summary>The saved filters of the caller: list, save (a name already used is replaced), delete.</summary>
internal static class SavedFilters
{
    public const int MaxName = 80;

    public const int MaxQuery = 1000;

    /// <summary>How many filters one person may keep.</summary>
    public const int MaxPerUser = 30;

    public sealed record SavedFilterView(Guid Id, string Name, string Query);

    public static async Task<IReadOnlyList<SavedFilterView>> ListAsync(Caller caller, GuichetDbContext db, CancellationToken ct) =>
        await FiltersOf.For(db)(db, caller.Id).ToListAsync(ct);

    // Read on every desk page: compiled once.
    private static readonly CompiledQuery<Func<GuichetDbContext, Guid, IAsyncEnumerable<SavedFilterView>>> FiltersOf = new(() => EF.CompileAsyncQuery((GuichetDbContext db, Guid userId) =>
        db.Set<SavedFilter>().AsNoTracking().Where(f => f.UserId == userId).OrderBy(f => f.Name).Select(f => new SavedFilterView(f.Id, f.Name, f.Query))));

    public static async Task<Outcome<SavedFilterView>> SaveAsync(Caller caller, GuichetDbContext db, string? name, string query, Instant now, CancellationToken ct)
    {
        var (text, error) = Web.TextInput.Read(name, MaxName, required: true, "Le nom du filtre");
        if (error is not null)
        {
            return Failure.Invalid("name", error);
        }

        if (query.Length > MaxQuery)
        {
            return Failure.Invalid("name", "Ces critères sont trop longs pour être enregistrés.");
        }

        var filters = db.Set<SavedFilter>();
        var existing = await filters.SingleOrDefaultAsync(f => f.UserId == caller.Id && f.Name == text, ct);
        if (existing is null)
        {
            if (await filters.CountAsync(f => f.UserId == caller.Id, ct) >= MaxPerUser)
            {
                return Failure.Invalid("name", $"Vous avez déjà {MaxPerUser} filtres enregistrés : supprimez-en un d'abord.");
            }

            existing = new SavedFilter { UserId = caller.Id, Name = text!, CreatedAt = now };
            filters.Add(existing);
        }

        existing.Query = query;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Failure.Conflict("duplicate_name", "Un filtre de ce nom vient d'être enregistré : rechargez la page.");
        }

        return new SavedFilterView(existing.Id, existing.Name, existing.Query);
    }

    /// <summary>Deletes one of the caller's filters; another person's is not found, as a missing one.</summary>
    public static async Task<Outcome<Done>> DeleteAsync(Caller caller, GuichetDbContext db, Guid id, CancellationToken ct)
    {
        var deleted = await db.Set<SavedFilter>().Where(f => f.Id == id && f.UserId == caller.Id).ExecuteDeleteAsync(ct);
        return deleted == 0 ? Failure.NotFound("filtre") : Done.Value;
    }
}
