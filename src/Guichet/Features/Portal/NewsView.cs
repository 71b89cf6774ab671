using Guichet.Features.Tickets.Pages;

namespace Guichet.Features.Portal;

/// <summary>A news item as the pages show it: its products by name, its state in words (never by colour alone).</summary>
internal sealed record NewsView(Guid Id, NewsKind Kind, string Title, string Text, Instant StartsAt, Instant? EndsAt, bool Pinned, Instant PublishedAt, IReadOnlyList<string> Products)
{
    public static NewsView From(NewsItem n, Lookups names) =>
        new(n.Id, n.Kind, n.Title, n.Text, n.StartsAt, n.EndsAt, n.Pinned, n.PublishedAt, [.. n.Products.Select(p => names.Product(p.ProductId)).Order(StringComparer.CurrentCulture)]);

    public static string KindLabel(NewsKind kind) => kind switch
    {
        NewsKind.Incident => "Incident",
        NewsKind.Intervention => "Intervention",
        _ => "Information",
    };

    /// <summary>"Incident en cours", "Intervention à venir", "Terminé"…</summary>
    public string State(Instant now) =>
        EndsAt is { } end && end <= now ? (Kind == NewsKind.Information ? "Information" : $"{KindLabel(Kind)} terminé{(Kind == NewsKind.Intervention ? "e" : "")}")
        : StartsAt > now ? $"{KindLabel(Kind)} à venir"
        : Kind == NewsKind.Information ? "Information"
        : $"{KindLabel(Kind)} en cours";

    /// <summary>Live: not ended yet (an information without end belongs to the history once published).</summary>
    public bool IsLive(Instant now) => EndsAt is { } end ? now < end : Kind != NewsKind.Information;

    public string CssClass => "news-" + Kind.ToString().ToLowerInvariant();
}
