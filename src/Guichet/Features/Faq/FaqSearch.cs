using System.Data.Common;
using NpgsqlTypes;

namespace Guichet.Features.Faq;

/// <summary>
/// What a caller may read of the portal's resources: a client, the FAQ and documents of the products of their
/// organisation's contracts (and general articles); staff, everything. Every FAQ and documentation query starts
/// here, so another organisation's resources are simply not found.
/// </summary>
internal static class PortalAccess
{
    /// <summary>The products whose resources the caller may read; null: every product (staff).</summary>
    public static async Task<IReadOnlyCollection<Guid>?> ProductsAsync(Caller caller, GuichetDbContext db, CancellationToken ct)
    {
        if (caller.IsStaff)
        {
            return null;
        }

        var org = caller.User.OrganisationId;
        return await (from cp in db.ContractProducts
                      join c in db.Contracts on cp.ContractId equals c.Id
                      where c.OrganisationId == org
                      select cp.ProductId).Distinct().ToListAsync(ct);
    }

    /// <summary>The articles the caller may read: published ones of their products and general ones (staff: all).</summary>
    public static IQueryable<FaqArticle> Articles(GuichetDbContext db, IReadOnlyCollection<Guid>? products)
    {
        var articles = db.Set<FaqArticle>().AsNoTracking();
        return products is null ? articles : articles.Where(a => a.Published && (a.ProductId == null || products.Contains(a.ProductId.Value)));
    }
}

/// <summary>
/// French full-text search of the FAQ, on each database's own index: an FTS5 table on SQLite over the normalised
/// columns (<see cref="FrenchText"/>), a GIN-indexed <c>tsvector</c> (<c>to_tsvector('french', unaccent(…))</c>) on
/// PostgreSQL. Both are created by the PortalFaq migration; docs/faq.md describes them.
/// </summary>
internal static class FaqSearch
{
    public sealed record Hit(long Id, string Title, string Body, Guid? ProductId, Guid CategoryId);

    /// <summary>A result: the article and an extract of its text around the words found.</summary>
    public sealed record Result(long Id, string Title, Guid? ProductId, Guid CategoryId, IReadOnlyList<(string Text, bool Match)> Snippet);

    /// <summary>
    /// The best <paramref name="limit"/> articles for <paramref name="query"/> among those of
    /// <paramref name="products"/> (null: all, drafts included — staff). With <paramref name="prefix"/>, the last word
    /// may be incomplete (suggestions while typing).
    /// </summary>
    public static async Task<IReadOnlyList<Result>> SearchAsync(GuichetDbContext db, IReadOnlyCollection<Guid>? products, string? query, bool prefix, int limit, Guid? product = null, Guid? category = null, CancellationToken ct = default)
    {
        var terms = Terms(query, prefix);
        if (terms.Count == 0)
        {
            return [];
        }

        var hits = db.Database.IsNpgsql()
            ? await PostgresAsync(db, products, terms, prefix, limit, product, category, ct)
            : await SqliteAsync(db, products, terms, prefix, limit, product, category, ct);
        return [.. hits.Select(h => new Result(h.Id, h.Title, h.ProductId, h.CategoryId, FrenchText.Snippet(h.Body, terms, prefix)))];
    }

    /// <summary>
    /// The query's normalised words. While typing, a last word that is a little word of three letters or more is
    /// kept ("pas" may be the start of "passe").
    /// </summary>
    internal static IReadOnlyList<string> Terms(string? query, bool prefix)
    {
        var terms = FrenchText.QueryTerms(query).ToList();
        if (prefix && query is { Length: > 0 } && !char.IsWhiteSpace(query[^1]))
        {
            var last = FrenchText.Words(query).LastOrDefault();
            if (last is { Length: >= 3 } && !terms.Contains(last))
            {
                terms.Add(last);
            }
        }

        return terms;
    }

    /// <summary>The conditions on the article (alias <c>a</c>) besides the text, and their parameters.</summary>
    private static string Filters(bool sqlite, IReadOnlyCollection<Guid>? products, Guid? product, Guid? category, List<(string, object)> parameters)
    {
        var p = sqlite ? "$" : "@";
        var sql = "";
        if (products is not null)
        {
            sql += sqlite
                ? """ AND a."Published" = 1 AND (a."ProductId" IS NULL OR a."ProductId" IN (SELECT value FROM json_each($products)))"""
                : """ AND a."Published" AND (a."ProductId" IS NULL OR a."ProductId" = ANY(@products))""";
            parameters.Add((p + "products", sqlite ? System.Text.Json.JsonSerializer.Serialize(products.Select(SqliteGuid)) : products.ToArray()));
        }

        if (product is { } id)
        {
            sql += $""" AND a."ProductId" = {p}product""";
            parameters.Add((p + "product", sqlite ? SqliteGuid(id) : id));
        }

        if (category is { } c)
        {
            sql += $""" AND a."CategoryId" = {p}category""";
            parameters.Add((p + "category", sqlite ? SqliteGuid(c) : c));
        }

        return sql;
    }

