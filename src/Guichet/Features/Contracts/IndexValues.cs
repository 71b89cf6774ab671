namespace Guichet.Features.Contracts;

/// <summary>A published index value to record: index name, month (yyyy-MM), value and, for Syntec, its series.</summary>
internal sealed record IndexValueRequest(string? Index, string? Month, decimal? Value, string? Series);

/// <summary>The published values prices are revised with: listed by anyone signed in, entered by admins and account managers.</summary>
internal static class IndexValues
{
    public static async Task<Outcome<IReadOnlyList<IndexValueView>>> ListAsync(GuichetDbContext db, string? index, CancellationToken ct)
    {
        if (index is { Length: > 64 } || (index is not null && !TextInput.IsClean(index)))
        {
            return Failure.Invalid("index", "Nom d'indice invalide (64 caractères au plus).");
        }

        var values = db.PriceIndexValues.AsNoTracking();
        if (index is { Length: > 0 })
        {
            var name = IndexNames.Canonical(index);
            values = values.Where(v => v.IndexName == name);
        }

        var rows = await values.OrderBy(v => v.IndexName).ThenBy(v => v.Month).ToListAsync(ct);
        return rows.Select(View).ToList();
    }

    public static async Task<Outcome<IndexValueView>> AddAsync(IndexValueRequest request, Caller caller, GuichetDbContext db, IClock clock, CancellationToken ct)
    {
        if (!ContractAccess.MayEditTerms(caller))
        {
            return ContractAccess.RoleRequired(caller);
        }

        var errors = new Dictionary<string, string[]>();
        var (index, indexError) = TextInput.Read(request.Index, 64, required: true, "Le nom de l'indice");
        if (indexError is not null)
        {
            errors["index"] = [indexError];
        }

        if (!ContractTermsInput.TryMonth(request.Month, out var month))
        {
            errors["month"] = ["Mois invalide (AAAA-MM)."];
        }

        if (request.Value is not (> 0 and < 1_000_000))
        {
            errors["value"] = ["La valeur de l'indice est un nombre positif."];
        }

        if (request.Series is { } series && (series.Length > 32 || !TextInput.IsClean(series) || (index is not null && !IndexNames.IsKnownSeries(index, series))))
        {
            errors["series"] = ["Série inconnue (Syntec : historique ou 2022)."];
        }

        if (errors.Count > 0)
        {
            return Failure.Invalid(errors);
        }

        var name = IndexNames.Canonical(index!);
        var first = month.OnDayOfMonth(1);
        if (await db.PriceIndexValues.AnyAsync(v => v.IndexName == name && v.Month == first, ct))
        {
            return Failure.Conflict("index_value_exists", $"L'indice {name} a déjà une valeur pour {month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)} : supprimez-la d'abord.");
        }

        var value = new PriceIndexValue { IndexName = name, Month = first, Value = request.Value!.Value, Series = request.Series, CreatedAt = clock.GetCurrentInstant() };
        db.PriceIndexValues.Add(value);
        await db.SaveChangesAsync(ct);
        return View(value);
    }

    public static async Task<Outcome<Done>> RemoveAsync(Caller caller, GuichetDbContext db, string? index, string? month, CancellationToken ct)
    {
        if (!ContractAccess.MayEditTerms(caller))
        {
            return ContractAccess.RoleRequired(caller);
        }

        if (index is null || !ContractTermsInput.TryMonth(month, out var m))
        {
            return Failure.Invalid("month", "Indiquez l'indice (index) et le mois (month, AAAA-MM).");
        }

        var name = IndexNames.Canonical(index);
        var first = m.OnDayOfMonth(1);
        var value = await db.PriceIndexValues.SingleOrDefaultAsync(v => v.IndexName == name && v.Month == first, ct);
        if (value is null)
        {
            return Failure.NotFound("valeur d'indice");
        }

        db.PriceIndexValues.Remove(value);
        await db.SaveChangesAsync(ct);
        return Done.Value;
    }

    private static IndexValueView View(PriceIndexValue v) => new(v.Id, v.IndexName, v.Month.ToYearMonth(), v.Value, v.Series);
}
