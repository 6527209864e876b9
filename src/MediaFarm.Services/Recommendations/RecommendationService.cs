using MediaFarm.Services.Catalog;
using MediaFarm.Services.Users;

namespace MediaFarm.Services.Recommendations;

/// <summary>
/// The I/O around the pure <see cref="Recommender"/>: loads the viewer (favourite genres, parental maximum),
/// their history, the published candidates and the neighbours it needs, and hands them over.
/// </summary>
public sealed class RecommendationService(RecommendationStore store, IViewerDirectory viewers, Recommender model)
{
    public async Task<IReadOnlyList<Recommendation>> ForUserAsync(Guid userId, int max, CancellationToken ct)
    {
        var viewer = await viewers.GetViewerAsync(userId, ct);
        var history = (await store.GetHistoryAsync(userId, ct)).Select(Signal).ToList();
        var liked = history.Where(h => h.Strength > 0).Select(h => h.TitleId).ToArray();
        var neighbours = await store.GetNeighboursAsync(liked, ct);
        var catalogue = await store.LoadCatalogueAsync(ct);
        return model.ForUser(history, catalogue, id => neighbours.GetValueOrDefault(id) ?? [], viewer?.FavoriteGenres ?? [],
            ContentRatings.ViewerMaximum(viewer), max);
    }

    /// <summary>Null when the title is not a published candidate the viewer may see (the caller answers 404).</summary>
    public async Task<IReadOnlyList<Recommendation>?> SimilarAsync(Guid userId, Guid titleId, int max, CancellationToken ct)
    {
        var maximum = ContentRatings.ViewerMaximum(await viewers.GetViewerAsync(userId, ct));
        var catalogue = await store.LoadCatalogueAsync(ct);
        if (!catalogue.TryGetValue(titleId, out var title) || !ContentRatings.IsAllowed(title.ContentRating, maximum))
            return null;
        var neighbours = await store.GetNeighboursAsync([titleId], ct);
        return model.Similar(title, neighbours.GetValueOrDefault(titleId) ?? [], catalogue, maximum, max);
    }

    public static UserSignal Signal(WatchHistoryRow row) => new(
        Guid.ParseExact(row.TitleId, "N"),
        WatchSignals.Strength(row.WatchedSeconds, row.MaxPosition, row.DurationSeconds, row.IsCompleted, (int?)row.Stars),
        row.IsCompleted,
        DateTimeOffset.FromUnixTimeMilliseconds(row.LastWatchedMs));
}