    // Both databases rank in two tiers (docs/faq.md): articles whose title holds every word, by relevance, then
    // the others holding them in title or body, newest first. Ranking every match is linear in the number of
    // matches (4 to 5 ms for 3,400 matches of 10,000 articles); the two tiers stop after `limit` rows each.
    private static async Task<List<Hit>> SqliteAsync(GuichetDbContext db, IReadOnlyCollection<Guid>? products, IReadOnlyList<string> terms, bool prefix, int limit, Guid? product, Guid? category, CancellationToken ct)
    {
        // Each word quoted (they are letters and digits only); juxtaposed words must all be present.
        var match = string.Join(' ', terms.Select((t, i) => prefix && i == terms.Count - 1 ? $"\"{t}\"*" : $"\"{t}\""));
        var parameters = new List<(string, object)> { ("$match", match), ("$title", "{SearchTitle} : (" + match + ")"), ("$limit", limit) };
        var filters = Filters(sqlite: true, products, product, category, parameters);
        var sql = $"""
            WITH title AS (
                SELECT f.rowid AS id, f.rank AS rank FROM "FaqSearch" f JOIN "FaqArticles" a ON a."Id" = f.rowid
                WHERE "FaqSearch" MATCH $title{filters} ORDER BY f.rank LIMIT $limit),
            other AS (
                SELECT f.rowid AS id FROM "FaqSearch" f JOIN "FaqArticles" a ON a."Id" = f.rowid
                WHERE "FaqSearch" MATCH $match{filters} ORDER BY f.rowid DESC LIMIT $limit),
            best AS (
                SELECT id, 0 AS tier, rank FROM title
                UNION ALL SELECT id, 1, -id FROM other WHERE id NOT IN (SELECT id FROM title))
            SELECT a."Id", a."Title", a."Body", a."ProductId", a."CategoryId"
            FROM best JOIN "FaqArticles" a ON a."Id" = best.id ORDER BY best.tier, best.rank LIMIT $limit
            """;
        return await ReadAsync(db, sql, parameters, ct);
    }

    /// <summary>EF Core stores GUIDs in SQLite as upper-case text.</summary>
    private static string SqliteGuid(Guid id) => id.ToString("D").ToUpperInvariant();

    private static async Task<List<Hit>> PostgresAsync(GuichetDbContext db, IReadOnlyCollection<Guid>? products, IReadOnlyList<string> terms, bool prefix, int limit, Guid? product, Guid? category, CancellationToken ct)
    {
        // to_tsquery input built from folded words only (letters and digits): PostgreSQL's French stemmer then
        // reduces each, as it did for the articles. The title's expression is the one of its GIN index; the rank
        // reads the stored tsvector (title weighted A) rather than parsing the title again.
        var folded = terms.Select(FrenchText.Fold).ToList();
        var tsquery = string.Join(" & ", folded.Select((t, i) => prefix && i == folded.Count - 1 ? t + ":*" : t));
        var parameters = new List<(string, object)> { ("q", tsquery), ("limit", limit) };
        var filters = Filters(sqlite: false, products, product, category, parameters);
        var sql = $"""
            WITH query AS (SELECT to_tsquery('french', @q) AS q),
            title AS (
                SELECT a."Id" AS id, ts_rank(a."Search", query.q) AS rank FROM "FaqArticles" a, query
                WHERE to_tsvector('french', faq_unaccent(a."Title")) @@ query.q{filters} ORDER BY rank DESC, a."Id" DESC LIMIT @limit),
            other AS (
                SELECT a."Id" AS id FROM "FaqArticles" a, query
                WHERE a."Search" @@ query.q{filters} ORDER BY a."Id" DESC LIMIT @limit),
            best AS (
                SELECT id, 0 AS tier, -rank AS rank FROM title
                UNION ALL SELECT id, 1, -id FROM other WHERE id NOT IN (SELECT id FROM title))
            SELECT a."Id", a."Title", a."Body", a."ProductId", a."CategoryId"
            FROM best JOIN "FaqArticles" a ON a."Id" = best.id ORDER BY best.tier, best.rank LIMIT @limit
            """;
        return await ReadAsync(db, sql, parameters, ct);
    }

    private static async Task<List<Hit>> ReadAsync(GuichetDbContext db, string sql, List<(string Name, object Value)> parameters, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(ct);
        }

        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                if (parameter is Npgsql.NpgsqlParameter np && value is Guid[])
                {
                    np.NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid;
                }

                command.Parameters.Add(parameter);
            }

            var hits = new List<Hit>();
            await using DbDataReader reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                hits.Add(new Hit(
                    reader.GetInt64(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetFieldValue<Guid>(3),
                    reader.GetFieldValue<Guid>(4)));
            }

            return hits;
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }
}
